"""A stance suggestion with the cue words it rests on, the subject, and a condition.

This is a suggestion for a reviewer, not a verdict: the words that triggered it are returned
so the reviewer sees why. Negation flips a cue ("does not support"); fixed phrases whose
negation *is* support ("will not abandon", "not walking away") are read first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...domain.statements import Stance, Subject

_SUPPORT_PHRASES = re.compile(
    r"\b(?:will\s+not\s+abandon|not\s+walking\s+away|never\s+turned\s+its\s+back|"
    r"stay\s+the\s+course|stand\s+with|cannot\s+wait|not\s+turn\s+(?:its|our|their)\s+back)\b",
    re.I,
)
_SUPPORT = re.compile(
    r"\b(?:support\w*|back(?:s|ed|ing)?|commend\w*|prais\w+|welcom\w+|proud|sustain\w*|"
    r"commit(?:ted|ment|ments)?|deserve\w*|endors\w+|applaud\w*|defend\w*|hope|credible|"
    r"duty|urg\w+|lobbied|lobby\w*|push(?:ed|ing)?\s+for|call(?:ed|s)?\s+for|request\w*|"
    r"keep\s+(?:paying|funding|supporting)|continue\w*|difference|join|stepped\s+up|"
    r"ready\s+to|restored|teeth|provide|give|add|host|transform|need(?:s|ed)?|press(?:es|ed|ing)?|send\w*|deploy\w*)\b",
    re.I,
)
_OPPOSE = re.compile(
    r"\b(?:oppos\w+|against|reject\w*|block\w*|unconstitutional|illegal|premature|fail\w*|"
    r"withdraw\w*|pull(?:ed|ing)?\s+out|halt\w*|suspend\w*|freez\w+|frozen|cut\w*|"
    r"refus\w+|object\w*|waste\w*|lacks?|not\s+allow)\b",
    re.I,
)
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer|n't|cannot|won't)\s+(?:\w+\s+){0,2}$", re.I)
_CONDITION = re.compile(
    r"\b(?P<cue>as\s+long\s+as|provided\s+(?:that\s+)?|only\s+if|only\s+after|on\s+condition\s+"
    r"that|unless|as\s+soon\s+as|subject\s+to|(?:is|are|was|were|be|remains?)\s+contingent\s+on|if|must\s+have|without)\s+"
    r"(?P<cond>[^.,;:!?\"]{3,120})",
    re.I,
)

_UN = re.compile(
    r"\b(?:peacekeeping\s+(?:operation|mission|force)|UN[- ]led|UN[- ]backed|U\.?N\.?\s+"
    r"peacekeeping|United\s+Nations\s+peacekeeping|blue\s+helmets|transition\w*|"
    r"(?:turn|transform)\w*\s+the\s+mission\s+into|only\s+the\s+United\s+Nations)",
    re.I,
)
_FUNDING = re.compile(
    r"(?:\b(?:fund\w*|money|cost\w*|pay\w*|paid|budget\w*|cheques?|checks?|dollars|million|"
    r"billion|contribution\w*|financ\w+|allowances|aid|assistance|donors?)\b|[$£€]|\bKsh)",
    re.I,
)
_DEPLOYMENT = re.compile(
    r"\b(?:deploy\w*|contingent|send\w*|rotation|withdraw\w*|trainers|join\s+the\s+force|"
    r"host\s+any\s+troops)\b",
    re.I,
)
_MISSION = re.compile(r"\b(?:mission|force|leadership|lead\w*|mandate|MSS|GSF)\b", re.I)


@dataclass(frozen=True)
class StanceGuess:
    stance: Stance
    cues: tuple[str, ...]
    condition: str


def _words(text: str, n: int) -> str:
    return " ".join(text.split()[:n]).rstrip(" ,;")


def suggest_stance(text: str) -> StanceGuess:
    """The stance `text` suggests, and the cues behind it."""
    support: list[str] = []
    oppose: list[str] = []
    masked = text
    for m in _SUPPORT_PHRASES.finditer(text):
        support.append(m.group(0))
        masked = masked[: m.start()] + " " * (m.end() - m.start()) + masked[m.end() :]
    for m in _SUPPORT.finditer(masked):
        (oppose if _NEGATION.search(masked[: m.start()]) else support).append(m.group(0))
    for m in _OPPOSE.finditer(masked):
        (support if _NEGATION.search(masked[: m.start()]) and "not allow" not in m.group(0)
         else oppose).append(m.group(0))  # fmt: skip
    cond = _CONDITION.search(text)
    if cond is not None:  # "would withdraw ... if": a threat is a condition too
        condition = f"{cond.group('cue').lower().strip()} {_words(cond.group('cond'), 8)}"
        return StanceGuess(Stance.CONDITIONAL, (cond.group("cue"), *support, *oppose), condition)
    if len(support) > len(oppose):
        return StanceGuess(Stance.SUPPORTS, tuple(support + oppose), "")
    if oppose:
        return StanceGuess(Stance.OPPOSES, tuple(oppose + support), "")
    return StanceGuess(Stance.NEUTRAL, (), "")


def suggest_subject(text: str) -> Subject:
    """The subject with the most cue words. A UN transition weighs triple (it is named only
    when meant); the mission as a whole is the default and loses ties to a more specific
    subject; between specific subjects the one named first wins."""
    found = {
        Subject.UN_TRANSITION: [m.start() for m in _UN.finditer(text)] * 3,
        Subject.FUNDING: [m.start() for m in _FUNDING.finditer(text)],
        Subject.DEPLOYMENT: [m.start() for m in _DEPLOYMENT.finditer(text)],
    }
    best = max(len(v) for v in found.values())
    if best == 0 or len(_MISSION.findall(text)) > best:
        return Subject.MISSION
    tied = [(min(v), s) for s, v in found.items() if len(v) == best]
    return min(tied)[1]
