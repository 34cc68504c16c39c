"""A statement: who said what about a mission, for whom, when, and with what stance.

Half of mission reporting is politics, not figures: a President-elect "signals support", a
nominee calls a contribution "commendable", "some Republican lawmakers" oppose the money.
A `Statement` keeps such a claim the way a `Fact` keeps a figure: from one source, with the
text span as evidence, reviewed (candidate -> accepted) and versioned, never edited in place.

The extractor only *suggests* a stance, with the cue words it relied on; the reviewer decides.
That is why `cues` are stored: a reviewer sees why the suggestion was made.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from ..errors import Problem
from .dates import FuzzyDate
from .facts import Evidence
from .vocab import ReviewStatus


class StatementKind(StrEnum):
    DIRECT_QUOTE = "direct_quote"
    """The speaker's words between quotation marks."""
    REPORTED_SPEECH = "reported_speech"
    """ "Rubio hinted that ...": what was said, in the reporter's words."""
    REPORTED_POSITION = "reported_position"
    """ "The Biden administration had lobbied to ...": a stance attributed, not a speech act."""


class Subject(StrEnum):
    """What the statement is about. One subject per statement: the reviewer may change it."""

    MISSION = "mission"
    """The mission itself, its leadership, its mandate, its success."""
    FUNDING = "funding"
    """Money for the mission: pledges, payments, the trust fund, budgets."""
    UN_TRANSITION = "un_transition"
    """Turning the mission into (or replacing it with) a UN peacekeeping operation."""
    DEPLOYMENT = "deployment"
    """A contributor's troops or police: sending, withdrawing, their number."""


class Stance(StrEnum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    CONDITIONAL = "conditional"
    """Support on a condition, kept in `Statement.condition` in a few words."""
    NEUTRAL = "neutral"


class SpeakerKind(StrEnum):
    PERSON = "person"
    """A named person, resolved to the roster of officials when they are in it."""
    GROUP = "group"
    """A named body: "the Biden administration", "some Republican lawmakers"."""
    UNNAMED = "unnamed"
    """ "A senior State Department official": the state is known, the person is not."""
    UNKNOWN = "unknown"
    """Nobody could be found: the statement waits for a reviewer to name the speaker."""


@dataclass(frozen=True)
class Speaker:
    """Who spoke, with the role and the state or organisation they spoke for *on that date*.

    A person changes office (a nominee becomes Secretary of State, a Prime Minister leaves):
    the role is the one held on the statement's date, so it is stored with the statement.
    """

    name: str
    """The canonical name (roster) or group label; for an unresolved speaker, the words the
    text used ("" when it names nobody)."""
    role: str = ""
    actor: str | None = None
    """The state or organisation the speaker speaks for; None when unknown."""
    kind: SpeakerKind = SpeakerKind.UNKNOWN
    text: str = ""
    """The words the source used for the speaker ("US Secretary of State nominee Marco Rubio")."""

    @property
    def resolved(self) -> bool:
        return self.kind is not SpeakerKind.UNKNOWN and bool(self.name)


UNKNOWN_SPEAKER = Speaker("")


@dataclass(frozen=True)
class Statement:
    statement_id: str
    mission: str
    speaker: Speaker
    actor: str | None
    """The actor the statement binds (usually the speaker's); None: unknown, for review."""
    date: FuzzyDate | None
    """When it was said; the source's publication date when the text does not say."""
    kind: StatementKind
    subject: Subject
    stance: Stance
    source_id: str
    evidence: Evidence | None = None
    condition: str = ""
    """For a conditional stance: the condition, in a few words."""
    cues: tuple[str, ...] = ()
    """The words the stance suggestion relied on (shown to the reviewer)."""
    status: ReviewStatus = ReviewStatus.CANDIDATE
    note: str = ""
    produced_by: str = ""
    confidence: float | None = None
    version: int = 1
    recorded_by: str = ""
    recorded_at: datetime | None = None
    change_note: str = ""

    def content_key(self) -> tuple[object, ...]:
        """What the statement says, without who recorded it when."""
        return (
            self.mission,
            self.speaker,
            self.actor,
            self.date,
            self.kind,
            self.subject,
            self.stance,
            self.condition,
            self.source_id,
            self.evidence,
            self.status,
            self.note,
        )

    def next_version(self, **changes: object) -> Statement:
        return replace(self, version=self.version + 1, **changes)  # type: ignore[arg-type]


def statement_problems(
    st: Statement, missions: Collection[str], actors: Collection[str], where: str = ""
) -> list[Problem]:
    """Every rule the statement breaks. An unresolved speaker is *not* a problem: such a
    statement is kept for a reviewer to complete, which is the point of the review queue."""

    def at(field: str) -> str:
        return f"{where}: {field}" if where else field

    out: list[Problem] = []
    if st.mission not in missions:
        out.append(Problem(at("mission"), f"unknown mission {st.mission!r}"))
    for name, code in (("actor", st.actor), ("speaker_actor", st.speaker.actor)):
        if code is not None and code not in actors:
            out.append(Problem(at(name), f"unknown country or organisation code {code!r}"))
    if st.stance is Stance.CONDITIONAL and not st.condition.strip():
        out.append(Problem(at("condition"), "a conditional stance needs its condition"))
    if st.stance is not Stance.CONDITIONAL and st.condition.strip():
        out.append(Problem(at("condition"), f"a condition on a {st.stance.value} stance"))
    if not st.source_id:
        out.append(Problem(at("source_id"), "missing source"))
    if st.evidence is not None and not (0 <= st.evidence.start <= st.evidence.end):
        out.append(Problem(at("evidence"), "span start after end"))
    return out


__all__ = [
    "UNKNOWN_SPEAKER",
    "Speaker",
    "SpeakerKind",
    "Stance",
    "Statement",
    "StatementKind",
    "Subject",
    "statement_problems",
]
