"""Translation between domain values and table rows (dicts), in one place."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from ...domain.actors import Actor, ActorCode, Alias
from ...domain.dates import FuzzyDate, Precision
from ...domain.events import Event
from ...domain.facts import Evidence, Fact
from ...domain.missions import Mission, format_phases, parse_phases
from ...domain.money import ConversionStatus, FxRate, RateKind, UsdConversion
from ...domain.sources import Source
from ...domain.vocab import (
    ActorKind,
    Basis,
    Channel,
    EventKind,
    Metric,
    PersonnelType,
    Qualifier,
    ReviewStatus,
    Scope,
    SourceKind,
)

_PRECISION = {p.label: p for p in Precision}
# Enum constructors are slow on a hot path (state queries read thousands of rows); dict lookups
# are not.
_METRIC = {m.value: m for m in Metric}
_QUALIFIER = {q.value: q for q in Qualifier}
_PTYPE = {p.value: p for p in PersonnelType}
_CHANNEL = {c.value: c for c in Channel}
_STATUS = {s.value: s for s in ReviewStatus}
_BASIS = {b.value: b for b in Basis}
_RATE_KIND = {k.value: k for k in RateKind}
_SOURCE_KIND = {k.value: k for k in SourceKind}
_CONVERSION = {s.value: s for s in ConversionStatus}
_SCOPE = {s.value: s for s in Scope}


def fuzzy_from_row(start: date | None, precision: str | None) -> FuzzyDate | None:
    if start is None or not precision:
        return None
    return _fuzzy(start, precision)


# The same few thousand dates and exchange rates recur in every large read; they are immutable,
# so one shared instance each spares building and validating them row after row.
@lru_cache(maxsize=1 << 16)
def _fuzzy(start: date, precision: str) -> FuzzyDate:
    return FuzzyDate(start, _PRECISION[precision])


@lru_cache(maxsize=1 << 14)
def _fx_rate(currency: str, period: str, rate: Decimal, kind: str, source: str) -> FxRate:
    return FxRate(currency, period, rate, _RATE_KIND[kind], source)


# missions ----------------------------------------------------------------------------------
def mission_to_row(m: Mission) -> dict[str, Any]:
    return {
        "code": m.code,
        "name": m.name,
        "host": m.host,
        "resolutions": "|".join(m.resolutions),
        "start_date": m.start,
        "end_date": m.end,
        "lead": m.lead,
        "predecessor": m.predecessor,
        "successor": m.successor,
        "description": m.description,
        "phases": format_phases(m.phases),
    }


def row_to_mission(r: Mapping[Any, Any]) -> Mission:
    return Mission(
        code=r["code"],
        name=r["name"],
        host=r["host"],
        resolutions=tuple(x for x in (r["resolutions"] or "").split("|") if x),
        start=r["start_date"],
        end=r["end_date"],
        lead=r["lead"],
        predecessor=r["predecessor"],
        successor=r["successor"],
        description=r["description"],
        phases=parse_phases(r["phases"] or ""),
    )


# actors ------------------------------------------------------------------------------------
def actor_to_row(a: Actor) -> dict[str, Any]:
    return {
        "code": a.code,
        "kind": a.kind.value,
        "name": a.name,
        "un_member": a.un_member,
        "un_admission_date": a.un_admission,
    }


def alias_to_row(code: str, al: Alias) -> dict[str, Any]:
    return {
        "code": code,
        "alias": al.text,
        "kind": al.kind,
        "valid_from": al.valid_from,
        "valid_to": al.valid_to,
        "source": al.source,
    }


def row_to_actor(r: Mapping[Any, Any], aliases: tuple[Alias, ...] = ()) -> Actor:
    return Actor(
        ActorCode(r["code"]),
        ActorKind(r["kind"]),
        r["name"],
        bool(r["un_member"]),
        r["un_admission_date"],
        aliases,
    )


def row_to_alias(r: Mapping[Any, Any]) -> Alias:
    return Alias(r["alias"], r["kind"], r["valid_from"], r["valid_to"], r["source"])


# sources -----------------------------------------------------------------------------------
def source_to_row(s: Source) -> dict[str, Any]:
    p = s.published
    return {
        "source_id": s.source_id,
        "kind": s.kind.value,
        "url": s.url,
        "title": s.title,
        "publisher": s.publisher,
        "published": p.iso if p else None,
        "published_precision": p.precision.label if p else None,
        "published_start": p.start if p else None,
        "published_end": p.end if p else None,
        "retrieved_at": s.retrieved_at,
        "text": s.text,
        "sha256": s.sha256,
        "recorded_by": s.recorded_by,
        "recorded_at": s.recorded_at,
        "origin": s.origin,
        "origin_kind": s.origin_kind.value if s.origin_kind else None,
        "report_key": s.report_key,
    }


def row_to_source(r: Mapping[Any, Any], with_text: bool = True) -> Source:
    """`with_text=False` for rows selected without the (large) text column."""
    return Source(
        source_id=r["source_id"],
        kind=_SOURCE_KIND[r["kind"]],
        url=r["url"],
        title=r["title"],
        publisher=r["publisher"],
        published=fuzzy_from_row(r["published_start"], r["published_precision"]),
        retrieved_at=r["retrieved_at"],
        text=r["text"] if with_text else None,
        sha256=r["sha256"],
        recorded_by=r["recorded_by"],
        recorded_at=r["recorded_at"],
        origin=r["origin"],
        origin_kind=_SOURCE_KIND[r["origin_kind"]] if r["origin_kind"] else None,
        report_key=r["report_key"] or "",
    )


# facts -------------------------------------------------------------------------------------
def fact_to_row(f: Fact, known_since: date | None) -> dict[str, Any]:
    d, ev, usd = f.date_of_fact, f.evidence, f.usd
    rate = usd.rate if usd else None
    return {
        "fact_id": f.fact_id,
        "version": f.version,
        "mission": f.mission,
        "actor": f.actor,
        "metric": f.metric.value,
        "qualifier": f.qualifier.value,
        "value": f.value,
        "unit": f.unit,
        "personnel_type": f.personnel_type.value if f.personnel_type else None,
        "channel": f.channel.value if f.channel else None,
        "date_of_fact": d.iso if d else None,
        "date_precision": d.precision.label if d else None,
        "date_start": d.start if d else None,
        "date_end": d.end if d else None,
        "source_id": f.source_id,
        "known_since": known_since,
        "evidence_start": ev.start if ev else None,
        "evidence_end": ev.end if ev else None,
        "evidence_quote": ev.quote if ev else None,
        "basis": f.basis.value,
        "status": f.status.value,
        "pinned": f.pinned,
        "note": f.note,
        "amount_usd": usd.amount_usd if usd else None,
        "usd_status": usd.status.value if usd else None,
        "rate_per_usd": rate.rate_per_usd if rate else None,
        "rate_date": rate.period if rate else None,
        "rate_kind": rate.kind.value if rate else None,
        "rate_source": rate.source if rate else None,
        "produced_by": f.produced_by,
        "confidence": f.confidence,
        "recorded_by": f.recorded_by,
        "recorded_at": f.recorded_at,
        "change_note": f.change_note,
        "scope": f.scope.value,
        "derived_from": "|".join(f.derived_from),
        "derivation": f.derivation,
    }


def row_to_fact(r: Mapping[Any, Any]) -> Fact:
    usd = None
    if r["usd_status"]:
        rate = None
        if r["rate_per_usd"] is not None:
            rate = _fx_rate(
                r["unit"], r["rate_date"], r["rate_per_usd"], r["rate_kind"], r["rate_source"] or ""
            )
        usd = UsdConversion(_CONVERSION[r["usd_status"]], r["amount_usd"], rate)
    ev = None
    if r["evidence_start"] is not None:
        ev = Evidence(r["evidence_start"], r["evidence_end"], r["evidence_quote"] or "")
    ptype, channel = r["personnel_type"], r["channel"]
    return Fact(
        fact_id=r["fact_id"],
        mission=r["mission"],
        actor=r["actor"],
        metric=_METRIC[r["metric"]],
        qualifier=_QUALIFIER[r["qualifier"]],
        value=r["value"],
        unit=r["unit"],
        personnel_type=_PTYPE[ptype] if ptype else None,
        channel=_CHANNEL[channel] if channel else None,
        date_of_fact=fuzzy_from_row(r["date_start"], r["date_precision"]),
        source_id=r["source_id"],
        evidence=ev,
        basis=_BASIS[r["basis"]],
        status=_STATUS[r["status"]],
        pinned=bool(r["pinned"]),
        note=r["note"],
        usd=usd,
        produced_by=r["produced_by"],
        confidence=r["confidence"],
        version=r["version"],
        recorded_by=r["recorded_by"],
        recorded_at=r["recorded_at"],
        change_note=r["change_note"],
        scope=_SCOPE[r["scope"]],
        derived_from=tuple(x for x in r["derived_from"].split("|") if x),
        derivation=r["derivation"],
    )


# events ------------------------------------------------------------------------------------
def event_to_row(e: Event, known_since: date | None, version: int = 1) -> dict[str, Any]:
    d = e.date_of_event
    return {
        "event_id": e.event_id,
        "version": version,
        "mission": e.mission,
        "actor": e.actor,
        "date_of_event": d.iso,
        "date_precision": d.precision.label,
        "date_start": d.start,
        "date_end": d.end,
        "kind": e.kind.value,
        "description": e.description,
        "value": e.value,
        "unit": e.unit,
        "source_id": e.source_id,
        "known_since": known_since,
        "status": "accepted",
        "recorded_by": e.recorded_by,
        "recorded_at": e.recorded_at,
    }


def row_to_event(r: Mapping[Any, Any]) -> Event:
    d = fuzzy_from_row(r["date_start"], r["date_precision"])
    assert d is not None
    return Event(
        event_id=r["event_id"],
        mission=r["mission"],
        actor=r["actor"],
        date_of_event=d,
        kind=EventKind(r["kind"]),
        description=r["description"],
        source_id=r["source_id"],
        value=r["value"],
        unit=r["unit"],
        recorded_by=r["recorded_by"],
        recorded_at=r["recorded_at"],
    )
