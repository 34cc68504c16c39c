"""Words that say what a number is: pledged, landed, serving, paid into the fund, would cost.

Each trigger belongs to a family (head counts or money) so that "commit 170 soldiers" is a
pledge of people and "committed over Ksh.77 billion" a commitment of money. A trigger carries
its grammatical mood: "will send" and "should be in Haiti" are plans (pledges), "is sending ...
on Thursday" is happening, "has yet to deploy" does not happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ..domain.vocab import Metric
from ._patterns import IRREALIS, MONEY_TRIGGERS, NEGATION, PERSONNEL_TRIGGERS, PROGRESSIVE

Family = Literal["persons", "money"]


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    family: Family
    metric: Metric | None
    """None: the number is dropped (an injury count, a frozen amount)."""
    how: str
    irrealis: bool
    negated: bool
    progressive: bool

    def effective_metric(self) -> Metric | None:
        """The metric once mood is applied: a planned deployment is a pledge."""
        m = self.metric
        if m is None or self.progressive:
            return m
        if self.irrealis:
            if m in (
                Metric.PERSONNEL_DEPLOYED,
                Metric.PERSONNEL_ARRIVED,
                Metric.PERSONNEL_WITHDRAWN,
            ):
                return Metric.PERSONNEL_PLEDGED
            if m is Metric.FUNDING_PAID:
                return Metric.FUNDING_PLEDGED
        return m


def _combined(
    table: list[tuple[Metric | None, str, re.Pattern[str]]],
) -> tuple[re.Pattern[str], list[tuple[Metric | None, str]]]:
    """One pattern per family, an alternative per trigger in table order (so that "sent home"
    is tried before "sent"): one scan of the sentence instead of one per trigger."""
    joined = "|".join(f"(?P<t{i}>{pattern.pattern})" for i, (_, _, pattern) in enumerate(table))
    return re.compile(joined, re.IGNORECASE), [(metric, how) for metric, how, _ in table]


_FAMILIES: list[tuple[Family, re.Pattern[str], list[tuple[Metric | None, str]]]] = [
    ("persons", *_combined(PERSONNEL_TRIGGERS)),
    ("money", *_combined(MONEY_TRIGGERS)),
]
_NEGATION_WORD = re.compile(
    r"not\b|n't|never|\bno\s|yet\s|refus|declin|rul|unabl|cannot|without|block|halt|suspend|"
    r"delay|postpon|cancel|stop|paus|froze|freez",
    re.IGNORECASE,
)


_INDICATIVE = re.compile(r"\b(?:are|is|were|was)\s+$", re.IGNORECASE)
"""A finite verb right before the trigger: "the personnel the mission was meant to have are in
Haiti" is a fact, whatever plan the words before it spoke of."""
_BASE_FORMS = frozenset({"send", "deploy", "dispatch", "contribute", "provide"})
_COORDINATED_PLAN = re.compile(
    r"\b(?:to|will|would|shall)\s+[a-z]+(?:\s+[\w'-]+){0,8}?\s+and\s+$", re.IGNORECASE
)
"""A bare verb joined to an earlier plan: "has offered to lead a force in Haiti and send 1,000
police officers"."""


def find_triggers(text: str) -> list[Trigger]:
    """All triggers in a sentence, left to right (at most one per span and family)."""
    out: list[Trigger] = []
    for family, pattern, meta in _FAMILIES:
        for m in pattern.finditer(text):
            metric, how = meta[int(m.lastgroup[1:]) if m.lastgroup else 0]
            before = text[max(0, m.start() - 40) : m.start()]
            phrase = m.group(0).lower()
            irrealis = (
                (bool(IRREALIS.search(before)) and not _INDICATIVE.search(before))
                or phrase.startswith(("will ", "would ", "to ", "shall ", "could ", "should "))
                or (phrase in _BASE_FORMS and bool(_COORDINATED_PLAN.search(text, 0, m.start())))
            )
            negated = bool(_NEGATION_WORD.search(before)) and bool(NEGATION.search(before))
            progressive = phrase.endswith("ing") and bool(PROGRESSIVE.search(before))
            out.append(
                Trigger(m.start(), m.end(), family, metric, how, irrealis, negated, progressive)
            )
    out.sort(key=lambda t: t.start)
    return out
