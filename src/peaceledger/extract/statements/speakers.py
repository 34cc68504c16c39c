"""Who a noun phrase names as a speaker: a person on the roster, a named group ("the Biden
administration", "some Republican lawmakers"), an unnamed official ("a senior State
Department official"), a pronoun, or a name we do not know.

The functions return `SpeakerMention`s with offsets in the text they were given; the extractor
decides which mention is the subject of a speech verb. The roster gives a person's role on
the statement's date; the gazetteer of actors (shared with the fact extractor) gives the state
a group or an unnamed official belongs to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...domain.statements import Speaker, SpeakerKind
from ..actors import find_actors
from .roster import roster

_DETERMINER = re.compile(
    r"^(?:(?:a|an|the|some|one|two|three|four|several|many|a\s+few|a\s+group\s+of|other)\s+)+",
    re.I,
)
_PARTY_GROUP = re.compile(
    r"\b(?:(?:some|several|many|a\s+few|two|three|a\s+group\s+of)\s+)?"
    r"(?:Republican|Democratic|Democrat|GOP)\s+"
    r"(?:lawmakers|senators|legislators|members\s+of\s+Congress|congressmen|representatives|"
    r"leaders|members)\b"
)
_ADMIN = re.compile(r"\b(?:the\s+)?(?P<who>[A-Z][\w-]+)(?:'s)?\s+(?:administration|government)\b")
_BODY_NOUN = (
    r"(?:government|administration|authorities|cabinet|parliament|senate|presidency|embassy|"
    r"(?:foreign|interior|defen[cs]e)\s+ministry|ministry\s+of\s+\w+(?:\s+affairs)?|"
    r"foreign\s+office|mission\s+to\s+the\s+UN)"
)
_NATIONAL_BODY = re.compile(
    rf"\b(?:the\s+)?(?P<adj>(?:[A-Z][\w'-]+\s+){{0,2}}[A-Z][\w'-]+)\s+{_BODY_NOUN}\b"
    rf"|\bthe\s+{_BODY_NOUN}\s+of\s+(?P<of>(?:the\s+)?(?:[A-Z][\w'-]+\s*){{1,3}})"
)
_UNNAMED = re.compile(
    r"\b(?P<det>a|an|one|two|three|four|several|some|other)\s+"
    r"(?:(?:senior|top|high-ranking|junior|former|western|foreign)\s+)*"
    r"(?P<body>(?:[A-Z][\w.'-]*\s+){0,3})(?:government\s+|military\s+|police\s+)?"
    r"(?P<noun>officials?|diplomats?|spokesperson|spokesman|spokeswoman|sources?|aides?|"
    r"advisers?|envoys?|officers?)\b",
    re.I,
)
_BARE_PLURAL = re.compile(
    r"\b(?P<body>(?:[A-Z][\w.'-]*\s+){0,3})(?P<noun>officials|diplomats|sources|aides|lawmakers)\b"
)
_PRONOUN = re.compile(r"\b(?P<p>[Hh]e|[Ss]he|[Tt]hey)\b")
_PROPER = re.compile(r"\b[A-Z][a-zé'-]+(?:\s+(?:[A-Z][a-zé'-]+|de|da|van|von|al-)){1,3}\b")
_INSTITUTION_KINDS = frozenset({"institution", "seat"})


@dataclass(frozen=True)
class SpeakerMention:
    start: int
    end: int
    speaker: Speaker
    how: str
    """roster, group, unnamed, pronoun, unknown"""
    possessive: bool = False

    @property
    def confidence(self) -> float:
        return {"roster": 0.9, "group": 0.8, "unnamed": 0.7, "pronoun": 0.7}.get(self.how, 0.3)


def label(text: str) -> str:
    """A group or unnamed speaker's label: the words without leading determiners."""
    return _DETERMINER.sub("", " ".join(text.split())).strip(" ,")


def _actor_in(text: str, on: date | None) -> str | None:
    for a in find_actors(text, on):
        return a.code
    return None


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def find_speakers(text: str, on: date | None) -> list[SpeakerMention]:
    """Every speaker-like mention in `text`, left to right; where two overlap, the one found
    first in this order wins: roster people, party groups, unnamed officials,
    administrations and governments, institutions, pronouns, unknown proper names."""
    found: list[SpeakerMention] = []

    def add(m: SpeakerMention) -> None:
        if any(x.start < m.end and m.start < x.end for x in found):
            return
        found.append(m)

    r = roster()
    for p in r.find(text):
        role = r.role_on(p.name, on)
        sp = Speaker(p.name, role.role, role.actor, SpeakerKind.PERSON, text[p.start : p.end])
        # "the Biden administration": the group, not the person
        if re.match(r"(?:'s)?\s+(?:administration|government)\b", text[p.end :]):
            continue
        add(SpeakerMention(p.start, p.end, sp, "roster", _possessive(text, p.end)))
    for m in _PARTY_GROUP.finditer(text):
        add(_group(m.start(), m.end(), text, "USA"))
    for m in _UNNAMED.finditer(text):
        actor = _actor_in(m.group("body") or "", on)
        sp = Speaker(
            label(m.group(0)), "", actor, SpeakerKind.UNNAMED, " ".join(m.group(0).split())
        )
        add(SpeakerMention(m.start(), m.end(), sp, "unnamed"))
    for m in _ADMIN.finditer(text):
        who = m.group("who")
        person = next((p.name for p in r.find(who)), None)
        actor = r.actor_of(person) if person else _actor_in(who, on)
        if actor is None:
            continue
        add(_group(m.start(), m.end(), text, actor))
    for m in _NATIONAL_BODY.finditer(text):
        actor = _actor_in(m.group("adj") or m.group("of") or "", on)
        if actor is not None:
            add(_group(m.start(), m.end(), text, actor))
    for m in _BARE_PLURAL.finditer(text):
        actor = _actor_in(m.group("body") or "", on)
        sp = Speaker(label(m.group(0)), "", actor, SpeakerKind.UNNAMED, m.group(0))
        add(SpeakerMention(m.start(), m.end(), sp, "unnamed"))
    for a in find_actors(text, on):
        if a.kind in _INSTITUTION_KINDS:
            add(_group(a.start, a.end, text, a.code))
    for m in _PRONOUN.finditer(text):
        add(SpeakerMention(m.start(), m.end(), Speaker("", text=m.group(0)), "pronoun"))
    for m in _PROPER.finditer(text):
        if find_actors(m.group(0), on):
            continue
        sp = Speaker("", "", None, SpeakerKind.UNKNOWN, m.group(0))
        add(SpeakerMention(m.start(), m.end(), sp, "unknown", _possessive(text, m.end())))
    found.sort(key=lambda x: x.start)
    return found


def _group(start: int, end: int, text: str, actor: str) -> SpeakerMention:
    words = text[start:end]
    sp = Speaker(label(words), "", actor, SpeakerKind.GROUP, " ".join(words.split()))
    return SpeakerMention(start, end, sp, "group", _possessive(text, end))
