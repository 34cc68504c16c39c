"""A fact: one figure about a mission, from one source, in one version.

A fact is never edited in place. A correction, a review decision or a retraction is a new
version with the same `fact_id` and `version + 1`; the store keeps every version.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from ..errors import Problem
from .dates import FuzzyDate
from .money import Money, UsdConversion
from .vocab import (
    PERSONS,
    Basis,
    Channel,
    Metric,
    PersonnelType,
    Qualifier,
    ReviewStatus,
    Scope,
)


@dataclass(frozen=True)
class Evidence:
    """Where in the source text the figure is stated: a character span and its quote."""

    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Fact:
    fact_id: str
    mission: str
    actor: str | None
    """None: a figure about the mission as a whole."""
    metric: Metric
    qualifier: Qualifier
    value: Decimal | None
    """None: "contributes personnel" with no number."""
    unit: str
    """`persons`, or the ISO 4217 code of the currency the source used."""
    personnel_type: PersonnelType | None
    channel: Channel | None
    date_of_fact: FuzzyDate | None
    source_id: str
    evidence: Evidence | None = None
    basis: Basis = Basis.TOTAL
    status: ReviewStatus = ReviewStatus.ACCEPTED
    pinned: bool = False
    """A reviewer chose this fact as the headline among conflicting reports."""
    note: str = ""
    usd: UsdConversion | None = None
    """Money only: the derived USD value with its rate, or the explicit NO_RATE state."""
    produced_by: str = ""
    """The rule, model or person that produced the figure (`import:facts.csv`, `rule:...`)."""
    confidence: float | None = None
    version: int = 1
    recorded_by: str = ""
    recorded_at: datetime | None = None
    change_note: str = ""
    scope: Scope = Scope.MISSION
    """WIDER: the figure covers more than the mission; shown, never in a total."""
    derived_from: tuple[str, ...] = ()
    """A figure computed from other facts (their ids), not stated by its source."""
    derivation: str = ""
    """The operation, as a reader checks it: "991 − (6 + 2 + 150 + 23 + 78)"."""

    @property
    def is_derived(self) -> bool:
        return bool(self.derived_from or self.derivation)

    @property
    def in_totals(self) -> bool:
        return self.scope is Scope.MISSION

    @property
    def is_money(self) -> bool:
        return self.metric.is_money

    @property
    def money(self) -> Money | None:
        if not self.is_money or self.value is None:
            return None
        return Money(self.value, self.unit)

    @property
    def who(self) -> str:
        return self.actor or f"@{self.mission}"

    def content_key(self) -> tuple[object, ...]:
        """What the fact says, without who recorded it when: two facts with equal keys are
        the same statement, so re-importing one changes nothing."""
        return (
            self.mission,
            self.actor,
            self.metric,
            self.qualifier,
            self.value,
            self.unit,
            self.personnel_type,
            self.channel,
            self.date_of_fact,
            self.source_id,
            self.evidence,
            self.basis,
            self.status,
            self.pinned,
            self.note,
            self.scope,
            self.derived_from,
            self.derivation,
        )

    def next_version(self, **changes: object) -> Fact:
        """The next version of this fact with `changes` applied."""
        return replace(self, version=self.version + 1, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class KnownNames:
    """What a fact may refer to; passed in so the domain never reads the reference data."""

    missions: Collection[str]
    actors: Collection[str]
    currencies: Collection[str]


def fact_problems(fact: Fact, known: KnownNames, where: str = "") -> list[Problem]:
    """Every rule the fact breaks, each with the field it concerns."""

    def at(field: str) -> str:
        return f"{where}: {field}" if where else field

    out: list[Problem] = []
    if fact.mission not in known.missions:
        out.append(Problem(at("mission"), f"unknown mission {fact.mission!r}"))
    if fact.actor is not None and fact.actor not in known.actors:
        out.append(Problem(at("actor"), f"unknown country or organisation code {fact.actor!r}"))
    if fact.value is not None:
        if not fact.value.is_finite():
            out.append(Problem(at("value"), f"not a finite number: {fact.value}"))
        elif fact.value < 0:
            out.append(Problem(at("value"), f"negative {fact.metric.value}: {fact.value}"))
        elif fact.metric.is_personnel and fact.value != fact.value.to_integral_value():
            out.append(Problem(at("value"), f"a head count must be whole: {fact.value}"))
    if fact.metric.is_personnel:
        if fact.unit != PERSONS:
            out.append(
                Problem(at("unit"), f"{fact.metric.value} is counted in persons, not {fact.unit!r}")
            )
        if fact.channel is not None:
            out.append(Problem(at("channel"), "a funding channel on a personnel figure"))
    else:
        if fact.unit not in known.currencies:
            out.append(Problem(at("unit"), f"unknown ISO 4217 currency {fact.unit!r}"))
        if fact.personnel_type is not None:
            out.append(Problem(at("personnel_type"), "a personnel type on a funding figure"))
    if not fact.source_id:
        out.append(Problem(at("source_id"), "missing source"))
    if fact.evidence is not None and not (0 <= fact.evidence.start <= fact.evidence.end):
        out.append(Problem(at("evidence"), "span start after end"))
    if fact.fact_id and fact.fact_id in fact.derived_from:
        out.append(Problem(at("derived_from"), "a figure cannot be derived from itself"))
    return out


__all__ = [
    "PERSONS",
    "Basis",
    "Channel",
    "Evidence",
    "Fact",
    "KnownNames",
    "Metric",
    "PersonnelType",
    "Qualifier",
    "ReviewStatus",
    "Scope",
    "fact_problems",
]
