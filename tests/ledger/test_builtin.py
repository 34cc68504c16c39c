"""The built-in MSS Haiti dataset in the ledger, and the state questions it must answer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from peaceledger.data import builtin_dataset_dir
from peaceledger.domain.vocab import Metric
from peaceledger.ledger.builtin import load_builtin
from peaceledger.ledger.query import mission_state, timeline
from peaceledger.ledger.serialize import state_dict
from peaceledger.store.sql.store import SqlStore

SHARED = builtin_dataset_dir()


def test_counts(builtin_store: SqlStore) -> None:
    counts = builtin_store.table_counts()
    assert (counts["facts"], counts["events"], counts["sources"]) == (137, 38, 115)


def test_reload_changes_nothing(store: SqlStore) -> None:
    first = load_builtin(store)
    assert (first.facts_added, first.events_added, first.sources_added) == (137, 38, 115)
    again = load_builtin(store)
    assert not again.changed
    assert again.facts_unchanged == 137 and again.events_unchanged == 38
    assert store.table_counts()["fact_versions"] == 137


def test_packaged_copies_are_verbatim() -> None:
    # The annotations live in files of their own; the curated CSVs stay checkable.
    header = (SHARED / "facts.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == (
        "fact_id,mission,actor,metric,qualifier,value,unit,personnel_type,"
        "channel,date_of_fact,source_id,note"
    )


def test_status_mid_2025_lists_the_six_contributors_and_the_991(builtin_store: SqlStore) -> None:
    report = mission_state(builtin_store, "MSS-HTI", date(2025, 6, 30))
    data = state_dict(report.state, report.sources, {})
    deployed = {
        a["actor"]: a["personnel_deployed"]["value"]
        for a in data["actors"]
        if a["personnel_deployed"]
    }
    assert deployed == {"KEN": 732, "GTM": 150, "SLV": 78, "JAM": 23, "BHS": 6, "BLZ": 2}
    pledged = {
        a["actor"]: a["personnel_pledged"]["value"]
        for a in data["actors"]
        if a["personnel_pledged"]
    }
    assert pledged["KEN"] == 1000 and pledged["GTM"] == 150 and pledged["SLV"] == 78
    whole = data["mission_wide"]["personnel_deployed"]
    assert whole["value"] == 991 and whole["base"]["source_id"] == "S718c193989"
    assert "S718c193989" in data["sources"]
    assert data["country_sums"]["personnel_deployed"]["value"] == 991


def test_first_contingent_conflict_is_shown_with_both_sources(builtin_store: SqlStore) -> None:
    report = mission_state(builtin_store, "MSS-HTI", date(2024, 6, 30))
    ken = next(a for a in report.state.actors if a.actor == "KEN")
    dep = ken.deployed
    assert dep is not None and dep.conflict
    readings = {r.source_id: r.value for f in dep.figures for r in f.readings}
    assert readings == {"Sad26510392": 200, "S38087816a8": 400}
    assert any(c.who == "KEN" for c in report.state.conflicts)


def test_timeline_shows_both_reports_of_25_june(builtin_store: SqlStore) -> None:
    t = timeline(builtin_store, actor="KEN", metrics=[Metric.PERSONNEL_ARRIVED])
    first = next(e for e in t.entries if e.figure and e.date.iso == "2024-06-25")
    assert first.figure is not None and first.figure.conflict
    assert {r.source_id for r in first.figure.readings} == {"Sad26510392", "S38087816a8"}


def test_known_at_hides_later_publications(builtin_store: SqlStore) -> None:
    report = mission_state(builtin_store, "MSS-HTI", date(2026, 1, 1), known_at=date(2024, 7, 1))
    cutoff = date(2024, 7, 1)
    for a in (*report.state.actors, report.state.mission_reported):
        measures = [*a.personnel.values(), *(m for ch in a.money.values() for m in ch.values())]
        for m in measures:
            for fig in m.figures:
                for r in fig.readings:
                    published = report.sources[r.source_id].published
                    assert published is not None and published.end <= cutoff
    assert any("no publication date" in w for w in report.state.warnings)


def test_money_shows_the_ladder_with_rates(builtin_store: SqlStore) -> None:
    report = mission_state(builtin_store, "MSS-HTI", date(2025, 12, 31))
    can = next(a for a in report.state.actors if a.actor == "CAN")
    pledged = can.money["pledged"]["trust_fund"]
    assert pledged.value == Decimal("86200000") and pledged.unit == "CAD"  # 80.5m + 5.7m
    fact = pledged.base.chosen.facts[0]  # type: ignore[union-attr]
    assert fact.usd is not None and fact.usd.rate is not None
    assert fact.usd.rate_date == "2024-02" and "FRED" in fact.usd.rate_source  # type: ignore[operator]
    usa = next(a for a in report.state.actors if a.actor == "USA")
    assert "committed" not in usa.money  # the HNP+MSS waiver is marked part, not counted
    paid_total, incomplete = usa.money_usd("paid")
    assert paid_total >= Decimal("1015000000") and not incomplete
