"""The rules of `state_as_of`, on small hand-made ledgers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from peaceledger.data import load_fx_table
from peaceledger.domain.dates import parse_fuzzy_date
from peaceledger.domain.facts import Fact
from peaceledger.domain.missions import Mission
from peaceledger.domain.sources import Source
from peaceledger.domain.state import STRENGTH, state_as_of
from peaceledger.domain.vocab import (
    Basis,
    Channel,
    Metric,
    PersonnelType,
    Qualifier,
    ReviewStatus,
    SourceKind,
)

MSS = Mission("MSS-HTI", "MSS", "HTI", (), date(2023, 10, 2), None, "KEN")
FX = load_fx_table()


def src(
    sid: str, published: str | None = "2024-06-26", kind: SourceKind = SourceKind.OUTLET
) -> Source:
    return Source(
        sid,
        kind,
        f"https://example.org/{sid}",
        sid,
        "pub",
        parse_fuzzy_date(published) if published else None,
    )


def fact(
    fid: str,
    metric: Metric,
    value: float | None,
    when: str,
    source: str,
    *,
    actor: str | None = "KEN",
    q: Qualifier = Qualifier.EXACT,
    unit: str = "persons",
    ptype: PersonnelType | None = None,
    channel: Channel | None = None,
    basis: Basis = Basis.TOTAL,
    status: ReviewStatus = ReviewStatus.ACCEPTED,
    pinned: bool = False,
) -> Fact:
    f = Fact(
        fid,
        "MSS-HTI",
        actor,
        metric,
        q,
        None if value is None else Decimal(str(value)),
        unit,
        ptype,
        channel,
        parse_fuzzy_date(when),
        source,
        basis=basis,
        status=status,
        pinned=pinned,
    )
    if f.money is not None:
        f = Fact(**{**f.__dict__, "usd": FX.convert(f.money, f.date_of_fact)})
    return f


def sources(*ids: str, **kinds: SourceKind) -> dict[str, Source]:
    return {i: src(i, kind=kinds.get(i, SourceKind.OUTLET)) for i in ids}


D, A, W, P = (
    Metric.PERSONNEL_DEPLOYED,
    Metric.PERSONNEL_ARRIVED,
    Metric.PERSONNEL_WITHDRAWN,
    Metric.PERSONNEL_PLEDGED,
)


def test_strength_is_a_step_function_holding_until_the_next_report() -> None:
    facts = [fact("f1", D, 400, "2024-09-10", "s1"), fact("f2", D, 382, "2024-09-26", "s2")]
    st = state_as_of(MSS, facts, sources("s1", "s2"), date(2024, 9, 20))
    assert st.actors[0].deployed.value == 400  # type: ignore[union-attr]
    st = state_as_of(MSS, facts, sources("s1", "s2"), date(2024, 12, 31))
    assert st.actors[0].deployed.value == 382  # type: ignore[union-attr]
    assert state_as_of(MSS, facts, sources("s1", "s2"), date(2024, 9, 1)).actors == ()


def test_arrivals_after_the_last_level_add_and_withdrawals_subtract() -> None:
    facts = [
        fact("f1", D, 400, "2025-01-05", "s1"),
        fact("f2", A, 217, "2025-01-18", "s2"),
        fact("f3", W, 17, "2025-01-20", "s2"),
    ]
    dep = state_as_of(MSS, facts, sources("s1", "s2"), date(2025, 1, 31)).actors[0].deployed
    assert dep is not None and dep.value == 600
    assert [s for s, _ in dep.adjustments] == [1, -1]


def test_arrival_on_the_date_of_a_level_report_is_included_in_it() -> None:
    facts = [
        fact("f1", A, 217, "2025-01-18", "s1"),
        fact("f2", D, 600, "2025-01-18", "s2", q=Qualifier.AT_LEAST),
    ]
    dep = state_as_of(MSS, facts, sources("s1", "s2"), date(2025, 2, 1)).actors[0].deployed
    assert dep is not None and dep.value == 600 and dep.qualifier is Qualifier.AT_LEAST
    assert dep.adjustments == ()


def test_a_month_precise_level_includes_arrivals_in_that_month() -> None:
    facts = [fact("f1", A, 50, "2025-06-10", "s1"), fact("f2", D, 732, "2025-06", "s2")]
    dep = state_as_of(MSS, facts, sources("s1", "s2"), date(2025, 7, 1)).actors[0].deployed
    assert dep is not None and dep.value == 732


def test_arrivals_without_any_level_report_count_from_zero() -> None:
    facts = [fact("f1", A, 6, "2024-10-18", "s1", actor="BHS")]
    dep = state_as_of(MSS, facts, sources("s1"), date(2024, 11, 1)).actors[0].deployed
    assert dep is not None and dep.value == 6 and dep.base is None


def test_conflicting_reports_are_all_kept_and_a_rule_picks_the_headline() -> None:
    facts = [
        fact("f1", A, 200, "2024-06-25", "s1", q=Qualifier.ABOUT),
        fact("f2", A, 400, "2024-06-25", "s2"),
    ]
    st = state_as_of(MSS, facts, sources("s1", "s2"), date(2024, 6, 30))
    dep = st.actors[0].deployed
    assert dep is not None and dep.conflict
    fig = dep.adjustments[0][1]
    assert {r.value for r in fig.readings} == {200, 400}
    assert fig.value == 400 and "exact" in fig.reason
    assert len(st.conflicts) == 1 and st.conflicts[0].who == "KEN"


def test_the_value_more_sources_agree_on_wins() -> None:
    facts = [
        fact("f1", D, 400, "2024-06-25", "s1"),
        fact("f2", D, 200, "2024-06-25", "s2"),
        fact("f3", D, 200, "2024-06-25", "s3", q=Qualifier.ABOUT),
    ]
    dep = state_as_of(MSS, facts, sources("s1", "s2", "s3"), date(2024, 7, 1)).actors[0].deployed
    assert dep is not None and dep.value == 200


def test_an_official_source_beats_news_and_a_pin_beats_everything() -> None:
    facts = [fact("f1", D, 400, "2024-06-25", "s1"), fact("f2", D, 380, "2024-06-25", "s2")]
    srcs = sources("s1", "s2", s2=SourceKind.OFFICIAL)
    assert state_as_of(MSS, facts, srcs, date(2024, 7, 1)).actors[0].deployed.value == 380  # type: ignore[union-attr]
    facts[0] = fact("f1", D, 400, "2024-06-25", "s1", pinned=True)
    dep = state_as_of(MSS, facts, srcs, date(2024, 7, 1)).actors[0].deployed
    assert dep is not None and dep.value == 400 and dep.base.reason == "pinned by a reviewer"  # type: ignore[union-attr]


def test_one_source_breakdown_by_type_adds_up() -> None:
    facts = [
        fact("f1", D, 18, "2025-04-16", "s1", actor="JAM", ptype=PersonnelType.MILITARY),
        fact("f2", D, 3, "2025-04-16", "s1", actor="JAM", ptype=PersonnelType.POLICE),
    ]
    dep = state_as_of(MSS, facts, sources("s1"), date(2025, 5, 1)).actors[0].deployed
    assert dep is not None and dep.value == 21 and not dep.conflict
    assert dict(dep.by_type) == {"military": 18, "police": 3}


def test_a_sources_total_is_not_added_to_its_own_breakdown() -> None:
    facts = [
        fact(
            "f1",
            Metric.PERSONNEL_AUTHORIZED,
            5550,
            "2025-09-30",
            "s1",
            actor=None,
            ptype=PersonnelType.MIXED,
            q=Qualifier.UP_TO,
        ),
        fact(
            "f2",
            Metric.PERSONNEL_AUTHORIZED,
            5500,
            "2025-09-30",
            "s1",
            actor=None,
            ptype=PersonnelType.MIXED,
            q=Qualifier.UP_TO,
        ),
        fact(
            "f3",
            Metric.PERSONNEL_AUTHORIZED,
            50,
            "2025-09-30",
            "s1",
            actor=None,
            ptype=PersonnelType.CIVILIAN,
            q=Qualifier.UP_TO,
        ),
    ]
    st = state_as_of(MSS, facts, sources("s1"), date(2025, 10, 1))
    assert st.mission_reported.personnel["authorized"].value == 5550


def test_pledges_restate_parts_never_count_and_increments_add() -> None:
    facts = [
        fact("p1", P, 1000, "2023-07", "s1"),
        fact("p2", P, 1000, "2024-03-01", "s2"),
        fact("p3", P, 300, "2024-09-25", "s3", basis=Basis.PART),
        fact(
            "c1",
            Metric.FUNDING_PLEDGED,
            80.5e6,
            "2024-02-22",
            "s1",
            actor="CAN",
            unit="CAD",
            channel=Channel.TRUST_FUND,
        ),
        fact(
            "c2",
            Metric.FUNDING_PLEDGED,
            5.7e6,
            "2024-06-26",
            "s2",
            actor="CAN",
            unit="CAD",
            channel=Channel.TRUST_FUND,
            basis=Basis.INCREMENT,
        ),
    ]
    st = state_as_of(MSS, facts, sources("s1", "s2", "s3"), date(2024, 12, 31))
    by = {a.actor: a for a in st.actors}
    assert by["KEN"].pledged.value == 1000  # type: ignore[union-attr]
    can = by["CAN"].money["pledged"]["trust_fund"]
    assert can.value == Decimal("86.2e6") and can.unit == "CAD"
    assert can.amount_usd is not None and 60e6 < can.amount_usd < 66e6


def test_money_without_a_rate_is_left_out_of_usd_totals_with_a_warning() -> None:
    facts = [
        fact("m1", Metric.FUNDING_PAID, 1e9, "2026-09-15", "s1", unit="KES"),
        fact("m2", Metric.FUNDING_PAID, 2e6, "2026-09-15", "s1", actor="USA", unit="USD"),
    ]
    st = state_as_of(MSS, facts, sources("s1"), date(2026, 10, 1))
    ken = next(a for a in st.actors if a.actor == "KEN")
    assert ken.money["paid"][""].amount_usd is None and ken.money["paid"][""].usd_missing
    assert st.sums["paid_usd"][0] == Decimal("2000000.00")
    assert any("no exchange rate" in w and "KES" in w for w in st.warnings)


def test_mission_wide_figures_and_country_sums_are_kept_apart() -> None:
    facts = [
        fact("w", D, 991, "2025-06", "s1", actor=None),
        fact("k", D, 732, "2025-06", "s1"),
        fact("g", D, 150, "2025-06", "s1", actor="GTM"),
    ]
    st = state_as_of(MSS, facts, sources("s1"), date(2025, 6, 30))
    assert st.mission_reported.personnel[STRENGTH].value == 991
    assert st.sums[STRENGTH] == (Decimal(882), ("KEN", "GTM"))


def test_known_at_hides_later_and_undated_publications() -> None:
    facts = [
        fact("a", D, 400, "2024-07-16", "early"),
        fact("b", D, 382, "2024-07-16", "late"),
        fact("c", D, 9, "2024-07-16", "undated", actor="JAM"),
    ]
    srcs = {
        "early": src("early", "2024-07-17"),
        "late": src("late", "2024-09-26"),
        "undated": src("undated", None),
    }
    st = state_as_of(MSS, facts, srcs, date(2024, 7, 31), known_at=date(2024, 8, 1))
    assert [a.actor for a in st.actors] == ["KEN"]
    assert st.actors[0].deployed.value == 400  # type: ignore[union-attr]
    assert any("no publication date" in w for w in st.warnings)


def test_only_accepted_facts_count() -> None:
    facts = [
        fact("a", D, 400, "2024-07-16", "s1", status=ReviewStatus.CANDIDATE),
        fact("b", D, 300, "2024-07-16", "s1", status=ReviewStatus.RETRACTED),
    ]
    assert state_as_of(MSS, facts, sources("s1"), date(2025, 1, 1)).actors == ()


def test_contribution_without_a_number_is_shown_as_such() -> None:
    facts = [fact("a", P, None, "2023-09-25", "s1", actor="ATG", ptype=PersonnelType.MILITARY)]
    pledge = state_as_of(MSS, facts, sources("s1"), date(2024, 1, 1)).actors[0].pledged
    assert pledge is not None and pledge.value is None and pledge.base is not None
