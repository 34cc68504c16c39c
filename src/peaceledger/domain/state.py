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
* A series value is its latest *level* report on or before D (a step function: it holds until
  the next report) plus the *increments* reported strictly after that level and minus the
  decrements. Arrivals are increments of strength, withdrawals decrements; a figure marked
  `increment` ("another 100") adds to a pledge; a figure marked `part` never counts.
  Arrivals on the same date as a level report are taken to be included in it.
* Readings of one report date are combined by `readings.make_figure`, which flags conflicts
  and chooses a headline by `readings.HEADLINE_RULE`.
* Mission-wide figures reported by a source and the sum of country figures are kept apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

from .dates import FuzzyDate
from .facts import Fact
from .missions import Mission
from .readings import Figure, combine_qualifiers, make_figure
from .sources import Source
from .vocab import PERSONS, Basis, Metric, MoneyStage, Qualifier, ReviewStatus


class Role(Enum):
    LEVEL = 1
    INCREMENT = 2
    DECREMENT = 3


STRENGTH = "strength"
PLEDGE = "pledge"
AUTHORIZED = "authorized"
FATALITIES = "fatalities"
PERSONNEL_SERIES = (STRENGTH, PLEDGE, AUTHORIZED, FATALITIES)
MONEY_STAGES = (MoneyStage.PLEDGED, MoneyStage.COMMITTED, MoneyStage.PAID, MoneyStage.REQUIRED)

_PERSONNEL_SERIES_OF = {
    Metric.PERSONNEL_DEPLOYED: STRENGTH,
    Metric.PERSONNEL_ARRIVED: STRENGTH,
    Metric.PERSONNEL_WITHDRAWN: STRENGTH,
    Metric.PERSONNEL_PLEDGED: PLEDGE,
    Metric.PERSONNEL_AUTHORIZED: AUTHORIZED,
    Metric.FATALITIES: FATALITIES,
}


def series_of(fact: Fact) -> tuple[str, str] | None:
    """(series, channel) a fact belongs to; None for a figure marked `part`."""
    if fact.basis is Basis.PART:
        return None
    if fact.metric.is_money:
        return (MoneyStage.of(fact.metric).value, fact.channel.value if fact.channel else "")
    return (_PERSONNEL_SERIES_OF[fact.metric], "")


def role_of(fact: Fact) -> Role:
    if fact.metric is Metric.PERSONNEL_ARRIVED:
        return Role.INCREMENT
    if fact.metric is Metric.PERSONNEL_WITHDRAWN:
        return Role.DECREMENT
    return Role.INCREMENT if fact.basis is Basis.INCREMENT else Role.LEVEL


@dataclass(frozen=True)
class Measure:
    """The value of one series as of D, with every report behind it."""

    series: str
    channel: str
    value: Decimal | None
    unit: str
    qualifier: Qualifier
    amount_usd: Decimal | None
    usd_missing: bool
    base: Figure | None
    """The latest level report (None when the value is built from increments only)."""
    adjustments: tuple[tuple[int, Figure], ...]
    """(+1 or -1, report) for each arrival, withdrawal or increment after the base."""
    by_type: tuple[tuple[str, Decimal], ...] = ()

    @property
    def figures(self) -> tuple[Figure, ...]:
        return ((self.base,) if self.base else ()) + tuple(f for _, f in self.adjustments)

    @property
    def conflict(self) -> bool:
        return any(f.conflict for f in self.figures)

    @property
    def as_of_date(self) -> FuzzyDate | None:
        figs = self.figures
        return max((f.date for f in figs), key=lambda d: d.sort_key()) if figs else None


@dataclass(frozen=True)
class ActorState:
    actor: str | None
    """None: the mission as a whole, as reported by sources."""
    personnel: Mapping[str, Measure]
    money: Mapping[str, Mapping[str, Measure]]
    """stage -> channel ("" when unstated) -> measure."""

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


def effective_date(fact: Fact, sources: Mapping[str, Source]) -> FuzzyDate | None:
    if fact.date_of_fact is not None:
        return fact.date_of_fact
    src = sources.get(fact.source_id)
    return src.published if src else None


