from decimal import Decimal

from peaceledger.data import load_fx_table
from peaceledger.domain.dates import parse_fuzzy_date as d
from peaceledger.domain.money import ConversionStatus, FxRate, FxTable, Money, RateKind


def test_ksh_77_billion_in_january_2025_is_about_595_million() -> None:
    conv = load_fx_table().convert(Money(Decimal("77e9"), "KES"), d("2025-01"))
    assert conv.status is ConversionStatus.CONVERTED
    assert conv.rate is not None and conv.rate.rate_per_usd == Decimal("129.39")
    assert conv.rate.kind is RateKind.MONTHLY_AVERAGE
    assert abs(conv.amount_usd - Decimal("595.1e6")) < Decimal("0.1e6")  # type: ignore[operator]
    assert "centralbank.go.ke" in conv.rate.source


def test_preference_monthly_average_then_month_end_then_peg_then_annual() -> None:
    table = FxTable(
        [
            FxRate("XXX", "2024-01", Decimal(2), RateKind.MONTH_END, "end"),
            FxRate("XXX", "2024-01", Decimal(3), RateKind.MONTHLY_AVERAGE, "avg"),
            FxRate("XXX", "2024-02", Decimal(5), RateKind.MONTH_END, "end"),
            FxRate("XXX", "2024", Decimal(7), RateKind.ANNUAL_AVERAGE, "annual"),
        ]
    )
    assert table.rate_for("XXX", d("2024-01-15")).source == "avg"  # type: ignore[union-attr]
    assert table.rate_for("XXX", d("2024-02")).source == "end"  # type: ignore[union-attr]
    assert table.rate_for("XXX", d("2024-03")).source == "annual"  # type: ignore[union-attr]
    assert table.rate_for("XXX", d("2024")).source == "annual"  # type: ignore[union-attr]
    assert table.rate_for("XXX", d("2024-Q2")).source == "annual"  # type: ignore[union-attr]


def test_missing_rate_is_explicit_and_never_borrowed_from_another_month() -> None:
    fx = load_fx_table()
    # KES monthly averages stop in 2026-07 and there is no 2026 annual average
    conv = fx.convert(Money(Decimal(1000), "KES"), d("2026-09"))
    assert conv.status is ConversionStatus.NO_RATE and conv.amount_usd is None
    assert fx.convert(Money(Decimal(1), "XYZ"), d("2024-01")).status is ConversionStatus.NO_RATE


def test_usd_is_identity() -> None:
    conv = load_fx_table().convert(Money(Decimal("15e6"), "USD"), d("2025-02-04"))
    assert conv.amount_usd == Decimal("15000000.00") and conv.rate_kind == "identity"


def test_pegs() -> None:
    conv = load_fx_table().convert(Money(Decimal(100), "BZD"), d("2026-10"))
    assert conv.amount_usd == Decimal("50.00") and conv.rate_kind == "peg"
