"""What a page shows, assembled from the read services and the API's dicts.

Each builder returns plain data that a template (and the printable brief) renders; the numbers
are the ones `serialize` gives the API, so a page and an API answer cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..domain.series import STALE_DAYS
from ..domain.vocab import Metric, ReviewStatus
from ..errors import NotFoundError
from ..ledger import query, serialize
from ..store.base import FactFilter, LedgerStore
from . import charts
from .caveats import Caveats, caveats_of
from .chartdata import MoneyData, StrengthData, money_data, strength_data
from .highlight import Piece, pieces, spans_of

TIMELINE_METRICS = (
    Metric.PERSONNEL_DEPLOYED,
    Metric.PERSONNEL_PLEDGED,
    Metric.PERSONNEL_AUTHORIZED,
)
CHART_NAMES = ("strength", "money")


@dataclass
class Overview:
    mission: dict[str, Any]
    state: dict[str, Any]
    strength: StrengthData
    money: MoneyData
    related: dict[str, dict[str, Any]]
    """The predecessor and successor missions, by role."""
    events: list[dict[str, Any]]
    caveats: Caveats
    force_host: str | None
    """The host whose force view spans this mission's line of succession (None: no line)."""
    force_name: str
    specs: dict[str, charts.Spec] = field(default_factory=dict)


def overview(
    store: LedgerStore,
    names: Mapping[str, str],
    code: str,
    as_of: date,
    known_at: date | None,
    with_charts: bool = True,
    stale_days: int = STALE_DAYS,
) -> Overview:
    report = query.mission_state(store, code, as_of, known_at, stale_days)
    st = serialize.state_dict(report.state, report.sources, names, stale_days)
    t = query.timeline(
        store, mission=code, metrics=TIMELINE_METRICS, date_to=as_of, known_at=known_at
    )
    td = serialize.timeline_dict(t, names)
    m = report.state.mission
    related = {}
    for role, other in (("predecessor", m.predecessor), ("successor", m.successor)):
        if other and (om := store.get_mission(other)) is not None:
            related[role] = serialize.mission_dict(om)
    events = [e for e in td["entries"] if e["type"] == "event"]
    ov = Overview(
        st["mission"],
        st,
        strength_data(td, as_of, names),
        money_data(st),
        related,
        events,
        caveats_of(st),
        m.host if related else None,
        names.get(m.host, m.host),
    )
    if with_charts:
        ov.specs = overview_specs(ov)
    return ov


def overview_specs(ov: Overview) -> dict[str, charts.Spec]:
    code, day = ov.mission["code"], ov.state["as_of"]
    out: dict[str, charts.Spec] = {}
    if not ov.strength.empty:
        out["strength"] = charts.spec_of(
            charts.strength_chart(
                ov.strength,
                f"{code}: personnel deployed by country, to {day}",
                f"Stacked step chart of personnel deployed by each country in {code} up to "
                f"{day}, with the sum of pledges and the authorized ceiling as dashed lines. "
                "The table below the chart gives the same figures.",
            )
        )
    if any(b["usd"] for b in ov.money.bars) or ov.money.requirement_usd:
        out["money"] = charts.spec_of(
            charts.money_chart(
                ov.money,
                f"{code}: money pledged, committed and paid (US$), as of {day}",
                "Bar chart of US dollars pledged, committed and paid by all donors, against "
                "the mission's funding requirement. The table below gives the same figures.",
            )
        )
    return out


@dataclass
class CountryView:
    code: str
    name: str
    missions: list[dict[str, Any]]
    """Per mission: the mission dict and this actor's state there (None when absent)."""
    groups: dict[str, list[dict[str, Any]]]
    sources: dict[str, dict[str, Any]]
    strength: StrengthData
    force_hosts: dict[str, str] = field(default_factory=dict)
    """Host code -> name, for each line of missions this actor served in (a force view)."""
    specs: dict[str, charts.Spec] = field(default_factory=dict)


