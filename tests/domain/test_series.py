"""Series semantics per metric (issue 13): cumulative money never falls, weaker sources do not
replace stronger ones, arrivals add only on a recent level, derived figures are no agreement."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from peaceledger.domain.dates import FuzzyDate
from peaceledger.domain.readings import make_figure, read_source, support
from peaceledger.domain.series import CORRECTED
from peaceledger.domain.sources import Source
from peaceledger.domain.state import STRENGTH, state_as_of
from peaceledger.domain.vocab import Basis, Metric, Qualifier, Scope, SourceKind

from .test_state import MSS, A, D, P, fact, src

PAID = Metric.FUNDING_PAID


def kinds(**k: SourceKind) -> dict[str, Source]:
    return {sid: src(sid, kind=kind) for sid, kind in k.items()}


def usa_pledge(st_: object) -> object:
    return next(a for a in st_.actors if a.actor == "USA").money["pledged"][""]  # type: ignore[attr-defined]


# cumulative ---------------------------------------------------------------------------------
def test_a_later_lower_report_of_cumulative_money_is_a_conflict_not_a_headline() -> None:
    facts = [
        fact("a", Metric.FUNDING_PLEDGED, 300e6, "2024-03-11", "wire", actor="USA", unit="USD"),
        fact("b", Metric.FUNDING_PLEDGED, 120e6, "2024-05-02", "out", actor="USA", unit="USD"),
    ]
    srcs = kinds(wire=SourceKind.WIRE, out=SourceKind.OUTLET)
    st_ = state_as_of(MSS, facts, srcs, date(2024, 6, 30))
    m = usa_pledge(st_)
    assert m.value == Decimal("300e6")  # type: ignore[attr-defined]
    (aside,) = m.set_aside  # type: ignore[attr-defined]
    assert aside.conflict and aside.figure.value == Decimal("120e6")
    assert "gives less" in aside.why
    across = [c for c in st_.conflicts if c.across_dates]
    assert len(across) == 1 and across[0].standing is not None
    assert across[0].standing.value == Decimal("300e6")


def test_even_an_equally_credible_later_report_does_not_lower_a_cumulative_total() -> None:
    facts = [
        fact("a", PAID, 115e6, "2025-09-30", "s1", actor=None, unit="USD"),
        fact("b", PAID, 113e6, "2025-12-08", "s2", actor=None, unit="USD"),
    ]
    st_ = state_as_of(MSS, facts, kinds(s1=SourceKind.WIRE, s2=SourceKind.WIRE), date(2026, 1, 1))
    assert st_.mission_reported.money["paid"][""].value == Decimal("115e6")


def test_a_recorded_reduction_lowers_a_cumulative_total() -> None:
    facts = [
        fact("a", Metric.FUNDING_PLEDGED, 300e6, "2024-03-11", "s1", actor="USA", unit="USD"),
        fact(
            "b",
            Metric.FUNDING_PLEDGED,
            100e6,
            "2025-02-05",
            "s2",
            actor="USA",
            unit="USD",
            basis=Basis.REDUCTION,
        ),
    ]
    m = usa_pledge(
        state_as_of(MSS, facts, kinds(s1=SourceKind.WIRE, s2=SourceKind.OUTLET), date(2025, 3, 1))
    )
    assert m.value == Decimal("100e6") and not m.set_aside  # type: ignore[attr-defined]
    assert "reduction" in m.rule  # type: ignore[attr-defined]


def test_a_more_credible_source_may_correct_a_weaker_ones_higher_figure() -> None:
    facts = [
        fact("a", PAID, 500e6, "2024-03-11", "mir", actor="USA", unit="USD"),
        fact("b", PAID, 300e6, "2024-05-02", "gov", actor="USA", unit="USD"),
        fact("c", PAID, 400e6, "2024-06-02", "mir2", actor="USA", unit="USD"),
    ]
    srcs = kinds(mir=SourceKind.MIRROR, gov=SourceKind.OFFICIAL, mir2=SourceKind.MIRROR)
    paid = next(a for a in state_as_of(MSS, facts, srcs, date(2024, 5, 31)).actors).money["paid"][
        ""
    ]
    assert paid.value == Decimal("300e6") and paid.rule == CORRECTED
    # the mirror's later 400m may not go back above the official's correction... it may: it
    # is higher; but it may not undercut the mirror's own earlier 500m either
    paid = next(a for a in state_as_of(MSS, facts, srcs, date(2024, 6, 30)).actors).money["paid"][
        ""
    ]
    assert paid.value == Decimal("300e6") and paid.set_aside[0].figure.value == Decimal("400e6")


def test_a_vaguer_consistent_report_is_not_a_conflict() -> None:
    facts = [
        fact("a", PAID, 62.9e6, "2024", "s1", actor="CAN", unit="USD"),
        fact("b", PAID, 55e6, "2025-02-04", "s2", actor="CAN", unit="USD", q=Qualifier.AT_LEAST),
    ]
    paid = (
        state_as_of(MSS, facts, kinds(s1=SourceKind.OFFICIAL, s2=SourceKind.WIRE), date(2025, 3, 1))
        .actors[0]
        .money["paid"][""]
    )
    assert paid.value == Decimal("62.9e6") and not paid.conflict
    assert not paid.set_aside[0].conflict


# strength -----------------------------------------------------------------------------------
def test_a_clearly_weaker_source_that_disagrees_does_not_replace_strength() -> None:
    facts = [fact("a", D, 400, "2025-01-05", "wire"), fact("b", D, 900, "2025-01-18", "agg")]
    srcs = kinds(wire=SourceKind.WIRE, agg=SourceKind.AGGREGATOR)
    dep = state_as_of(MSS, facts, srcs, date(2025, 1, 31)).actors[0].deployed
    assert dep is not None and dep.value == 400 and dep.conflict
    assert "clearly weaker" in dep.set_aside[0].why


def test_a_one_step_weaker_source_updates_strength() -> None:
    facts = [fact("a", D, 400, "2025-01-05", "wire"), fact("b", D, 600, "2025-02-18", "out")]
    srcs = kinds(wire=SourceKind.WIRE, out=SourceKind.OUTLET)
    dep = state_as_of(MSS, facts, srcs, date(2025, 3, 1)).actors[0].deployed
    assert dep is not None and dep.value == 600 and dep.rule == "latest report"


def test_a_copy_counts_as_its_origin_and_a_mirror_at_most_as_an_outlet() -> None:
    wire_copy = replace(
        src("copy", kind=SourceKind.AGGREGATOR), origin="Reuters", origin_kind=SourceKind.WIRE
    )
    mirror_copy = replace(
        src("mir", kind=SourceKind.MIRROR), origin="AP", origin_kind=SourceKind.WIRE
    )
    base = src("off", kind=SourceKind.OFFICIAL)
    srcs = {"off": base, "copy": wire_copy, "mir": mirror_copy}
    facts = [fact("a", D, 400, "2025-01-05", "off"), fact("b", D, 900, "2025-01-18", "copy")]
    dep = state_as_of(MSS, facts, srcs, date(2025, 1, 31)).actors[0].deployed
    assert dep is not None and dep.value == 900  # a wire copy is one step below official
    facts = [fact("a", D, 400, "2025-01-05", "off"), fact("b", D, 900, "2025-01-18", "mir")]
    dep = state_as_of(MSS, facts, srcs, date(2025, 1, 31)).actors[0].deployed
    assert dep is not None and dep.value == 400  # a mirror's AP copy is no more than an outlet


def test_arrivals_on_a_recent_level_give_a_derived_upper_bound() -> None:
    facts = [fact("a", D, 400, "2025-01-05", "s1"), fact("b", A, 217, "2025-01-18", "s2")]
    dep = (
        state_as_of(MSS, facts, kinds(s1=SourceKind.WIRE, s2=SourceKind.OUTLET), date(2025, 1, 31))
        .actors[0]
        .deployed
    )
    assert dep is not None and dep.value == 617 and dep.qualifier is Qualifier.AT_MOST
    assert dep.derived and dep.derivation == "400 + 217"
    assert set(dep.derived_from) == {"a", "b"}


def test_arrivals_on_a_stale_level_are_not_added() -> None:
    facts = [fact("a", D, 732, "2025-06", "s1"), fact("b", A, 230, "2025-12-08", "s2")]
    srcs = kinds(s1=SourceKind.OUTLET, s2=SourceKind.OUTLET)
    dep = state_as_of(MSS, facts, srcs, date(2025, 12, 8)).actors[0].deployed
    assert dep is not None and dep.value == 732 and not dep.derived
    assert "days older" in dep.set_aside[0].why
    # the threshold is configurable
    dep = state_as_of(MSS, facts, srcs, date(2025, 12, 8), stale_days=365).actors[0].deployed
    assert dep is not None and dep.value == 962


def test_a_rotation_never_adds() -> None:
    facts = [
        fact("a", D, 700, "2025-11-20", "s1"),
        fact("b", A, 230, "2025-12-08", "s2", basis=Basis.ROTATION),
    ]
    dep = (
        state_as_of(
            MSS, facts, kinds(s1=SourceKind.OUTLET, s2=SourceKind.OUTLET), date(2025, 12, 8)
        )
        .actors[0]
        .deployed
    )
    assert dep is not None and dep.value == 700
    assert "rotation" in dep.set_aside[0].why


def test_a_same_day_arrival_is_weighed_with_the_level_it_came_with() -> None:
    facts = [
        fact("a", D, 400, "2025-01-05", "wire"),
        fact("b", A, 217, "2025-01-18", "out"),
        fact("c", D, 600, "2025-01-18", "agg", q=Qualifier.AT_LEAST),
    ]
    srcs = kinds(wire=SourceKind.WIRE, out=SourceKind.OUTLET, agg=SourceKind.AGGREGATOR)
    dep = state_as_of(MSS, facts, srcs, date(2025, 1, 31)).actors[0].deployed
    # "at least 600" agrees with 400 + 217, so even an aggregator's report stands
    assert dep is not None and dep.value == 600 and dep.qualifier is Qualifier.AT_LEAST


# pledges ------------------------------------------------------------------------------------
def test_a_lower_pledge_from_a_weaker_source_is_a_conflict() -> None:
    facts = [
        fact("a", P, 2000, "2024-02-26", "s1", actor="BEN"),
        fact("b", P, 1500, "2024-02-28", "s2", actor="BEN"),
    ]
    pl = (
        state_as_of(
            MSS, facts, kinds(s1=SourceKind.OUTLET, s2=SourceKind.AGGREGATOR), date(2024, 3, 1)
        )
        .actors[0]
        .pledged
    )
    assert pl is not None and pl.value == 2000 and pl.conflict
    pl = (
        state_as_of(
            MSS, facts, kinds(s1=SourceKind.OUTLET, s2=SourceKind.OFFICIAL), date(2024, 3, 1)
        )
        .actors[0]
        .pledged
    )
    assert pl is not None and pl.value == 1500


# scope and derived figures ------------------------------------------------------------------
def test_a_figure_covering_more_than_the_mission_is_shown_and_in_no_total() -> None:
    wider = replace(
        fact("w", Metric.FUNDING_COMMITTED, 40.7e6, "2025-02-06", "s1", actor="USA", unit="USD"),
        scope=Scope.WIDER,
    )
    mine = fact("m", Metric.FUNDING_COMMITTED, 10e6, "2025-02-06", "s1", actor="USA", unit="USD")
    st_ = state_as_of(MSS, [wider, mine], kinds(s1=SourceKind.WIRE), date(2025, 3, 1))
    usa = st_.actors[0]
    assert usa.money["committed"][""].value == Decimal("10e6")
    assert [f.fact_id for f in usa.outside_scope] == ["w"]
    assert st_.sums["committed_usd"][0] == Decimal("10e6")


def test_a_derived_country_figure_makes_the_sum_no_independent_check() -> None:
    wide = fact("w", D, 991, "2025-06", "s1", actor=None)
    others = fact("g", D, 259, "2025-06", "s1", actor="GTM")
    ken = replace(
        fact("k", D, 732, "2025-06", "s1"), derived_from=("w", "g"), derivation="991 − 259"
    )
    st_ = state_as_of(MSS, [wide, others, ken], kinds(s1=SourceKind.WIRE), date(2025, 6, 30))
    assert st_.sums[STRENGTH][0] == 991
    assert st_.sums_derived[STRENGTH] == ("KEN",)
    assert STRENGTH in st_.sums_not_independent
    k = next(a for a in st_.actors if a.actor == "KEN").deployed
    assert k is not None and k.derived and k.derivation == "991 − 259"


def test_two_copies_of_one_wire_story_are_one_report() -> None:
    c1 = replace(
        src("c1", kind=SourceKind.AGGREGATOR),
        origin="AP",
        origin_kind=SourceKind.WIRE,
        report_key="AP",
    )
    c2 = replace(
        src("c2", kind=SourceKind.OUTLET), origin="AP", origin_kind=SourceKind.WIRE, report_key="AP"
    )
    o1 = replace(src("o1", kind=SourceKind.OUTLET), report_key="o1.example")
    o2 = replace(src("o2", kind=SourceKind.OUTLET), report_key="o2.example")
    facts = [
        fact("a", D, 200, "2024-06-25", "c1"),
        fact("b", D, 200, "2024-06-25", "c2"),
        fact("c", D, 400, "2024-06-25", "o1"),
        fact("d", D, 400, "2024-06-25", "o2"),
    ]
    srcs = {s.source_id: s for s in (c1, c2, o1, o2)}
    dep = state_as_of(MSS, facts, srcs, date(2024, 6, 30)).actors[0].deployed
    # two outlets' own reports (400) against one AP story carried twice (200)
    assert dep is not None and dep.value == 400
    assert dep.base is not None and "agree" in dep.base.reason


# properties ---------------------------------------------------------------------------------
KINDS = list(SourceKind)
DAY0 = date(2024, 1, 1)


@st.composite
def cumulative_ledger(draw: st.DrawFn) -> tuple[list[object], dict[str, Source]]:
    n = draw(st.integers(1, 12))
    facts, srcs = [], {}
    for i in range(n):
        kind = draw(st.sampled_from(KINDS))
        sid = f"s{i}"
        srcs[sid] = src(sid, "2024-01-01", kind=kind)
        day = DAY0 + timedelta(days=draw(st.integers(0, 700)))
        value = draw(st.integers(1, 50)) * 1_000_000
        q = draw(st.sampled_from(list(Qualifier)))
        basis = draw(st.sampled_from([Basis.TOTAL] * 6 + [Basis.INCREMENT, Basis.REDUCTION]))
        facts.append(
            fact(
                f"f{i:02d}",
                PAID,
                value,
                day.isoformat(),
                sid,
                actor="CAN",
                unit="USD",
                q=q,
                basis=basis,
            )
        )
    return facts, srcs


@settings(max_examples=300, deadline=None)
@given(cumulative_ledger())
def test_a_cumulative_headline_never_falls_below_an_earlier_one_as_credible(
    ledger: tuple[list[object], dict[str, Source]],
) -> None:
    """For any two dates, a later headline below an earlier one (beyond rounding) needs a
    recorded reduction in between, or the earlier one came from a less credible source."""
    from peaceledger.domain.credibility import rank

    facts, srcs = ledger
    days = sorted({f.date_of_fact.start for f in facts})  # type: ignore[attr-defined]
    seen: list[tuple[date, Decimal, int]] = []
    for d in days:
        st_ = state_as_of(MSS, facts, srcs, d)  # type: ignore[arg-type]
        m = st_.actors[0].money.get("paid", {}).get("") if st_.actors else None
        if m is None or m.value is None or m.base is None:
            continue
        r = rank(srcs[m.base.chosen.source_id])  # a total is as credible as its level
        for d0, v0, r0 in seen:
            reduced = any(
                f.basis is Basis.REDUCTION and d0 < f.date_of_fact.start <= d  # type: ignore[attr-defined]
                for f in facts
            )
            if not reduced and r0 >= r:
                assert m.value >= v0 * Decimal("0.995"), (d0, v0, d, m.value)
        seen.append((d, m.value, r))


@st.composite
def readings_with_derived(draw: st.DrawFn) -> tuple[list[object], dict[str, Source]]:
    n = draw(st.integers(1, 6))
    srcs: dict[str, Source] = {}
    facts = []
    for i in range(n):
        sid = f"s{i}"
        srcs[sid] = replace(
            src(sid, kind=draw(st.sampled_from(KINDS))),
            report_key=draw(st.sampled_from(["AP", "R", "", ""])),
        )
        facts.append(fact(f"f{i}", D, draw(st.sampled_from([400, 401, 500, 732])), "2025-06", sid))
    return facts, srcs


@settings(max_examples=200, deadline=None)
@given(readings_with_derived(), st.sampled_from([400, 500, 732]), st.integers(0, 5))
def test_a_derived_figure_never_raises_the_agreement_of_its_inputs(
    ledger: tuple[list[object], dict[str, Source]], value: int, pick: int
) -> None:
    facts, srcs = ledger
    inputs = [f.fact_id for f in facts][: pick + 1]  # type: ignore[attr-defined]
    d = FuzzyDate.parse("2025-06")
    plain = [read_source(f.source_id, d, [f]) for f in facts]  # type: ignore[attr-defined]
    srcs["sd"] = src("sd", kind=SourceKind.OFFICIAL)
    derived = replace(
        fact("fd", D, value, "2025-06", "sd"), derived_from=tuple(inputs), derivation="x"
    )
    with_derived = [*plain, read_source("sd", d, [derived])]
    for r in plain:
        assert support(r, with_derived, srcs) == support(r, plain, srcs)
    # and a figure with only a derived reading still has a headline, marked derived
    fig = make_figure(d, [derived], srcs)
    assert fig.chosen.derived
