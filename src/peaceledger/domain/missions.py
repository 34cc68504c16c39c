"""Missions, their phases and the succession between them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .vocab import MissionPhase


@dataclass(frozen=True)
class Phase:
    phase: MissionPhase
    start: date


@dataclass(frozen=True)
class Mission:
    code: str
    """Stable code such as `MSS-HTI`; the suffix is the host's ISO 3166 alpha-3."""
    name: str
    host: str
    resolutions: tuple[str, ...]
    start: date | None
    end: date | None
    """The day it ended: the start of its `ended` phase, when it has one."""
    lead: str | None
    predecessor: str | None = None
    successor: str | None = None
    description: str = ""
    phases: tuple[Phase, ...] = ()
    """In date order. A mission's authorization can end while its contingents serve on under
    a successor: that span is its `transition` phase, and `end` is when it ended."""

    def phase_on(self, d: date) -> MissionPhase | None:
        current = None
        for p in self.phases:
            if p.start <= d:
                current = p.phase
        return current

    @property
    def ended(self) -> bool:
        return self.end is not None

    def default_as_of(self, today: date) -> date:
        """Today, or the last day of a mission that has ended."""
        return min(today, self.end) if self.end is not None else today

    @property
    def transition_start(self) -> date | None:
        return next((p.start for p in self.phases if p.phase is MissionPhase.TRANSITION), None)


def parse_phases(text: str) -> tuple[Phase, ...]:
    """`authorized:2023-10-02|deploying:2024-06-25|...`, the form the missions file keeps."""
    out: list[Phase] = []
    for item in (x.strip() for x in text.split("|")):
        if not item:
            continue
        name, _, day = item.partition(":")
        out.append(Phase(MissionPhase(name.strip()), date.fromisoformat(day.strip())))
    return tuple(sorted(out, key=lambda p: p.start))


def format_phases(phases: Sequence[Phase]) -> str:
    return "|".join(f"{p.phase.value}:{p.start.isoformat()}" for p in phases)


def succession(code: str, missions: Mapping[str, Mission]) -> tuple[Mission, ...]:
    """The chain a mission belongs to, first to last ("the force in Haiti": MSS -> GSF)."""
    first = missions.get(code)
    if first is None:
        return ()
    seen = {first.code}
    while first.predecessor and first.predecessor in missions and first.predecessor not in seen:
        first = missions[first.predecessor]
        seen.add(first.code)
    chain = [first]
    while (nxt := chain[-1].successor) and nxt in missions and nxt not in {m.code for m in chain}:
        chain.append(missions[nxt])
    return tuple(chain)
