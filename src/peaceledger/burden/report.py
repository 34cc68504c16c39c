"""`BurdenReport`: one funding model applied to one budget, as a DataFrame and as a summary.

The per-state table has the 193 Member States in ISO 3166 alpha-3 order (the index); what the
states gave voluntarily sits next to what they would be assessed, with the ratio of the two.
Organisations (the EU, say) are not Member States and are never assessed, so they are kept in
their own table. Amounts are whole US dollars (int64); ratios are floats, NaN where nothing is
assessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import methodcaller
from typing import Any

import numpy as np
import pandas as pd

from ..domain.money import FxRate
from .models import US, ModelResult
from .periods import Segment, SplitRule
from .scales import MemberStates
from .voluntary import RUNGS, DonorMoney, VoluntaryFigures

PAID_CHANNELS = ("trust_fund", "bilateral")
"""Paid money by channel; a payment with no stated channel counts only in `paid_usd`."""

ROUNDING_RULE = (
    "Whole US dollars by largest remainder (Hamilton): each state gets the whole-dollar part of "
    "its exact share; the dollars left over go one each to the largest remainders; equal "
    "remainders go to the state first in ISO 3166 alpha-3 order. Shares add up exactly to each "
    "period's amount and each is within one dollar of the exact pro-rata share."
)


@dataclass(frozen=True)
class Budget:
    """The budget as given, and in whole US dollars with the rate used (None for USD)."""

    amount: Decimal
    currency: str
    amount_usd: int
    rate: FxRate | None = None


@dataclass(frozen=True, eq=False)
class BurdenReport:
    result: ModelResult
    budget: Budget
    segments: tuple[Segment, ...]
    """The whole budget per calendar year (the assessed parts are in `result.assessments`)."""
    split: SplitRule
    members: MemberStates
    voluntary: VoluntaryFigures | None = None
    notes: tuple[str, ...] = ()

    # the per-state table ---------------------------------------------------------------
    def to_frame(self) -> pd.DataFrame:
        """One row per Member State, indexed by ISO3."""
        r, m = self.result, self.members
        cols: dict[str, Any] = {"name": list(m.names), "pk_level": list(m.pk_levels)}
        for a in r.assessments:
            cols.setdefault(f"rate_{a.scale.year}_percent", a.scale.rates_percent())
        if len(r.assessments) > 1:
            for a in r.assessments:
                cols[f"assessed_usd_{a.segment.period.start}_{a.segment.period.end}"] = a.amounts
        assessed = r.assessed_usd
        cols["assessed_usd"] = assessed
        if r.us_cap_percent is not None:
            arrears = np.zeros_like(assessed)
            arrears[m.index(US)] = r.us_arrears_usd
            cols["payable_usd"] = assessed - arrears
            cols["arrears_usd"] = arrears
        if self.voluntary is not None:
            for rung in RUNGS:
                cols[f"{rung.value}_usd"] = self._voluntary_column(methodcaller("usd", rung.value))
            for channel in PAID_CHANNELS:
                cols[f"paid_{channel}_usd"] = self._voluntary_column(
                    methodcaller("paid_via", channel)
                )
            cols["unquantified"] = [
                ",".join(d.unquantified) if (d := self.voluntary.donor(c)) else "" for c in m.iso3
            ]
            with np.errstate(divide="ignore", invalid="ignore"):
                for name in ("paid", "pledged"):
                    cols[f"{name}_to_assessed"] = np.where(
                        assessed > 0, cols[f"{name}_usd"] / np.maximum(assessed, 1), np.nan
                    )
        frame = pd.DataFrame(cols, index=pd.Index(list(m.iso3), name="iso3"))
        return frame

    def _voluntary_column(
        self, value: Callable[[DonorMoney], int]
    ) -> np.ndarray[Any, np.dtype[np.int64]]:
        assert self.voluntary is not None
        out = np.zeros(len(self.members), dtype=np.int64)
        for d in self.voluntary.donors:
            if d.actor in self.members.iso3:
                out[self.members.index(d.actor)] = value(d)
        return out

    def organisations_frame(self) -> pd.DataFrame:
        """Donors that are not Member States (the EU, the UN, ...): never assessed."""
        rows = [
            {
                "actor": d.actor,
                "name": d.name,
                **{f"{rung.value}_usd": d.usd(rung.value) for rung in RUNGS},
                **{f"paid_{c}_usd": d.paid_via(c) for c in PAID_CHANNELS},
                "unquantified": ",".join(d.unquantified),
            }
            for d in (self.voluntary.donors if self.voluntary else ())
            if d.actor not in self.members.iso3
        ]
        columns = [
            "actor",
            "name",
            *(f"{rung.value}_usd" for rung in RUNGS),
            *(f"paid_{c}_usd" for c in PAID_CHANNELS),
            "unquantified",
        ]
        return pd.DataFrame(rows, columns=columns)

    # lists and totals -------------------------------------------------------------------
    def states_without_contribution(self) -> list[str]:
        """Member States with no money on any rung for the missions asked about."""
        if self.voluntary is None:
            return []
        gave = {d.actor for d in self.voluntary.donors}
        return [c for c in self.members.iso3 if c not in gave]

    def summary(self) -> dict[str, Any]:
        """Everything except the per-state rows, JSON-ready."""
        r = self.result
        us = self.members.index(US)
        budget_segments = {s.period: s for s in self.segments}
        out: dict[str, Any] = {
            "model": r.model.value,
            "scale": r.scale.value,
            "explanation": list(r.explanation),
            "budget": {
                "amount": str(self.budget.amount),
                "currency": self.budget.currency,
                "amount_usd": self.budget.amount_usd,
                "fx": _rate_dict(self.budget.rate),
            },
            "split": self.split.value,
            "segments": [
                {
                    "start": a.segment.period.start.isoformat(),
                    "end": a.segment.period.end.isoformat(),
                    "year": a.scale.year,
                    "budget_usd": budget_segments[a.segment.period].amount_usd,
                    "assessed_usd": a.segment.amount_usd,
                    "rates": a.scale.status.value,
                    "rates_source": a.scale.source,
                    **(
                        {"us_cap_usd": a.us_cap_usd, "us_arrears_usd": a.us_arrears_usd}
                        if a.us_cap_usd is not None
                        else {}
                    ),
                }
                for a in r.assessments
            ],
            "assessed_is_reference": r.assessed_is_reference,
            "assessed_total_usd": r.assessed_total_usd,
            "voluntary_part_usd": r.voluntary_part_usd,
            "assessed_share_percent": _num(r.assessed_share_percent),
            "us_cap": None,
            "voluntary": self._voluntary_summary(),
            "rounding": ROUNDING_RULE,
            "notes": [*r.notes, *self.notes],
            "warnings": list(self.voluntary.warnings) if self.voluntary else [],
        }
        if r.us_cap_percent is not None:
            assessed_us = int(r.assessed_usd[us])
            out["us_cap"] = {
                "percent": _num(r.us_cap_percent),
                "us_assessed_usd": assessed_us,
                "us_payable_usd": assessed_us - r.us_arrears_usd,
                "shortfall_usd": r.us_arrears_usd,
                "treatment": "US arrears: a funding shortfall, not re-apportioned to other "
                "states (the UN keeps assessing the full rate)",
            }
        return out

    def _voluntary_summary(self) -> dict[str, Any] | None:
        v = self.voluntary
        if v is None:
            return None
        states = [d.actor for d in v.donors if d.actor in self.members.iso3]
        return {
            "missions": list(v.missions),
            "as_of": v.as_of.isoformat(),
            "known_at": v.known_at.isoformat() if v.known_at else None,
            "member_states": {
                "count": len(states),
                **{f"{rung.value}_usd": v.total(rung.value, states) for rung in RUNGS},
            },
            "organisations": self.organisations_frame().to_dict("records"),
            "all_donors": {f"{rung.value}_usd": v.total(rung.value) for rung in RUNGS},
            "mission_reported": [
                {
                    "mission": t.mission,
                    "rung": t.rung,
                    "channel": t.channel or None,
                    "amount_usd": t.amount_usd,
                    "qualifier": t.qualifier,
                }
                for t in v.mission_reported
            ],
            "states_without_contribution": self.states_without_contribution(),
            "in_kind_only": list(v.in_kind),
            "related_missions_not_included": list(v.related),
            "qualified": {d.actor: list(d.qualified) for d in v.donors if d.qualified},
            "no_rate": {d.actor: list(d.no_rate) for d in v.donors if d.no_rate},
        }

    def to_dict(self) -> dict[str, Any]:
        """The summary plus one record per state: what `--format json` prints."""
        frame = self.to_frame().reset_index()
        records = [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]
        return {**self.summary(), "states": records}


def _rate_dict(rate: FxRate | None) -> dict[str, str] | None:
    if rate is None:
        return None
    return {
        "currency": rate.currency,
        "rate_per_usd": str(rate.rate_per_usd),
        "rate_date": rate.period,
        "kind": rate.kind.value,
        "source": rate.source,
    }


def _num(v: Decimal | None) -> int | float | None:
    if v is None:
        return None
    return int(v) if v == v.to_integral_value() else float(v)


def _plain(v: Any) -> Any:
    """numpy scalars to Python ones, NaN to None, so JSON stays standard."""
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return None if np.isnan(v) else round(float(v), 6)
    return v
