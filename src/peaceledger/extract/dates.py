"""Date expressions in a sentence, resolved against the publication date, keeping precision.

"On Tuesday" in an article published Wednesday 17 July 2024 is 16 July 2024 (day); "last month"
is June 2024 (month); "mid-2024" is June 2024 at month precision (as `FuzzyDate` reads it); "in
2025" is the year. Expressions that name a target or a start ("by January", "within a month",
"since 2016", "until October") are found too, so that they are not taken for the date of a
fact, but they carry `role` TARGET or SINCE.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from ..domain.dates import FuzzyDate, Precision

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_PART = r"(?P<part>early|mid|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|" \
    r"the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of)"  # fmt: skip

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})"
                       rf"(?:,?\s+(?P<y>{_YEAR}))?\b")),
    ("mdy", re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d,]\d)"
                       rf"(?:,?\s+(?P<y>{_YEAR}))?\b")),
    ("part_year", re.compile(rf"\b{_PART}[\s-]+(?P<y>{_YEAR})\b", re.I)),
    ("half_year", re.compile(rf"\b(?:the\s+)?(?P<h>first|second)\s+half\s+of\s+(?P<y>{_YEAR})\b",
                             re.I)),
    ("quarter_year", re.compile(rf"\b(?:the\s+)?(?P<q>first|second|third|fourth)\s+quarter\s+"
                                rf"of\s+(?P<y>{_YEAR})\b|\bQ(?P<qn>[1-4])\s+(?P<y2>{_YEAR})\b",
                                re.I)),
    ("part_month", re.compile(rf"\b{_PART}[\s-]+(?P<last>last\s+month|this\s+month)\b", re.I)),
    ("month_year", re.compile(rf"\b(?:{_PART}[\s-]+)?(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b")),
    ("month", re.compile(rf"(?:\b(?P<pre>in|since|by|until|till|through|during|from|of|last|next|"
                         rf"this|as\s+of|between|and|to|before|after|on|early|mid|late|end\s+of|"
                         rf"early-|mid-|late-)\s+|\b(?P<part2>early|mid|late)-)(?P<m>{_MONTH})\b(?!\s+\d)")),
    ("weekday", re.compile(rf"\b(?:(?P<rel>last|this|next|on|late|early)\s+)?(?P<w>{_WEEKDAY})"
                           rf"(?:'s)?\b(?:\s+(?P<tod>morning|afternoon|evening|night))?")),
    ("year", re.compile(rf"\b(?:(?P<pre>in|since|by|until|during|through|for|of|as\s+of|from|"
                        rf"before|after|throughout)\s+)?(?P<y>{_YEAR})\b(?![\d,-]\d)")),
    ("relative", re.compile(
        r"\b(?P<rel>yesterday|today|tonight|this\s+week|last\s+week|a\s+week\s+ago|"
        r"(?P<n>two|three|four|five|six|2|3|4|5|6)\s+(?P<unit>days|weeks|months)\s+ago|"
        r"earlier\s+this\s+(?:week|month|year)|last\s+month|this\s+month|next\s+month|"
        r"last\s+year|this\s+year|next\s+year|next\s+week|so\s+far|to\s+date|currently|"
        r"(?:at|in)\s+(?:the|that)\s+same\s+(?:meeting|time|event|session|summit|conference|day)|"
        r"the\s+same\s+day|that\s+day|within\s+(?:a|the\s+next|\w+)\s+(?:days?|weeks?|months?)|"
        r"in\s+the\s+coming\s+(?:days|weeks|months))\b", re.I)),
]  # fmt: skip

_HAS_MONTH = re.compile(_MONTH)
_GATES: dict[str, re.Pattern[str]] = {
    "dmy": _HAS_MONTH,
    "mdy": _HAS_MONTH,
    "month_year": _HAS_MONTH,
    "month": _HAS_MONTH,
    "part_year": re.compile(r"(?:19|20)\d\d"),
    "half_year": re.compile(r"half", re.I),
    "quarter_year": re.compile(r"quarter|Q[1-4]", re.I),
    "part_month": re.compile(r"month", re.I),
    "weekday": re.compile(r"day\b"),
    "year": re.compile(r"(?:19|20)\d\d"),
    "relative": re.compile(
        r"day|week|month|year|ago|so\s+far|to\s+date|currently|same|within|coming", re.I
    ),
}
"""Cheap tests that rule a pattern out before it scans the sentence."""

_TARGET_BEFORE = re.compile(
    r"\b(?:by|until|till|through|to|before|within|as\s+early\s+as|no\s+later\s+than|expires?\s+"
    r"(?:on|in)?|extends?\s+\w+\s+\w+\s+to|end\s+in)\s*(?:the\s+end\s+of\s+|early\s+|late\s+|"
    r"mid-?)?$",
    re.I,
)
_SINCE_BEFORE = re.compile(
    r"\b(?:since|from|starting)\s*$|\bsince\s+(?:the\s+)?\w+\s+(?:\w+\s+)?(?:began|started|"
    r"arrived|deployed|opened|was\s+\w+)\s+(?:in\s+|on\s+)?$|"
    r"\bsince\s+(?:the\s+)?(?:[\w-]+\s+){1,4}?(?:took\s+over|began|started|arrived|"
    r"deployed|landed|launched|was\s+\w+|were\s+\w+)\s+(?:in\s+|on\s+)?$",
    re.I,
)


class DateRole(StrEnum):
    AT = "at"
    """The date a fact refers to."""
    TARGET = "target"
    """A deadline or plan: "by January", "within a month"."""
    SINCE = "since"
    """The start of a period: "since 2016"."""
    SAME_AS_BEFORE = "same"
    """ "At the same meeting": the date of the previous sentence."""
    NOW = "now"
    """ "So far", "currently": the publication date."""


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: FuzzyDate | None
    """None when it needs a publication date that is unknown or too coarse."""
    role: DateRole
    explicit: bool = True


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_months(y: int, m: int, delta: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + delta
    return n // 12, n % 12 + 1


def _day_of(pub: FuzzyDate | None) -> date | None:
    return pub.start if pub is not None and pub.precision is Precision.DAY else None


def _year_for_month(month: int, pub: FuzzyDate | None, future: bool, strict: bool) -> int | None:
    """The year of a month named without one: the latest such month not after the publication
    month (strictly before with `strict`, e.g. "last October"); the next one for plans."""
    if pub is None:
        return None
    y, pm = pub.start.year, pub.start.month
    if future:
        return y if month >= pm else y + 1
    if strict:
        return y if month < pm else y - 1
    return y if month <= pm else y - 1


def resolve_weekday(weekday: int, pub: date, rel: str, future: bool) -> date:
    """The date of a weekday named relative to the publication day.

    Plain "on Tuesday" is the latest Tuesday on or before publication (news reports what
    happened); with a future verb ("is sending ... on Thursday") it is the next one on or after.
    "Last Tuesday" is the Tuesday of the previous calendar week, "next Tuesday" of the next.
    """
    monday = pub - timedelta(days=pub.weekday())
    if rel == "last":
        return monday - timedelta(days=7) + timedelta(days=weekday)
    if rel == "next":
        return monday + timedelta(days=7 + weekday)
    if rel == "this":
        return monday + timedelta(days=weekday)
    back = (pub.weekday() - weekday) % 7
    if future and back:
        return pub + timedelta(days=7 - back)
    return pub - timedelta(days=back)


def _role(sentence: str, start: int) -> DateRole:
    before = sentence[max(0, start - 40) : start]
    if _TARGET_BEFORE.search(before):
        return DateRole.TARGET
    if _SINCE_BEFORE.search(sentence[max(0, start - 70) : start]):
        return DateRole.SINCE
    return DateRole.AT


def _mention(
    kind: str, m: re.Match[str], sentence: str, pub: FuzzyDate | None, future: bool
) -> DateMention | None:
    role = _role(sentence, m.start())
    g = m.groupdict()
    pday = _day_of(pub)
    value: FuzzyDate | None = None
    if kind in ("dmy", "mdy"):
        month = MONTHS[g["m"].lower().rstrip(".")]
        day = int(g["d"])
        if not 1 <= day <= 31:
            return None
        year = int(g["y"]) if g["y"] else _year_for_day(month, day, pub, future)
        if year is None or day > _last_day(year, month):
            return DateMention(m.start(), m.end(), None, role)
        value = FuzzyDate(date(year, month, day), Precision.DAY)
    elif kind == "part_year":
        value = FuzzyDate.parse(f"{_norm_part(g['part'])} {g['y']}")
    elif kind == "half_year":
        h = 1 if g["h"].lower() == "first" else 2
        value = FuzzyDate(date(int(g["y"]), 1 + 6 * (h - 1), 1), Precision.HALF)
    elif kind == "quarter_year":
        q = (
            int(g["qn"])
            if g["qn"]
            else ["first", "second", "third", "fourth"].index(g["q"].lower()) + 1
        )
        y = int(g["y"] or g["y2"])
        value = FuzzyDate(date(y, 3 * (q - 1) + 1, 1), Precision.QUARTER)
    elif kind == "part_month":
        if pub is None:
            return DateMention(m.start(), m.end(), None, role)
        delta = -1 if g["last"].lower().startswith("last") else 0
        y, mo = _add_months(pub.start.year, pub.start.month, delta)
        value = FuzzyDate(date(y, mo, 1), Precision.MONTH)
    elif kind == "month_year":
        value = FuzzyDate(date(int(g["y"]), MONTHS[g["m"].lower().rstrip(".")], 1), Precision.MONTH)
    elif kind == "month":
        if g["m"] == "May" and not (g["pre"] or g["part2"]):
            return None
        pre = (g["pre"] or "").lower()
        if pre in ("by", "until", "till", "before", "to"):
            role = DateRole.TARGET
        elif pre in ("since", "from"):
            role = DateRole.SINCE
        month = MONTHS[g["m"].lower().rstrip(".")]
        fut = future or pre == "next" or role is DateRole.TARGET
        year = _year_for_month(month, pub, fut, strict=pre == "last")
        if year is None:
            return DateMention(m.start(), m.end(), None, role)
        value = FuzzyDate(date(year, month, 1), Precision.MONTH)
        if fut and role is DateRole.AT and pub is not None and value.start > pub.start:
            role = DateRole.TARGET  # "will deploy 600 officers in January": when, not yet true
    elif kind == "weekday":
        if pday is None:
            return DateMention(m.start(), m.end(), None, role)
        rel = (g["rel"] or "").lower()
        value = FuzzyDate(
            resolve_weekday(WEEKDAYS[g["w"].lower()], pday, rel, future), Precision.DAY
        )
    elif kind == "year":
        pre = (g["pre"] or "").lower()
        if pre in ("by", "until", "before"):
            role = DateRole.TARGET
        elif pre in ("since", "from"):
            role = DateRole.SINCE
        value = FuzzyDate(date(int(g["y"]), 1, 1), Precision.YEAR)
    elif kind == "relative":
        return _relative(m, sentence, pub)
    return DateMention(m.start(), m.end(), value, role)


def _norm_part(part: str) -> str:
    p = re.sub(r"\s+", " ", part.lower()).removeprefix("the ")
    return {"middle of": "mid", "beginning of": "start of"}.get(p, p)


def _year_for_day(month: int, day: int, pub: FuzzyDate | None, future: bool) -> int | None:
    if pub is None:
        return None
    y = pub.start.year
    try:
        candidate = date(y, month, day)
    except ValueError:
        return y
    ref = pub.end
    if future:
        return y if candidate >= pub.start - timedelta(days=7) else y + 1
    return y if candidate <= ref + timedelta(days=14) else y - 1


def _relative(m: re.Match[str], sentence: str, pub: FuzzyDate | None) -> DateMention:
    rel = re.sub(r"\s+", " ", m.group("rel").lower())
    s, e = m.start(), m.end()
    if rel.startswith(("within", "in the coming", "next")):
        return DateMention(s, e, None, DateRole.TARGET)
    if "same" in rel or rel == "that day":
        return DateMention(s, e, None, DateRole.SAME_AS_BEFORE)
    if rel in ("so far", "to date", "currently"):
        return DateMention(s, e, pub, DateRole.NOW, explicit=False)
    if pub is None:
        return DateMention(s, e, None, DateRole.AT)
    day = _day_of(pub)
    if rel in ("today", "tonight"):
        return DateMention(s, e, pub, DateRole.AT)
    if rel == "yesterday":
        yday = FuzzyDate(day - timedelta(days=1), Precision.DAY) if day else pub
        return DateMention(s, e, yday, DateRole.AT)
    if rel in ("this week", "earlier this week"):
        return DateMention(s, e, pub, DateRole.AT)
    if rel in ("last week", "a week ago"):
        v = FuzzyDate(day - timedelta(days=7), Precision.DAY) if day else None
        return DateMention(s, e, v, DateRole.AT)
    if rel.endswith(" ago"):
        n = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(m.group("n").lower())
        n = n or int(m.group("n"))
        unit = m.group("unit").lower()
        if unit == "months":
            y, mo = _add_months(pub.start.year, pub.start.month, -n)
            return DateMention(s, e, FuzzyDate(date(y, mo, 1), Precision.MONTH), DateRole.AT)
        if day is None:
            return DateMention(s, e, None, DateRole.AT)
        days = n * (7 if unit == "weeks" else 1)
        return DateMention(s, e, FuzzyDate(day - timedelta(days=days), Precision.DAY), DateRole.AT)
    if rel in ("last month", "this month", "earlier this month"):
        delta = -1 if rel == "last month" else 0
        y, mo = _add_months(pub.start.year, pub.start.month, delta)
        return DateMention(s, e, FuzzyDate(date(y, mo, 1), Precision.MONTH), DateRole.AT)
    if rel in ("last year", "this year", "earlier this year"):
        y = pub.start.year - (1 if rel == "last year" else 0)
        return DateMention(s, e, FuzzyDate(date(y, 1, 1), Precision.YEAR), DateRole.AT)
    return DateMention(s, e, None, DateRole.AT)  # pragma: no cover - all alternatives handled


def find_dates(
    sentence: str,
    published: FuzzyDate | None,
    *,
    future: bool | Callable[[int], bool] = False,
) -> list[DateMention]:
    """Date expressions in `sentence`, left to right; where two overlap the earlier pattern
    (the more specific one) wins. `future` says, for a position, whether its clause speaks of
    a plan ("is sending ... on Thursday"), which turns a bare weekday or month forwards.

    "Early May" and "late June" stay at month precision: the month is the honest period.
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        if not _GATES[kind].search(sentence):
            continue
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            fut = future(m.start()) if callable(future) else future
            mention = _mention(kind, m, sentence, published, fut)
            if mention is None:
                continue
            found.append(mention)
            taken.append((m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


# --- formatting (the inverse, for tests) -------------------------------------------------

DateStyle = Literal["dmy", "mdy", "iso_words"]


def format_date(d: FuzzyDate, style: DateStyle = "dmy") -> str:
    """Write a date as the press would, at its precision ("25 June 2024", "June 2024",
    "2024", "the second half of 2024", "the first quarter of 2024")."""
    s = d.start
    month = calendar.month_name[s.month]
    match d.precision:
        case Precision.DAY:
            return f"{s.day} {month} {s.year}" if style == "dmy" else f"{month} {s.day}, {s.year}"
        case Precision.MONTH:
            return f"{month} {s.year}"
        case Precision.QUARTER:
            q = ["first", "second", "third", "fourth"][(s.month - 1) // 3]
            return f"the {q} quarter of {s.year}"
        case Precision.HALF:
            return f"the {'first' if s.month == 1 else 'second'} half of {s.year}"
        case _:
            return f"in {s.year}"
