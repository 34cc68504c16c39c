"""Countries named as contributing or pledging personnel without a number.

"Guatemala, El Salvador, Jamaica, and Belize have contributed personnel" is four facts with no
value; "The Bahamas, Bangladesh, Barbados and Chad have ... notified the United Nations of their
intent to contribute personnel" is four pledges. Only the list that is the subject of the verb
counts: "In addition to Kenya, nations such as ..." does not make Kenya a new contributor, and
"joining Jamaica and the Bahamas as contributors" states nothing new about them.
"""

from __future__ import annotations

import re

from ..domain.facts import Evidence
from ..domain.vocab import PERSONS, Metric, PersonnelType, Qualifier
from .actors import ActorMention
from .analysis import EXCLUDED, Analysis, Discourse
from .attribution import choose_date, choose_mission
from .candidate import Candidate

_AUX = r"(?:(?:have|has|had|are|is|was|were)\s+)?(?:(?:also|both|formally|already|all|each|now|" \
    r"officially|since|so\s+far|jointly|separately)\s+)*"  # fmt: skip
_OBJ = (
    r"(?:(?:some|a\s+contingent\s+of|a\s+number\s+of|an\s+unspecified\s+number\s+of|"
    r"members\s+of\s+(?:its|their|the)|(?:their|its)\s+own|their|its)\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?P<noun>military\s+police|security\s+personnel|military\s+personnel|"
    r"police\s+officers|defen[cs]e\s+forces?|police\s+forces?|personnel|troops|police|officers|"
    r"soldiers|forces|contingents?|constables|gendarmes|military|staff)\b"
)
_VERB_PHRASES: list[tuple[Metric, re.Pattern[str]]] = [
    (Metric.PERSONNEL_PLEDGED, re.compile(
        rf"\b(?:notified|informed|told)\s+(?:the\s+)?(?:[\w.]+\s+){{0,3}}?(?:of\s+)?"
        rf"(?:their|its|his|her)\s+(?:intent(?:ion)?|plans?|willingness|readiness|offer)\s+to\s+"
        rf"(?:contribute|send|deploy|provide)\s+{_OBJ}", re.I)),
    (Metric.PERSONNEL_PLEDGED, re.compile(
        rf"\b(?:pledged|offered|promised|committed|volunteered|agreed)\s+(?:to\s+(?:send|"
        rf"contribute|deploy|provide)\s+)?{_OBJ}", re.I)),
    (Metric.PERSONNEL_PLEDGED, re.compile(
        rf"\b(?:will|would|plans?\s+to|ready\s+to|willing\s+to|agreed\s+to|intends?\s+to|"
        rf"offered\s+to|pledged\s+to|promised\s+to|expected\s+to|set\s+to)\s+(?:also\s+)?"
        rf"(?:send|contribute|deploy|provide|dispatch)\s+{_OBJ}", re.I)),
    (Metric.PERSONNEL_DEPLOYED, re.compile(
        rf"\b(?:contributed|sent|deployed|dispatched|contributing|sending|deploying)\s+{_OBJ}",
        re.I)),
]  # fmt: skip
_SUBJECT_GAP = re.compile(
    rf"^\s*,?\s*(?:(?:says|said|say|announced|confirmed|has\s+said|have\s+said|stated)\s+"
    rf"(?:that\s+)?(?:it|they)\s+)?{_AUX}(?:is\s+|are\s+)?$",
    re.I,
)
_CHEAP = re.compile(
    r"\b(?:personnel|troops|police|officers|soldiers|forces?|contingents?|constables|gendarmes|"
    r"military|staff)\b",
    re.I,
)
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+and|,?\s+as\s+well\s+as|&|,?\s+or)\s+(?:the\s+)?$", re.I)
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no\s+longer|yet\s+to|ruled\s+out|declined|refused)\b", re.I
)
_NUMBER = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|"
                     r"forty|fifty|hundred|thousand|dozen)\b", re.I)  # fmt: skip


def _type(noun: str) -> PersonnelType | None:
    n = noun.lower()
    if re.search(r"troops|soldiers|defen[cs]e|military", n):
        return PersonnelType.MILITARY
    if re.search(r"police|officers|constables|gendarmes", n):
        return PersonnelType.POLICE
    return None


def _subject_list(an: Analysis, verb_start: int) -> list[ActorMention]:
    before = [a for a in an.actors if a.end <= verb_start]
    if not before:
        return []
    last = before[-1]
    if not _SUBJECT_GAP.match(an.text[last.end : verb_start]) or not last.agent:
        return []
    subjects = [last]
    for a in reversed(before[:-1]):
        if not (a.agent and _LIST_GAP.match(an.text[a.end : subjects[-1].start])):
            break
        subjects.append(a)
    subjects.reverse()
    return [a for a in subjects if a.code not in EXCLUDED and a.kind != "demonym"]


_COLON = re.compile(r"\s*:\s*(?:the\s+)?")
_ITEM_GAP = re.compile(r"\s*(?:\(\s*[\d,.]+\s*\))?\s*(?:,|,?\s+and|&|;)\s+(?:the\s+)?", re.I)


def _colon_list(an: Analysis, pos: int) -> list[ActorMention]:
    """The countries listed after a colon: "Nine countries have pledged personnel: Kenya
    (1,000), Benin (1,500), Bangladesh, Chad ..."."""
    c = _COLON.match(an.text, pos)
    if c is None:
        return []
    out: list[ActorMention] = []
    cur = c.end()
    for a in an.actors:
        if a.start < cur:
            continue
        gap = an.text[cur : a.start]
        if (out and not _ITEM_GAP.fullmatch(gap)) or (not out and gap):
            break
        out.append(a)
        cur = a.end
    return [a for a in out if a.agent and a.code not in EXCLUDED and a.kind != "demonym"]


def contributor_facts(an: Analysis, disc: Discourse, numeric: list[Candidate]) -> list[Candidate]:
    """Facts with no value for each country named as contributing or pledging personnel."""
    out: list[Candidate] = []
    if not _CHEAP.search(an.text):
        return out
    taken: set[tuple[str, Metric]] = {(c.actor or "", c.metric) for c in numeric}
    for metric, pattern in _VERB_PHRASES:
        for m in pattern.finditer(an.text):
            if _NUMBER.search(m.group(0)) or _NEGATION.search(
                an.text[max(0, m.start() - 25) : m.end()]
            ):
                continue
            subjects = _subject_list(an, m.start()) or _colon_list(an, m.end())
            if not subjects:
                continue
            date, explicit = choose_date(an, m.start(), None, disc)
            ptype = _type(m.group("noun"))
            for a in subjects:
                if (a.code, metric) in taken:
                    continue
                taken.add((a.code, metric))
                start, end = subjects[0].start, m.end()
                out.append(
                    Candidate(
                        actor=a.code,
                        mission=choose_mission(an, m.start(), None, date),
                        metric=metric,
                        qualifier=Qualifier.EXACT,
                        value=None,
                        unit=PERSONS,
                        personnel_type=ptype,
                        channel=None,
                        date_of_fact=date,
                        evidence=Evidence(
                            an.sentence.start + start, an.sentence.start + end, an.text[start:end]
                        ),
                        sentence=an.text,
                        rule="rule:contributor-named",
                        confidence=0.7 if explicit else 0.6,
                    )
                )
    return out
