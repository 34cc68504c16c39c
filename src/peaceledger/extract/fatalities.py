"""Deaths of mission personnel: "A Kenyan constable was fatally shot ..., the first of the
mission's officers to die" is one death, and the mission's cumulative toll when the text gives
an ordinal ("the third member of the Kenyan contingent to lose his life")."""

from __future__ import annotations

import re
from decimal import Decimal

from ..domain.facts import Evidence
from ..domain.vocab import PERSONS, Metric, PersonnelType, Qualifier
from ._patterns import FATAL_ORDINAL, HAITIAN_FORCES, ORDINALS, SINGULAR_VICTIM
from .analysis import EXCLUDED, Analysis, Discourse
from .attribution import choose_date, choose_mission
from .candidate import Candidate
from .rules import Decision

_MISSION_WORD = re.compile(
    r"\bmembers?\s+of\s+(?:the\s+)?(?:force|mission|MSS|GSF)\b|"
    r"\b(?:MSS|GSF|mission|force)\s+(?:members?|personnel|peacekeepers?)\b",
    re.I,
)
_DEATH_WORD = re.compile(r"kill|die|dead|death|fatal|slain|lost\s+\w+\s+li|succumb", re.I)


def fatalities(an: Analysis, decisions: list[Decision], disc: Discourse) -> list[Candidate]:
    """ "A Kenyan constable was fatally shot ..., the first of the mission's officers to die":
    one death, counted as the mission's cumulative toll when the text gives the ordinal."""
    if not _DEATH_WORD.search(an.text):
        return []
    fatal = [t for t in an.triggers if t.metric is Metric.FATALITIES and not t.negated]
    if not fatal or any(d.keep and d.metric is Metric.FATALITIES for d in decisions):
        return []
    victim = SINGULAR_VICTIM.search(an.text)
    if victim is None:
        return []
    ordinal = FATAL_ORDINAL.search(an.text)
    value = ORDINALS[ordinal.group("ord").lower()] if ordinal else 1
    noun_span = an.text[victim.start() : victim.end()]
    if HAITIAN_FORCES.search(noun_span):
        return []
    actor = next(
        (a for a in an.actors if victim.start() <= a.start < victim.end() and a.agent), None
    )
    if actor is not None and actor.code in EXCLUDED:
        return []
    if actor is None and not re.search(r"\b(?:mission|MSS|GSF|force)\b", an.text):
        return []
    ptype = (
        PersonnelType.MILITARY
        if re.search(r"soldier|trooper|corporal|defen[cs]e", noun_span, re.I)
        else PersonnelType.POLICE
    )
    date, explicit = choose_date(an, fatal[0].start, None, disc)
    code = actor.code if actor else None
    if (
        ordinal is not None
        and _MISSION_WORD.search(ordinal.group(0))
        and not any(ordinal.start() <= a.start < ordinal.end() for a in an.actors)
    ):
        code = None  # "the second member of the force to be killed": the mission's toll
    start, end = victim.start(), max(victim.end(), fatal[0].end)
    return [
        Candidate(
            actor=code,
            mission=choose_mission(an, victim.start(), None, date),
            metric=Metric.FATALITIES,
            qualifier=Qualifier.EXACT,
            value=Decimal(value),
            unit=PERSONS,
            personnel_type=ptype,
            channel=None,
            date_of_fact=date,
            evidence=Evidence(
                an.sentence.start + start, an.sentence.start + end, an.text[start:end]
            ),
            sentence=an.text,
            rule="rule:fatalities-ordinal" if ordinal else "rule:fatalities-victim",
            confidence=0.75 if explicit else 0.6,
        )
    ]
