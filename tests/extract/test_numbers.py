"""Numbers, money and their formatters: what is written can be read back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peaceledger.extract.money import PREFIXES, find_money, format_money
from peaceledger.extract.numbers import find_numbers, format_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", 1000),
        ("400", 400),
        ("77 billion", 77_000_000_000),
        ("1.5 million", 1_500_000),
        ("600m", 600_000_000),
        ("four hundred", 400),
        ("two dozen", 24),
        ("a dozen", 12),
        ("a thousand", 1000),
        ("twenty-five", 25),
        ("two hundred and fifty", 250),
        ("one million two hundred thousand", 1_200_000),
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "a", "few", "hundreds", "one and two", "1,00"])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_find_numbers_skips_fractions_and_vague_amounts() -> None:
    text = "about one-sixth of the force, the same few hundred officers, a 26-year-old"
    assert [n.value for n in find_numbers(text)] == [26]


def test_one_and_two_are_two_numbers() -> None:
    assert [n.value for n in find_numbers("one and two")] == [1, 2]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("US$15m", 15_000_000, "USD"),
        ("$600m", 600_000_000, "USD"),
        ("$600 million", 600_000_000, "USD"),
        ("C$80.5 million", 80_500_000, "CAD"),
        ("CA$5.7 million", 5_700_000, "CAD"),
        ("Ksh.77 billion", 77_000_000_000, "KES"),
        ("KSh 36.5bn", 36_500_000_000, "KES"),
        ("Sh91 billion", 91_000_000_000, "KES"),
        ("€3 million", 3_000_000, "EUR"),
        ("€850,000", 850_000, "EUR"),
        ("£5m", 5_000_000, "GBP"),
        ("¥1 billion", 1_000_000_000, "JPY"),
        ("J$157.85", Decimal("157.85"), "JMD"),
        ("B$3 million", 3_000_000, "BSD"),
        ("10 million Canadian dollars", 10_000_000, "CAD"),
        ("a million dollars", 1_000_000, "USD"),
        ("USD 40.7 million", 40_700_000, "USD"),
    ],
)
def test_currency_forms(text: str, amount: Decimal | int, currency: str) -> None:
    [m] = find_money(f"They gave {text} on Monday.")
    assert (m.amount, m.currency) == (amount, currency)


def test_bare_dollar_is_usd_and_prefixes_win() -> None:
    found = find_money("C$5 million and $5 million")
    assert [m.currency for m in found] == ["CAD", "USD"]


_amounts = st.builds(
    lambda units, cents: Decimal(units) + Decimal(cents) / 100,
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=0, max_value=99),
)


@given(st.integers(min_value=0, max_value=10**14), st.sampled_from(["digits", "words", "scaled"]))
def test_numbers_round_trip(n: int, style: str) -> None:
    text = format_number(Decimal(n), style)  # type: ignore[arg-type]
    assert parse_number(text) == n
    found = find_numbers(f"there were {text} of them")
    assert found and found[0].value == n


@given(_amounts)
def test_decimal_digits_round_trip(v: Decimal) -> None:
    assert parse_number(format_number(v)) == v


@given(
    _amounts,
    st.sampled_from(["USD", "CAD", "KES", "EUR", "GBP", "JMD", "BSD", "BZD"]),
    st.sampled_from(["symbol", "short", "words", "code"]),
)
def test_money_round_trip(amount: Decimal, currency: str, style: str) -> None:
    text = format_money(amount, currency, style)  # type: ignore[arg-type]
    found = find_money(f"It pledged {text} to the fund.")
    assert len(found) == 1, text
    assert (found[0].amount, found[0].currency) == (amount, currency), text


def test_every_prefix_maps_to_a_currency_code() -> None:
    from peaceledger.data.catalogue import currency_codes

    assert set(PREFIXES.values()) <= currency_codes()
