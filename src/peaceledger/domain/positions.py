"""Positions: each actor's stance on a mission over time, from its statements.

An analyst asks "who backs the mission, on what conditions, and how has that shifted?". The
answer is one row per actor: its latest stance, the sequence of stance changes, and the
statements behind each. It is computed from statements alone (pure), so the CLI, the web page
and the API agree.

Rules:
* Only statements with an actor count; unattributed ones are counted apart, for review.
* Statements are ordered by date (the start of their period), then by who speaks with most
  authority for the actor *last* (a named official, then a named body such as "the Biden
  administration" or "some Republican lawmakers", then unnamed and unknown speakers), then
  by id so the order is stable: on one day, the President-elect's support outweighs some
  lawmakers' opposition. Undated statements sort first: they cannot be later.
* The latest stance is that of the latest statement; a neutral statement does not replace a
  stance already taken (a neutral remark is not a change of mind).
* A change is recorded when the stance differs from the previous non-neutral one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .dates import FuzzyDate
from .statements import SpeakerKind, Stance, Statement, Subject


@dataclass(frozen=True)
class StanceChange:
    date: FuzzyDate | None
    before: Stance | None
    """None: the first stance on record."""
    after: Stance
    statement_id: str


@dataclass(frozen=True)
class Position:
    actor: str
    stance: Stance
    """The latest stance (see the module rules)."""
    condition: str
    """The condition of the latest stance, when conditional."""
    since: FuzzyDate | None
    """Date of the statement that set the latest stance."""
    latest: FuzzyDate | None
    """Date of the latest statement of any stance."""
    changes: tuple[StanceChange, ...]
    statements: tuple[Statement, ...]
    """Every statement counted, in date order."""
    by_subject: tuple[tuple[Subject, Stance], ...]
    """The latest non-neutral (else neutral) stance per subject."""

    @property
    def trajectory(self) -> str:
        """ "supports → conditional → opposes", or the single stance."""
        return " → ".join(c.after.value for c in self.changes) or self.stance.value


@dataclass(frozen=True)
class Positions:
    mission: str | None
    rows: tuple[Position, ...]
    unattributed: int
    """Statements without an actor: waiting for a reviewer to say whose they are."""


def _day(d: FuzzyDate | None) -> date:
    return d.start if d is not None else date.min


_AUTHORITY = {
    SpeakerKind.UNKNOWN: 0,
    SpeakerKind.UNNAMED: 1,
    SpeakerKind.GROUP: 2,
    SpeakerKind.PERSON: 3,
}


def _order(st: Statement) -> tuple[date, int, str]:
    return (_day(st.date), _AUTHORITY[st.speaker.kind], st.statement_id)


def position_of(actor: str, statements: Iterable[Statement]) -> Position | None:
    items = sorted(statements, key=_order)
    if not items:
        return None
    changes: list[StanceChange] = []
    current: Statement | None = None
    subjects: dict[Subject, Stance] = {}
    for st in items:
        if st.stance is Stance.NEUTRAL:
            subjects.setdefault(st.subject, Stance.NEUTRAL)
            continue
        subjects[st.subject] = st.stance
        before = current.stance if current is not None else None
        if before is not st.stance or (
            st.stance is Stance.CONDITIONAL
            and current is not None
            and current.condition != st.condition
        ):
            changes.append(StanceChange(st.date, before, st.stance, st.statement_id))
        current = st
    if current is None:  # only neutral statements
        current = items[-1]
    return Position(
        actor=actor,
        stance=current.stance,
        condition=current.condition,
        since=current.date,
        latest=items[-1].date,
        changes=tuple(changes),
        statements=tuple(items),
        by_subject=tuple(sorted(subjects.items())),
    )


def positions_of(
    statements: Iterable[Statement],
    *,
    mission: str | None = None,
    subject: Subject | None = None,
) -> Positions:
    """One row per actor, ordered by actor code."""
    by_actor: dict[str, list[Statement]] = {}
    unattributed = 0
    for st in statements:
        if mission is not None and st.mission != mission:
            continue
        if subject is not None and st.subject is not subject:
            continue
        if st.actor is None:
            unattributed += 1
            continue
        by_actor.setdefault(st.actor, []).append(st)
    rows = [position_of(a, sts) for a, sts in sorted(by_actor.items())]
    return Positions(mission, tuple(r for r in rows if r is not None), unattributed)


__all__ = ["Position", "Positions", "StanceChange", "position_of", "positions_of"]
