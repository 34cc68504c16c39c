"""`assess`: turn a budget as a user gives it into a `BurdenReport`.

This is the use case behind `peaceledger assess`. It reads nothing itself: the scales, the
exchange rates and the ledger's voluntary figures come in as arguments, so the same call works
from the CLI, the web app, a notebook or a test.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

import pandas as pd

from ..domain.dates import FuzzyDate, Precision
from ..domain.money import USD, FxRate, FxTable
from ..errors import InputError
from .apportion import MAX_BUDGET_USD
from .models import FundingModel, model_for, run_model
from .periods import Period, SplitRule, parse_period, split_segments
from .report import Budget, BurdenReport
from .scales import ScaleBook, ScaleKind
from .voluntary import VoluntaryFigures

_NUMBER = re.compile(r"^[0-9][0-9,_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?$")


def parse_amount(text: str | int | Decimal, where: str = "--budget") -> Decimal:
    """A non-negative number: `100000000`, `100,000,000`, `100_000_000` or `1e8`."""
    if isinstance(text, int | Decimal):
        value = Decimal(text)
    else:
        cleaned = text.strip()
        if cleaned.startswith("-"):
            raise InputError(f"must not be negative: {text!r}", where)
        if not _NUMBER.match(cleaned):
            raise InputError(f"not a number: {text!r} (e.g. 100000000 or 1e8)", where)
        try:
            value = Decimal(cleaned.replace(",", "").replace("_", ""))
        except InvalidOperation:
            raise InputError(f"not a number: {text!r}", where) from None
    if not value.is_finite():
        raise InputError(f"not a number: {text!r}", where)
    if value < 0:
        raise InputError(f"must not be negative: {text}", where)
    return value


def _fx_rate(currency: str, month: date, fx: FxTable, where: str) -> FxRate:
    rate = fx.rate_for(currency, FuzzyDate.of(month, Precision.MONTH))
    if rate is not None:
        return rate
    known = ", ".join(sorted(fx.currencies()))
    if currency not in fx.currencies():
        raise InputError(f"unknown currency {currency!r}: rates exist for {known}", where)
    raise InputError(
        f"no {currency} exchange rate for {month:%Y-%m} (the month the budget period starts)",
        where,
    )


def to_usd(amount: Decimal, rate: FxRate | None) -> int:
    usd = amount if rate is None else amount / rate.rate_per_usd
    return int(usd.to_integral_value(ROUND_HALF_EVEN))


def assess(
    book: ScaleBook,
    *,
    budget: str | int | Decimal | None = None,
    period: Period | str | None = None,
    segments: Sequence[tuple[Period | str, str | int | Decimal]] = (),
    currency: str = USD,
    fx: FxTable | None = None,
    split: SplitRule = SplitRule.MONTHS,
    model: FundingModel | None = None,
    scale: ScaleKind | None = None,
    assessed_share_percent: Decimal | None = None,
    us_cap_percent: Decimal | None = None,
    voluntary: VoluntaryFigures | None = None,
) -> BurdenReport:
    """Apply `model` to a budget given either as `budget` over `period`, or as explicit
    `segments` of (period, amount), all in `currency`.

    A period that crosses a year end is split by `split` and each part assessed at its own
    year's rates. A budget in another currency is converted at the FX table's rate for the
    month the (earliest) period starts, and the rate is kept in the report.
    """
    chosen = model_for(model, scale)
    parts = _parts(budget, period, segments)
    currency = currency.strip().upper()
    rate: FxRate | None = None
    if currency != USD:
        if fx is None:
            raise InputError(f"no exchange-rate table to convert {currency}", "--currency")
        rate = _fx_rate(currency, min(p.start for p, _ in parts), fx, "--currency")
    usd_parts = [(p, to_usd(a, rate)) for p, a in parts]
    total_usd = sum(a for _, a in usd_parts)
    if total_usd <= 0:
        raise InputError("the budget must be at least one US dollar", "--budget")
    if total_usd > MAX_BUDGET_USD:
        raise InputError(f"must be at most {MAX_BUDGET_USD:,} US dollars", "--budget")
    segs = split_segments(usd_parts, split)
    result = run_model(
        chosen,
        segs,
        book,
        scale=scale,
        assessed_share_percent=assessed_share_percent,
        us_cap_percent=us_cap_percent,
    )
    amount = sum((a for _, a in parts), Decimal(0))
    notes = _notes(amount, currency, rate, total_usd)
    return BurdenReport(
        result=result,
        budget=Budget(amount, currency, total_usd, rate),
        segments=tuple(segs),
        split=split,
        members=book.members,
        voluntary=voluntary,
        notes=notes,
    )


def _parts(
    budget: str | int | Decimal | None,
    period: Period | str | None,
    segments: Sequence[tuple[Period | str, str | int | Decimal]],
) -> list[tuple[Period, Decimal]]:
    if segments:
        if budget is not None or period is not None:
            raise InputError("give either --budget with --period, or --segment, not both")
        return [
            (
                p if isinstance(p, Period) else parse_period(p, "--segment"),
                parse_amount(a, "--segment"),
            )
            for p, a in segments
        ]
    if budget is None:
        raise InputError("a budget is needed (e.g. --budget 100000000)", "--budget")
    if period is None:
        raise InputError("a budget period is needed (e.g. --period 2026)", "--period")
    return [(period if isinstance(period, Period) else parse_period(period), parse_amount(budget))]


def _notes(amount: Decimal, currency: str, rate: FxRate | None, total_usd: int) -> tuple[str, ...]:
    if rate is not None:
        return (
            f"{amount:,} {currency} converted at {rate.rate_per_usd} {currency} per US$ "
            f"({rate.period} {rate.kind.value.replace('_', ' ')}; {rate.source}) = "
            f"US${total_usd:,}.",
        )
    if amount != total_usd:
        return (f"The budget is assessed in whole dollars: US${total_usd:,}.",)
    return ()


def compare_models(
    book: ScaleBook,
    models: Sequence[FundingModel],
    *,
    voluntary: VoluntaryFigures | None = None,
    **budget: Any,
) -> pd.DataFrame:
    """One row per Member State, one `<model>_assessed_usd` column per model, for the same
    budget (the keyword arguments of `assess`), with the voluntary figures once."""
    frames = {m: assess(book, model=m, voluntary=voluntary, **budget).to_frame() for m in models}
    first = next(iter(frames.values()))
    out = first[["name", "pk_level"]].copy()
    for m, frame in frames.items():
        out[f"{m.value}_assessed_usd"] = frame["assessed_usd"]
        if "arrears_usd" in frame:
            out[f"{m.value}_arrears_usd"] = frame["arrears_usd"]
    if voluntary is not None:
        for col in ("pledged_usd", "committed_usd", "paid_usd"):
            out[col] = first[col]
    return out
