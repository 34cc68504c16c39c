"""Burden-sharing: who would pay for a mission under voluntary, assessed and mixed funding.

::

    from peaceledger.burden import burden_shares
    frame = burden_shares(100_000_000, period="2026")     # 193 rows, whole dollars
    frame.loc["USA", "assessed_usd"]                      # 26137061

`assess` is the full use case (models, currencies, the US cap, the ledger's voluntary
figures); `apportion` is the vectorised largest-remainder split underneath.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .apportion import apportion, apportion_one
from .assessment import assess, compare_models, parse_amount
from .models import FundingModel, ModelResult, SegmentAssessment
from .periods import Period, Segment, SplitRule, parse_period
from .report import ROUNDING_RULE, Budget, BurdenReport
from .scales import MemberStates, RateStatus, Scale, ScaleBook, ScaleKind, load_scale_book
from .voluntary import DonorMoney, VoluntaryFigures, voluntary_figures


def burden_shares(
    budget_usd: int | str | Decimal,
    *,
    period: str | Period = "2026",
    scale: ScaleKind | str = ScaleKind.PEACEKEEPING,
    us_cap_percent: Decimal | int | None = None,
) -> pd.DataFrame:
    """The per-state shares of a US-dollar budget on a UN scale, as a DataFrame (index ISO3)."""
    return assess(
        load_scale_book(),
        budget=budget_usd,
        period=period,
        scale=ScaleKind(scale),
        us_cap_percent=None if us_cap_percent is None else Decimal(us_cap_percent),
    ).to_frame()


__all__ = [
    "ROUNDING_RULE",
    "Budget",
    "BurdenReport",
    "DonorMoney",
    "FundingModel",
    "MemberStates",
    "ModelResult",
    "Period",
    "RateStatus",
    "Scale",
    "ScaleBook",
    "ScaleKind",
    "Segment",
    "SegmentAssessment",
    "SplitRule",
    "VoluntaryFigures",
    "apportion",
    "apportion_one",
    "assess",
    "burden_shares",
    "compare_models",
    "load_scale_book",
    "parse_amount",
    "parse_period",
    "voluntary_figures",
]
