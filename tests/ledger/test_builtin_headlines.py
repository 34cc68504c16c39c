"""Headlines a journalist can quote, on the built-in MSS Haiti data (issue 13): each of these
failed before the series rules, source credibility and derived figures."""

from __future__ import annotations

import calendar
import json
from datetime import date, timedelta
from decimal import Decimal

from peaceledger.domain.vocab import Basis
from peaceledger.ledger.check import run_check
from peaceledger.ledger.force import force_state
from peaceledger.ledger.query import mission_state
from peaceledger.ledger.serialize import state_dict
from peaceledger.store.base import FactFilter
from peaceledger.store.sql.store import SqlStore

from ..conftest import run_cli


def _month_ends(first: date, last: date) -> list[date]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def test_the_us_pledge_in_june_2024_is_300m_with_telesur_as_a_conflict(
    builtin_store: SqlStore,
) -> None:
    report = mission_state(builtin_store, "MSS-HTI", date(2024, 6, 30))
    usa = next(a for a in report.state.actors if a.actor == "USA")
    pledge = usa.money["pledged"][""]
    assert pledge.value == Decimal("300000000")
    assert [f for r in pledge.base.readings for f in r.fact_ids] == ["MSS-047"]  # type: ignore[union-attr]
    (aside,) = pledge.set_aside
    assert aside.conflict and aside.figure.chosen.fact_ids == ("MSS-055",)
    assert aside.figure.value == Decimal("120000000")
    across = [c for c in report.state.conflicts if c.across_dates and c.who == "USA"]
    assert across and across[0].standing is not None
    assert across[0].standing.value == Decimal("300000000")


def test_mission_money_never_falls_from_month_to_month(builtin_store: SqlStore) -> None:
    reductions = builtin_store.find_facts(FactFilter(mission="MSS-HTI"))
    assert not any(f.basis is Basis.REDUCTION for f in reductions)  # none recorded: none may fall
    previous: dict[str, Decimal] = {}
    for day in _month_ends(date(2023, 10, 1), date(2026, 3, 31)):
        state = mission_state(builtin_store, "MSS-HTI", day).state
        for rung in ("pledged_usd", "committed_usd", "paid_usd"):
            total = state.sums.get(rung, (Decimal(0), ()))[0]
            assert total >= previous.get(rung, Decimal(0)) * Decimal("0.995"), (day, rung)
            previous[rung] = total
        for a in state.actors:  # and no donor's own total falls either
            for rung, channels in a.money.items():
                if rung == "required":
                    continue
                for ch, m in channels.items():
                    key = f"{a.actor}/{rung}/{ch}"
                    if m.amount_usd is not None:
                        assert m.amount_usd >= previous.get(key, Decimal(0)) * Decimal("0.995"), (
                            day,
                            key,
                        )
                        previous[key] = m.amount_usd


def test_no_day_shows_kenya_at_962(builtin_store: SqlStore) -> None:
    days = [date(2025, 6, 30) + timedelta(days=i) for i in range(0, 260, 3)]
    days += [date(2025, 12, 8), date(2025, 12, 9)]
    for day in days:
        state = mission_state(builtin_store, "MSS-HTI", day).state
        ken = next(a for a in state.actors if a.actor == "KEN")
        assert ken.deployed is not None and ken.deployed.value != 962, day
    ken = next(
        a
        for a in mission_state(builtin_store, "MSS-HTI", date(2025, 12, 8)).state.actors
        if a.actor == "KEN"
    )
    assert ken.deployed is not None and ken.deployed.value == 732
    assert any("rotation" in s.why for s in ken.deployed.set_aside)


def test_kenya_in_june_2025_is_derived_with_its_inputs(builtin_store: SqlStore) -> None:
    report = mission_state(builtin_store, "MSS-HTI", date(2025, 6, 30))
    data = state_dict(report.state, report.sources, {})
    ken = next(a for a in data["actors"] if a["actor"] == "KEN")["personnel_deployed"]
    assert ken["value"] == 732 and ken["derived"]
    assert "991 − 259" in ken["derivation"]
    assert "MSS-133" in ken["derived_from"] and len(ken["derived_from"]) >= 2
    sums = data["country_sums"]["personnel_deployed"]
    # the sum of countries equals the reported 991 by construction: said so, not agreement
    assert sums["value"] == 991 and sums["derived_actors"] == ["KEN"]
    assert sums["independent"] is False


