"""Money as FTS and IATI keep it: the original amount and currency, and a derived USD value.

The exchange rate is in units of currency per US dollar (the FTS convention), so
`usd = amount / rate_per_usd`. Every conversion records the rate, the period it is for, what
kind of rate it is and where it comes from. A currency with no rate for the period gives an
explicit `NO_RATE` conversion with no USD amount; it is never filled from a neighbouring month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from .dates import FuzzyDate, Precision

USD = "USD"
CENT = Decimal("0.01")


class RateKind(StrEnum):
    MONTHLY_AVERAGE = "monthly_average"
    MONTH_END = "month_end"
    PEG = "peg"
    ANNUAL_AVERAGE = "annual_average"
    IDENTITY = "identity"


# The preference order of the reference data's README: a period average describes a month
# better than its last day; a statutory peg is exact; an annual average is the fallback.
_MONTH_PREFERENCE = (RateKind.MONTHLY_AVERAGE, RateKind.MONTH_END, RateKind.PEG)


@dataclass(frozen=True)
class FxRate:
    currency: str
    period: str
    """`YYYY-MM` for monthly rates, `YYYY` for annual averages."""
    rate_per_usd: Decimal
    kind: RateKind
    source: str


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return (
            f"{self.amount:,.0f} {self.currency}"
            if self.amount == self.amount.to_integral()
            else f"{self.amount:,} {self.currency}"
        )


class ConversionStatus(StrEnum):
    CONVERTED = "converted"
    NO_RATE = "no_rate"


@dataclass(frozen=True)
class UsdConversion:
    """The USD value of an amount, or the explicit absence of one."""

    status: ConversionStatus
    amount_usd: Decimal | None = None
    rate: FxRate | None = None

    @property
    def rate_per_usd(self) -> Decimal | None:
        return self.rate.rate_per_usd if self.rate else None

    @property
    def rate_date(self) -> str | None:
        return self.rate.period if self.rate else None

    @property
    def rate_source(self) -> str | None:
        return self.rate.source if self.rate else None

    @property
    def rate_kind(self) -> str | None:
        return self.rate.kind.value if self.rate else None


NO_RATE = UsdConversion(ConversionStatus.NO_RATE)


class FxTable:
    """Exchange rates indexed by currency and period; pure, built from reference data."""

    def __init__(self, rates: Iterable[FxRate]) -> None:
        self._rates: dict[tuple[str, str, RateKind], FxRate] = {}
        for r in rates:
            self._rates[(r.currency, r.period, r.kind)] = r

    def __len__(self) -> int:
        return len(self._rates)

    def currencies(self) -> set[str]:
        return {c for c, _, _ in self._rates} | {USD}

    def rate_for(self, currency: str, when: FuzzyDate) -> FxRate | None:
        """The rate for the period of `when`, by the documented preference; None if none."""
        if currency == USD:
            return FxRate(USD, when.iso, Decimal(1), RateKind.IDENTITY, "US dollar: no conversion")
        year = f"{when.start.year:04d}"
        if when.precision <= Precision.MONTH:
            month = f"{when.start.year:04d}-{when.start.month:02d}"
            for kind in _MONTH_PREFERENCE:
                if r := self._rates.get((currency, month, kind)):
                    return r
        return self._rates.get((currency, year, RateKind.ANNUAL_AVERAGE))

    def convert(self, money: Money, when: FuzzyDate | None) -> UsdConversion:
        if when is None:
            return NO_RATE
        rate = self.rate_for(money.currency, when)
        if rate is None:
            return NO_RATE
        usd = (money.amount / rate.rate_per_usd).quantize(CENT, rounding=ROUND_HALF_EVEN)
        return UsdConversion(ConversionStatus.CONVERTED, usd, rate)
