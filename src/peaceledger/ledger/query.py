"""Read services: the state of a mission, fact listings, a fact with its history, timelines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ..domain.dates import FuzzyDate
from ..domain.events import Event
from ..domain.facts import Fact
from ..domain.missions import Mission
from ..domain.readings import Figure, make_figure
from ..domain.series import STALE_DAYS
from ..domain.sources import Source
from ..domain.state import (
    Measure,
    MissionState,
    effective_date,
    measure_series,
    series_of,
    state_as_of,
)
from ..domain.vocab import Metric, ReviewStatus
from ..errors import InputError, NotFoundError
from ..store.base import ClaimEvidence, CorpusStore, EventFilter, FactFilter, LedgerStore


def require_mission(store: LedgerStore, code: str) -> Mission:
    mission = store.get_mission(code)
    if mission is None:
        known = ", ".join(m.code for m in store.list_missions()) or "none"
        raise NotFoundError("mission", f"{code} (known missions: {known})")
    return mission


def require_actor(store: LedgerStore, code: str) -> str:
    code = code.strip().upper() if len(code.strip()) == 3 else code.strip()
    if code not in store.actor_codes():
        raise InputError(
            f"unknown country or organisation code {code!r} "
            "(use ISO 3166 alpha-3, e.g. KEN, or UN, EU, CARICOM)",
            "--actor",
        )
    return code


@dataclass(frozen=True)
class StateReport:
    state: MissionState
    sources: dict[str, Source]


def mission_state(
    store: LedgerStore,
    mission: str,
    as_of: date,
    known_at: date | None = None,
    stale_days: int = STALE_DAYS,
) -> StateReport:
    """The state of `mission` on `as_of` from what had been published by `known_at`."""
    m = require_mission(store, mission)
    facts = store.facts_for_state(m.code, as_of, known_at)
    sources = store.get_sources({f.source_id for f in facts})
    state = state_as_of(m, facts, sources, as_of, known_at, stale_days)
    if known_at is not None:
        hidden = store.count_facts(
            FactFilter(
                mission=m.code,
                statuses=(ReviewStatus.ACCEPTED,),
                date_to=as_of,
                published_unknown=True,
            )
        )
        if hidden:
            state = _with_warning(
                state,
                (
                    f"{hidden} fact(s) left out: their source has no publication date, "
                    f"so it cannot be shown they were known by {known_at}"
                ),
            )
    return StateReport(state, sources)


def _with_warning(state: MissionState, warning: str) -> MissionState:
    return replace(state, warnings=(*state.warnings, warning))


@dataclass(frozen=True)
class FactListing:
    facts: list[Fact]
    sources: dict[str, Source]
    next_cursor: str | None


def list_facts(store: LedgerStore, flt: FactFilter) -> FactListing:
    if flt.limit is not None and flt.limit <= 0:
        raise InputError("must be a positive number", "--limit")
    facts = store.find_facts(flt)
    cursor = None
    if flt.limit and len(facts) == flt.limit:
        last = facts[-1]
        day = last.date_of_fact.start.isoformat() if last.date_of_fact else ""
        cursor = f"{day}|{last.fact_id}"
    return FactListing(facts, store.get_sources({f.source_id for f in facts}), cursor)


@dataclass(frozen=True)
class FactDetail:
    fact: Fact
    source: Source | None
    history: list[Fact]
    evidence: list[ClaimEvidence] = field(default_factory=list)
    """Every report of this claim, the first included (issue 8): what a reviewer weighs.
    Empty for a fact not grouped from reports (an import, the built-in data)."""
    evidence_sources: dict[str, Source] = field(default_factory=dict)
    """The sources of `evidence`, by id, without their text."""


def fact_detail(store: LedgerStore, fact_id: str) -> FactDetail:
    fact = store.get_fact(fact_id)
    if fact is None:
        raise NotFoundError("fact", fact_id)
    evidence = store.evidence_for(fact_id) if isinstance(store, CorpusStore) else []
    return FactDetail(
        fact,
        store.get_source(fact.source_id),
        store.fact_history(fact_id),
        evidence,
        store.get_sources({e.source_id for e in evidence}) if evidence else {},
    )


@dataclass(frozen=True)
class TimelineEntry:
    date: FuzzyDate
    figure: Figure | None = None
    """One report date of the series: every source's reading, conflicts flagged."""
    metric: Metric | None = None
    actor: str | None = None
    event: Event | None = None
    running: Measure | None = None
    """The series (strength, pledge, money on this rung and channel) as of this date, by the
    state rules: what a reader would have seen that day."""


