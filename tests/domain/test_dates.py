import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peaceledger.domain.dates import FuzzyDate, Precision, parse_fuzzy_date
from peaceledger.errors import InputError


@pytest.mark.parametrize(
    ("text", "start", "precision", "iso"),
    [
        ("2024-06-25", date(2024, 6, 25), Precision.DAY, "2024-06-25"),
        ("2024-06", date(2024, 6, 1), Precision.MONTH, "2024-06"),
        ("2024", date(2024, 1, 1), Precision.YEAR, "2024"),
        ("2024-Q3", date(2024, 7, 1), Precision.QUARTER, "2024-Q3"),
        ("2024q1", date(2024, 1, 1), Precision.QUARTER, "2024-Q1"),
        ("2024-H2", date(2024, 7, 1), Precision.HALF, "2024-H2"),
        ("2024-34", date(2024, 4, 1), Precision.QUARTER, "2024-Q2"),  # ISO 8601-2 quarter
        ("2024-40", date(2024, 1, 1), Precision.HALF, "2024-H1"),  # ISO 8601-2 semester
        ("mid-2024", date(2024, 6, 1), Precision.MONTH, "2024-06"),
        ("early 2025", date(2025, 1, 1), Precision.QUARTER, "2025-Q1"),
        ("late 2024", date(2024, 10, 1), Precision.QUARTER, "2024-Q4"),
        ("end of 2024", date(2024, 12, 1), Precision.MONTH, "2024-12"),
        ("2024-06-26T08:45:00+03:00", date(2024, 6, 26), Precision.DAY, "2024-06-26"),
    ],
)
def test_parse(text: str, start: date, precision: Precision, iso: str) -> None:
    d = parse_fuzzy_date(text)
    assert (d.start, d.precision, d.iso) == (start, precision, iso)


@pytest.mark.parametrize(
    "text", ["", "2024-02-30", "2024-13", "24-06", "June 2024", "2024-Q5", "2023-02-29", "0000"]
)
def test_impossible_or_unknown_dates_are_refused(text: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_fuzzy_date(text)
    assert "not a date" in str(exc.value)


def test_period_end() -> None:
    assert parse_fuzzy_date("2024-02").end == date(2024, 2, 29)
    assert parse_fuzzy_date("2024-Q4").end == date(2024, 12, 31)
    assert parse_fuzzy_date("2025-H1").end == date(2025, 6, 30)
    assert parse_fuzzy_date("2025").end == date(2025, 12, 31)


def test_comparison_is_at_the_coarser_precision() -> None:
    day, month, year = (parse_fuzzy_date(x) for x in ("2024-06-25", "2024-06", "2024"))
    assert day.same_period(month) and month.same_period(day)
    assert day.same_period(year)
    assert not day.is_after(month) and not month.is_after(day)
    assert parse_fuzzy_date("2024-07-01").is_after(month)
    assert parse_fuzzy_date("2024-Q3").is_after(month)
    assert not parse_fuzzy_date("2024-Q2").is_after(month)


def test_as_of_and_known_at_rules() -> None:
    month = parse_fuzzy_date("2025-06")
    assert month.may_be_on_or_before(date(2025, 6, 1))
    assert not month.certainly_on_or_before(date(2025, 6, 29))
    assert month.certainly_on_or_before(date(2025, 6, 30))


def test_start_must_begin_the_period() -> None:
    with pytest.raises(ValueError):
        FuzzyDate(date(2024, 6, 2), Precision.MONTH)


@st.composite
def fuzzy_dates(draw: st.DrawFn) -> FuzzyDate:
    d = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
    return FuzzyDate.of(d, draw(st.sampled_from(list(Precision))))


@given(fuzzy_dates())
def test_iso_round_trips(d: FuzzyDate) -> None:
    assert parse_fuzzy_date(d.iso) == d


@given(fuzzy_dates(), fuzzy_dates())
def test_compare_is_antisymmetric(a: FuzzyDate, b: FuzzyDate) -> None:
    assert a.compare(b) == -b.compare(a)


@given(st.text(max_size=40))
def test_parser_raises_only_input_errors(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_fuzzy_date(text)
