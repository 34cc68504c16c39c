"""Reports, readings and the headline rule.

Several facts often describe the same thing on the same date: one source's breakdown by
personnel type, or two sources that disagree ("about 200" and "400" Kenyans on 25 June 2024).
A *reading* is what one source says about one thing on one date; a *figure* is the set of
readings for that date with the headline chosen among them by `HEADLINE_RULE`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from .credibility import rank
from .dates import FuzzyDate
from .facts import Fact
from .money import ConversionStatus
from .sources import Source
from .vocab import PersonnelType, Qualifier

TOLERANCE = Decimal("0.005")
"""Two values within 0.5% of each other agree (the extraction scorer uses the same bound)."""

HEADLINE_RULE = (
    "Among readings of the same thing on the same date (compared at the coarser precision): "
    "1) a reading a reviewer pinned; 2) the value most independent reports agree on (within "
    "0.5%; copies of one story are one report, and a derived figure never counts as "
    "agreement); 3) the more credible source (official > wire > outlet > aggregator or "
    "unrated > mirror; a copy counts as its origin, a mirror at most as an outlet); 4) an "
    "exact figure over a hedged one; 5) the most recently published source; 6) the finer "
    "date; 7) the lowest fact id, so the choice is stable."
)

UNSTATED = "unstated"


@dataclass(frozen=True)
class Reading:
    """What one source says about one thing on one date."""

    source_id: str
    date: FuzzyDate
    value: Decimal | None
    unit: str
    qualifier: Qualifier
    facts: tuple[Fact, ...]
    by_type: tuple[tuple[str, Decimal], ...] = ()
    amount_usd: Decimal | None = None
    usd_missing: bool = False
    """Money only: some fact in the reading has no exchange rate."""

    @cached_property
    def fact_ids(self) -> tuple[str, ...]:
        # asked for again and again while headlines are chosen and answers written
        return tuple(f.fact_id for f in self.facts)

    @property
    def pinned(self) -> bool:
        return any(f.pinned for f in self.facts)

    @cached_property
    def derived(self) -> bool:
        """Computed from other facts rather than stated: never agreement with anything."""
        return any(f.is_derived for f in self.facts)


@dataclass(frozen=True)
class Figure:
    """The readings of one report date, and the headline chosen among them."""

    date: FuzzyDate
    chosen: Reading
    readings: tuple[Reading, ...]
    conflict: bool
    reason: str
    """Which step of `HEADLINE_RULE` decided, in words."""

    @property
    def value(self) -> Decimal | None:
        return self.chosen.value

    @property
    def unit(self) -> str:
        return self.chosen.unit


def agree(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), Decimal("1e-9"))


def read_source(source_id: str, date: FuzzyDate, facts: Sequence[Fact]) -> Reading:
    """One source's reading from its facts of one report date.

    A single fact is the reading. Several facts of one source are a breakdown: when the source
    also gives a mixed or untyped figure, its largest such figure is the total (the typed ones
    are parts of it, as in "5,550 people: 5,500 uniformed plus 50 civilians"); otherwise the
    typed figures add up ("20 soldiers and four constables" is 24).
    """
    facts = sorted(facts, key=lambda f: f.fact_id)
    numbered = [f for f in facts if f.value is not None]
    first = facts[0]
    if not numbered:
        return Reading(source_id, date, None, first.unit, first.qualifier, tuple(facts))
    if first.is_money:
        return _read_money(source_id, date, tuple(facts), numbered)
    by_type: dict[str, Decimal] = {}
    for f in numbered:
        key = f.personnel_type.value if f.personnel_type else UNSTATED
        by_type[key] = max(by_type.get(key, Decimal(0)), f.value or Decimal(0))
    totals = [f for f in numbered if f.personnel_type in (None, PersonnelType.MIXED)]
    if totals:
        total_fact = max(totals, key=lambda f: f.value or Decimal(0))
        value = total_fact.value
        qualifier = total_fact.qualifier
    else:
        value = sum((v for v in by_type.values()), Decimal(0))
        qualifier = combine_qualifiers(f.qualifier for f in numbered)
    return Reading(
        source_id, date, value, first.unit, qualifier, tuple(facts), tuple(sorted(by_type.items()))
    )


def _read_money(
    source_id: str, date: FuzzyDate, facts: tuple[Fact, ...], numbered: list[Fact]
) -> Reading:
    currencies = {f.unit for f in numbered}
    value = (
        sum((f.value or Decimal(0) for f in numbered), Decimal(0)) if len(currencies) == 1 else None
    )
    unit = numbered[0].unit if len(currencies) == 1 else "mixed"
    usd_missing = any(f.usd is None or f.usd.status is ConversionStatus.NO_RATE for f in numbered)
    usd = (
        None
        if usd_missing
        else sum((f.usd.amount_usd or Decimal(0) for f in numbered if f.usd), Decimal(0))
    )
    return Reading(
        source_id,
        date,
        value,
        unit,
        combine_qualifiers(f.qualifier for f in numbered),
        facts,
        amount_usd=usd,
        usd_missing=usd_missing,
    )


def combine_qualifiers(qualifiers: Iterable[Qualifier]) -> Qualifier:
    """The qualifier of a sum: exact only if every part is exact; "at least" if every part is
    exact or a floor; "at most" if every part is exact or a ceiling; otherwise "about"."""
    qs = set(qualifiers) - {Qualifier.EXACT}
    if not qs:
        return Qualifier.EXACT
    if qs <= {Qualifier.AT_LEAST}:
        return Qualifier.AT_LEAST
    if qs <= {Qualifier.AT_MOST, Qualifier.UP_TO}:
        return Qualifier.AT_MOST if Qualifier.AT_MOST in qs else Qualifier.UP_TO
    return Qualifier.ABOUT


def _comparable(r: Reading) -> tuple[str, Decimal] | None:
    """The value two readings are compared on: USD when both have it, else the original."""
    if r.amount_usd is not None:
        return ("USD", r.amount_usd)
    if r.value is None:
        return None
    return (r.unit, r.value)


def _same(a: Reading, b: Reading) -> bool:
    ca, cb = _comparable(a), _comparable(b)
    if ca is None or cb is None:
        return False
    if a.amount_usd is not None and b.amount_usd is not None:
        return agree(a.amount_usd, b.amount_usd)
    return ca[0] == cb[0] and agree(ca[1], cb[1])


def report_of(r: Reading, sources: Mapping[str, Source]) -> str:
    """Whose report a reading is: copies of one wire story share it."""
    s = sources.get(r.source_id)
    return s.report if s is not None else r.source_id


def support(r: Reading, readings: Sequence[Reading], sources: Mapping[str, Source]) -> int:
    """How many independent reports agree with `r` (itself included unless derived): distinct
    reports, so two copies of one story are one voice, and never a derived figure."""
    return len({report_of(o, sources) for o in readings if not o.derived and _same(r, o)})


def _any_disagree(numeric: Sequence[Reading]) -> bool:
    """Whether two readings disagree. With one unit throughout, the smallest and the largest
    value are the pair furthest apart (agreement is relative), so checking them is enough."""
    if len(numeric) < 2:
        return False
    keys = {c[0] for r in numeric if (c := _comparable(r)) is not None}
    usd = all(r.amount_usd is not None for r in numeric)
    if usd or len(keys) == 1:
        values = [c[1] for r in numeric if (c := _comparable(r)) is not None]
        return not agree(min(values), max(values))
    return any(not _same(a, b) for i, a in enumerate(numeric) for b in numeric[i + 1 :])


def choose_headline(
    readings: Sequence[Reading], sources: Mapping[str, Source]
) -> tuple[Reading, bool, str]:
    """Pick the headline reading by `HEADLINE_RULE`; also say whether the readings conflict."""
    numeric = [r for r in readings if _comparable(r) is not None]
    pool = numeric or list(readings)
    conflict = _any_disagree(numeric)
    if len(pool) == 1:
        return (
            pool[0],
            conflict,
            "single source" if len(readings) == 1 else "only reading with a figure",
        )

    by_value: dict[tuple[str, Decimal] | None, int] = {}

    def agreeing(r: Reading) -> int:
        c = _comparable(r)  # readings with one value have one count: computed once
        if c not in by_value:
            by_value[c] = support(r, numeric, sources)
        return by_value[c]

    def kind_rank(r: Reading) -> int:
        return rank(sources.get(r.source_id))

    def published(r: Reading) -> tuple[int, int, int]:
        s = sources.get(r.source_id)
        if s is None or s.published is None:
            return (0, 0, 0)
        d = s.published.end
        return (d.year, d.month, d.day)

    steps: list[tuple[str, object]] = [
        ("pinned by a reviewer", lambda r: int(r.pinned)),
        ("the value most independent reports agree on", agreeing),
        ("the more credible source", kind_rank),
        ("exact figure over a hedged one", lambda r: int(r.qualifier is Qualifier.EXACT)),
        ("most recently published source", published),
        ("finer date", lambda r: -int(r.date.precision)),
    ]
    candidates = pool
    used: list[str] = []  # every step that narrowed the choice, so the reason is complete
    for label, key in steps:
        scores = [key(r) for r in candidates]  # type: ignore[operator]
        best = max(scores)
        narrowed = [r for r, sc in zip(candidates, scores, strict=True) if sc == best]
        if len(narrowed) < len(candidates) and len(narrowed) >= 1:
            used.append(label)
            if len(narrowed) == 1:
                return narrowed[0], conflict, "; then ".join(used)
            candidates = narrowed
    chosen = min(candidates, key=lambda r: min(r.fact_ids))
    last = "lowest fact id (readings otherwise equal)" if conflict else "agreeing sources"
    return chosen, conflict, "; then ".join([*used, last])


def make_figure(date: FuzzyDate, facts: Sequence[Fact], sources: Mapping[str, Source]) -> Figure:
    """Group facts of one report date by source and choose the headline among them."""
    by_source: dict[str, list[Fact]] = {}
    for f in facts:
        by_source.setdefault(f.source_id, []).append(f)
    readings = tuple(read_source(sid, date, fs) for sid, fs in sorted(by_source.items()))
    chosen, conflict, reason = choose_headline(readings, sources)
    return Figure(date, chosen, readings, conflict, reason)
