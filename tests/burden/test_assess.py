"""The funding models on real UN scales: the figures the issue asks to see."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from peaceledger.burden import (
    FundingModel,
    Period,
    ScaleKind,
    SplitRule,
    assess,
    burden_shares,
    compare_models,
    load_scale_book,
    parse_amount,
    parse_period,
)
from peaceledger.burden.periods import split_period
from peaceledger.data import load_fx_table
from peaceledger.errors import InputError

BOOK = load_scale_book()
CASES = Path(__file__).parent / "cases"
UNSOH_SEGMENTS = [("2025-10-01:2025-12-31", 90_442_900), ("2026-01-01:2026-06-30", 180_885_800)]


def unsoh(**kw: object) -> pd.DataFrame:
    return assess(BOOK, segments=UNSOH_SEGMENTS, **kw).to_frame()  # type: ignore[arg-type]


def test_100_million_in_2026_on_the_peacekeeping_scale() -> None:
    frame = burden_shares(100_000_000, period="2026")
    assert len(frame) == 193
    assert int(frame["assessed_usd"].sum()) == 100_000_000
    assert frame["assessed_usd"].dtype.kind == "i"
    assert frame.loc["USA", "assessed_usd"] == 26_137_061  # about 26.14 million
    assert frame.loc["CHN", "assessed_usd"] == 23_765_717  # about 23.77 million
    assert frame.loc["KEN", "assessed_usd"] == 7_400
    # the method note's worked example (§4)
    assert frame.loc["JPN", "assessed_usd"] == 6_930_000
    assert frame.loc["BHS", "assessed_usd"] == 13_875
    assert frame.loc["JAM", "assessed_usd"] == 1_400
    assert frame.loc["HTI", "assessed_usd"] == 600


def test_unsoh_periods_are_assessed_at_each_years_rates_and_add_up() -> None:
    report = assess(BOOK, segments=UNSOH_SEGMENTS)
    frame = report.to_frame()
    q4 = frame["assessed_usd_2025-10-01_2025-12-31"]
    h1 = frame["assessed_usd_2026-01-01_2026-06-30"]
    assert int(q4.sum()) == 90_442_900 and int(h1.sum()) == 180_885_800
    assert int(frame["assessed_usd"].sum()) == 271_328_700
    # each period within a dollar of rate x amount, at that year's rates
    assert ((q4 - frame["rate_2025_percent"] * 904_429).abs() < 1).all()
    assert ((h1 - frame["rate_2026_percent"] * 1_808_858).abs() < 1).all()
    assert frame.loc["USA", "assessed_usd"] == 70_936_640


def test_unsoh_reproduces_what_the_un_billed_to_within_a_dollar() -> None:
    """Against the UN's own per-state bills for 14 states (cases/README.md says where from)."""
    frame = unsoh()
    with (CASES / "unsoh_billed_sample.csv").open(encoding="utf-8") as fh:
        billed = {r["iso3"]: int(r["unsoh_gross_usd"]) for r in csv.DictReader(fh)}
    assert len(billed) == 14
    diffs = {c: int(frame.loc[c, "assessed_usd"]) - amount for c, amount in billed.items()}
    assert all(abs(d) <= 1 for d in diffs.values()), diffs
    assert sum(d == 0 for d in diffs.values()) == 13  # China is one dollar short


def test_one_period_split_by_months_is_the_uns_split() -> None:
    by_period = assess(BOOK, budget=271_328_700, period="2025-10-01:2026-06-30")
    assert [s.amount_usd for s in by_period.segments] == [90_442_900, 180_885_800]
    assert (by_period.to_frame()["assessed_usd"] == unsoh()["assessed_usd"]).all()
    by_days = split_period(271_328_700, parse_period("2025-10-01:2026-06-30"), SplitRule.DAYS)
    assert [s.amount_usd for s in by_days] == [91_436_778, 179_891_922]  # 92 and 181 days


def test_us_cap_shortfall_is_arrears_not_reapportioned() -> None:
    capped = assess(BOOK, segments=UNSOH_SEGMENTS, us_cap_percent=Decimal(25))
    plain = unsoh()
    frame = capped.to_frame()
    assert capped.result.us_arrears_usd == 3_104_465  # about US$3.1 million
    assert frame.loc["USA", "payable_usd"] == 67_832_175
    assert frame.loc["USA", "arrears_usd"] == 3_104_465
    assert int(frame["arrears_usd"].sum()) == 3_104_465
    # nobody else pays more: the gap is a shortfall, not a new share
    assert (frame["assessed_usd"] == plain["assessed_usd"]).all()
    assert (frame.drop(index="USA")["payable_usd"] == plain.drop(index="USA")["assessed_usd"]).all()
    summary = capped.summary()["us_cap"]
    assert summary["shortfall_usd"] == 3_104_465 and summary["percent"] == 25


