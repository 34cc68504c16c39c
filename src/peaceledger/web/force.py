"""The force in a host country across a line of missions (MSS-HTI → GSF-HTI), for the page
and the API.

Resolution 2793 renamed the force, not its people: the Kenyan police served under the MSS and
then under the GSF, and a page per mission cuts their line in two (the GSF page alone has a
mission-wide ~1,000 and, until February 2026, no country figure at all). The state comes from
`ledger.force.force_state`, which reads the personnel of every mission in the chain as one
force; the chart merges each mission's timeline into one series per country, with each
handover drawn on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain.dates import FuzzyDate
from ..domain.series import STALE_DAYS
from ..ledger import query, serialize
from ..ledger.force import ForceReport, chain_for, force_mission, force_state
from ..store.base import LedgerStore
from . import charts
from .caveats import Caveats, caveats_of
from .chartdata import StrengthData, strength_data
from .params import DateQuery
from .views import TIMELINE_METRICS


@dataclass
class ForceView:
    host: str
    host_name: str
    state: dict[str, Any]
    """The force's state dict, with `chain`, `handovers` and `current` (as the API gives it)."""
    strength: StrengthData
    caveats: Caveats
    served: dict[str, list[str]]
    """Per actor, the missions of the chain whose reports name it (Kenya: both)."""
    specs: dict[str, charts.Spec] = field(default_factory=dict)


def force_dates(store: LedgerStore, host: str, dates: DateQuery) -> DateQuery:
    """Without `as_of`: today, or the last day of the last mission if the whole line ended."""
    return dates.for_mission(force_mission(chain_for(store, host)))


def force_dict(rep: ForceReport, names: Mapping[str, str], stale_days: int) -> dict[str, Any]:
    """The state dict of the force plus its chain, handovers and the mission it is on the
    date asked: the shape of `peaceledger force --format json`."""
    out = serialize.state_dict(rep.state, rep.sources, names, stale_days)
    out["chain"] = [serialize.mission_dict(m) for m in rep.chain]
    out["handovers"] = [
        {"from": h.from_code, "to": h.to_code, "date": h.day.isoformat()} for h in rep.handovers
    ]
    out["current"] = rep.current.code
    return out


def merged_timeline(
    store: LedgerStore,
    names: Mapping[str, str],
    codes: list[str],
    as_of: date,
    known_at: date | None,
) -> dict[str, Any]:
    """Each mission's personnel timeline, merged into one: entries keyed by country, so one
    contingent is one series across the rename. Entries are ordered by date and then by the
    mission's place in the chain, so on a shared day the successor's report is the later."""
    entries: list[tuple[date, int, dict[str, Any]]] = []
    for i, code in enumerate(codes):
        t = query.timeline(
            store, mission=code, metrics=TIMELINE_METRICS, date_to=as_of, known_at=known_at
        )
        for e in serialize.timeline_dict(t, names)["entries"]:
            entries.append((FuzzyDate.parse(e["date"]).start, i, e | {"mission": code}))
    entries.sort(key=lambda x: (x[0], x[1]))
    return {"entries": [e for _, _, e in entries]}


def force_view(
    store: LedgerStore,
    names: Mapping[str, str],
    host: str,
    as_of: date,
    known_at: date | None,
    stale_days: int = STALE_DAYS,
    with_charts: bool = True,
) -> ForceView:
    rep = force_state(store, host, as_of, known_at, stale_days)
    st = force_dict(rep, names, stale_days)
    code = rep.state.mission.host
    codes = [m.code for m in rep.chain]
    timeline = merged_timeline(store, names, codes, as_of, known_at)
    served: dict[str, list[str]] = {}
    for e in timeline["entries"]:
        if e["type"] == "figure" and e.get("actor"):
            missions = served.setdefault(e["actor"], [])
            if e["mission"] not in missions:
                missions.append(e["mission"])
    view = ForceView(
        code,
        names.get(code, code),
        st,
        strength_data(timeline, as_of, names),
        caveats_of(st),
        {a: sorted(ms, key=codes.index) for a, ms in served.items()},
    )
    if with_charts and not view.strength.empty:
        chain = " → ".join(m.code for m in rep.chain)
        markers = [
            {"date": h["date"], "label": f"handover {h['from']} → {h['to']}"}
            for h in st["handovers"]
            if h["date"] <= as_of.isoformat()
        ]
        view.specs["strength"] = charts.spec_of(
            charts.strength_chart(
                view.strength,
                f"The force in {view.host_name} ({chain}): personnel deployed, to {as_of}",
                f"Stacked step chart of personnel deployed by each country in {chain} up to "
                f"{as_of}, one line per country across the missions, with each handover "
                "marked. The table below the chart gives the same figures.",
                markers,
            )
        )
    return view