FACT_GROUPS = {
    "Pledges": ("personnel_pledged",),
    "Deployments": ("personnel_deployed", "personnel_arrived", "personnel_withdrawn"),
    "Money": ("funding_pledged", "funding_committed", "funding_paid", "funding_requirement"),
    "Other figures": ("personnel_authorized", "fatalities"),
}


def country(
    store: LedgerStore,
    names: Mapping[str, str],
    code: str,
    mission: str | None,
    as_of: date,
    known_at: date | None,
    stale_days: int = STALE_DAYS,
) -> CountryView:
    missions = [query.require_mission(store, mission)] if mission else store.list_missions()
    listing = query.list_facts(
        store,
        FactFilter(
            mission=mission,
            actor=code,
            statuses=(ReviewStatus.ACCEPTED,),
            date_to=as_of,
            known_at=known_at,
        ),
    )
    involved = {f.mission for f in listing.facts}
    per_mission: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    state_sources: dict[str, dict[str, Any]] = {}
    for m in missions:
        if m.code not in involved:
            continue
        report = query.mission_state(store, m.code, as_of, known_at, stale_days)
        mine = next((a for a in report.state.actors if a.actor == code), None)
        per_mission.append(
            {
                "mission": serialize.mission_dict(m),
                "state": (
                    serialize.actor_state_dict(mine, names, report.sources) if mine else None
                ),
            }
        )
        if mine is not None:
            state_sources |= {sid: serialize.source_dict(s) for sid, s in report.sources.items()}
        t = query.timeline(
            store,
            mission=m.code,
            actor=code,
            metrics=(Metric.PERSONNEL_DEPLOYED, Metric.PERSONNEL_PLEDGED),
            date_to=as_of,
            known_at=known_at,
        )
        entries.extend(
            e | {"mission": m.code} for e in serialize.timeline_dict(t, names)["entries"]
        )
    facts = serialize.facts_dicts(listing.facts, names)
    groups = {
        title: [f for f in facts if f["metric"] in metrics]
        for title, metrics in FACT_GROUPS.items()
    }
    view = CountryView(
        code,
        names.get(code, code),
        per_mission,
        {k: v for k, v in groups.items() if v},
        state_sources | {sid: serialize.source_dict(s) for sid, s in listing.sources.items()},
        strength_data({"entries": entries}, as_of, names, by="mission"),
        {
            pm["mission"]["host"]: names.get(pm["mission"]["host"], pm["mission"]["host"])
            for pm in per_mission
            if pm["mission"]["predecessor"] or pm["mission"]["successor"]
        },
    )
    if not view.strength.empty:
        view.specs["strength"] = charts.spec_of(
            charts.strength_chart(
                view.strength,
                f"{view.name}: personnel deployed, to {as_of}",
                f"Step chart of personnel {view.name} deployed, by mission, with its pledge "
                "as a dashed line. The table below the chart gives the same figures.",
            )
        )
    return view


@dataclass
class SourceView:
    source: dict[str, Any]
    text: str | None
    pieces: list[Piece]
    facts: list[dict[str, Any]]


def source_view(store: LedgerStore, names: Mapping[str, str], source_id: str) -> SourceView:
    src = store.get_sources([source_id], with_text=True).get(source_id)
    if src is None:
        raise NotFoundError("source", source_id)
    facts = store.find_facts(FactFilter(source_id=source_id))
    text = src.text or ""
    return SourceView(
        serialize.source_dict(src),
        src.text,
        pieces(text, spans_of(text, facts)) if text else [],
        serialize.facts_dicts(facts, names),
    )


@dataclass
class FactView:
    detail: dict[str, Any]
    pieces: list[Piece]
    """The source text with this fact's evidence marked; empty when no text is held."""


def fact_view(store: LedgerStore, names: Mapping[str, str], fact_id: str) -> FactView:
    d = query.fact_detail(store, fact_id)
    data = serialize.detail_dict(d, names)
    src = store.get_sources([d.fact.source_id], with_text=True).get(d.fact.source_id)
    text = src.text if src and src.text else ""
    return FactView(data, pieces(text, spans_of(text, [d.fact])) if text else [])