def test_the_waivers_for_police_and_mission_together_are_shown_out_of_totals(
    builtin_store: SqlStore,
) -> None:
    state = mission_state(builtin_store, "MSS-HTI", date(2025, 6, 30)).state
    usa = next(a for a in state.actors if a.actor == "USA")
    assert [f.fact_id for f in usa.outside_scope] == ["MSS-120"]
    assert "committed" not in usa.money


def test_every_source_is_rated_and_copies_name_their_origin(builtin_store: SqlStore) -> None:
    sources = builtin_store.search_sources(None, limit=1000)
    assert len(sources) == 115
    kinds = {s.kind.value for s in sources}
    assert "unrated" not in kinds and kinds <= {
        "official",
        "wire",
        "outlet",
        "aggregator",
        "mirror",
    }
    copies = [s for s in sources if s.origin]
    assert len(copies) == 46
    reuters = [s for s in copies if s.origin == "Reuters"]
    assert reuters and all(s.report_key == "Reuters" for s in reuters)


def test_check_finds_nothing_unexplained_in_the_built_in_data(builtin_store: SqlStore) -> None:
    report = run_check(builtin_store)
    assert report.unexplained == []
    assert {f.pattern for f in report.findings} <= {"falls", "weaker_jump"}


def test_the_ended_mission_hands_over_to_the_gsf(builtin_store: SqlStore) -> None:
    mss = builtin_store.get_mission("MSS-HTI")
    assert mss is not None and mss.end == date(2026, 2, 6)
    assert mss.default_as_of(date(2026, 12, 8)) == date(2026, 2, 6)
    assert mss.phase_on(date(2025, 12, 1)) is not None
    assert mss.phase_on(date(2025, 12, 1)).value == "transition"  # type: ignore[union-attr]
    force = force_state(builtin_store, "HTI", date(2026, 3, 1))
    assert [m.code for m in force.chain] == ["MSS-HTI", "GSF-HTI"]
    assert force.current.code == "GSF-HTI" and force.handovers[0].day == date(2026, 2, 6)
    ken = next(a for a in force.state.actors if a.actor == "KEN")
    # one line across the rename: the December 2025 MSS report, then the February 2026 one
    assert ken.deployed is not None and ken.deployed.value == 735
    assert force.state.mission_reported.deployed is not None


def test_status_json_gives_every_figure_its_source_kind(loaded_cli_db: str) -> None:
    done = run_cli("status", "--as-of", "2025-06-30", "--format", "json", db=loaded_cli_db)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    measures = []
    for a in [*data["actors"], data["mission_wide"]]:
        for key in ("personnel_pledged", "personnel_deployed", "personnel_authorized"):
            if a.get(key):
                measures.append(a[key])
        for rung in a["funding"].values():
            measures.extend(rung["channels"].values())
    assert len(measures) > 20
    for m in measures:
        assert m["source_kind"] in {"official", "wire", "outlet", "aggregator", "mirror"}, m
        for fig in [m["base"], *m["adjustments"]]:
            if fig:
                assert all(r["source_kind"] for r in fig["readings"])
    assert all(s["credibility"] for s in data["sources"].values())


def test_status_csv_is_a_table_of_headlines_with_hxl_tags(loaded_cli_db: str) -> None:
    done = run_cli("status", "--as-of", "2024-06-30", "--format", "csv", db=loaded_cli_db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header, tags = lines[0].split(","), lines[1].split(",")
    assert "source_kind" in header and "series_rule" in header and "overrode" in header
    assert tags[header.index("source_kind")] == "#meta+source+kind"
    usa = [line for line in lines[2:] if ",USA," in line and "funding_pledged" in line]
    assert usa and "300000000" in usa[0] and "120000000" in usa[0]
