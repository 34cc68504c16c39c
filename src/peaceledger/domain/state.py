"""The state of a mission as of a date D, optionally as known at a date K.

Rules (docs/data-model.md explains why):

* Only accepted facts count. A fact is dated by `date_of_fact`, else by its source's
  publication date. It counts for D when its period starts on or before D.
* `known_at` K keeps only facts whose source was certainly published by K (the whole
  publication period has ended). A source with no publication date cannot be shown to have
  been known, so its facts are left out of a known-at answer, with a warning.
* A *series* is one thing tracked for one actor (or the mission as a whole): deployed
  strength, the personnel pledge, the authorized ceiling, fatalities, and money per rung of
  the ladder and per channel.
* Each series is walked in date order by `series.measure_series`, by the rules of its metric:
  cumulative money and deaths never fall without a recorded reduction; strength is replaced by
  later reports except a clearly weaker one that disagrees; pledges restate; arrivals adjust
  strength only as a derived bound on a recent level; a `part`, a `rotation` and a figure
  outside the mission's scope never count.
* Readings of one report date are combined by `readings.make_figure`, which flags conflicts
  and chooses a headline by `readings.HEADLINE_RULE`.
* Mission-wide figures reported by a source and the sum of country figures are kept apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .dates import FuzzyDate
from .facts import Fact
from .missions import Mission
from .readings import Figure
from .series import (
    AUTHORIZED,
    FATALITIES,
    MONEY_STAGES,
    PERSONNEL_SERIES,
    PLEDGE,
    STALE_DAYS,
    STRENGTH,
    Measure,
    Role,
    measure_series,
    role_of,
    series_of,
)
from .sources import Source
from .vocab import ReviewStatus

__all__ = [
    "AUTHORIZED",
    "FATALITIES",
    "MONEY_STAGES",
    "PERSONNEL_SERIES",
    "PLEDGE",
    "STRENGTH",
    "ActorState",
    "Conflict",
    "Measure",
    "MissionState",
    "Role",
    "effective_date",
    "measure_series",
    "role_of",
    "series_of",
    "state_as_of",
]


@dataclass(frozen=True)
class ActorState:
    actor: str | None
    """None: the mission as a whole, as reported by sources."""
    personnel: Mapping[str, Measure]
    money: Mapping[str, Mapping[str, Measure]]
    """stage -> channel ("" when unstated) -> measure."""
    outside_scope: tuple[Fact, ...] = ()
    """Figures that cover more than the mission: shown with their note, in no total."""

    def money_usd(self, stage: str) -> tuple[Decimal, bool]:
        """USD total of one rung over all channels, and whether some amount has no rate."""
        total, missing = Decimal(0), False
        for m in self.money.get(stage, {}).values():
            if m.amount_usd is not None:
                total += m.amount_usd
            if m.usd_missing or (m.value is not None and m.amount_usd is None):
                missing = True
        return total, missing

    @property
    def deployed(self) -> Measure | None:
        return self.personnel.get(STRENGTH)

    @property
    def pledged(self) -> Measure | None:
        return self.personnel.get(PLEDGE)


@dataclass(frozen=True)
class Conflict:
    who: str
    series: str
    channel: str
    figure: Figure
    standing: Figure | None = None
    """Across dates: the headline the later report contradicts (None: readings of one date)."""
    why: str = ""

    @property
    def across_dates(self) -> bool:
        return self.standing is not None


@dataclass(frozen=True)
class MissionState:
    mission: Mission
    as_of: date
    known_at: date | None
    actors: tuple[ActorState, ...]
    mission_reported: ActorState
    sums: Mapping[str, tuple[Decimal, tuple[str, ...]]]
    """Sum of country figures per series (USD for money), with the actors it adds up."""
    conflicts: tuple[Conflict, ...]
    warnings: tuple[str, ...] = field(default=())
    facts_used: int = 0
    sums_derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Per sum: the actors whose figure in it is derived, not reported. When a derivation used
    the mission's own figure, the sum matching that figure is no independent check."""
    sums_not_independent: frozenset[str] = frozenset()
    """Sums that contain a figure derived from the mission-wide figure they sit beside."""


def effective_date(fact: Fact, sources: Mapping[str, Source]) -> FuzzyDate | None:
    if fact.date_of_fact is not None:
        return fact.date_of_fact
    src = sources.get(fact.source_id)
    return src.published if src else None


def actor_state(
    actor: str | None,
    dated: Sequence[tuple[FuzzyDate, Fact]],
    sources: Mapping[str, Source],
    stale_days: int = STALE_DAYS,
) -> ActorState:
    by_series: dict[tuple[str, str], list[tuple[FuzzyDate, Fact]]] = {}
    outside: list[Fact] = []
    for d, f in dated:
        key = series_of(f)
        if key is not None:
            by_series.setdefault(key, []).append((d, f))
        elif not f.in_totals:
            outside.append(f)
    personnel: dict[str, Measure] = {}
    money: dict[str, dict[str, Measure]] = {}
    for (series, channel), items in sorted(by_series.items()):
        m = measure_series(series, channel, items, sources, stale_days)
        if m is None:
            continue
        if series in PERSONNEL_SERIES:
            personnel[series] = m
        else:
            money.setdefault(series, {})[channel] = m
    outside.sort(key=lambda f: f.date_of_fact.sort_key() if f.date_of_fact else (date.min, 0))
    return ActorState(actor, personnel, money, tuple(outside))