@dataclass(frozen=True)
class Timeline:
    mission: str | None
    actor: str | None
    metrics: tuple[Metric, ...]
    entries: list[TimelineEntry]
    sources: dict[str, Source]


def timeline(
    store: LedgerStore,
    *,
    mission: str | None = None,
    actor: str | None = None,
    metrics: Sequence[Metric] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    known_at: date | None = None,
) -> Timeline:
    """A series over time: each report date with all its readings, the value of the series
    after it, and the events around it. Asking for `personnel_deployed` also brings the
    arrivals and withdrawals, because strength is built from them."""
    if mission:
        require_mission(store, mission)
    wanted = set(metrics)
    if Metric.PERSONNEL_DEPLOYED in wanted:
        wanted |= {Metric.PERSONNEL_ARRIVED, Metric.PERSONNEL_WITHDRAWN}
    facts = store.find_facts(
        FactFilter(
            mission=mission,
            actor=actor,
            metrics=tuple(sorted(wanted)),
            statuses=(ReviewStatus.ACCEPTED,),
            date_to=date_to,
            known_at=known_at,
        )
    )
    sources = store.get_sources({f.source_id for f in facts})
    groups: dict[tuple[str, str, str], list[tuple[FuzzyDate, Fact]]] = {}
    for f in facts:
        d = effective_date(f, sources)
        if d is None:
            continue
        key = (f.mission, f.actor or "", f.metric.value)
        groups.setdefault(key, []).append((d, f))
    series_items: dict[tuple[str, ...], list[tuple[FuzzyDate, Fact]]] = {}
    for items in groups.values():
        for d, f in items:
            skey = series_of(f)
            if skey is not None:
                series_items.setdefault((f.mission, f.actor or "", *skey), []).append((d, f))
    entries: list[TimelineEntry] = []
    for (m_code, who, metric), items in groups.items():
        for d, group in _cluster(items):
            if date_from is not None and d.end < date_from:
                continue  # earlier reports still count for the running value, not as rows
            skey = series_of(group[0])
            running = None
            if skey is not None:
                upto = [
                    (fd, f) for fd, f in series_items[(m_code, who, *skey)] if fd.start <= d.end
                ]
                running = measure_series(skey[0], skey[1], upto, sources)
            entries.append(
                TimelineEntry(
                    d, make_figure(d, group, sources), Metric(metric), who or None, running=running
                )
            )
    events = store.find_events(
        EventFilter(
            mission=mission,
            actor=actor,
            date_from=date_from,
            date_to=date_to,
            known_at=known_at,
        )
    )
    entries.extend(TimelineEntry(e.date_of_event, event=e, actor=e.actor) for e in events)
    sources.update(store.get_sources({e.source_id for e in events} - sources.keys()))
    entries.sort(
        key=lambda e: (e.date.sort_key(), e.event is not None, e.metric.value if e.metric else "")
    )
    return Timeline(mission, actor, tuple(metrics), entries, sources)


def _cluster(items: list[tuple[FuzzyDate, Fact]]) -> list[tuple[FuzzyDate, list[Fact]]]:
    """Reports of the same date (at the coarser precision) form one timeline point."""
    out: list[tuple[FuzzyDate, list[Fact]]] = []
    for d, f in sorted(items, key=lambda x: (x[0].sort_key(), x[1].fact_id)):
        if out and out[-1][0].same_period(d):
            prev, fs = out[-1]
            out[-1] = (prev if prev.precision >= d.precision else d, [*fs, f])
        else:
            out.append((d, [f]))
    return out


def search_sources(
    store: LedgerStore, text: str | None, limit: int = 50, offset: int = 0
) -> list[Source]:
    if limit <= 0 or limit > 10_000:
        raise InputError("must be between 1 and 10000", "--limit")
    return store.search_sources(text, limit, offset)


def actor_names(store: LedgerStore) -> dict[str, str]:
    return {a.code: a.name for a in store.list_actors()}
