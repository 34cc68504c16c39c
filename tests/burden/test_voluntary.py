"""The voluntary side, from the real ledger with the built-in MSS Haiti data (both backends)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from peaceledger.burden import FundingModel, assess, load_scale_book, voluntary_figures
from peaceledger.errors import NotFoundError
from peaceledger.store.sql.store import SqlStore

BOOK = load_scale_book()
AS_OF = date(2026, 3, 31)


def test_mss_voluntary_money_per_donor(builtin_store: SqlStore) -> None:
    v = voluntary_figures(builtin_store, ["MSS-HTI"], AS_OF)
    donors = {d.actor: d for d in v.donors}
    assert set(donors) == {"USA", "CAN", "FRA", "DEU", "GUY", "EU"}
    usa = donors["USA"]
    # US$15m into the trust fund and at least US$1bn spent bilaterally; a ~US$600m pledge
    assert usa.paid_via("trust_fund") == 15_000_000
    assert usa.paid_via("bilateral") == 1_000_000_000
    assert usa.paid_usd == 1_015_000_000 and usa.pledged_usd == 600_000_000
    assert "paid at_least" in usa.qualified
    # the EU paid EUR 10m, converted at its month's rate
    assert donors["EU"].paid_usd == 10_413_412
    # Guyana pledged funds without a figure
    assert donors["GUY"].unquantified == ("pledged",) and donors["GUY"].pledged_usd == 0
    # Kenya's only money figure is what it needs, not a contribution; it gave personnel
    assert "KEN" not in donors and "KEN" in v.in_kind
    assert v.related == ("GSF-HTI",)
    trust_fund = {(t.rung, t.channel): t.amount_usd for t in v.mission_reported}
    assert trust_fund[("paid", "trust_fund")] == 113_000_000


def test_voluntary_model_lists_states_with_no_contribution(builtin_store: SqlStore) -> None:
    v = voluntary_figures(builtin_store, ["MSS-HTI"], AS_OF)
    report = assess(
        BOOK, budget=600_000_000, period="2025", model=FundingModel.VOLUNTARY, voluntary=v
    )
    frame = report.to_frame()
    assert len(frame) == 193 and "EU" not in frame.index
    assert frame.loc["CAN", "paid_usd"] == 63_000_000
    assert frame.loc["CHN", "paid_usd"] == 0
    # the yardstick: what Canada would owe if the US$600m were assessed in 2025
    assert frame.loc["CAN", "assessed_usd"] == 15_258_000
    assert frame.loc["CAN", "paid_to_assessed"] == pytest.approx(63_000_000 / 15_258_000)
    none = report.states_without_contribution()
    assert len(none) == 188 and "CHN" in none and "KEN" in none and "GUY" not in none
    orgs = report.organisations_frame()
    assert orgs["actor"].tolist() == ["EU"] and orgs.loc[0, "paid_usd"] == 10_413_412
    summary = report.summary()
    assert summary["assessed_is_reference"] is True
    assert summary["voluntary"]["member_states"]["count"] == 5
    assert summary["voluntary"]["related_missions_not_included"] == ["GSF-HTI"]


def test_successor_mission_adds_its_own_pledges(builtin_store: SqlStore) -> None:
    v = voluntary_figures(builtin_store, ["MSS-HTI", "GSF-HTI"], AS_OF)
    donors = {d.actor: d for d in v.donors}
    assert {"DOM", "HTI"} <= set(donors) and v.related == ()
    assert donors["DOM"].pledged_usd == 10_000_000
    assert donors["HTI"].pledged_usd == 50_000_000
    # Canada: its MSS pledge plus C$40m for the GSF, a different pledge to a different force
    mss_only = {d.actor: d for d in voluntary_figures(builtin_store, ["MSS-HTI"], AS_OF).donors}
    assert donors["CAN"].pledged_usd > mss_only["CAN"].pledged_usd


def test_known_at_hides_later_reports(builtin_store: SqlStore) -> None:
    early = voluntary_figures(builtin_store, ["MSS-HTI"], AS_OF, known_at=date(2023, 12, 31))
    assert [(d.actor, d.pledged_usd) for d in early.donors] == [("USA", 100_000_000)]
    assert any("no publication date" in w for w in early.warnings)


def test_support_office_with_the_ledger(builtin_store: SqlStore) -> None:
    v = voluntary_figures(builtin_store, ["GSF-HTI"], AS_OF)
    report = assess(
        BOOK,
        segments=[("2025-10-01:2025-12-31", 90_442_900), ("2026-01-01:2026-06-30", 180_885_800)],
        model=FundingModel.SUPPORT_OFFICE,
        assessed_share_percent=Decimal(100),
        voluntary=v,
    )
    frame = report.to_frame()
    assert frame.loc["HTI", "pledged_usd"] == 50_000_000
    assert frame.loc["HTI", "assessed_usd"] == 1_628  # what the UN billed Haiti for UNSOH
    assert report.result.voluntary_part_usd == 0


def test_unknown_mission(builtin_store: SqlStore) -> None:
    with pytest.raises(NotFoundError):
        voluntary_figures(builtin_store, ["MSS-XXX"], AS_OF)
