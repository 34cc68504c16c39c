"""From the quantities of one sentence to candidate facts.

For each head count or amount: what it is (the nearest trigger of its family, with mood
applied), whose it is, when, for which mission and through which channel. A figure inside a
breakdown ("991 personnel — ... 150 Guatemalans, 78 Salvadorans ...", "Sh91 billion ($600
million)") takes what it does not say itself from the figure it breaks down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..domain.dates import FuzzyDate
from ..domain.facts import Evidence
from ..domain.vocab import PERSONS, Basis, Channel, Metric, PersonnelType, Qualifier
from ._patterns import (
    COUNCIL,
    FATAL_TALLY,
    HAITIAN_FORCES,
    MONEY_DISTRACTOR_NEAR,
    OTHER_MISSION,
    OTHER_MISSION_NAME,
    PERSONNEL_CONTEXT,
)
from .analysis import EXCLUDED, Analysis, Discourse
from .attribution import Who, choose_actor, choose_channel, choose_date, choose_mission
from .candidate import Candidate
from .dates import DateRole
from .money import find_money
from .quantities import Quantity
from .triggers import Trigger

_INCREMENT_BEFORE = re.compile(
    r"\b(?:another|additional|further|extra|fresh|new)\s+(?:\S+\s+)?$", re.I
)
_INCREMENT_AFTER = re.compile(r"^\s+more\b", re.I)
_DESTINATION = re.compile(r"\bto\s+(?:the\s+)?(?P<place>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")


@dataclass
class Decision:
    q: Quantity
    metric: Metric | None
    how: str
    trigger: Trigger | None
    who: Who
    date: FuzzyDate | None
    date_explicit: bool
    qualifier: Qualifier
    ptype: PersonnelType | None
    channel: Channel | None
    head: int | None
    keep: bool = True


_APPENDAGE = re.compile(r"^\s*(?:including|includ\w+|among\s+them|of\s+which|of\s+whom|"
                        r"mostly|mainly|plus)\b", re.I)  # fmt: skip


def _head_index(an: Analysis, idx: int) -> int | None:
    """The figure a breakdown belongs to: for a parenthetical ("991 personnel — ... 150
    Guatemalans") or an appended clause ("981 members ..., including 735 Kenyan police
    officers"), the last figure of the same kind before it."""
    q = an.quantities[idx]
    i = an.seg_index(q.num_start)
    seg = an.segment(i)
    if seg.paren is not None:
        p = an.clauses.parens[seg.paren]
        outer, limit = an.seg_index(max(p.start - 1, 0)), p.start
    elif i > 0 and _APPENDAGE.match(an.clauses.view(seg)):
        outer, limit = i - 1, seg.start
        while outer > 0 and an.segment(outer).paren is not None:
            outer -= 1
    else:
        return None
    best = None
    for j, h in enumerate(an.quantities):
        if h.kind == q.kind and h.num_end <= limit and an.seg_index(h.num_start) == outer:
            best = j
    return best


_SHARE = re.compile(r"\s+of\s+(?:the|its|their|[\w.]+'s)\s+")
_PLAN_VERB = re.compile(
    r"\s+(?:meant|supposed|expected|due|planned|promised|pledged|"
    r"set|slated|to)\b",
    re.I,
)
_FINITE = re.compile(r"\b(?:are|were|is|was|have|has|had|will|would)\b")


def _relative_after_share(an: Analysis, q: Quantity) -> tuple[int, int]:
    """ "Fewer than 1,000 of the 2,500 personnel the force needs are on the ground": the clause
    describing the 2,500 ("the force needs") does not say what the 1,000 are."""
    m = _SHARE.match(an.text, q.num_end)
    if not m:
        return (0, 0)
    seg = an.segment(an.seg_index(q.num_start))
    verbs = list(_FINITE.finditer(an.text, m.end(), seg.end))
    if len(verbs) > 1 and not _PLAN_VERB.match(an.text, verbs[0].end()):
        verbs = verbs[:1]
    # "of the 2,500 personnel the mission was meant to have are in Haiti": the main verb is the
    # last one when the first belongs to a relative clause of plan ("was meant to have")
    v = verbs[-1] if verbs else None
    return (q.num_end, v.start() if v else m.end())


_LOST = re.compile(r"lost\s+(?!(?:his|her|their)\s)", re.I)
_LEVEL_AFTER = re.compile(
    r"(?:bring|boost|rais|lift|push|swell|increas|tak)\w*\s+(?:the|its|their|[\w.]+'s)\s", re.I
)


def _nearest_trigger(
    an: Analysis, q: Quantity, seg: int, anchor: tuple[int, int]
) -> Trigger | None:
    best: tuple[int, Trigger] | None = None
    skip = _relative_after_share(an, q)
    for t in an.triggers:
        if t.family != q.kind or not an.in_segment(t.start, seg) or t.negated:
            continue
        if (t.start < q.num_end and q.num_start < t.end) or skip[0] <= t.start < skip[1]:
            continue
        if t.start >= q.num_end and (
            _LEVEL_AFTER.match(an.text, t.start) or _LOST.match(an.text, t.start)
        ):
            continue  # "217 officers landed, raising the number ... to 600": only the 600
        dist = anchor[0] - t.end if t.end <= anchor[0] else t.start - anchor[1]
        dist = max(dist, 0) + (1 if t.start >= anchor[1] else 0)
        if best is None or dist < best[0]:
            best = (dist, t)
    return best[1] if best else None


def _metric(
    an: Analysis, q: Quantity, head: Decision | None
) -> tuple[Metric | None, str, Trigger | None]:
    i = an.seg_index(q.num_start)
    if any(t.how == "domestic" and an.in_segment(t.start, i) for t in an.triggers):
        return None, "domestic", None  # "recruit 10,000 constables", "on election duty"
    t = _nearest_trigger(an, q, i, (q.start, q.end))
    if t is not None:
        return t.effective_metric(), f"{t.how}", t
    if any(t.negated and t.family == q.kind and an.in_segment(t.start, i) for t in an.triggers):
        return None, "negated", None  # "delaying the deployment of the first 200 officers"
    if head is not None:
        return head.metric, "breakdown", head.trigger
    seg = an.segment(i)
    if seg.paren is not None:
        p = an.clauses.parens[seg.paren]
        t = _nearest_trigger(an, q, an.seg_index(max(p.start - 1, 0)), (p.start, p.end))
        if t is not None:
            return t.effective_metric(), f"{t.how}", t
    for j in range(i - 1, -1, -1):
        if an.segment(j).paren is None:
            end = an.segment(j).end
            t = _nearest_trigger(an, q, j, (end, end))
            if t is not None:
                return t.effective_metric(), "clause", t
    for j in range(i + 1, len(an.clauses.segments)):
        if an.segment(j).paren is None:
            start = an.segment(j).start
            t = _nearest_trigger(an, q, j, (start, start))
            if t is not None:
                return t.effective_metric(), "clause", t
    return None, "default", None


_DEFINITE = re.compile(r"^\W*(?:The|This|These|Those|Its|Their|That)\b")
_CONTINGENT = re.compile(
    r"\b(?:another|second|third|fourth|fifth|new|fresh|latest|next|further|additional)\s+"
    r"(?:\w+\s+)?(?:contingent|batch|group|wave|rotation|team|planeload|deployment)\b",
    re.I,
)


def _default_metric(an: Analysis, q: Quantity, disc: Discourse) -> Metric | None:
    if q.kind == "money":
        return Metric.FUNDING_PLEDGED if an.missions else None
    if (
        disc.metric is not None
        and _DEFINITE.match(an.text)
        and not any(t.family == "persons" and t.metric is not None for t in an.triggers)
    ):
        return disc.metric  # "... arrived on Thursday. The 24-member team — ..."
    if q.force_of and q.noun in ("nounless", "weak", "noun") and an.missions:
        return Metric.PERSONNEL_DEPLOYED  # "the force of about 400"
    if q.noun in ("noun", "strong") and PERSONNEL_CONTEXT.search(an.text) and an.missions:
        return Metric.PERSONNEL_DEPLOYED
    return None


def _has_deadline(an: Analysis, q: Quantity) -> bool:
    """A deadline next to the figure ("2,500 personnel by January") makes it a plan."""
    i = an.seg_index(q.num_start)
    for d in an.dates:
        if d.role is not DateRole.TARGET or not an.in_segment(d.start, i):
            continue
        nearest = min(an.quantities, key=lambda x: abs(x.end - d.start) if x.end <= d.start
                      else abs(x.start - d.end))  # fmt: skip
        if nearest is q:
            return True
    return False


def _is_increment(an: Analysis, q: Quantity) -> bool:
    before = an.text[: q.num_start]
    return bool(
        _INCREMENT_BEFORE.search(before[-30:])
        or _INCREMENT_AFTER.match(an.text[q.num_end :])
        or _CONTINGENT.search(an.clauses.view(an.segment(an.seg_index(q.num_start))))
    )


def _not_about_mission(an: Analysis, q: Quantity) -> bool:
    i = an.seg_index(q.num_start)
    view = an.clauses.view(an.segment(i))
    if OTHER_MISSION.search(view) or HAITIAN_FORCES.search(an.text[q.start : q.end]):
        return True
    named = [m.end() for m in OTHER_MISSION_NAME.finditer(an.text, 0, q.start)]
    if named and not any(named[-1] <= m.start < q.start for m in an.missions):
        return True  # "MINUSTAH, the UN force that left Haiti in 2017, had some 6,000 troops"
    if (
        i > 0
        and re.match(r"^\s*(?:where|there|in\s+which)\b", view, re.I)
        and OTHER_MISSION.search(an.clauses.view(an.segment(i - 1)))
    ):
        return True  # "... to Somalia, where more than 3,000 Kenyan soldiers have served"
    if q.kind == "money":
        return bool(MONEY_DISTRACTOR_NEAR.search(_money_window(an, q)))
    for m in _DESTINATION.finditer(view):
        place = m.group("place")
        for a in an.actors:
            name = an.text[a.start : a.end]
            if (
                name in (place, place.split()[0])
                and a.code not in EXCLUDED
                and a.locative
                and a.start > q.num_start
            ):
                return True
    return False


_METRIC_AFTER = re.compile(
    r"\s+(?:others\s+(?:already\s+|currently\s+|now\s+|still\s+)*(?P<level>serving|deployed|"
    r"stationed|in\s+Haiti|on\s+the\s+ground)|(?:\w+\s+)?(?:envisaged|planned|requested|"
    r"pledged|promised)(?!\s+(?:by|to)\b))\b",
    re.I,
)
"""Words right after a figure that say what it is: "join 400 others already serving" (a level),
"well short of the 2,500 envisaged" (a plan)."""


_TOTAL = re.compile(r"\b(?:total|combined|overall|altogether)\b", re.I)


def _list_total(an: Analysis, q: Quantity) -> bool:
    seg = an.segment(an.seg_index(q.num_start))
    if not _TOTAL.search(an.text, seg.start, q.num_start) or q.np_actor is not None:
        return False
    named = {a.code for a in an.actors if a.end <= q.start and a.agent and a.code not in EXCLUDED}
    return len(named) >= 3


_OF_THE_BEFORE = re.compile(r"\bof\s+(?:the|its|their|[\w.]+'s)\s+$", re.I)
_PLAN_WORDS = re.compile(
    r"\b(?:meant|supposed|expected|due|planned|promised|pledged|envisaged|needs|needed|"
    r"requires|required|authori[sz]ed)\b",
    re.I,
)


def _whole_of_share(an: Analysis, q: Quantity) -> bool:
    if not _OF_THE_BEFORE.search(an.text, max(0, q.start - 24), q.start):
        return False
    for p in an.quantities:
        if p is q or p.kind != "persons":
            continue
        lo, hi = _relative_after_share(an, p)
        if lo <= q.num_start < hi and _PLAN_WORDS.search(an.text, q.num_end, hi):
            return True
    return False


def _money_window(an: Analysis, q: Quantity) -> str:
    """The words around an amount, up to the neighbouring amounts: "US$100m for the mission
    alongside US$33m in humanitarian assistance" makes only the second one aid."""
    base = lo = max(0, q.start - 60)
    hi = q.end + 60
    if not MONEY_DISTRACTOR_NEAR.search(an.text, lo, hi):
        return ""
    for o in find_money(an.text[base:hi]):
        if base + o.end <= q.num_start:
            lo = max(lo, base + o.end)
        elif base + o.start >= q.num_end:
            hi = min(hi, base + o.start)
    return an.text[lo:hi]


def decide(an: Analysis, disc: Discourse) -> list[Decision]:
    """A decision for every quantity of the sentence (kept or not)."""
    out: list[Decision] = []
    for idx, q in enumerate(an.quantities):
        h_idx = _head_index(an, idx)
        head = out[h_idx] if h_idx is not None else None
        metric, how, trig = _metric(an, q, head)
        after = _METRIC_AFTER.match(an.text, q.num_end) if q.kind == "persons" else None
        if after is not None:
            metric, how = (
                (Metric.PERSONNEL_DEPLOYED, "level") if after.group("level")
                else (Metric.PERSONNEL_PLEDGED, "verb")
            )  # fmt: skip
        if how == "default" and out and out[-1].keep and _coordinated(an, q):
            prev = out[-1]  # "up to 5,500 uniformed personnel and 50 civilians"
            metric, trig = prev.metric, prev.trigger
            how = prev.how if prev.how != "default" else "coordinated"
        if how == "default":
            metric = _default_metric(an, q, disc)
            if metric is not None and metric is disc.metric and disc.metric is not None:
                how = "discourse"
        if (
            metric is Metric.PERSONNEL_DEPLOYED
            and trig is not None
            and trig.how == "verb"
            and _is_increment(an, q)
        ):
            metric = Metric.PERSONNEL_ARRIVED  # "sent two more soldiers": an arrival, not a level
        if metric in (Metric.PERSONNEL_DEPLOYED, Metric.PERSONNEL_ARRIVED) and _has_deadline(an, q):
            metric = Metric.PERSONNEL_PLEDGED  # "help the force reach 2,500 personnel by January"
        if q.noun == "nounless" and FATAL_TALLY.search(an.text[max(0, q.start - 120) : q.start]):
            metric, how = Metric.FATALITIES, "tally"  # "bringing the number ... killed to three"
        who = choose_actor(an, q, head.who if head else None, disc)
        if who.actor is not None and _list_total(an, q):
            who = Who(None, who.mission, "mission")  # "A, B and C have pledged ..., bringing
            # total commitments to about 2,500": the sum of a list is the mission's figure
        if metric is not None and q.kind == "persons" and _whole_of_share(an, q):
            metric = Metric.PERSONNEL_PLEDGED  # "430 of the 2,500 personnel the mission was
            # meant to have": the plan the share is measured against
        date, explicit = choose_date(an, q.num_start, head.date if head else None, disc)
        if how == "discourse" and not explicit and disc.metric_date is not None:
            date = disc.metric_date
        qual = q.qualifier
        if head is not None and qual is Qualifier.EXACT and how == "breakdown":
            qual = (
                head.qualifier
                if head.metric is Metric.PERSONNEL_AUTHORIZED or q.kind == "money"
                else qual
            )
        if (
            qual is Qualifier.EXACT
            and out
            and out[-1].qualifier is Qualifier.UP_TO
            and _coordinated(an, q)
        ):
            qual = Qualifier.UP_TO  # "up to 5,500 uniformed personnel and 50 civilians"
        d = Decision(q, metric, how, trig, who, date, explicit, qual, q.personnel_type, None, h_idx)
        d.keep = _keep(an, d, head)
        if q.kind == "money":
            d.channel = choose_channel(an, q, who.how == "mission" and _fund_subject(an, q))
            if d.channel is None and head is not None and head.q.kind == "money":
                d.channel = head.channel
        _authorize(an, d, disc.council)
        out.append(d)
    _drop_summed_heads(an, out)
    _inherit_types(out)
    return out


def _fund_subject(an: Analysis, q: Quantity) -> bool:
    i = an.seg_index(q.num_start)
    return any(m.fund or "fund" in an.text[m.end : m.end + 12] for m in an.missions
               if an.in_segment(m.start, i) and m.start < q.start)  # fmt: skip


def _excluded_subject(an: Analysis, pos: int) -> bool:
    """The nearest name before `pos` is the host state's (its police, its army)."""
    marks = [(a.end, a.code in EXCLUDED) for a in an.actors if a.end <= pos and a.agent]
    marks += [(m.end, False) for m in an.missions if m.end <= pos]
    marks += [(m.end(), True) for m in HAITIAN_FORCES.finditer(an.text, 0, pos)]
    return bool(marks) and max(marks)[1]


def _lost(an: Analysis, d: Decision) -> bool:
    """ "The mission has lost three members": the force's own dead, whatever the noun."""
    t = d.trigger
    return (
        d.metric is Metric.FATALITIES
        and t is not None
        and an.text[t.start : t.end].lower().startswith("lost")
        and not _excluded_subject(an, t.start)
        and (d.who.actor is not None or d.who.mission is not None or d.who.how == "mission")
    )


def _coordinated(an: Analysis, q: Quantity) -> bool:
    """ "up to 5,500 uniformed personnel and 50 civilians": the second figure of a pair joined by
    "and" is what the first one is."""
    prev = [o for o in an.quantities if o.kind == "persons" and o.end <= q.start]
    return (
        bool(prev)
        and prev[-1].noun in ("noun", "strong")
        and bool(re.fullmatch(r"\s+(?:and|plus)\s+", an.text[prev[-1].end : q.start]))
    )


def _pledged_directly(an: Analysis, d: Decision) -> bool:
    """ "the Bahamas has pledged 150 people": a country's pledge verb right on the figure."""
    t = d.trigger
    return (
        t is not None
        and t.metric is Metric.PERSONNEL_PLEDGED
        and t.how == "verb"
        and d.who.actor is not None
        and d.who.how in ("segment", "phrase")
        and an.text[t.end : d.q.start].strip() == ""
    )


def _keep(an: Analysis, d: Decision, head: Decision | None) -> bool:
    q = d.q
    if d.metric is None or d.who.drop or _not_about_mission(an, q):
        return False
    if d.metric is Metric.FATALITIES and q.noun in ("weak", "demonym") and not _lost(an, d):
        return False
    if (
        d.metric is Metric.FATALITIES
        and d.trigger is not None
        and _LOST.match(an.text, d.trigger.start)
        and not _lost(an, d)
    ):
        return False  # "Haiti's police ... has lost at least 30 officers"
    if d.metric is Metric.FATALITIES and q.noun == "nounless":
        if d.how != "tally":
            return False
        tally = FATAL_TALLY.search(an.text[max(0, q.start - 120) : q.start])
        lo = max(0, q.start - 120) + (tally.start() if tally else 0)
        named = [a for a in an.actors if lo <= a.start < q.start and a.agent]
        if any(a.code in EXCLUDED for a in named) or not (
            named or any(lo <= m.start < q.start for m in an.missions)
        ):
            return False  # "the number of police deaths this year to 80": whose deaths?
    if q.kind == "persons":
        in_breakdown = head is not None and head.q.kind == "persons"
        level = d.how == "level" and bool(an.missions)
        if q.noun == "weak" and not (
            q.force_of
            or in_breakdown
            or level
            or _lost(an, d)
            or _coordinated(an, q)
            or _pledged_directly(an, d)
        ):
            return False
        if q.noun in ("nounless", "demonym") and d.how == "default" and not q.force_of:
            return False
        if q.noun == "nounless" and not PERSONNEL_CONTEXT.search(an.text):
            return False
    return d.metric.is_money == (q.kind == "money")


def _authorize(an: Analysis, d: Decision, council_before: bool = False) -> None:
    """A ceiling is set by the Council for the whole force; a country's "authorised" deployment
    is its own pledge."""
    if d.q.kind != "persons":
        return
    council = bool(COUNCIL.search(an.text))
    seg = an.clauses.view(an.segment(an.seg_index(d.q.num_start)))
    if d.metric is Metric.PERSONNEL_AUTHORIZED and d.who.actor is not None and _UNSC.search(seg):
        d.who = Who(None, d.who.mission, "mission")  # "which the Security Council authorised
        # last month with a ceiling of 5,550": the Council's ceiling, not a country's
    if d.metric is Metric.PERSONNEL_AUTHORIZED and (
        d.who.actor is not None or not (council or council_before)
    ):
        d.metric = Metric.PERSONNEL_PLEDGED
    elif (
        d.who.actor is None
        and (council or (council_before and d.q.force_of is False and _MAY.search(an.text)))
        and d.qualifier is Qualifier.UP_TO
        and d.metric in (None, Metric.PERSONNEL_DEPLOYED, Metric.PERSONNEL_PLEDGED)
    ):
        d.metric = Metric.PERSONNEL_AUTHORIZED
        d.keep = d.keep or d.q.noun != "weak" or d.q.force_of


_UNSC = re.compile(r"\b(?:Security\s+Council|[Rr]esolution|S/RES|UN\s+vote)\b")
_MAY = re.compile(
    r"\b(?:may|can|could|would|will)\s+(?:\w+\s+)?(?:count|have|number|"
    r"comprise|include|reach|deploy)\b",
    re.I,
)


def _drop_summed_heads(an: Analysis, out: list[Decision]) -> None:
    """ "An initial team of two dozen — twenty soldiers and four constables —": the parts are
    the facts; a noun-less total they sum to adds nothing."""
    for i, d in enumerate(out):
        if d.q.noun not in ("nounless", "strong"):
            continue
        parts = [p for p in out if p.head == i and p.keep]
        if len(parts) >= 2 and sum((p.q.value for p in parts), Decimal(0)) == d.q.value:
            d.keep = False


def _inherit_types(out: list[Decision]) -> None:
    for i, d in enumerate(out):
        if d.q.kind != "persons" or d.ptype is not None:
            continue
        parts = [p.ptype for p in out if p.head == i and p.keep]
        typed = [t for t in parts if t is not None]
        if typed:
            d.ptype = (
                typed[0]
                if len(set(typed)) == 1 and len(typed) == len(parts)
                else (PersonnelType.MIXED)
            )
            continue
        if d.who.actor is None:
            continue
        same = {o.ptype for o in out if o is not d and o.who.actor == d.who.actor and o.ptype}
        if len(same) == 1 and d.q.noun not in ("demonym",):
            d.ptype = same.pop()


_METRIC_WEIGHT = {
    "verb": 0.25,
    "level": 0.25,
    "breakdown": 0.2,
    "tally": 0.2,
    "clause": 0.12,
    "discourse": 0.05,
}
"""How directly the text says what the figure is (a verb on it, or only a nearby clause)."""
_ACTOR_WEIGHT = {
    "phrase": 0.2,
    "segment": 0.15,
    "mission": 0.15,
    "head": 0.15,
    "after": 0.1,
    "previous": 0.08,
    "discourse": 0.0,
    "default": -0.1,
}
"""How directly the text says whose figure it is."""


def _confidence(d: Decision) -> float:
    c = 0.45
    c += _METRIC_WEIGHT.get(d.how, 0.0) + _ACTOR_WEIGHT.get(d.who.how, 0.0)
    c += 0.05 if d.date_explicit else 0.0
    return max(0.05, min(0.98, c))


def _rule_name(d: Decision) -> str:
    assert d.metric is not None
    short = d.metric.value.split("_", 1)[1] if "_" in d.metric.value else d.metric.value
    if d.metric is Metric.PERSONNEL_DEPLOYED and d.how == "level":
        return "rule:deployed-level"
    return f"rule:{short}-{d.how}"


_EACH = re.compile(r"^\s*,?\s+(?:have\s+|has\s+|had\s+|will\s+|would\s+)?(?:each|both)\b", re.I)
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+and|&)\s+(?:the\s+)?$", re.I)