def test_us_cap_only_for_peacekeeping() -> None:
    report = assess(
        BOOK,
        budget=100_000_000,
        period="2026",
        model=FundingModel.REGULAR_BUDGET,
        us_cap_percent=Decimal(25),
    )
    assert report.result.us_arrears_usd == 0 and report.result.us_cap_percent is None
    assert any("peacekeeping only" in n for n in report.summary()["notes"])
    assert report.to_frame().loc["USA", "assessed_usd"] == 22_000_000


def test_support_office_assesses_a_share_and_leaves_the_rest_voluntary() -> None:
    report = assess(
        BOOK,
        budget=800_000_000,
        period="2026",
        model=FundingModel.SUPPORT_OFFICE,
        assessed_share_percent=Decimal(45),
    )
    assert report.result.assessed_total_usd == 360_000_000
    assert report.result.voluntary_part_usd == 440_000_000
    assert int(report.to_frame()["assessed_usd"].sum()) == 360_000_000
    text = " ".join(report.result.explanation)
    assert "45%" in text and "US$360,000,000" in text and "US$440,000,000" in text


def test_2027_rates_are_labelled_modelled() -> None:
    report = assess(BOOK, budget=1_000_000, period="2026-07:2027-06")
    assert [s.scale.year for s in report.result.assessments] == [2026, 2027]
    assert [s["rates"] for s in report.summary()["segments"]] == ["derived", "modelled"]
    assert any("modelled" in n for n in report.summary()["notes"])


def test_a_budget_in_euros_is_converted_at_the_period_start() -> None:
    report = assess(
        BOOK, budget="100,000,000", currency="eur", period="2025-10:2026-06", fx=load_fx_table()
    )
    rate = report.budget.rate
    assert rate is not None and rate.currency == "EUR" and rate.period == "2025-10"
    assert report.budget.amount_usd == int(
        (Decimal(100_000_000) / rate.rate_per_usd).to_integral_value()
    )
    assert int(report.to_frame()["assessed_usd"].sum()) == report.budget.amount_usd
    assert report.summary()["budget"]["fx"]["rate_date"] == "2025-10"


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"budget": "-5", "period": "2026"}, "--budget"),
        ({"budget": "lots", "period": "2026"}, "--budget"),
        ({"budget": "0", "period": "2026"}, "--budget"),
        ({"budget": "1e8", "period": "2024"}, "--period"),
        ({"budget": "1e8", "period": "2028-01:2028-06"}, "--period"),
        ({"budget": "1e8", "period": "2026-13"}, "--period"),
        ({"budget": "1e8", "period": "2026", "currency": "XYZ"}, "--currency"),
        ({"budget": "1e8", "period": "2026-09", "currency": "KES"}, "--currency"),
        ({"budget": "1e8", "period": "2026", "model": FundingModel.SUPPORT_OFFICE}, ""),
        ({"budget": "1e8", "period": "2026", "us_cap_percent": Decimal(0)}, "--us-cap"),
    ],
)
def test_bad_input_names_the_option(kwargs: dict[str, object], where: str) -> None:
    with pytest.raises(InputError) as err:
        assess(BOOK, fx=load_fx_table(), **kwargs)  # type: ignore[arg-type]
    assert err.value.where == (where or "--assessed-share")


def test_a_model_and_a_scale_that_disagree() -> None:
    with pytest.raises(InputError, match="assesses on the peacekeeping scale"):
        assess(
            BOOK,
            budget=1,
            period="2026",
            model=FundingModel.PEACEKEEPING,
            scale=ScaleKind.REGULAR_BUDGET,
        )


def test_parsing_amounts_and_periods() -> None:
    assert parse_amount("100,000,000") == parse_amount("1e8") == parse_amount("100_000_000")
    assert parse_period("2026") == Period(date(2026, 1, 1), date(2026, 12, 31))
    assert parse_period("2025-10:2026-06") == Period(date(2025, 10, 1), date(2026, 6, 30))
    with pytest.raises(InputError):
        parse_period("2026-06-30:2026-01-01")
    with pytest.raises(InputError):
        parse_amount("1e8e8")


def test_compare_models_side_by_side() -> None:
    frame = compare_models(
        BOOK,
        [FundingModel.PEACEKEEPING, FundingModel.REGULAR_BUDGET, FundingModel.SUPPORT_OFFICE],
        budget=100_000_000,
        period="2026",
        assessed_share_percent=Decimal(40),
        us_cap_percent=Decimal(25),
    )
    assert len(frame) == 193
    assert frame.loc["USA", "peacekeeping_assessed_usd"] == 26_137_061
    assert frame.loc["USA", "peacekeeping_arrears_usd"] == 1_137_061
    assert frame.loc["USA", "regular-budget_assessed_usd"] == 22_000_000
    assert "regular-budget_arrears_usd" not in frame
    assert frame.loc["KEN", "regular-budget_assessed_usd"] == 37_000
    assert int(frame["support-office_assessed_usd"].sum()) == 40_000_000
