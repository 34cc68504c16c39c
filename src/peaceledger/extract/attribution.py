"""Who a figure belongs to, when it holds, which mission and which funding channel.

The search always starts close to the number and widens: the number's own phrase ("75
Guatemalan military police"), its clause ("Benin has offered up to 2,000 troops"), the head of a
breakdown it belongs to ("991 personnel — ... 150 Guatemalans"), then earlier clauses of the
sentence ("Kenya, which signed ... to send a thousand police officers"), and only then the
previous sentence or the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..domain.dates import FuzzyDate
from ..domain.vocab import Channel
from ._patterns import BILATERAL, FUND_REF, MISSION_GOVERNS, NOT_THROUGH_FUND
from .actors import ActorMention
from .analysis import EXCLUDED, Analysis, Discourse, MissionRef
from .dates import DateMention, DateRole
from .quantities import Quantity
from .sentences import SegmentKind

GSF_FROM = date(2025, 10, 1)
"""S/RES/2793 turned the MSS into the GSF on 30 September 2025; "the force" after it is the GSF."""
GSF_RESOLUTION = date(2025, 9, 30)

_RECIPIENT = re.compile(
    r"\b(?:give|gives|gave|given|grant(?:ed|s)?|hand(?:ed|s)?|offer(?:ed|s)?|pa(?:y|id|ys)|"
    r"lend|lent|loan(?:ed)?|provid(?:e|ed|es))\s+(?:the\s+)?$",
    re.I,
)
_PRONOUN = re.compile(
    r"\b(?:it|its|they|their|he|his|she|her|the\s+country|the\s+government)\b", re.I
)
_CONSEQUENCE = re.compile(
    r"^\W*(?:which\b(?:\s+[\w']+){0,4}?\s+(?:brings|brought|takes|took|raises|raised|lifts|"
    r"lifted|pushes|pushed|boosts|boosted|increases|increased)|bringing|taking|raising|lifting|"
    r"pushing|boosting|increasing|swelling)\b",
    re.I,
)
_UNIT_NOUN = re.compile(r"\b(?:team|contingent|group|unit|batch|wave|detachment|party)\b", re.I)
_BY_FROM = re.compile(r"^\s+(?:[\w-]+\s+){0,3}?(?:by|from)\s+(?:the\s+)?$", re.I)
_PREP_BEFORE = re.compile(
    r"\b(?:into|to|for|toward|towards|with|from|of|in|on|at|through|via|within|under|by)\s+$", re.I
)
_PREP_ARTICLE_BEFORE = re.compile(
    r"\b(?:into|to|for|with|from|in|on|at|within|by|under)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?$",
    re.I,
)
_MEMBERSHIP = re.compile(
    r"\b(?:serv\w+|members?|personnel|officers|troops|soldiers|police|civilians|strong)\s+"
    r"(?:\w+\s+)?(?:with|in|within|of)\s+$",
    re.I,
)
_HEDGE_STRIP = re.compile(
    r"(?:(?:more\s+than|well\s+over|over|about|around|roughly|nearly|almost|some|up\s+to|"
    r"at\s+least|approximately|just|only|fewer\s+than|less\s+than|under|a\s+total\s+of)\s+)+$",
    re.I,
)


_MISSION_OBJECT = re.compile(
    r"\b(?:(?:lead|leads|leading|join|joins|joined|joining|back|backs|backing|support|supports|"
    r"supporting|fund|funds|funding)\s+|(?:under|with|within|in|into|for|to)\s+(?:the|its|a)\s+)$",
    re.I,
)
"""A mission named as what the actor leads, joins or serves under ("Kenya has offered to lead
the force with 1,000 officers", "officers deployed under the MSS") is not the figure's owner."""


@dataclass(frozen=True)
class Who:
    actor: str | None
    mission: str | None
    """A mission the text names for this figure (GSF-HTI, MSS-HTI), if any."""
    how: str
    drop: bool = False


DROP = Who(None, None, "excluded", drop=True)


_DEFINITE_PEOPLE = re.compile(
    r"^\W*(?:(?:The|These|Those)\s+(?:[\w-]+\s+)?(?:officers|troops|soldiers|police|personnel|"
    r"contingent|team|policemen|constables)\b|They\b)"
)
_HELD_BY_FUND = re.compile(
    r"\s+(?:now\s+|already\s+)?held\s+(?:by|in)\s+(?:the\s+)?"
    r"(?:[\w.-]+\s+)?(?:trust\s+)?fund\b",
    re.I,
)
_APPOSITIVE_HAS = re.compile(r"\s*,\s*(?:with|which\s+has|which\s+had|that\s+has)\s+", re.I)


def _owns(an: Analysis, a: ActorMention, start: int) -> bool:
    """ "Haiti's 9,000 police officers", "the HNP has 9,000 officers": the figure is the
    excluded actor's own, not a mission figure."""
    if not (a.possessive or a.kind in ("institution", "demonym")):
        return False
    gap = an.text[a.end : start]
    if _APPOSITIVE_HAS.fullmatch(gap):
        return True  # "The Haitian National Police, with around 10,000 officers, ..."
    return len(gap) <= 40 and not re.search(
        r"[,;—–(]|\b(?:and|but|while|with|to|for|alongside|help|support|join)\b", gap
    )


def _mission_of(ref: MissionRef) -> Who:
    return Who(None, ref.code, "mission")


def _before_in_segment(an: Analysis, q: Quantity, i: int, limit: int) -> Who | None:
    """The nearest agent or mission before `limit` in segment `i`."""
    cands: list[tuple[int, ActorMention | MissionRef]] = []
    for a in an.actors:
        if a.start < limit and an.in_segment(a.start, i):
            cands.append((a.end, a))
    for m in an.missions:
        if (
            m.start < limit
            and an.in_segment(m.start, i)
            and not _PREP_BEFORE.search(an.text[max(0, m.start - 12) : m.start])
            and not _MISSION_OBJECT.search(an.text[max(0, m.start - 24) : m.start])
        ):
            cands.append((m.end, m))
    cands.sort(key=lambda c: -c[0])
    for _, x in cands:
        if isinstance(x, MissionRef):
            return _mission_of(x)
        if x.code in EXCLUDED:
            if x.agent and _owns(an, x, q.start):
                return DROP  # "Haiti's 9,000 police officers"
            continue
        if not x.agent:
            continue
        if q.kind == "money" and _RECIPIENT.search(an.text[max(0, x.start - 20) : x.start]):
            continue  # "the US will give Kenya $100 million": Kenya receives
        return Who(x.code, None, "segment")
    return None


def _actors_in(an: Analysis, i: int) -> Who | None:
    best = None
    for a in an.actors:
        if an.in_segment(a.start, i) and a.agent and a.code not in EXCLUDED:
            best = a
    return Who(best.code, None, "previous") if best else None


def choose_actor(an: Analysis, q: Quantity, head: Who | None, disc: Discourse) -> Who:
    """The actor of a figure, or the mission as a whole (actor None)."""
    if q.kind == "money" and (f := _HELD_BY_FUND.match(an.text, q.end)):
        ref = next((m for m in an.missions if m.start >= q.end + f.start()), None)
        return Who(None, ref.code if ref else None, "mission")  # "$112 million held by the fund"
    if q.np_actor is not None:
        if q.np_actor.code in EXCLUDED:
            return DROP
        return Who(q.np_actor.code, None, "phrase")
    prev = [a for a in an.actors if a.end <= q.start]
    if (
        prev
        and prev[-1].code in EXCLUDED
        and prev[-1].agent
        and _APPOSITIVE_HAS.fullmatch(an.text[prev[-1].end : q.start])
    ):
        return DROP  # "The Haitian National Police, with around 10,000 officers, ..."
    before = _HEDGE_STRIP.sub("", an.text[max(0, q.num_start - 80) : q.num_start])
    gov = MISSION_GOVERNS.search(before)
    if gov and not (
        _PREP_ARTICLE_BEFORE.search(before[max(0, gov.start() - 16) : gov.start()])
        and not gov.group(0).rstrip().endswith(" of")
    ):  # "killed in the mission to three" is not the mission's own figure
        ref = next((m for m in reversed(an.missions) if m.end <= q.num_start), None)
        return Who(None, ref.code if ref else None, "mission")
    i = an.seg_index(q.num_start)
    seg = an.segment(i)
    found = _before_in_segment(an, q, i, q.start)
    if found is not None:
        return found
    if head is not None:
        return Who(head.actor, head.mission, "head", head.drop)
    if seg.paren is not None:
        p = an.clauses.parens[seg.paren]
        found = _before_in_segment(an, q, an.seg_index(max(p.start - 1, 0)), p.start)
        if found is not None:
            return found
    for a in an.actors:
        if (
            a.start >= q.end
            and an.in_segment(a.start, i)
            and a.agent
            and a.code not in EXCLUDED
            and _BY_FROM.match(an.text[q.end : a.start])
        ):
            return Who(a.code, None, "after")
    for m in an.missions:
        if (
            m.start >= q.end
            and an.in_segment(m.start, i)
            and _MEMBERSHIP.search(an.text[max(0, m.start - 40) : m.start])
        ):
            return _mission_of(m)
    for j in range(i - 1, -1, -1):
        if an.segment(j).paren is not None:
            continue
        found = _actors_in(an, j)
        if found is not None:
            return found
    own_refs = [
        m
        for m in an.missions
        if an.in_segment(m.start, i)
        and not _PREP_BEFORE.search(an.text[max(0, m.start - 12) : m.start])
    ]
    if own_refs:
        return _mission_of(own_refs[0])
    view = an.text[seg.start : q.start]
    if disc.actor and (_PRONOUN.search(view) or _UNIT_NOUN.search(an.text[q.start : q.end + 12])):
        return Who(disc.actor, None, "discourse")
    if disc.actor and _DEFINITE_PEOPLE.match(an.text):
        return Who(disc.actor, None, "discourse")  # "The officers ... will join 400 others"
    if an.missions:
        return _mission_of(an.missions[0])
    return Who(None, None, "default")


# --- dates --------------------------------------------------------------------------------


def _usable(d: DateMention, disc: Discourse) -> FuzzyDate | None:
    if d.role is DateRole.SAME_AS_BEFORE:
        return disc.date
    if d.role in (DateRole.AT, DateRole.NOW):
        return d.value
    return None


def _scope_date(an: Analysis, j: int, disc: Discourse) -> FuzzyDate | None:
    """A date that speaks for the whole sentence from segment `j`: one standing before the
    segment's own figures ("said on Monday that ..."), not one belonging to them."""
    qs = an.quantities_in(j)
    first_q = min((q.start for q in qs), default=len(an.text))
    for d in an.dates:
        if an.in_segment(d.start, j) and d.start < first_q:
            v = _usable(d, disc)
            if v is not None:
                return v
    return None


def choose_date(
    an: Analysis, pos: int, head: FuzzyDate | None, disc: Discourse
) -> tuple[FuzzyDate | None, bool]:
    """The date a figure refers to and whether the text states it (False: publication date)."""
    i = an.seg_index(pos)
    own = [(abs(d.start - pos), d) for d in an.dates if an.in_segment(d.start, i)]
    for _, d in sorted(own, key=lambda x: x[0]):
        v = _usable(d, disc)
        if v is not None:
            return v, d.explicit
    if any(d.role is DateRole.SINCE for _, d in own):
        return an.published, False  # "three have died since June 2024": a toll as of now
    if head is not None:
        return head, True
    seg = an.segment(i)
    if i > 0 and seg.paren is None and _CONSEQUENCE.match(an.clauses.view(seg)):
        # "... overturned on Sunday, bringing the number killed to three": the same moment
        for d in sorted(an.dates, key=lambda d: -d.start):
            if d.start < seg.start and _usable(d, disc) is not None:
                return _usable(d, disc), True
    if seg.paren is not None:
        v = _scope_date(an, an.seg_index(max(an.clauses.parens[seg.paren].start - 1, 0)), disc)
        if v is not None:
            return v, True
    n = len(an.clauses.segments)
    for j in range(n):
        s = an.segment(j)
        if j != i and s.attribution and s.kind is not SegmentKind.RELATIVE and s.paren is None:
            v = _scope_date(an, j, disc)
            if v is not None:
                return v, True
    if seg.kind is not SegmentKind.CONTRAST:
        for j in range(i - 1, -1, -1):
            s = an.segment(j)
            if s.paren is None and s.kind not in (SegmentKind.RELATIVE, SegmentKind.CONTRAST):
                v = _scope_date(an, j, disc)
                if v is not None:
                    return v, True
    return an.published, False


def mission_on(when: FuzzyDate | None, published: FuzzyDate | None, ceiling: bool = False) -> str:
    """The mission in force on a date. A period that straddles the change (a month-precise
    "September 2025") is decided by the publication date; the ceiling set by S/RES/2793 on
    30 September 2025 is the GSF's."""
    start = GSF_RESOLUTION if ceiling else GSF_FROM
    for d in (when, published):
        if d is None:
            continue
        if d.start >= start:
            return "GSF-HTI"
        if d.end < start:
            return "MSS-HTI"
    return "MSS-HTI"


def choose_mission(
    an: Analysis, pos: int, named: str | None, when: FuzzyDate | None, ceiling: bool = False
) -> str:
    """The mission the text names nearest before the figure; else the one in force then."""
    if named:
        return named
    codes = [m for m in an.missions if m.code]
    before = [m for m in codes if m.start < pos]
    if before:
        return before[-1].code or "MSS-HTI"
    if codes:
        return codes[0].code or "MSS-HTI"
    return mission_on(when, an.published, ceiling)


# --- channel ------------------------------------------------------------------------------


def choose_channel(an: Analysis, q: Quantity, subject_is_fund: bool) -> Channel | None:
    """Trust fund when the money goes into (or is held by) the fund; bilateral when the text
    says the government spends it itself; otherwise unstated."""
    i = an.seg_index(q.num_start)
    seg = an.segment(i)
    view = an.clauses.view(seg)
    money = [x for x in an.quantities if x.kind == "money" and an.in_segment(x.num_start, i)]
    for m in FUND_REF.finditer(view):
        pos = seg.start + m.start()
        preceding = [x for x in money if x.num_end <= pos]
        owner = preceding[-1] if preceding else next((x for x in money if x.num_start > pos), None)
        if owner is q:
            return Channel.BILATERAL if NOT_THROUGH_FUND.search(view) else Channel.TRUST_FUND
    if subject_is_fund:
        return Channel.TRUST_FUND
    if BILATERAL.search(view) or NOT_THROUGH_FUND.search(an.text):
        return Channel.BILATERAL
    return None
