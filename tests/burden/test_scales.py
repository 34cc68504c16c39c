"""The packaged scales, as the apportionment sees them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from peaceledger.burden import RateStatus, ScaleKind, load_scale_book
from peaceledger.errors import InputError

BOOK = load_scale_book()
PK, RB = ScaleKind.PEACEKEEPING, ScaleKind.REGULAR_BUDGET
P5 = ("CHN", "FRA", "GBR", "RUS", "USA")


def rate(kind: ScaleKind, year: int, iso3: str) -> Decimal:
    w = BOOK.scale(kind, year).weights[BOOK.members.index(iso3)]
    return Decimal(int(w)) / 1_000_000


def test_193_states_in_iso3_order() -> None:
    codes = BOOK.members.iso3
    assert len(codes) == 193 == len(set(codes))
    assert list(codes) == sorted(codes)
    assert "HTI" in codes and "KEN" in codes and "PSE" not in codes and "VAT" not in codes


@pytest.mark.parametrize(("kind", "year"), [(k, y) for k in ScaleKind for y in (2025, 2026, 2027)])
def test_every_scale_adds_up_to_100_percent(kind: ScaleKind, year: int) -> None:
    assert int(BOOK.scale(kind, year).weights.sum()) == 100_000_000


def test_verified_derived_and_modelled_are_labelled() -> None:
    assert BOOK.scale(RB, 2026).status is RateStatus.VERIFIED
    assert BOOK.scale(PK, 2025).status is RateStatus.DERIVED
    assert BOOK.scale(PK, 2026).status is RateStatus.DERIVED
    assert BOOK.scale(PK, 2027).status is RateStatus.MODELLED and BOOK.scale(PK, 2027).modelled


def test_p5_premium_covers_the_discounts() -> None:
    """PK rate of a P5 state = RB rate x (100 - non-P5 PK rates) / P5 RB rates (method §3)."""
    for year, factor in ((2025, "1.189018"), (2026, "1.188048")):
        non_p5 = sum(rate(PK, year, c) for c in BOOK.members.iso3 if c not in P5)
        p5_rb = sum(rate(RB, year, c) for c in P5)
        assert p5_rb == Decimal("51.947")
        assert round((100 - non_p5) / p5_rb, 6) == Decimal(factor)
        for c in P5:
            assert abs(rate(PK, year, c) - rate(RB, year, c) * (100 - non_p5) / p5_rb) < Decimal(
                "0.000001"
            )


def test_phase_ins_and_levels() -> None:
    # Czechia: 26.67% off in 2025, 13.33% in 2026, none in 2027 (modelled); Estonia 10%, then 0.
    assert [rate(PK, y, "CZE") for y in (2025, 2026, 2027)] == [
        Decimal("0.252267"),
        Decimal("0.298133"),
        Decimal("0.344"),
    ]
    assert [rate(PK, y, "EST") for y in (2025, 2026)] == [Decimal("0.0405"), Decimal("0.045")]
    assert rate(PK, 2026, "KEN") == rate(RB, 2026, "KEN") * Decimal("0.2")  # level H/I
    assert rate(PK, 2026, "HTI") == rate(RB, 2026, "HTI") * Decimal("0.1")  # level J (LDC)
    assert rate(RB, 2026, "USA") == Decimal(22)
    assert BOOK.members.pk_levels[BOOK.members.index("KEN")] == "H/I"


def test_a_year_without_a_scale_is_bad_input() -> None:
    with pytest.raises(InputError, match="no peacekeeping scale for 2028"):
        BOOK.scale(PK, 2028)
    with pytest.raises(InputError, match="not a UN Member State"):
        BOOK.members.index("EU")
