"""The burden-sharing calculator's parameters, shared by `/burden` and `/api/v1/assess`, and
the `burden.assess` call behind both (the same use case as `peaceledger assess`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import pandas as pd
from fastapi import Depends, Query

from ..burden import (
    BurdenReport,
    FundingModel,
    ScaleKind,
    SplitRule,
    assess,
    load_scale_book,
    parse_amount,
    voluntary_figures,
)
from ..data import load_fx_table
from ..errors import InputError
from ..store.base import LedgerStore
from .params import enum_value, parse_day

MAX_MISSIONS = 10


@dataclass(frozen=True)
class CalculatorQuery:
    budget: str | None
    currency: str
    period: str
    scale: ScaleKind | None
    model: FundingModel | None
    assessed_share: Decimal | None
    us_cap: Decimal | None
    missions: tuple[str, ...]
    as_of: date
    known_at: date | None
    split: SplitRule

    def params(self) -> dict[str, Any]:
        """The query as URL parameters, for links to exports and chart downloads."""
        out: dict[str, Any] = {
            "budget": self.budget or "",
            "currency": self.currency,
            "period": self.period,
            "split": self.split.value,
        }
        if self.scale:
            out["scale"] = self.scale.value
        if self.model:
            out["model"] = self.model.value
        if self.assessed_share is not None:
            out["assessed_share"] = str(self.assessed_share)
        if self.us_cap is not None:
            out["us_cap"] = str(self.us_cap)
        if self.missions:
            out["mission"] = list(self.missions)
            out["as_of"] = self.as_of.isoformat()
        if self.known_at:
            out["known_at"] = self.known_at.isoformat()
        return out


def _percent(text: str | None, where: str) -> Decimal | None:
    if text is None or not text.strip():
        return None
    return parse_amount(text.strip().rstrip("%"), where)


def calculator_query(
    budget: Annotated[
        str | None, Query(max_length=40, description="The budget, e.g. 100000000 or 1e8.")
    ] = None,
    currency: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 4217.")] = "USD",
    period: Annotated[
        str | None,
        Query(max_length=40, description="2026, or START:END (default: this year)."),
    ] = None,
    scale: Annotated[
        str | None, Query(description=f"The UN scale: {', '.join(ScaleKind)}.")
    ] = None,
    model: Annotated[
        str | None, Query(description=f"Funding model: {', '.join(FundingModel)}.")
    ] = None,
    assessed_share: Annotated[
        str | None, Query(max_length=20, description="support-office: percent assessed.")
    ] = None,
    us_cap: Annotated[
        str | None, Query(max_length=20, description="Cap US payments at this percent.")
    ] = None,
    mission: Annotated[
        list[str] | None, Query(description="Show what donors gave these missions.")
    ] = None,
    as_of: Annotated[str | None, Query(description="Voluntary figures as of (ISO 8601).")] = None,
    known_at: Annotated[str | None, Query(description="Only what was published by then.")] = None,
    split: Annotated[
        str | None, Query(description="How a period across years is divided: months, days.")
    ] = None,
) -> CalculatorQuery:
    missions = tuple(m.strip() for m in (mission or []) if m.strip())
    if len(missions) > MAX_MISSIONS:
        raise InputError(f"at most {MAX_MISSIONS} missions", "mission")
    if budget is not None and budget.strip():
        parse_amount(budget, "budget")
    return CalculatorQuery(
        budget=budget.strip() if budget and budget.strip() else None,
        currency=currency.upper(),
        period=(period or "").strip() or str(date.today().year),
        scale=enum_value(ScaleKind, scale, "scale"),
        model=enum_value(FundingModel, model, "model"),
        assessed_share=_percent(assessed_share, "assessed_share"),
        us_cap=_percent(us_cap, "us_cap"),
        missions=missions,
        as_of=parse_day(as_of, "as_of") or date.today(),
        known_at=parse_day(known_at, "known_at"),
        split=enum_value(SplitRule, split, "split") or SplitRule.MONTHS,
    )


CalculatorDep = Annotated[CalculatorQuery, Depends(calculator_query)]


def run(store: LedgerStore, q: CalculatorQuery) -> BurdenReport:
    if q.budget is None:
        raise InputError("a budget is needed (e.g. 100000000)", "budget")
    if q.model is FundingModel.VOLUNTARY and not q.missions:
        raise InputError("the voluntary model reads the ledger: name a mission", "mission")
    voluntary = (
        voluntary_figures(store, list(q.missions), q.as_of, q.known_at) if q.missions else None
    )
    return assess(
        load_scale_book(),
        budget=q.budget,
        period=q.period,
        currency=q.currency,
        fx=load_fx_table(),
        split=q.split,
        model=q.model,
        scale=q.scale,
        assessed_share_percent=q.assessed_share,
        us_cap_percent=q.us_cap,
        voluntary=voluntary,
    )


def frame_bytes(frame: pd.DataFrame, fmt: str) -> tuple[bytes, str, str]:
    """The per-state table as a file: (bytes, media type, extension)."""
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8"), "text/csv; charset=utf-8", "csv"
    buf = io.BytesIO()
    frame.to_excel(buf, index=False, sheet_name="burden")
    return (
        buf.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )
