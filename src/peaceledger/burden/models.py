"""Funding models for a mission, as pure computations over scales and budget segments.

* `peacekeeping`: every cost assessed on the peacekeeping scale, as for a UN peacekeeping
  operation ("consistent funding through contributions from all 193 UN member states").
* `regular-budget`: every cost assessed on the regular-budget scale, as for a special
  political mission.
* `support-office`: a given share (logistics, say) assessed, the rest left to voluntary
  contributions: the pattern of S/RES/2793, where UNSOH is assessed and troop costs are not.
* `voluntary`: nothing assessed; what the ledger says donors pledged, committed and paid. The
  assessed shares of the same budget are kept as the yardstick ("what it would be assessed").

The United States' 25% cap (P.L. 103-236 s. 404(b)) limits what the US pays, not what the UN
assesses: the difference is US arrears, a shortfall for the mission, and is never re-apportioned
to other states. It concerns peacekeeping assessments only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from .apportion import apportion
from .periods import Segment
from .scales import Scale, ScaleBook, ScaleKind

US = "USA"


class FundingModel(StrEnum):
    VOLUNTARY = "voluntary"
    PEACEKEEPING = "peacekeeping"
    REGULAR_BUDGET = "regular-budget"
    SUPPORT_OFFICE = "support-office"


@dataclass(frozen=True, eq=False)
class SegmentAssessment:
    """The assessed part of one segment, split over the 193 states at its year's rates."""

    segment: Segment
    scale: Scale
    amounts: NDArray[np.int64]
    us_cap_usd: int | None = None
    """The most the US pays for this segment under the cap; None when no cap applies."""
    us_arrears_usd: int = 0


@dataclass(frozen=True, eq=False)
class ModelResult:
    model: FundingModel
    scale: ScaleKind
    budget_usd: int
    assessments: tuple[SegmentAssessment, ...]
    assessed_is_reference: bool
    """True for the voluntary model: the assessments are a yardstick, nothing is billed."""
    voluntary_part_usd: int
    assessed_share_percent: Decimal | None
    us_cap_percent: Decimal | None
    explanation: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def assessed_usd(self) -> NDArray[np.int64]:
        """Per state, over all segments."""
        total = np.zeros(self.assessments[0].amounts.size, dtype=np.int64)
        for a in self.assessments:
            total += a.amounts
        return total

    @property
    def assessed_total_usd(self) -> int:
        return sum(a.segment.amount_usd for a in self.assessments)

    @property
    def us_arrears_usd(self) -> int:
        return sum(a.us_arrears_usd for a in self.assessments)


def scale_for(model: FundingModel, scale: ScaleKind | None) -> ScaleKind:
    """The scale a model uses; `scale` chooses it where the model leaves a choice."""
    fixed = {
        FundingModel.PEACEKEEPING: ScaleKind.PEACEKEEPING,
        FundingModel.REGULAR_BUDGET: ScaleKind.REGULAR_BUDGET,
    }.get(model)
    if fixed is not None and scale is not None and scale is not fixed:
        raise InputError(
            f"the {model.value} model assesses on the {fixed.value} scale, not {scale.value}",
            "--scale",
        )
    return fixed or scale or ScaleKind.PEACEKEEPING


def model_for(model: FundingModel | None, scale: ScaleKind | None) -> FundingModel:
    """With no model named, the scale names it (`--scale regular-budget` assesses on it)."""
    if model is not None:
        return model
    if scale is ScaleKind.REGULAR_BUDGET:
        return FundingModel.REGULAR_BUDGET
    return FundingModel.PEACEKEEPING


def assess_segments(
    segments: Sequence[Segment], book: ScaleBook, kind: ScaleKind
) -> tuple[SegmentAssessment, ...]:
    """Each segment at its own year's rates; the segments of one year in one vectorised call."""
    out: dict[int, SegmentAssessment] = {}
    for year in sorted({s.year for s in segments}):
        scale = book.scale(kind, year)
        idx = [i for i, s in enumerate(segments) if s.year == year]
        shares = apportion(np.array([segments[i].amount_usd for i in idx]), scale.weights)
        for row, i in enumerate(idx):
            out[i] = SegmentAssessment(segments[i], scale, shares[row])
    return tuple(out[i] for i in range(len(segments)))


def assessed_part(segments: Sequence[Segment], share_percent: Decimal) -> list[Segment]:
    """The assessed share of each segment, rounded half-even to the dollar per segment (the UN
    assesses per period)."""
    if not Decimal(0) < share_percent <= Decimal(100):
        raise InputError("must be a percentage above 0 and at most 100", "--assessed-share")
    return [
        replace(
            s,
            amount_usd=int((s.amount_usd * share_percent / 100).to_integral_value(ROUND_HALF_EVEN)),
        )
        for s in segments
    ]


