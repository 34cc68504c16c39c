"""The numbers behind each chart, derived from the same dicts the API returns (so a chart can
never show a figure the API does not), plus the rows of each chart's text table.

Strength is a step function: a report holds until the next one (`docs/data-model.md`), so the
series are carried forward to every later date and drawn as steps, never interpolated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain.dates import FuzzyDate

STRENGTH_METRICS = ("personnel_deployed", "personnel_arrived", "personnel_withdrawn")
MAX_STACKED = 8
"""Countries drawn separately in the stack; smaller contributors are drawn as "others"."""
OTHERS = "Other contributors"


@dataclass
class StrengthData:
    """Deployed personnel per country on each date, and the reference lines."""

    dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    stack: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    table: list[dict[str, Any]] = field(default_factory=list)
    """One row per date: date, each country's strength, then each line's value."""
    line_names: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.stack and not self.lines


def _start(iso: str) -> date:
    return FuzzyDate.parse(iso).start


def _steps(entries: list[tuple[date, float]]) -> list[tuple[date, float]]:
    """One value per date (the last report of the day wins), in date order."""
    by_day: dict[date, float] = {}
    for d, v in sorted(entries, key=lambda x: x[0]):
        by_day[d] = v
    return sorted(by_day.items())


def _value_on(steps: list[tuple[date, float]], day: date) -> float | None:
    last = None
    for d, v in steps:
        if d > day:
            break
        last = v
    return last


def strength_data(
    timeline: Mapping[str, Any], as_of: date, names: Mapping[str, str], by: str = "actor"
) -> StrengthData:
    """From a `timeline_dict` of strength and pledge metrics: deployed strength stacked by
    country (`by="actor"`) or by mission (`by="mission"`, for one country's page), the sum of
    pledges and the authorized ceiling as lines, and the mission's own reported total."""
    deployed: dict[str, list[tuple[date, float]]] = {}
    pledged: dict[str, list[tuple[date, float]]] = {}
    lines: dict[str, list[tuple[date, float]]] = {}
    for e in timeline.get("entries", []):
        if e.get("type") != "figure" or e.get("running_value") is None:
            continue
        day = _start(e["date"])
        if day > as_of:
            continue
        running = float(e["running_value"])
        metric, actor = e.get("metric"), e.get("actor")
        if by == "actor":
            key = names.get(actor or "", actor or "")
        else:
            key = e.get("mission") or timeline.get("mission") or ""
        if metric in STRENGTH_METRICS:
            if actor:
                deployed.setdefault(str(key), []).append((day, running))
            else:
                lines.setdefault("Reported for the whole mission", []).append((day, running))
        elif metric == "personnel_pledged" and actor:
            pledged.setdefault(str(key), []).append((day, running))
        elif metric == "personnel_authorized" and not actor:
            lines.setdefault("Authorized ceiling", []).append((day, running))
    dep_steps = {k: _steps(v) for k, v in deployed.items()}
    pledge_steps = {k: _steps(v) for k, v in pledged.items()}
    line_steps = {k: _steps(v) for k, v in lines.items()}
    days = sorted(
        {
            d
            for s in (*dep_steps.values(), *pledge_steps.values(), *line_steps.values())
            for d, _ in s
        }
        | {as_of}
    )
    if len(days) == 1:
        return StrengthData()
    ranked = sorted(dep_steps, key=lambda k: -(dep_steps[k][-1][1] if dep_steps[k] else 0))
    shown = ranked[:MAX_STACKED]
    out = StrengthData(dates=[d.isoformat() for d in days])
    out.countries = shown + ([OTHERS] if len(ranked) > MAX_STACKED else [])
    pledge_line = "Pledged (sum of countries)" if by == "actor" else "Pledged"
    out.line_names = [n for n in (pledge_line, *sorted(line_steps)) if n]
    for d in days:
        row: dict[str, Any] = {"date": d.isoformat()}
        others = 0.0
        for k in ranked:
            v = _value_on(dep_steps[k], d)
            if k in shown:
                row[k] = v
                out.stack.append({"date": d.isoformat(), "country": k, "deployed": v or 0.0})
            else:
                others += v or 0.0
        if len(ranked) > MAX_STACKED:
            row[OTHERS] = others
            out.stack.append({"date": d.isoformat(), "country": OTHERS, "deployed": others})
        pledges = [v for s in pledge_steps.values() if (v := _value_on(s, d)) is not None]
        row[pledge_line] = sum(pledges) if pledges else None
        if pledges:
            out.lines.append({"date": d.isoformat(), "series": pledge_line, "value": sum(pledges)})
        for name, steps in sorted(line_steps.items()):
            v = _value_on(steps, d)
            row[name] = v
            if v is not None:
                out.lines.append({"date": d.isoformat(), "series": name, "value": v})
        out.table.append(row)
    if not pledge_steps:
        out.line_names.remove(pledge_line)
    return out


@dataclass
class MoneyData:
    bars: list[dict[str, Any]]
    requirement_usd: float | None
    requirement_label: str


def money_data(state: Mapping[str, Any]) -> MoneyData:
    """Money on each rung (the sum of donors, in US$), never added across rungs, against the
    requirement the sources report for the mission (else the sum of stated requirements)."""
    sums = state.get("country_sums", {})
    bars = []
    for rung in ("pledged", "committed", "paid"):
        s = sums.get(f"funding_{rung}_usd")
        bars.append(
            {
                "rung": rung,
                "usd": float(s["value"]) if s else 0.0,
                "donors": len(s["actors"]) if s else 0,
            }
        )
    wide = state.get("mission_wide", {}).get("funding", {}).get("funding_requirement")
    if wide and wide.get("total_usd"):
        return MoneyData(bars, float(wide["total_usd"]), "Requirement reported for the mission")
    req = sums.get("funding_requirement_usd")
    if req and req.get("value"):
        return MoneyData(bars, float(req["value"]), "Sum of stated requirements")
    return MoneyData(bars, None, "")
