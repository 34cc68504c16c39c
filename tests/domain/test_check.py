"""`check_ledger`: one seeded ledger per suspicious pattern, and what explains a finding."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from peaceledger.domain.check import CheckNote, check_ledger
from peaceledger.domain.missions import Mission
from peaceledger.domain.sources import Source
from peaceledger.domain.vocab import Basis, Metric, SourceKind

from .test_state import MSS, A, D, fact, src

ENDED = replace(MSS, end=date(2026, 2, 6))
PAID = Metric.FUNDING_PAID


def srcs(**k: SourceKind) -> dict[str, Source]:
    return {sid: src(sid, kind=kind) for sid, kind in k.items()}


def patterns(facts: list[object], sources: dict[str, Source], **kw: object) -> list[str]:
    return [f.pattern for f in check_ledger([ENDED], facts, sources, **kw)]  # type: ignore[arg-type]


def test_a_clean_ledger_has_no_findings() -> None:
    facts = [fact("a", D, 400, "2025-01-05", "s1"), fact("b", D, 420, "2025-03-05", "s1")]
    assert patterns(facts, srcs(s1=SourceKind.WIRE)) == []


def test_a_cumulative_series_that_falls() -> None:
    facts = [
        fact("a", PAID, 115e6, "2025-09-30", "s1", actor=None, unit="USD"),
        fact("b", PAID, 90e6, "2025-12-08", "s2", actor=None, unit="USD"),
    ]
    found = check_ledger([ENDED], facts, srcs(s1=SourceKind.WIRE, s2=SourceKind.WIRE))
    assert [f.pattern for f in found] == ["falls"]
    assert found[0].key == "falls/MSS-HTI/-/paid/b" and not found[0].explained
    # a recorded reduction is the fall's reason: no finding
    reduced = [facts[0], replace(facts[1], basis=Basis.REDUCTION)]
    assert patterns(reduced, srcs(s1=SourceKind.WIRE, s2=SourceKind.WIRE)) == []


def test_a_headline_lowered_by_a_more_credible_source_is_reported_too() -> None:
    facts = [
        fact("a", PAID, 500e6, "2024-03-11", "m", actor="USA", unit="USD"),
        fact("b", PAID, 300e6, "2024-05-02", "o", actor="USA", unit="USD"),
    ]
    found = check_ledger([ENDED], facts, srcs(m=SourceKind.MIRROR, o=SourceKind.OFFICIAL))
    assert [f.pattern for f in found] == ["falls"] and "falls from" in found[0].message


def test_a_strength_jump_from_a_weaker_source() -> None:
    facts = [fact("a", D, 400, "2025-01-05", "w"), fact("b", D, 900, "2025-01-18", "agg")]
    assert patterns(facts, srcs(w=SourceKind.WIRE, agg=SourceKind.AGGREGATOR)) == ["weaker_jump"]
    # one step weaker replaces, but a jump of more than a quarter is still worth a look
    assert patterns(facts, srcs(w=SourceKind.WIRE, agg=SourceKind.OUTLET)) == ["weaker_jump"]


def test_arrivals_on_a_stale_strength_report() -> None:
    facts = [fact("a", D, 732, "2025-06", "s1"), fact("b", A, 230, "2025-12-08", "s1")]
    assert patterns(facts, srcs(s1=SourceKind.OUTLET)) == ["stale_sum"]
    as_rotation = [facts[0], replace(facts[1], basis=Basis.ROTATION)]
    assert patterns(as_rotation, srcs(s1=SourceKind.OUTLET)) == []


def test_a_figure_after_the_mission_ended() -> None:
    facts = [fact("a", D, 735, "2026-02-08", "s1")]
    found = check_ledger([ENDED], facts, srcs(s1=SourceKind.OUTLET))
    assert [f.pattern for f in found] == ["after_end"] and "2026-02-06" in found[0].message
    # within the mission's life (its transition included) nothing is reported
    assert patterns([fact("a", D, 735, "2025-12-09", "s1")], srcs(s1=SourceKind.OUTLET)) == []


def test_one_wire_story_counted_as_two_sources() -> None:
    s1 = replace(
        src("s1", kind=SourceKind.AGGREGATOR), title="Kenya sends 200 more police to Haiti"
    )
    s2 = replace(
        src("s2", kind=SourceKind.OUTLET), title="Kenya sends 200 more police to Haiti - Reuters"
    )
    facts = [fact("a", A, 200, "2024-07-16", "s1"), fact("b", A, 200, "2024-07-16", "s2")]
    found = check_ledger([ENDED], facts, {"s1": s1, "s2": s2})
    assert [f.pattern for f in found] == ["one_story_twice"]
    # recording their common origin makes them one report
    s1 = replace(s1, origin="Reuters", origin_kind=SourceKind.WIRE, report_key="Reuters")
    s2 = replace(s2, origin="Reuters", origin_kind=SourceKind.WIRE, report_key="Reuters")
    assert patterns(facts, {"s1": s1, "s2": s2}) == []


def test_an_unrated_source() -> None:
    facts = [fact("a", D, 400, "2025-01-05", "s1")]
    assert patterns(facts, srcs(s1=SourceKind.UNRATED)) == ["unrated_source"]


def test_derived_rows_without_inputs() -> None:
    no_inputs = replace(fact("a", D, 732, "2025-06", "s1"), derivation="991 − 259")
    bad_input = replace(fact("b", D, 732, "2025-06", "s1"), derived_from=("nope",), derivation="x")
    noted = replace(fact("c", D, 55, "2025-02", "s1"), note="DERIVED: more than half of 110")
    facts = [no_inputs, bad_input, noted]
    found = check_ledger([ENDED], facts, srcs(s1=SourceKind.OUTLET))
    assert [f.pattern for f in found] == ["derived_without_inputs"] * 3
    assert {f.fact_ids[0] for f in found} == {"a", "b", "c"}


def test_a_note_or_a_pin_explains_a_finding() -> None:
    facts = [
        fact("a", PAID, 115e6, "2025-09-30", "s1", actor=None, unit="USD"),
        fact("b", PAID, 90e6, "2025-12-08", "s2", actor=None, unit="USD"),
    ]
    sources = srcs(s1=SourceKind.WIRE, s2=SourceKind.WIRE)
    (f,) = check_ledger([ENDED], facts, sources)
    notes = {f.key: CheckNote(f.key, "different cut-off dates", "me")}
    (noted,) = check_ledger([ENDED], facts, sources, notes)
    assert noted.explained and noted.explained_by == "note: different cut-off dates"
    pinned = [replace(facts[0], pinned=True), facts[1]]
    (pin,) = check_ledger([ENDED], pinned, sources)
    assert pin.explained and "pinned" in (pin.explained_by or "")


def test_only_one_mission_when_asked() -> None:
    other = Mission("GSF-HTI", "GSF", "HTI", (), date(2025, 9, 30), None, None)
    facts = [replace(fact("a", D, 735, "2026-02-08", "s1"), mission="MSS-HTI")]
    assert [
        f.pattern
        for f in check_ledger(
            [ENDED, other], facts, srcs(s1=SourceKind.OUTLET), only_mission="GSF-HTI"
        )
    ] == []