def _each(an: Analysis, d: Decision) -> list[str]:
    """ "Turkey and Spain have each pledged €1 million": the amount holds for every donor."""
    if d.who.how != "segment" or d.who.actor is None:
        return []
    mentions = [a for a in an.actors if a.end <= d.q.start and a.agent]
    last = next((a for a in reversed(mentions) if a.code == d.who.actor), None)
    if last is None or not _EACH.match(an.text[last.end :]):
        return []
    group = [last]
    for a in reversed(mentions[: mentions.index(last)]):
        if not _LIST_GAP.match(an.text[a.end : group[-1].start]) or a.code in EXCLUDED:
            break
        group.append(a)
    return [a.code for a in reversed(group[1:])]


def to_candidates(an: Analysis, decisions: list[Decision]) -> list[Candidate]:
    out: list[Candidate] = []
    off = an.sentence.start
    for d in decisions:
        if not d.keep or d.metric is None:
            continue
        for other in _each(an, d):
            extra = replace(d, who=Who(other, None, "segment"))
            out += to_candidates(an, [extra])
        q = d.q
        start, end = q.start, q.end
        if d.trigger is not None and an.seg_index(d.trigger.start) == an.seg_index(q.num_start):
            start, end = min(start, d.trigger.start), max(end, d.trigger.end)
        before = an.text[: q.num_start]
        basis = (
            Basis.INCREMENT
            if _INCREMENT_BEFORE.search(before[-30:])
            or _INCREMENT_AFTER.match(an.text[q.num_end :])
            else Basis.TOTAL
        )
        out.append(
            Candidate(
                actor=d.who.actor,
                mission=choose_mission(
                    an, q.num_start, d.who.mission, d.date, d.metric is Metric.PERSONNEL_AUTHORIZED
                ),
                metric=d.metric,
                qualifier=d.qualifier,
                value=q.value,
                unit=q.unit if q.kind == "money" else PERSONS,
                personnel_type=d.ptype if q.kind == "persons" else None,
                channel=d.channel if q.kind == "money" else None,
                date_of_fact=d.date,
                evidence=Evidence(off + start, off + end, an.text[start:end]),
                sentence=an.text,
                rule=_rule_name(d),
                confidence=_confidence(d),
                basis=basis,
            )
        )
    return out
