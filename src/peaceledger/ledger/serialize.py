"""Plain, JSON-ready dicts with stable field names: what `--format json` prints and the API
returns. One place, so the CLI and the web can never disagree on a number or a name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..domain.credibility import effective_kind
from ..domain.events import Event
from ..domain.facts import Fact
from ..domain.missions import Mission
from ..domain.readings import HEADLINE_RULE, Figure, Reading
from ..domain.series import SetAside, behaviour_of
from ..domain.sources import Source
from ..domain.state import (
    AUTHORIZED,
    FATALITIES,
    MONEY_STAGES,
    PLEDGE,
    STRENGTH,
    ActorState,
    Conflict,
    Measure,
    MissionState,
)
from ..store.base import ClaimEvidence
from .query import FactDetail, Timeline

SERIES_RULES = (
    "Series, by metric: cumulative money and deaths to date never fall unless a reduction is "
    "recorded (a later, lower report is a conflict across dates); strength is replaced by the "
    "latest report unless a clearly weaker source disagrees; pledges restate unless a lower "
    "pledge comes from a weaker source; arrivals adjust strength only as a derived bound on a "
    "level at most {stale_days} days older, and rotations never add."
)

SERIES_NAMES = {
    STRENGTH: "personnel_deployed",
    PLEDGE: "personnel_pledged",
    AUTHORIZED: "personnel_authorized",
    FATALITIES: "fatalities",
    "pledged": "funding_pledged",
    "committed": "funding_committed",
    "paid": "funding_paid",
    "required": "funding_requirement",
}


def number(v: Decimal | None) -> int | float | None:
    """Whole numbers as integers, others as floats: what JSON readers expect."""
    if v is None:
        return None
    if v == v.to_integral_value():
        return int(v)
    return float(v)


def mission_dict(m: Mission) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "host": m.host,
        "resolutions": list(m.resolutions),
        "start": m.start.isoformat() if m.start else None,
        "end": m.end.isoformat() if m.end else None,
        "lead": m.lead,
        "predecessor": m.predecessor,
        "successor": m.successor,
        "description": m.description,
        "phases": [{"phase": p.phase.value, "start": p.start.isoformat()} for p in m.phases],
    }


def source_dict(s: Source, with_text: bool = False) -> dict[str, Any]:
    out = {
        "source_id": s.source_id,
        "kind": s.kind.value,
        "origin": s.origin,
        "origin_kind": s.origin_kind.value if s.origin_kind else None,
        "credibility": effective_kind(s).value,
        "report_key": s.report,
        "url": s.url,
        "title": s.title,
        "publisher": s.publisher,
        "published": s.published.iso if s.published else None,
        "sha256": s.sha256,
        "retrieved_at": s.retrieved_at.isoformat() if s.retrieved_at else None,
    }
    if with_text:
        out["text"] = s.text
    return out


def fact_dict(f: Fact, actor_names: Mapping[str, str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "fact_id": f.fact_id,
        "version": f.version,
        "mission": f.mission,
        "actor": f.actor,
        "metric": f.metric.value,
        "qualifier": f.qualifier.value,
        "value": number(f.value),
        "unit": f.unit,
        "personnel_type": f.personnel_type.value if f.personnel_type else None,
        "channel": f.channel.value if f.channel else None,
        "date_of_fact": f.date_of_fact.iso if f.date_of_fact else None,
        "date_precision": f.date_of_fact.precision.label if f.date_of_fact else None,
        "source_id": f.source_id,
        "basis": f.basis.value,
        "status": f.status.value,
        "pinned": f.pinned,
        "note": f.note,
        "evidence": (
            {"start": f.evidence.start, "end": f.evidence.end, "quote": f.evidence.quote}
            if f.evidence
            else None
        ),
        "recorded_by": f.recorded_by,
        "recorded_at": f.recorded_at.isoformat() if f.recorded_at else None,
        "produced_by": f.produced_by,
        "confidence": f.confidence,
        "change_note": f.change_note,
        "scope": f.scope.value,
        "derived": f.is_derived,
        "derived_from": list(f.derived_from),
        "derivation": f.derivation,
    }
    if actor_names is not None:
        out["actor_name"] = actor_names.get(f.actor or "", None)
    if f.is_money:
        out["money"] = money_dict(f)
    return out


def money_dict(f: Fact) -> dict[str, Any]:
    """The money ladder's fields of a money fact (FTS/IATI: original amount and currency, the
    rate as currency units per USD with its date and source, and the USD value)."""
    usd = f.usd
    return {
        "amount": number(f.value),
        "currency": f.unit,
        "amount_usd": number(usd.amount_usd) if usd else None,
        "usd_status": usd.status.value if usd else "no_rate",
        "rate_per_usd": number(usd.rate_per_usd) if usd else None,
        "rate_date": usd.rate_date if usd else None,
        "rate_kind": usd.rate_kind if usd else None,
        "rate_source": usd.rate_source if usd else None,
    }


def kind_of(source_id: str, sources: Mapping[str, Source]) -> str:
    """The credibility a reader should weigh a figure by (a copy counts as its origin)."""
    return effective_kind(sources.get(source_id)).value


def reading_dict(r: Reading, sources: Mapping[str, Source]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source_id": r.source_id,
        "source_kind": kind_of(r.source_id, sources),
        "value": number(r.value),
        "unit": r.unit,
        "qualifier": r.qualifier.value,
        "fact_ids": list(r.fact_ids),
        "by_type": {k: number(v) for k, v in r.by_type},
        "derived": r.derived,
    }
    if r.derived:
        out["derivation"] = "; ".join(f.derivation for f in r.facts if f.derivation)
        out["derived_from"] = [i for f in r.facts for i in f.derived_from]
    if r.facts and r.facts[0].is_money:
        out["amount_usd"] = number(r.amount_usd)
        out["usd_missing"] = r.usd_missing
        out["facts"] = [money_dict(f) | {"fact_id": f.fact_id} for f in r.facts]
    return out


def figure_dict(fig: Figure, sources: Mapping[str, Source]) -> dict[str, Any]:
    return {
        "date": fig.date.iso,
        "value": number(fig.value),
        "unit": fig.unit,
        "qualifier": fig.chosen.qualifier.value,
        "source_id": fig.chosen.source_id,
        "source_kind": kind_of(fig.chosen.source_id, sources),
        "fact_ids": list(fig.chosen.fact_ids),
        "derived": fig.chosen.derived,
        "conflict": fig.conflict,
        "reason": fig.reason,
        "readings": [reading_dict(r, sources) for r in fig.readings],
    }


def set_aside_dict(s: SetAside, sources: Mapping[str, Source]) -> dict[str, Any]:
    return {
        "why": s.why,
        "conflict": s.conflict,
        "sign": s.sign,
    } | figure_dict(s.figure, sources)


def measure_dict(m: Measure, sources: Mapping[str, Source]) -> dict[str, Any]:
    latest = m.as_of_date
    lead = m.base or (m.adjustments[0][1] if m.adjustments else None)
    return {
        "value": number(m.value),
        "unit": m.unit,
        "qualifier": m.qualifier.value,
        "amount_usd": number(m.amount_usd),
        "usd_missing": m.usd_missing,
        "as_of": latest.iso if latest else None,
        "conflict": m.conflict,
        "source_kind": kind_of(lead.chosen.source_id, sources) if lead else None,
        "derived": m.derived,
        "derivation": m.derivation or None,
        "derived_from": list(m.derived_from),
        "why": why_dict(m, sources),
        "by_type": {k: number(v) for k, v in m.by_type},
        "base": figure_dict(m.base, sources) if m.base else None,
        "adjustments": [{"sign": s} | figure_dict(f, sources) for s, f in m.adjustments],
        "set_aside": [set_aside_dict(s, sources) for s in m.set_aside],
    }


def why_dict(m: Measure, sources: Mapping[str, Source]) -> dict[str, Any]:
    """Why this is the headline: the series rule that made its report stand, the headline
    rule's step among that date's readings, and every reading it overrode."""
    overrode: list[dict[str, Any]] = []
    if m.base is not None:
        for r in m.base.readings:
            if r is not m.base.chosen:
                overrode.append(
                    {"why": "same date: " + m.base.reason, "conflict": m.base.conflict}
                    | {"date": m.base.date.iso}
                    | reading_dict(r, sources)
                )
    for s in m.set_aside:
        overrode.append(
            {"why": s.why, "conflict": s.conflict, "date": s.figure.date.iso}
            | reading_dict(s.figure.chosen, sources)
        )
    return {
        "behaviour": behaviour_of(m.series).value,
        "series_rule": m.rule,
        "date_rule": m.base.reason if m.base else None,
        "computed": m.derivation if m.computed else None,
        "overrode": overrode,
    }


def actor_state_dict(
    a: ActorState, names: Mapping[str, str], sources: Mapping[str, Source]
) -> dict[str, Any]:
    out: dict[str, Any] = {"actor": a.actor, "name": names.get(a.actor or "", None)}
    for series in (PLEDGE, STRENGTH, AUTHORIZED, FATALITIES):
        m = a.personnel.get(series)
        out[SERIES_NAMES[series]] = measure_dict(m, sources) if m else None
    funding: dict[str, Any] = {}
    for stage in MONEY_STAGES:
        channels = a.money.get(stage.value)
        if not channels:
            continue
        total, missing = a.money_usd(stage.value)
        funding[SERIES_NAMES[stage.value]] = {
            "total_usd": number(total),
            "usd_incomplete": missing,
            "channels": {
                (ch or "unstated"): measure_dict(m, sources) for ch, m in channels.items()
            },
        }
    out["funding"] = funding
    out["outside_scope"] = [
        {
            "fact_id": f.fact_id,
            "metric": f.metric.value,
            "value": number(f.value),
            "unit": f.unit,
            "qualifier": f.qualifier.value,
            "date": f.date_of_fact.iso if f.date_of_fact else None,
            "source_id": f.source_id,
            "source_kind": kind_of(f.source_id, sources),
            "note": f.note,
        }
        for f in a.outside_scope
    ]
    return out


def conflict_dict(c: Conflict, sources: Mapping[str, Source]) -> dict[str, Any]:
    return {
        "actor": c.who or None,
        "series": SERIES_NAMES[c.series],
        "channel": c.channel or None,
        "across_dates": c.across_dates,
        "why": c.why or None,
        "standing": figure_dict(c.standing, sources) if c.standing else None,
    } | figure_dict(c.figure, sources)


def state_dict(
    state: MissionState,
    sources: Mapping[str, Source],
    names: Mapping[str, str],
    stale_days: int = 60,
) -> dict[str, Any]:
    used = _sources_of_state(state)
    return {
        "mission": mission_dict(state.mission),
        "as_of": state.as_of.isoformat(),
        "known_at": state.known_at.isoformat() if state.known_at else None,
        "phase": (p.value if (p := state.mission.phase_on(state.as_of)) else None),
        "actors": [actor_state_dict(a, names, sources) for a in state.actors],
        "mission_wide": actor_state_dict(state.mission_reported, names, sources),
        "country_sums": {
            _sum_name(k): {
                "value": number(v),
                "actors": list(actors),
                "derived_actors": list(state.sums_derived.get(k, ())),
                "independent": k not in state.sums_not_independent,
            }
            for k, (v, actors) in state.sums.items()
        },
        "conflicts": [conflict_dict(c, sources) for c in state.conflicts],
        "warnings": list(state.warnings),
        "headline_rule": HEADLINE_RULE,
        "series_rules": SERIES_RULES.format(stale_days=stale_days),
        "facts_used": state.facts_used,
        "sources": {sid: source_dict(sources[sid]) for sid in sorted(used) if sid in sources},
    }


def _sum_name(key: str) -> str:
    return SERIES_NAMES.get(key.removesuffix("_usd"), key) + (
        "_usd" if key.endswith("_usd") else ""
    )


def _sources_of_state(state: MissionState) -> set[str]:
    out: set[str] = set()
    for a in (state.mission_reported, *state.actors):
        measures = list(a.personnel.values()) + [m for ch in a.money.values() for m in ch.values()]
        for m in measures:
            for fig in (*m.figures, *(s.figure for s in m.set_aside)):
                out.update(r.source_id for r in fig.readings)
        out.update(f.source_id for f in a.outside_scope)
    return out


def facts_dicts(facts: Iterable[Fact], names: Mapping[str, str]) -> list[dict[str, Any]]:
    return [fact_dict(f, names) for f in facts]


def detail_dict(d: FactDetail, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "fact": fact_dict(d.fact, names),
        "source": source_dict(d.source) if d.source else None,
        "history": [fact_dict(v) for v in d.history],
        "evidence": [
            claim_evidence_dict(e, d.evidence_sources.get(e.source_id)) for e in d.evidence
        ],
    }


def claim_evidence_dict(e: ClaimEvidence, source: Source | None) -> dict[str, Any]:
    """One report of a grouped claim, with what identifies its source to a reader."""
    return {
        "source_id": e.source_id,
        "source_kind": effective_kind(source).value,
        "title": source.title if source else None,
        "url": source.url if source else None,
        "published": source.published.iso if source and source.published else None,
        "start": e.start,
        "end": e.end,
        "quote": e.quote,
    }


def event_dict(e: Event) -> dict[str, Any]:
    return {
        "event_id": e.event_id,
        "mission": e.mission,
        "actor": e.actor,
        "date": e.date_of_event.iso,
        "kind": e.kind.value,
        "description": e.description,
        "value": number(e.value),
        "unit": e.unit or None,
        "source_id": e.source_id,
    }


def timeline_dict(t: Timeline, names: Mapping[str, str]) -> dict[str, Any]:
    entries = []
    for e in t.entries:
        if e.event is not None:
            entries.append({"type": "event", "date": e.date.iso} | event_dict(e.event))
        elif e.figure is not None:
            running = e.running
            entries.append(
                {
                    "type": "figure",
                    "date": e.date.iso,
                    "actor": e.actor,
                    "actor_name": names.get(e.actor or "", None),
                    "metric": e.metric.value if e.metric else None,
                }
                | figure_dict(e.figure, t.sources)
                | {
                    "running_value": number(running.value) if running else None,
                    "running_qualifier": running.qualifier.value if running else None,
                }
            )
    return {
        "mission": t.mission,
        "actor": t.actor,
        "metrics": [m.value for m in t.metrics],
        "entries": entries,
        "sources": {sid: source_dict(s) for sid, s in sorted(t.sources.items())},
    }
