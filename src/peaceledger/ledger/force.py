"""The force in a host country across a succession of missions (MSS-HTI, then GSF-HTI).

Resolution 2793 renamed the force, not its people: the Kenyan police of the MSS served on
under the GSF until the handover, and reporting in that period names either mission. The
force view reads the personnel figures of every mission in the chain as one force, so the
same contingent is one line across the rename, and marks each handover. Money stays with its
mission: the MSS trust fund and the GSF's funding are different flows.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date

from ..domain.missions import Mission, Phase, succession
from ..domain.series import STALE_DAYS
from ..domain.sources import Source
from ..domain.state import MissionState, state_as_of
from ..domain.vocab import MissionPhase
from ..errors import NotFoundError
from ..store.base import LedgerStore
from .query import require_mission


@dataclass(frozen=True)
class Handover:
    from_code: str
    to_code: str
    day: date
    """The day the predecessor ended and the successor carried the force alone."""


@dataclass(frozen=True)
class ForceReport:
    chain: tuple[Mission, ...]
    handovers: tuple[Handover, ...]
    current: Mission
    """The mission "the force" means on the date asked."""
    state: MissionState
    sources: dict[str, Source]


def force_code(host: str) -> str:
    return f"FORCE-{host}"


def chain_for(store: LedgerStore, code_or_host: str) -> tuple[Mission, ...]:
    """A mission's succession chain, or the chain of the missions hosted by a country."""
    missions = {m.code: m for m in store.list_missions()}
    text = code_or_host.strip().upper()
    if text in missions:
        return succession(text, missions)
    hosted = sorted(
        (m for m in missions.values() if m.host == text), key=lambda m: m.start or date.min
    )
    if not hosted:
        known = ", ".join(sorted({m.host for m in missions.values()})) or "none"
        raise NotFoundError("force", f"{code_or_host} (give a mission code or a host: {known})")
    return succession(hosted[0].code, missions)


def force_mission(chain: tuple[Mission, ...]) -> Mission:
    """One mission standing for the chain: its mandates, its first start and last end, the
    phases of each member up to the handover."""
    first, last = chain[0], chain[-1]
    phases: list[Phase] = []
    for i, m in enumerate(chain):
        nxt = chain[i + 1] if i + 1 < len(chain) else None
        for p in m.phases:
            if nxt is not None and p.phase is MissionPhase.ENDED:
                continue  # the force does not end at a handover
            if i > 0 and p.phase is MissionPhase.AUTHORIZED:
                continue  # a successor's authorization falls inside the predecessor's life
            phases.append(p)
    return Mission(
        code=force_code(first.host),
        name=f"The force in {first.host}: " + " → ".join(m.code for m in chain),
        host=first.host,
        resolutions=tuple(r for m in chain for r in m.resolutions),
        start=first.start,
        end=last.end,
        lead=last.lead or first.lead,
        description="Personnel of " + ", then ".join(f"{m.name} ({m.code})" for m in chain),
        phases=tuple(sorted(phases, key=lambda p: p.start)),
    )


def force_state(
    store: LedgerStore,
    code_or_host: str,
    as_of: date,
    known_at: date | None = None,
    stale_days: int = STALE_DAYS,
) -> ForceReport:
    chain = chain_for(store, code_or_host)
    if not chain:
        raise NotFoundError("force", code_or_host)
    force = force_mission(chain)
    facts = []
    for m in chain:
        require_mission(store, m.code)
        facts += [
            replace(f, mission=force.code)
            for f in store.facts_for_state(m.code, as_of, known_at)
            if f.metric.is_personnel
        ]
    sources = store.get_sources({f.source_id for f in facts})
    state = state_as_of(force, facts, sources, as_of, known_at, stale_days)
    handovers = tuple(
        Handover(a.code, b.code, a.end) for a, b in itertools.pairwise(chain) if a.end is not None
    )
    current = chain[0]
    for a, b in itertools.pairwise(chain):
        if a.end is not None and as_of >= a.end:
            current = b
    return ForceReport(chain, handovers, current, state, sources)