def apply_us_cap(
    assessments: Sequence[SegmentAssessment], cap_percent: Decimal, us_index: int
) -> tuple[SegmentAssessment, ...]:
    """Cap what the US pays at `cap_percent` of each assessment (whole dollars, rounded down,
    since the law forbids paying more); the rest of its assessment becomes arrears."""
    if not Decimal(0) < cap_percent <= Decimal(100):
        raise InputError("must be a percentage above 0 and at most 100", "--us-cap")
    out = []
    for a in assessments:
        cap = int((a.segment.amount_usd * cap_percent / 100).to_integral_value(ROUND_FLOOR))
        arrears = max(0, int(a.amounts[us_index]) - cap)
        out.append(replace(a, us_cap_usd=cap, us_arrears_usd=arrears))
    return tuple(out)


def _explain(
    model: FundingModel,
    kind: ScaleKind,
    budget_usd: int,
    assessed_usd: int,
    share: Decimal | None,
) -> tuple[str, ...]:
    scale = f"the {kind.value} scale"
    if model is FundingModel.PEACEKEEPING:
        return (
            f"All US${budget_usd:,} assessed on {scale}, as for a UN peacekeeping operation: "
            "every Member State pays its rate, the permanent members a premium, poorer states "
            "a discount.",
        )
    if model is FundingModel.REGULAR_BUDGET:
        return (
            f"All US${budget_usd:,} assessed on {scale} (A/RES/79/249), as for a special "
            "political mission financed from the UN regular budget.",
        )
    if model is FundingModel.SUPPORT_OFFICE:
        return (
            f"Support-office split (the UNSOH pattern of S/RES/2793): {share}% of the budget, "
            f"US${assessed_usd:,}, is assessed on {scale}, like UNSOH's logistics support.",
            f"The other US${budget_usd - assessed_usd:,} (troop and other costs) stays "
            "voluntary, as the Gang Suppression Force's personnel costs do.",
        )
    return (
        f"Voluntary: nothing is assessed. Each state's figures are what the ledger says it "
        f"pledged, committed and paid; 'assessed' is what it would owe if the US${budget_usd:,} "
        f"were assessed on {scale} instead.",
    )


def run_model(
    model: FundingModel,
    segments: Sequence[Segment],
    book: ScaleBook,
    *,
    scale: ScaleKind | None = None,
    assessed_share_percent: Decimal | None = None,
    us_cap_percent: Decimal | None = None,
) -> ModelResult:
    """Apply a funding model to a budget already split into calendar-year segments."""
    kind = scale_for(model, scale)
    if not segments:
        raise InputError("there is no budget to assess", "--budget")
    budget = sum(s.amount_usd for s in segments)
    notes: list[str] = []
    if model is FundingModel.SUPPORT_OFFICE:
        if assessed_share_percent is None:
            raise InputError(
                "the support-office model needs the share that is assessed, in percent "
                "(e.g. 45 for logistics)",
                "--assessed-share",
            )
        to_assess = assessed_part(segments, assessed_share_percent)
    else:
        if assessed_share_percent is not None:
            notes.append("--assessed-share only applies to the support-office model; ignored.")
        to_assess = list(segments)
    assessments = assess_segments(to_assess, book, kind)
    assessed = sum(s.amount_usd for s in to_assess)
    if us_cap_percent is not None:
        if model is FundingModel.VOLUNTARY:
            notes.append("US cap not applied: nothing is assessed in the voluntary model.")
        elif kind is not ScaleKind.PEACEKEEPING:
            notes.append(
                "US cap not applied: it limits US payments for peacekeeping only, and the "
                "US regular-budget rate (22%) is below it anyway."
            )
        else:
            assessments = apply_us_cap(assessments, us_cap_percent, book.members.index(US))
    if any(a.scale.modelled for a in assessments):
        notes.append(
            "2027 peacekeeping rates are modelled (a projection: Czechia's phase-in completed, "
            "no other change of level), not UN data."
        )
    is_reference = model is FundingModel.VOLUNTARY
    return ModelResult(
        model=model,
        scale=kind,
        budget_usd=budget,
        assessments=assessments,
        assessed_is_reference=is_reference,
        voluntary_part_usd=budget if is_reference else budget - assessed,
        assessed_share_percent=assessed_share_percent
        if model is FundingModel.SUPPORT_OFFICE
        else None,
        us_cap_percent=us_cap_percent
        if any(a.us_cap_usd is not None for a in assessments)
        else None,
        explanation=_explain(model, kind, budget, assessed, assessed_share_percent),
        notes=tuple(notes),
    )
