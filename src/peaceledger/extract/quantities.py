"""Quantities a fact can be made of: head counts of mission personnel and amounts of money.

A number counts people only when the words around it say so: a noun for people in uniform
("400 police officers", "six members of the Royal Bahamas Defence Force", "150 Guatemalans",
"a 150-strong contingent"), or a slot that only a head count fills ("the force at 991", "a
further 300 should be in Haiti"). Everything else ("80%", "580,000 people", "12–0", "Henry,
74", "the 193 member states") is left alone here, before any rule sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Literal

from ..domain.vocab import PERSONS, PersonnelType, Qualifier
from ._patterns import (
    FURTHER_BEFORE,
    MEMBERS_OF,
    MEMBERS_OF_LEAD,
    MODIFIERS,
    MONEY_DISTRACTOR_AFTER,
    MONEY_RATE_AFTER,
    NOUN_RE,
    NOUNLESS_AFTER,
    NOUNLESS_BEFORE,
    NOUNS,
    PARTICIPLE_AFTER,
    STRONG,
    WEAK_NOUNS,
    qualifier_before,
)
from .actors import EXCLUDED, ActorMention, gazetteer
from .money import find_money
from .numbers import find_numbers

NounKind = Literal["noun", "weak", "demonym", "strong", "nounless", "money"]

_SKIP_AFTER = re.compile(
    r"^(?:\s*%|\s*(?:per\s*cent|percent|pc)\b|\s*°|:\d|[–-]\d|\s*[–-]\s*\d|\s*-?years?\b|"
    r"-year|-day|-week|-month|-hour|-page|\s+(?:years?|months?|weeks?|days?|hours?|minutes?|"
    r"times|votes?|abstentions?|seats?|countries|nations|states|members?\s+states?|km|miles|"
    r"kilometres|kilometers|metres|meters|pages|words)\b)",
    re.I,
)
_SKIP_BEFORE = re.compile(
    r"(?:\d[–-]|[–-]|\b(?:resolution|res\.?|no\.|number|article|page|box|room|flight|route|"
    r"highway|phone|tel\.?|call|aged|age|S/RES/|P\.O\.)\s*|/|\+|#|\bcomments?\s*\()$",
    re.I,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MILITARY_MOD = re.compile(r"\b(?:military|army|defen[cs]e|navy|naval|coast\s+guard|JDF|KDF|RBDF|"
                           r"BDF|ABDF|marine)\b", re.I)  # fmt: skip
_POLICE_MOD = re.compile(r"\b(?:police|constabulary|JCF|NPS|RBPF|GSU|RCMP)\b", re.I)
_COORD = re.compile(r"\s*(?:,\s*|\s+and\s+|\s+plus\s+|\s*&\s*)", re.I)
_FROM_OF = re.compile(r"^\s+(?:from|of)\s+(?:the\s+)?$", re.I)
_FORCE_OF = re.compile(
    r"\b(?:force|mission|contingent|team|unit|deployment|presence|strength)\s+(?:(?:down|up|"
    r"fell|dropped|rose|grew|stood|stands|now)\s+)?(?:of|to|at)\s+(?:\S+\s+){0,2}$",
    re.I,
)


@dataclass(frozen=True)
class Quantity:
    kind: Literal["persons", "money"]
    start: int
    """Start of the phrase, hedge included ("more than 400 police officers")."""
    end: int
    num_start: int
    num_end: int
    value: Decimal
    unit: str
    qualifier: Qualifier
    personnel_type: PersonnelType | None
    noun: NounKind
    np_actor: ActorMention | None = None
    """An actor named inside the phrase: "75 Guatemalan military police", "$15m from the US"."""
    force_of: bool = False
    """Governed by the force itself: "a force of up to 5,550 people"."""


@cache
def _mods() -> re.Pattern[str]:
    demonyms = sorted(gazetteer().demonyms, key=len, reverse=True)
    alts = MODIFIERS + "|" + "|".join(re.escape(d) for d in demonyms)
    return re.compile(rf"(?P<mods>(?:(?:{alts})(?:\s+and\s+|[\s-]+)){{0,4}})", re.I)


def _type_of(noun: str, mods: str) -> PersonnelType | None:
    base = NOUNS.get(re.sub(r"\s+", " ", noun.lower()))
    if base is None or noun.lower() in ("officers", "officer", "personnel", "staff"):
        if _MILITARY_MOD.search(mods):
            return PersonnelType.MILITARY
        if _POLICE_MOD.search(mods):
            return PersonnelType.POLICE
    return base


def _combine(a: PersonnelType | None, b: PersonnelType | None) -> PersonnelType | None:
    if a is None or b is None:
        return a or b
    return a if a is b else PersonnelType.MIXED


def _actor_at(actors: list[ActorMention], start: int, end: int) -> ActorMention | None:
    for a in actors:
        if start <= a.start and a.end <= end and a.agent:
            return a
    return None


def _noun(text: str, pos: int) -> tuple[int, str, str] | None:
    """Modifiers and a people noun starting at `pos`: (end, noun, modifiers)."""
    mm = _mods().match(text, pos)
    mods = mm.group("mods") if mm else ""
    n = NOUN_RE.match(text, pos + len(mods))
    if not n:
        return None
    return n.end(), n.group("noun"), mods


def _noun_phrase(
    text: str, pos: int, actors: list[ActorMention]
) -> tuple[int, PersonnelType | None, NounKind, ActorMention | None] | None:
    """The people-noun phrase right after a number ending at `pos`: (end, type, kind, actor)."""
    after = text[pos:]
    m = STRONG.match(after)
    if m:
        ptype = _type_of("personnel", m.group("mods"))
        return pos + m.end(), ptype, "strong", _actor_at(actors, pos, pos + m.end())
    ws = len(after) - len(after.lstrip())
    if ws == 0:
        return None
    npos = pos + ws
    # a demonym used as the noun: "150 Guatemalans", "six Bahamians and two Belizeans"
    for a in actors:
        if (
            a.start == npos
            and a.kind == "demonym"
            and text[a.end : a.end + 1] != "-"
            and _noun(text, a.end + 1 if text[a.end : a.end + 1] == " " else a.end) is None
        ):
            return a.end, None, "demonym", a
    # an institution used as a modifier: "four more Jamaica Constabulary Force officers"
    more = _MORE.match(text, npos)
    ipos = more.end() if more else npos
    inst = next((a for a in actors if a.start == ipos and a.kind == "institution"), None)
    if inst is not None and text[inst.end : inst.end + 1] == " ":
        found = _noun(text, inst.end + 1)
        if found is not None and found[1].lower() not in WEAK_NOUNS:
            ptype = _type_of(found[1], found[2]) or inst.personnel_type(text)
            if found[1].lower() in ("officers", "officer", "personnel"):
                ptype = inst.personnel_type(text) or ptype
            return found[0], ptype, "noun", inst
    found = _noun(text, npos)
    if found is None:
        return None
    end, noun, mods = found
    ptype = _type_of(noun, mods)
    kind: NounKind = "weak" if noun.lower() in WEAK_NOUNS else "noun"
    actor = _actor_at(actors, npos, npos + len(mods))
    if noun.lower() == "members":
        lead = MEMBERS_OF_LEAD.match(text, end)
        inst = next((a for a in actors if lead and a.start == lead.end() and a.agent), None)
        mo = MEMBERS_OF.match(text, end)
        if inst is not None:
            ptype = ptype or inst.personnel_type(text)
            actor, kind, end = actor or inst, "noun", inst.end
        elif mo:
            ptype = ptype or _type_of("personnel", mo.group("body"))
            actor = actor or _actor_at(actors, end, mo.end())
            kind, end = "noun", mo.end()
    # a second noun joined by "and": "police officers and soldiers"
    c = _COORD.match(text, end)
    if c:
        second = _noun(text, c.end())
        if second and second[1].lower() not in WEAK_NOUNS | {"members"}:
            ptype = _combine(ptype, _type_of(second[1], second[2]))
            end = second[0]
    # "20 soldiers from the Jamaica Defence Force"
    if actor is None:
        for a in actors:
            if a.start > end and a.start - end <= 12 and _FROM_OF.match(text[end : a.start]):
                if a.agent and a.code not in EXCLUDED:  # "12 soldiers from Haiti": a place
                    actor = a
                    end = a.end
                break
    if actor is not None and ptype is None:
        ptype = actor.personnel_type(text)
    return end, ptype, kind, actor


def find_quantities(
    text: str, actors: list[ActorMention], exclude: list[tuple[int, int]]
) -> list[Quantity]:
    """Head counts and amounts of money in one sentence, left to right."""
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = list(exclude)
    for mo in find_money(text):
        after = text[mo.end :]
        rate = MONEY_RATE_AFTER.match(after) and mo.amount < 1_000_000
        if mo.amount < 1000 or MONEY_DISTRACTOR_AFTER.match(after) or rate:
            taken.append((mo.start, mo.end))
            continue
        q = qualifier_before(text[: mo.start])
        actor = None
        fm = re.match(r"^\s+(?:in\s+\w+\s+)?from\s+(?:the\s+)?", after)
        if fm:
            actor = next((a for a in actors if a.start == mo.end + fm.end() and a.agent), None)
        out.append(
            Quantity(
                "money",
                q[1] if q else mo.start,
                actor.end if actor else mo.end,
                mo.start,
                mo.end,
                mo.amount,
                mo.currency,
                q[0] if q else Qualifier.EXACT,
                None,
                "money",
                actor,
            )
        )
        taken.append((mo.start, mo.end))
    for num in find_numbers(text):
        if any(a < num.end and num.start < b for a, b in taken):
            continue
        found = _persons(text, num.start, num.end, num.value, num.words, actors)
        if found is not None:
            out.append(found)
    out.sort(key=lambda q: q.num_start)
    return out


def _persons(
    text: str, start: int, end: int, value: Decimal, words: bool, actors: list[ActorMention]
) -> Quantity | None:
    before, after = text[:start], text[end:]
    if _SKIP_AFTER.match(after) or _SKIP_BEFORE.search(before[-20:]):
        return None
    if value <= 0 or value != value.to_integral_value() or value > 100_000:
        return None
    raw = text[start:end]
    phrase = _noun_phrase(text, end, actors)
    noun: NounKind
    if phrase is not None:
        pend, ptype, noun, actor = phrase
    else:
        # "400 of the 1,000 officers": the noun comes with the second number
        share = re.match(r"^\s+of\s+(?:the|its|their|[\w.]+'s)\s+(?:\S+\s+){0,2}?(?=\d)", after)
        if share:
            nxt = re.match(r"[\d,]+", text[end + share.end() :])
            ph = _noun_phrase(text, end + share.end() + (nxt.end() if nxt else 0), actors)
            if ph is None:
                return None
            pend, ptype, noun, actor = end, ph[1], ph[2], None
        elif (
            NOUNLESS_BEFORE.search(_strip_hedge(before)) or FURTHER_BEFORE.search(before)
        ) and NOUNLESS_AFTER.match(after):
            if _YEAR.match(raw) and not words:
                return None
            pend, ptype, noun, actor = end, None, "nounless", None
        elif (
            re.match(r"^\s+more\s+(?:have\s+|had\s+)?(?:landed|arrived|touched|flew|are|were|"
                     r"will|should)\b", after, re.I)
            or PARTICIPLE_AFTER.match(after)
            or _OTHERS_SERVING.match(after)
        ):  # fmt: skip
            pend, ptype, noun, actor = end, None, "nounless", None
        elif _gapped(before, actors, start) and NOUNLESS_AFTER.match(after):
            # "the Bahamas has committed 150, Jamaica 200 and Belize 50"
            pend, ptype, noun, actor = end, None, "nounless", None
        elif (
            _OF_WHOM.search(_strip_hedge(before[-60:]))
            and (cop := _COPULA.match(after))
            and (ph2 := _noun_phrase(text, end + cop.end(), actors)) is not None
        ):
            # "991 personnel, of whom 735 are Kenyan police officers"
            pend, ptype, noun, actor = ph2
        elif (
            after[:1] == ")"
            and (pm := _PAREN_OPEN.search(before, max(0, start - 12)))
            and (lst := next((a for a in actors if a.end == pm.start() and a.agent), None))
        ):
            # "Nine countries have pledged personnel: Kenya (1,000), Benin (1,500), ..."
            pend, ptype, noun, actor = end, None, "nounless", lst
        elif (om := _OF_THEM.match(after)) and (
            dem := next((a for a in actors if a.start == end + om.end() and a.agent), None)
        ):
            # "just over 400 personnel, roughly 380 of them Kenyan"
            pend, ptype, noun, actor = dem.end, None, "demonym", dem
        elif (fm := _FROM_INST.match(after)) and (
            inst := next(
                (a for a in actors if a.start == end + fm.end() and a.kind == "institution"), None
            )
        ):
            # "four from the Jamaica Constabulary Force"
            pend, ptype, noun, actor = inst.end, inst.personnel_type(text), "noun", inst
        else:
            return None
    if _YEAR.match(raw) and noun == "nounless":
        return None
    q = qualifier_before(before)
    return Quantity(
        "persons",
        q[1] if q else start,
        pend,
        start,
        end,
        value,
        PERSONS,
        q[0] if q else Qualifier.EXACT,
        ptype,
        noun,
        actor,
        bool(_FORCE_OF.search(before[-60:])),
    )


_OTHERS_SERVING = re.compile(
    r"^\s+others\s+(?:already\s+|currently\s+|now\s+|still\s+)*(?:serving|deployed|stationed|"
    r"in\s+Haiti|on\s+the\s+ground)\b",
    re.I,
)
"""".. will join 400 others already serving in the Caribbean nation"."""
_OF_WHOM = re.compile(r"\b(?:of\s+whom|of\s+them|of\s+which|among\s+them)\s+$", re.I)
_COPULA = re.compile(r"\s+(?:are|were)(?=\s)", re.I)
_PAREN_OPEN = re.compile(r"\s*\(\s*$")
_OF_THEM = re.compile(r"\s+of\s+them\s+(?:are\s+|were\s+)?(?:from\s+(?:the\s+)?)?", re.I)
_MORE = re.compile(r"(?:more|additional|further|extra|new)\s+", re.I)
_FROM_INST = re.compile(r"\s+from\s+(?:the\s+)?")


def _gapped(before: str, actors: list[ActorMention], start: int) -> bool:
    """A number right after a country's name in a list that leaves the verb out ("Jamaica 200"),
    or with only "has" ("Guatemala has 150 and El Salvador 78")."""
    for a in actors:
        if (
            a.kind in ("name", "short_name", "alias")
            and a.agent
            and before[a.end :].strip() in ("", "has", "have", "had")
        ):
            return a.end < start
    return False


_HEDGE_TAIL = re.compile(
    r"(?:more\s+than|well\s+over|over|about|around|roughly|nearly|almost|some|up\s+to|at\s+least|"
    r"approximately|just|only|fewer\s+than|less\s+than|under)\s+$",
    re.I,
)


def _strip_hedge(before: str) -> str:
    return _HEDGE_TAIL.sub("", before)