def measure_series(
    series: str,
    channel: str,
    dated: Sequence[tuple[FuzzyDate, Fact]],
    sources: Mapping[str, Source],
) -> Measure | None:
    """Apply the level + increments rule to the dated facts of one series (all on or before D)."""
    levels = [(d, f) for d, f in dated if role_of(f) is Role.LEVEL]
    changes = [(d, f) for d, f in dated if role_of(f) is not Role.LEVEL]
    base: Figure | None = None
    if levels:
        latest = max(levels, key=lambda df: (df[0].start, -int(df[0].precision)))[0]
        group = [f for d, f in levels if d.same_period(latest)]
        base = make_figure(latest, group, sources)
        changes = [(d, f) for d, f in changes if d.is_after(latest)]
    adjustments = tuple(
        (sign, make_figure(d, fs, sources)) for sign, d, fs in _cluster_changes(changes)
    )
    if base is None and not adjustments:
        return None
    parts: list[tuple[int, Figure]] = ([(1, base)] if base else []) + list(adjustments)
    numbered = [(s, f) for s, f in parts if f.value is not None]
    unit = next((f.unit for _, f in parts), PERSONS)
    value: Decimal | None = None
    if numbered:
        units = {f.unit for _, f in numbered}
        value = (
            sum((s * (f.value or Decimal(0)) for s, f in numbered), Decimal(0))
            if len(units) == 1
            else None
        )
        unit = units.pop() if len(units) == 1 else "mixed"
    usd_missing = any(f.chosen.usd_missing for _, f in numbered)
    amount_usd: Decimal | None = None
    if numbered and numbered[0][1].chosen.facts[0].is_money and not usd_missing:
        amount_usd = sum((s * (f.chosen.amount_usd or Decimal(0)) for s, f in numbered), Decimal(0))
    by_type: dict[str, Decimal] = {}
    for s, f in numbered:
        for k, v in f.chosen.by_type:
            by_type[k] = by_type.get(k, Decimal(0)) + s * v
    return Measure(
        series,
        channel,
        value,
        unit,
        combine_qualifiers(f.chosen.qualifier for _, f in numbered)
        if numbered
        else (parts[0][1].chosen.qualifier),
        amount_usd,
        usd_missing,
        base,
        adjustments,
        tuple(sorted(by_type.items())),
    )


def _cluster_changes(
    changes: Sequence[tuple[FuzzyDate, Fact]],
) -> list[tuple[int, FuzzyDate, list[Fact]]]:
    """Group increments reported for the same date (at the coarser precision) and direction:
    two sources describing one arrival are one report, not two arrivals."""
    out: list[tuple[int, FuzzyDate, list[Fact]]] = []
    for d, f in sorted(changes, key=lambda df: (df[0].sort_key(), df[1].fact_id)):
        sign = -1 if role_of(f) is Role.DECREMENT else 1
        for i, (s, gd, fs) in enumerate(out):
            if s == sign and gd.same_period(d):
                coarser = gd if gd.precision >= d.precision else d
                out[i] = (s, coarser, [*fs, f])
                break
        else:
            out.append((sign, d, [f]))
    return out


def actor_state(
    actor: str | None,
    dated: Sequence[tuple[FuzzyDate, Fact]],
    sources: Mapping[str, Source],
) -> ActorState:
    by_series: dict[tuple[str, str], list[tuple[FuzzyDate, Fact]]] = {}
    for d, f in dated:
        key = series_of(f)
        if key is not None:
            by_series.setdefault(key, []).append((d, f))
    personnel: dict[str, Measure] = {}
    money: dict[str, dict[str, Measure]] = {}
    for (series, channel), items in sorted(by_series.items()):
        m = measure_series(series, channel, items, sources)
        if m is None:
            continue
        if series in PERSONNEL_SERIES:
            personnel[series] = m
        else:
            money.setdefault(series, {})[channel] = m
    return ActorState(actor, personnel, money)


def state_as_of(
    mission: Mission,
    facts: Iterable[Fact],
    sources: Mapping[str, Source],
    as_of: date,
    known_at: date | None = None,
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

    whole = actor_state(None, per_actor.pop(None, []), sources)
    actors = [actor_state(a, items, sources) for a, items in per_actor.items() if a is not None]
    actors.sort(key=_actor_order)
    sums = _country_sums(actors)
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


def _conflicts(states: Sequence[ActorState]) -> list[Conflict]:
    out: list[Conflict] = []
    for a in states:
        who = a.actor or ""
        measures = list(a.personnel.values()) + [m for ch in a.money.values() for m in ch.values()]
        for m in measures:
            out.extend(Conflict(who, m.series, m.channel, f) for f in m.figures if f.conflict)
    return out