def state_as_of(
    mission: Mission,
    facts: Iterable[Fact],
    sources: Mapping[str, Source],
    as_of: date,
    known_at: date | None = None,
    stale_days: int = STALE_DAYS,
) -> MissionState:
    """The state of `mission` on `as_of`, from what had been published by `known_at`."""
    warnings: list[str] = []
    unknown_pub = undated = 0
    per_actor: dict[str | None, list[tuple[FuzzyDate, Fact]]] = {}
    used = 0
    for f in facts:
        if f.mission != mission.code or f.status is not ReviewStatus.ACCEPTED:
            continue
        if known_at is not None:
            src = sources.get(f.source_id)
            if src is None or src.published is None:
                unknown_pub += 1
                continue
            if not src.published.certainly_on_or_before(known_at):
                continue
        d = effective_date(f, sources)
        if d is None:
            undated += 1
            continue
        if not d.may_be_on_or_before(as_of):
            continue
        per_actor.setdefault(f.actor, []).append((d, f))
        used += 1
    if unknown_pub:
        warnings.append(
            f"{unknown_pub} fact(s) left out: their source has no publication date, so it cannot "
            f"be shown they were known by {known_at}"
        )
    if undated:
        warnings.append(f"{undated} fact(s) left out: neither the fact nor its source is dated")

    whole = actor_state(None, per_actor.pop(None, []), sources, stale_days)
    actors = [
        actor_state(a, items, sources, stale_days)
        for a, items in per_actor.items()
        if a is not None
    ]
    actors.sort(key=_actor_order)
    sums = _country_sums(actors)
    sums_derived, not_independent = _derived_in_sums(whole, actors)
    conflicts = _conflicts([whole, *actors])
    for a in [whole, *actors]:
        for stage in MONEY_STAGES:
            for m in a.money.get(stage.value, {}).values():
                if m.usd_missing:
                    who = a.actor or f"the mission ({mission.code})"
                    warnings.append(
                        f"no exchange rate: {stage.value} money of {who} in {m.unit} is left out "
                        f"of USD totals"
                    )
    return MissionState(
        mission,
        as_of,
        known_at,
        tuple(actors),
        whole,
        sums,
        tuple(conflicts),
        tuple(warnings),
        used,
        sums_derived,
        not_independent,
    )


def _actor_order(a: ActorState) -> tuple[Decimal, Decimal, str]:
    dep = a.deployed.value if a.deployed and a.deployed.value is not None else Decimal(-1)
    pl = a.pledged.value if a.pledged and a.pledged.value is not None else Decimal(-1)
    return (-dep, -pl, a.actor or "")


def _country_sums(actors: Sequence[ActorState]) -> dict[str, tuple[Decimal, tuple[str, ...]]]:
    sums: dict[str, tuple[Decimal, tuple[str, ...]]] = {}
    for series in PERSONNEL_SERIES:
        contributing = [
            a for a in actors if (m := a.personnel.get(series)) is not None and m.value is not None
        ]
        if contributing:
            total = sum((a.personnel[series].value or Decimal(0) for a in contributing), Decimal(0))
            sums[series] = (total, tuple(a.actor or "" for a in contributing))
    for stage in MONEY_STAGES:
        contributing_money = [a for a in actors if stage.value in a.money]
        if contributing_money:
            total = sum((a.money_usd(stage.value)[0] for a in contributing_money), Decimal(0))
            sums[f"{stage.value}_usd"] = (total, tuple(a.actor or "" for a in contributing_money))
    return sums


def _measures(a: ActorState) -> list[Measure]:
    return list(a.personnel.values()) + [m for ch in a.money.values() for m in ch.values()]


def _derived_in_sums(
    whole: ActorState, actors: Sequence[ActorState]
) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Which country figures in each sum are derived, and which sums are no independent check
    because a figure in them was derived from the mission-wide figure beside them."""

    def personnel(series: str) -> Callable[[ActorState], list[Measure]]:
        return lambda a: [m] if (m := a.personnel.get(series)) else []

    def money(stage: str) -> Callable[[ActorState], list[Measure]]:
        return lambda a: list(a.money.get(stage, {}).values())

    keys = [(s, personnel(s)) for s in PERSONNEL_SERIES]
    keys += [(f"{st.value}_usd", money(st.value)) for st in MONEY_STAGES]
    derived: dict[str, tuple[str, ...]] = {}
    not_independent: set[str] = set()
    for key, measures_of in keys:
        wide_ids = {i for m in measures_of(whole) for f in m.figures for i in f.chosen.fact_ids}
        who = []
        for a in actors:
            for m in measures_of(a):
                if m.value is None or not m.derived:
                    continue
                who.append(a.actor or "")
                if wide_ids & set(m.derived_from):
                    not_independent.add(key)
        if who:
            derived[key] = tuple(dict.fromkeys(who))
    return derived, frozenset(not_independent)


def _conflicts(states: Sequence[ActorState]) -> list[Conflict]:
    out: list[Conflict] = []
    for a in states:
        who = a.actor or ""
        for m in _measures(a):
            out.extend(Conflict(who, m.series, m.channel, f) for f in m.figures if f.conflict)
            out.extend(
                Conflict(who, m.series, m.channel, s.figure, s.against, s.why)
                for s in m.set_aside
                if s.conflict
            )
    return out
