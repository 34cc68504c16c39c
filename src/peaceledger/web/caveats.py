"""What a reader must be told beside the figures of a state, read from the state dict.

A page can show every number correctly and still mislead: a sum of countries that equals the
mission's own count because one country's figure was computed from that count, a mission-wide
figure next to "0 countries" because nobody reported a breakdown, a waiver that covers more
than the mission. These notes are computed once here, from the same dict the API returns, so
the overview, the force page and the printable brief say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SUM_SERIES = {
    "personnel_deployed": "personnel_deployed",
    "personnel_pledged": "personnel_pledged",
    "funding_pledged_usd": "funding_pledged",
    "funding_committed_usd": "funding_committed",
    "funding_paid_usd": "funding_paid",
    "funding_requirement_usd": "funding_requirement",
}
"""Country-sum key -> the series it adds up (money sums are in US$ over every channel)."""


@dataclass
class SumNote:
    """What a country sum includes that a reader would not assume."""

    key: str
    value: int | float | None
    countries: int
    derived: list[dict[str, Any]] = field(default_factory=list)
    """Per derived contributor: actor, name and the derived measure behind its share."""
    independent: bool = True
    """False: a share was computed from the mission-wide figure beside the sum, so the two
    agree by construction and the sum is no check of it."""
    reported: dict[str, Any] | None = None
    """The mission-wide measure of the same series, when the sources report one."""


@dataclass
class Caveats:
    sums: dict[str, SumNote]
    no_breakdown: dict[str, dict[str, Any]]
    """Series with a mission-wide figure but no country figure: series -> that measure."""
    outside_scope: list[dict[str, Any]]
    """Facts covering more than the mission (with their actor's name): shown, in no total."""


def _derived_measure(actor: Mapping[str, Any], series: str) -> dict[str, Any] | None:
    """The measure that makes an actor's share of a sum derived (the first derived channel
    for money)."""
    if series.startswith("personnel_"):
        m = actor.get(series)
        return m if m and m.get("derived") else None
    rung = actor.get("funding", {}).get(series)
    if not rung:
        return None
    return next((m for m in rung["channels"].values() if m.get("derived")), None)


def _reported(wide: Mapping[str, Any], series: str) -> dict[str, Any] | None:
    if series.startswith("personnel_"):
        m = wide.get(series)
        return dict(m) if m else None
    rung = wide.get("funding", {}).get(series)
    if not rung:
        return None
    return {"amount_usd": rung["total_usd"], "unit": "USD", "value": rung["total_usd"]}


def caveats_of(st: Mapping[str, Any]) -> Caveats:
    actors = {a["actor"]: a for a in st["actors"]}
    wide = st["mission_wide"]
    sums: dict[str, SumNote] = {}
    for key, s in st["country_sums"].items():
        series = SUM_SERIES.get(key, key)
        note = SumNote(
            key,
            s["value"],
            len(s["actors"]),
            independent=s.get("independent", True),
            reported=_reported(wide, series),
        )
        for code in s.get("derived_actors", []):
            a = actors.get(code)
            m = _derived_measure(a, series) if a else None
            if a and m:
                note.derived.append({"actor": code, "name": a.get("name") or code, "measure": m})
        sums[key] = note
    no_breakdown = {
        series: wide[series]
        for series in ("personnel_deployed", "personnel_pledged")
        if wide.get(series) and series not in st["country_sums"]
    }
    outside = [
        o | {"actor": a["actor"], "name": a.get("name") or a["actor"]}
        for a in (wide, *st["actors"])
        for o in a.get("outside_scope", [])
    ]
    return Caveats(sums, no_breakdown, outside)
