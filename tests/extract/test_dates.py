"""Dates in text, resolved against the publication date, keeping their precision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peaceledger.domain.dates import FuzzyDate, Precision
from peaceledger.extract.dates import DateRole, find_dates, format_date, resolve_weekday

WED_17_JULY_2024 = FuzzyDate.parse("2024-07-17")


def _one(text: str, published: FuzzyDate | None = WED_17_JULY_2024, **kw: bool) -> str | None:
    found = [d for d in find_dates(text, published, **kw) if d.role is DateRole.AT]
    assert len(found) == 1, found
    v = found[0].value
    return v.iso if v else None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("on Tuesday", "2024-07-16"),  # the domain notes' own example
        ("on Wednesday", "2024-07-17"),  # the day of publication itself
        ("last Tuesday", "2024-07-09"),  # the previous calendar week
        ("yesterday", "2024-07-16"),
        ("a week ago", "2024-07-10"),
        ("last month", "2024-06"),
        ("late last month", "2024-06"),
        ("as of mid-2024", "2024-06"),
        ("in January", "2024-01"),
        ("in August", "2023-08"),  # a month after the publication month: last year's
        ("last October", "2023-10"),
        ("early May", "2024-05"),
        ("on 25 June 2024", "2024-06-25"),
        ("June 25, 2024", "2024-06-25"),
        ("on 25 January", "2024-01-25"),
        ("September 12", "2023-09-12"),
        ("in June 2024", "2024-06"),
        ("in 2025", "2025"),
        ("the first half of 2024", "2024-H1"),
        ("the third quarter of 2024", "2024-Q3"),
        ("earlier this month", "2024-07"),
        ("last year", "2023"),
        ("three days ago", "2024-07-14"),
    ],
)
def test_dates(text: str, iso: str) -> None:
    assert _one(f"It happened {text}.") == iso


def test_a_planned_weekday_looks_forwards() -> None:
    tue = FuzzyDate.parse("2024-09-10")
    found = find_dates("Kingston is sending a team on Thursday", tue, future=True)
    assert found[0].value == FuzzyDate.parse("2024-09-12")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("by January", DateRole.TARGET),
        ("within a month", DateRole.TARGET),
        ("extends the mission to October 2, 2025", DateRole.TARGET),
        ("since 2016", DateRole.SINCE),
        ("since January", DateRole.SINCE),
        ("at the same meeting", DateRole.SAME_AS_BEFORE),
        ("so far", DateRole.NOW),
    ],
)
def test_roles(text: str, role: DateRole) -> None:
    assert [d.role for d in find_dates(text, WED_17_JULY_2024)] == [role]


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("The mission may need more officers.", WED_17_JULY_2024) == []


def test_relative_dates_need_a_precise_publication_date() -> None:
    assert _one("on Tuesday", None) is None
    assert _one("on Tuesday", FuzzyDate.parse("2024-07")) is None
    assert _one("on 25 January", FuzzyDate.parse("2024-02")) == "2024-01-25"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), st.integers(0, 6))
def test_weekday_resolution(pub: date, weekday: int) -> None:
    past = resolve_weekday(weekday, pub, "", future=False)
    assert past.weekday() == weekday and timedelta(0) <= pub - past < timedelta(days=7)
    ahead = resolve_weekday(weekday, pub, "", future=True)
    assert ahead.weekday() == weekday and timedelta(0) <= ahead - pub < timedelta(days=7)
    last = resolve_weekday(weekday, pub, "last", future=False)
    assert last.weekday() == weekday and timedelta(1) <= pub - last < timedelta(days=14)


_precisions = st.sampled_from(
    [Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.HALF, Precision.YEAR]
)


@given(st.dates(min_value=date(1960, 1, 1), max_value=date(2099, 12, 31)), _precisions,
       st.sampled_from(["dmy", "mdy"]))  # fmt: skip
def test_dates_round_trip(d: date, precision: Precision, style: str) -> None:
    fuzzy = FuzzyDate.of(d, precision)
    text = format_date(fuzzy, style)  # type: ignore[arg-type]
    found = find_dates(f"It was agreed {text}.", None)
    assert [m.value for m in found] == [fuzzy], text
