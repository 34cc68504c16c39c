"""Dates that keep their precision.

"mid-2024", "in 2025" and "late last month" are not days. A `FuzzyDate` is a period (its first
day and a precision); it prints as ISO 8601 where ISO has a form (`2024`, `2024-06`,
`2024-06-25`) and as `2024-Q2` / `2024-H1` for quarters and halves. ISO 8601-2 (EDTF) sub-year
groupings (`2024-34` = second quarter, `2024-40` = first half) are read too.

Two dates of different precision are compared at the coarser one: "2024-06-25" and "2024-06"
are the same month, so neither is before the other. That is the rule of the domain notes; it
avoids inventing a day the source never gave.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum

from ..errors import InputError


class Precision(IntEnum):
    """Ordered from finest to coarsest, so `max()` gives the coarser of two."""

    DAY = 0
    MONTH = 1
    QUARTER = 2
    HALF = 3
    YEAR = 4

    @property
    def label(self) -> str:
        return self.name.lower()


_MONTHS_IN = {Precision.MONTH: 1, Precision.QUARTER: 3, Precision.HALF: 6, Precision.YEAR: 12}


def _period_start(d: date, precision: Precision) -> date:
    if precision is Precision.DAY:
        return d
    if precision is Precision.YEAR:
        return date(d.year, 1, 1)
    span = _MONTHS_IN[precision]
    return date(d.year, (d.month - 1) // span * span + 1, 1)


@dataclass(frozen=True, order=False)
class FuzzyDate:
    """A period: the first day and how precise the date is."""

    start: date
    precision: Precision

    def __post_init__(self) -> None:
        if _period_start(self.start, self.precision) != self.start:
            raise ValueError(f"{self.start} is not the start of a {self.precision.label}")

    # construction -----------------------------------------------------------------------
    @classmethod
    def of(cls, d: date, precision: Precision = Precision.DAY) -> FuzzyDate:
        return cls(_period_start(d, precision), precision)

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        return parse_fuzzy_date(text)

    # the period ---------------------------------------------------------------------------
    @property
    def end(self) -> date:
        """The last day of the period."""
        if self.precision is Precision.DAY:
            return self.start
        months = _MONTHS_IN[self.precision]
        last_month = self.start.month + months - 1
        return date(
            self.start.year, last_month, calendar.monthrange(self.start.year, last_month)[1]
        )

    @property
    def iso(self) -> str:
        s = self.start
        match self.precision:
            case Precision.DAY:
                return s.isoformat()
            case Precision.MONTH:
                return f"{s.year:04d}-{s.month:02d}"
            case Precision.QUARTER:
                return f"{s.year:04d}-Q{(s.month - 1) // 3 + 1}"
            case Precision.HALF:
                return f"{s.year:04d}-H{(s.month - 1) // 6 + 1}"
            case _:
                return f"{s.year:04d}"

    def __str__(self) -> str:
        return self.iso

    def coarsened(self, precision: Precision) -> FuzzyDate:
        """The same date at a coarser precision (a finer one is returned unchanged)."""
        if precision <= self.precision:
            return self
        return FuzzyDate(_period_start(self.start, precision), precision)

    # comparison at the coarser precision ----------------------------------------------------
    def compare(self, other: FuzzyDate) -> int:
        """-1, 0 or 1 comparing at the coarser of the two precisions."""
        p = max(self.precision, other.precision)
        a, b = self.coarsened(p).start, other.coarsened(p).start
        return (a > b) - (a < b)

    def same_period(self, other: FuzzyDate) -> bool:
        return self.compare(other) == 0

    def is_after(self, other: FuzzyDate) -> bool:
        return self.compare(other) > 0

    def may_be_on_or_before(self, d: date) -> bool:
        """True when the period starts on or before `d` (equal at the coarser precision)."""
        return self.start <= d

    def certainly_on_or_before(self, d: date) -> bool:
        """True when the whole period has ended by `d`."""
        return self.end <= d

    def sort_key(self) -> tuple[date, int]:
        """Chronological order; at an equal start the finer (more recent-looking) date last."""
        return (self.start, -int(self.precision))


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-?[HS]([12])$", re.IGNORECASE)
_WORDY = re.compile(
    r"^(?P<when>mid|early|late|end(?: of)?|start(?: of)?|beginning of|first half(?: of)?|"
    r"second half(?: of)?)[\s-]+(?P<year>\d{4})$",
    re.IGNORECASE,
)
_EDTF_QUARTER = {33: 1, 34: 2, 35: 3, 36: 4}
_EDTF_HALF = {40: 1, 41: 2}


def _bad(text: str, why: str) -> InputError:
    return InputError(f"not a date: {text!r} ({why})")


def parse_fuzzy_date(text: str) -> FuzzyDate:
    """Read an ISO 8601 date of any precision, a quarter, a half, or "mid-2024".

    Raises `InputError` for anything else, including impossible dates such as 2024-02-30.
    """
    raw = text
    text = text.strip()
    if not text:
        raise _bad(raw, "empty")
    try:
        if m := _ISO_DAY.match(text):
            return FuzzyDate(date(int(m[1]), int(m[2]), int(m[3])), Precision.DAY)
        if m := _ISO_MONTH.match(text):
            year, sub = int(m[1]), int(m[2])
            if sub in _EDTF_QUARTER:
                return FuzzyDate(date(year, (_EDTF_QUARTER[sub] - 1) * 3 + 1, 1), Precision.QUARTER)
            if sub in _EDTF_HALF:
                return FuzzyDate(date(year, (_EDTF_HALF[sub] - 1) * 6 + 1, 1), Precision.HALF)
            return FuzzyDate(date(year, sub, 1), Precision.MONTH)
        if m := _YEAR.match(text):
            return FuzzyDate(date(int(m[1]), 1, 1), Precision.YEAR)
        if m := _QUARTER.match(text):
            return FuzzyDate(date(int(m[1]), (int(m[2]) - 1) * 3 + 1, 1), Precision.QUARTER)
        if m := _HALF.match(text):
            return FuzzyDate(date(int(m[1]), (int(m[2]) - 1) * 6 + 1, 1), Precision.HALF)
        if m := _WORDY.match(text):
            return _wordy(m["when"].lower(), int(m["year"]))
    except ValueError as exc:  # date() refused the numbers: month 13, 30 February, year 0
        raise _bad(raw, str(exc)) from None
    raise _bad(raw, "expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, YYYY-Hn or mid-YYYY")


def _wordy(when: str, year: int) -> FuzzyDate:
    """Phrases analysts write for periods; each maps to the narrowest honest period."""
    if when == "mid":
        # the turn of June and July; June at month precision (a month-level comparison
        # treats July as adjacent, which is how the phrase is used)
        return FuzzyDate(date(year, 6, 1), Precision.MONTH)
    if when in ("early", "start", "start of", "beginning of"):
        return FuzzyDate(date(year, 1, 1), Precision.QUARTER)
    if when in ("late",):
        return FuzzyDate(date(year, 10, 1), Precision.QUARTER)
    if when in ("end", "end of"):
        return FuzzyDate(date(year, 12, 1), Precision.MONTH)
    if when.startswith("first half"):
        return FuzzyDate(date(year, 1, 1), Precision.HALF)
    return FuzzyDate(date(year, 7, 1), Precision.HALF)


def parse_optional_date(text: str | None) -> FuzzyDate | None:
    if text is None or not str(text).strip():
        return None
    return parse_fuzzy_date(str(text))


def day_before(d: date) -> date:
    return d - timedelta(days=1)
