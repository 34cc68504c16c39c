"""Budget periods: parsing them, and splitting a budget into calendar-year segments.

The UN assesses a budget that runs across calendar years at each year's rates: UNSOH's
US$271,328,700 for 1 October 2025 to 30 June 2026 was billed as US$90,442,900 at 2025 rates
and US$180,885,800 at 2026 rates, exactly 3 and 6 of its 9 months. So the default split is by
months, a part-month counting as its share of that month's days; splitting by days is an
option. A budget already given per period (explicit segments) is split only where a segment
itself crosses a year end.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..domain.dates import parse_fuzzy_date
from ..errors import InputError
from .apportion import split_whole

_MONTH_UNIT = 377_580
"""The least common multiple of 28, 29, 30 and 31: a whole number of units for every day of
every month, so month fractions stay exact integers."""


class SplitRule(StrEnum):
    MONTHS = "months"
    DAYS = "days"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InputError(f"the period ends ({self.end}) before it starts ({self.start})")

    def __str__(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}"


@dataclass(frozen=True)
class Segment:
    """A part of the budget inside one calendar year, assessed at that year's rates."""

    period: Period
    amount_usd: int

    @property
    def year(self) -> int:
        return self.period.start.year


def parse_period(text: str, where: str = "--period") -> Period:
    """`2026`, `2026-03`, `2025-10-01:2026-06-30` or `2025-10:2026-06` (a start and an end of
    any ISO precision: the first day of the first, the last day of the second)."""
    left, sep, right = text.strip().partition(":")
    try:
        first = parse_fuzzy_date(left)
        last = parse_fuzzy_date(right) if sep else first
    except InputError as exc:
        raise InputError(
            f"{exc.problem} (expected e.g. 2026 or 2025-10-01:2026-06-30)", where
        ) from None
    try:
        return Period(first.start, last.end)
    except InputError as exc:
        raise InputError(exc.problem, where) from None


def _weight(start: date, end: date, rule: SplitRule) -> int:
    """The size of [start, end] inside one month, in the rule's unit."""
    days = (end - start).days + 1
    if rule is SplitRule.DAYS:
        return days
    return days * (_MONTH_UNIT // calendar.monthrange(start.year, start.month)[1])


def _months(period: Period) -> list[tuple[date, date]]:
    out: list[tuple[date, date]] = []
    cur = period.start
    while cur <= period.end:
        last = date(cur.year, cur.month, calendar.monthrange(cur.year, cur.month)[1])
        out.append((cur, min(last, period.end)))
        cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
    return out


def by_year(period: Period) -> list[Period]:
    """The parts of a period inside each calendar year."""
    return [
        Period(max(period.start, date(y, 1, 1)), min(period.end, date(y, 12, 31)))
        for y in range(period.start.year, period.end.year + 1)
    ]


def split_period(amount_usd: int, period: Period, rule: SplitRule) -> list[Segment]:
    """Whole dollars per calendar year, in proportion to the months (or days) in each."""
    parts = by_year(period)
    if len(parts) == 1:
        return [Segment(period, amount_usd)]
    weights = [sum(_weight(a, b, rule) for a, b in _months(p)) for p in parts]
    return [Segment(p, a) for p, a in zip(parts, split_whole(amount_usd, weights), strict=True)]


def split_segments(
    segments: Sequence[tuple[Period, int]], rule: SplitRule = SplitRule.MONTHS
) -> list[Segment]:
    """Explicit (period, amount) parts kept as given, except across a year end."""
    return [seg for period, amount in segments for seg in split_period(amount, period, rule)]
