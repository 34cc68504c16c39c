"""Everything found in one sentence, computed once: clauses, actors, dates, quantities,
triggers and references to the mission. The rules read this; they never re-scan the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..domain.dates import FuzzyDate
from ..domain.vocab import Metric
from ._patterns import GSF_NAME, MISSION_REF, MSS_NAME
from .actors import EXCLUDED, ActorMention, find_actors
from .dates import DateMention, find_dates
from .quantities import Quantity, find_quantities
from .sentences import Clauses, Segment, Sentence, clauses_of
from .triggers import Trigger, find_triggers

__all__ = ["EXCLUDED", "Analysis", "Discourse", "MissionRef", "analyse"]

_FUTURE = re.compile(
    r"\b(?:will|is\s+(?:sending|deploying|due|expected|scheduled|set|to)|are\s+(?:sending|"
    r"deploying|due|expected|scheduled|set|to)|next|scheduled|plans?\s+to|set\s+to|"
    r"^(?:\w+\s+){1,3}to\s+(?:send|deploy|dispatch|contribute))\b",
    re.I,
)


@dataclass(frozen=True)
class MissionRef:
    start: int
    end: int
    code: str | None
    """GSF-HTI or MSS-HTI when the text names it; None for "the force", "the fund"."""
    fund: bool


@dataclass
class Discourse:
    """What earlier sentences established, for "at the same meeting" and "it"."""

    date: FuzzyDate | None = None
    actor: str | None = None
    metric: Metric | None = None
    """The personnel metric the previous sentence stated with a verb: "Jamaican soldiers
    arrived on Thursday. The 24-member team — ..." continues the arrival."""
    metric_date: FuzzyDate | None = None
    council: bool = False
    """The previous sentence was about the Security Council or a resolution: "The Council
    adopted resolution 2793 ... The new force may count up to 5,500 uniformed personnel"."""


@dataclass(frozen=True)
class Analysis:
    sentence: Sentence
    clauses: Clauses
    actors: tuple[ActorMention, ...]
    dates: tuple[DateMention, ...]
    quantities: tuple[Quantity, ...]
    missions: tuple[MissionRef, ...]
    published: FuzzyDate | None
    _seg_cache: dict[int, int] = field(default_factory=dict, compare=False, repr=False)
    _triggers: list[tuple[Trigger, ...]] = field(default_factory=list, compare=False, repr=False)

    @property
    def triggers(self) -> tuple[Trigger, ...]:
        """Found on first use: a sentence without figures rarely needs them."""
        if not self._triggers:
            self._triggers.append(tuple(find_triggers(self.sentence.text)))
        return self._triggers[0]

    @property
    def text(self) -> str:
        return self.sentence.text

    def seg_index(self, pos: int) -> int:
        i = self._seg_cache.get(pos)
        if i is None:
            i = self.clauses.segment_at(pos)
            self._seg_cache[pos] = i
        return i

    def segment(self, i: int) -> Segment:
        return self.clauses.segments[i]

    def in_segment(self, pos: int, i: int) -> bool:
        return self.seg_index(pos) == i

    def quantities_in(self, i: int) -> list[Quantity]:
        return [q for q in self.quantities if self.seg_index(q.num_start) == i]


def _missions(text: str) -> tuple[MissionRef, ...]:
    out = []
    for m in MISSION_REF.finditer(text):
        s = m.group(0)
        code = "GSF-HTI" if GSF_NAME.search(s) else "MSS-HTI" if MSS_NAME.search(s) else None
        out.append(MissionRef(m.start(), m.end(), code, "fund" in s.lower()))
    return tuple(out)


def analyse(sentence: Sentence, published: FuzzyDate | None) -> Analysis:
    clauses = clauses_of(sentence)
    text = sentence.text
    on = published.start if published is not None else None

    def future(pos: int) -> bool:
        seg = clauses.segments[clauses.segment_at(pos)] if clauses.segments else None
        view = clauses.view(seg) if seg is not None else text
        return bool(_FUTURE.search(view))

    actors = find_actors(text, on, sentence.dateline_end)
    dates = find_dates(text, published, future=future)
    quantities = find_quantities(text, actors, [(d.start, d.end) for d in dates])
    return Analysis(
        sentence,
        clauses,
        tuple(actors),
        tuple(dates),
        tuple(quantities),
        _missions(text),
        published,
    )
