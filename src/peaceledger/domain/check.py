"""`peaceledger check`: the patterns a careful reader would question, over a whole ledger.

Each finding has a stable key, so that a reviewer's note on why it stands (a `CheckNote`)
keeps explaining it on every later run. A finding is *explained* by a recorded decision: a
reviewer's pin on one of its facts, a recorded reduction (which the series rules already
honour), or a note. Patterns:

* `falls`: a cumulative series (money to date, deaths to date) given less by a later report,
  or lowered by a more credible source, with no reduction recorded;
* `weaker_jump`: a strength report from a weaker source that disagrees with the standing one
  (set aside), or replaces it with a jump of more than a quarter;
* `stale_sum`: arrivals not added because the last strength report is too old;
* `after_end`: a figure dated after its mission ended (after the transition, too);
* `one_story_twice`: two sources that look like one story (same title) counted as two reports;
* `unrated_source`: a source backing an accepted figure that nobody has rated;
* `derived_without_inputs`: a derived figure whose inputs are missing or not accepted, or a
  note that calls a figure derived while no inputs are recorded.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial

from .credibility import effective_kind, rank
from .dates import FuzzyDate
from .facts import Fact
from .missions import Mission
from .readings import Figure
from .series import CORRECTED, STALE_DAYS, STRENGTH, Behaviour, behaviour_of, series_of, walk
from .sources import Source
from .vocab import ReviewStatus, SourceKind

PATTERNS = (
    "falls",
    "weaker_jump",
    "stale_sum",
    "after_end",
    "one_story_twice",
    "unrated_source",
    "derived_without_inputs",
)
JUMP = Decimal("0.25")
"""A strength report from a weaker source that moves the figure by more than this is flagged."""

_DERIVED_WORD = re.compile(r"\bderived\b", re.IGNORECASE)
_TITLE_NOISE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class CheckNote:
    """Why a reported pattern stands: a reviewer's recorded decision."""

    key: str
    note: str
    recorded_by: str = ""
    recorded_at: datetime | None = None


@dataclass(frozen=True)
class Finding:
    pattern: str
    key: str
    message: str
    mission: str | None = None
    actor: str | None = None
    series: str | None = None
    fact_ids: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    explained_by: str | None = None

    @property
    def explained(self) -> bool:
        return self.explained_by is not None


def _ids(fig: Figure) -> tuple[str, ...]:
    return tuple(sorted(i for r in fig.readings for i in r.fact_ids))


_SIGN = {"at_least": "≥", "at_most": "≤", "about": "~", "up_to": "up to "}


def _fmt(fig: Figure) -> str:
    v = fig.value
    shown = "no figure" if v is None else f"{v:,.0f}" if v == v.to_integral_value() else f"{v:,}"
    shown = _SIGN.get(fig.chosen.qualifier.value, "") + shown
    return f"{shown} {fig.unit if fig.unit != 'persons' else ''}".strip() + f" ({fig.date.iso})"


def _label(sources: Mapping[str, Source], fig: Figure) -> str:
    s = sources.get(fig.chosen.source_id)
    if s is None:
        return fig.chosen.source_id
    return f"{s.publisher or s.source_id}, {effective_kind(s).value}"


def check_ledger(
    missions: Sequence[Mission],
    facts: Iterable[Fact],
    sources: Mapping[str, Source],
    notes: Mapping[str, CheckNote] | None = None,
    *,
    stale_days: int = STALE_DAYS,
    only_mission: str | None = None,
) -> list[Finding]:
    """Every suspicious pattern in the accepted facts (of one mission, if asked)."""
    notes = notes or {}
    by_code = {m.code: m for m in missions}
    all_facts = list(facts)
    accepted = [
        f
        for f in all_facts
        if f.status is ReviewStatus.ACCEPTED and (only_mission is None or f.mission == only_mission)
    ]
    found: list[Finding] = []
    found += _series_findings(accepted, sources, stale_days)
    found += _after_end(accepted, by_code)
    found += _sources_findings(accepted, sources)
    found += _derived_findings(accepted, {f.fact_id: f for f in all_facts})
    pinned = {f.fact_id for f in accepted if f.pinned}
    out = []
    for f in found:
        why = None
        if f.key in notes:
            why = f"note: {notes[f.key].note}"
        elif pins := sorted(pinned & set(f.fact_ids)):
            why = f"pinned by a reviewer: {', '.join(pins)}"
        out.append(
            Finding(
                f.pattern,
                f.key,
                f.message,
                f.mission,
                f.actor,
                f.series,
                f.fact_ids,
                f.source_ids,
                why,
            )
        )
    out.sort(key=lambda f: (PATTERNS.index(f.pattern), f.key))
    return out


def _dated(f: Fact, sources: Mapping[str, Source]) -> FuzzyDate | None:
    if f.date_of_fact is not None:
        return f.date_of_fact
    s = sources.get(f.source_id)
    return s.published if s else None


def _series_findings(
    facts: Sequence[Fact], sources: Mapping[str, Source], stale_days: int
) -> list[Finding]:
    groups: dict[tuple[str, str, str, str], list[tuple[FuzzyDate, Fact]]] = {}
    for f in facts:
        key = series_of(f)
        d = _dated(f, sources)
        if key is None or d is None:
            continue
        groups.setdefault((f.mission, f.actor or "", *key), []).append((d, f))
    out: list[Finding] = []
    for (mission, who, series, channel), items in sorted(groups.items()):
        w = walk(series, items, sources, stale_days)
        behaviour = behaviour_of(series)
        name = f"{who or mission}/{series}" + (f"/{channel}" if channel else "")
        where = f"{mission}/{who or '-'}/{series}" + (f"/{channel}" if channel else "")

        finding = partial(_finding, _SeriesAt(mission, who or None, series, name, where))
        for s in w.set_aside:
            fig, shown = s.figure, f"{_fmt(s.figure)} [{_label(sources, s.figure)}]"
            against = f"{_fmt(s.against)} [{_label(sources, s.against)}]" if s.against else "—"
            if s.conflict and behaviour is Behaviour.CUMULATIVE:
                msg = f"a later report gives less, {shown}, than the standing {against}"
                out.append(finding("falls", fig, s.against, msg))
            elif s.conflict and series == STRENGTH:
                msg = f"{shown} disagrees with the standing {against}: {s.why}"
                out.append(finding("weaker_jump", fig, s.against, msg))
            elif s.sign and "days older" in s.why:
                msg = f"{'+' if s.sign > 0 else '−'}{_fmt(fig)} {s.why}"
                out.append(finding("stale_sum", fig, s.against, msg))
        for (prev, _, _), (fig, rule, before) in itertools.pairwise(w.history):
            shown = f"{_fmt(fig)} [{_label(sources, fig)}]"
            if rule == CORRECTED:
                msg = (
                    f"the headline falls from {_fmt(prev)} to {shown}, a more credible "
                    "source, with no reduction recorded"
                )
                out.append(finding("falls", fig, prev, msg))
            elif series == STRENGTH and _weaker_jump(prev, before, fig, sources):
                msg = (
                    f"{shown} from a weaker source moves the standing {before:,.0f} (last "
                    f"report {_fmt(prev)} [{_label(sources, prev)}]) by more than "
                    f"{int(JUMP * 100)}%"
                )
                out.append(finding("weaker_jump", fig, prev, msg))
    return out


@dataclass(frozen=True)
class _SeriesAt:
    mission: str
    actor: str | None
    series: str
    name: str
    """For messages: `KEN/strength`."""
    where: str
    """For keys: `MSS-HTI/KEN/strength`."""


def _finding(
    at: _SeriesAt, pattern: str, fig: Figure, other: Figure | None, message: str
) -> Finding:
    ids = _ids(fig)
    return Finding(
        pattern,
        f"{pattern}/{at.where}/{'+'.join(ids)}",
        f"{at.name}: {message}",
        at.mission,
        at.actor,
        at.series,
        ids + (_ids(other) if other else ()),
        tuple(r.source_id for r in fig.readings),
    )


def _weaker_jump(
    prev: Figure, before: Decimal | None, fig: Figure, sources: Mapping[str, Source]
) -> bool:
    a, b = before, fig.value
    if a is None or b is None or a == 0:
        return False
    weaker = rank(sources.get(fig.chosen.source_id)) < rank(sources.get(prev.chosen.source_id))
    return weaker and abs(b - a) > JUMP * a


def _after_end(facts: Sequence[Fact], missions: Mapping[str, Mission]) -> list[Finding]:
    out = []
    for f in facts:
        m = missions.get(f.mission)
        if m is None or m.end is None or f.date_of_fact is None:
            continue
        if f.date_of_fact.start > m.end:
            succ = f" (its successor is {m.successor})" if m.successor else ""
            out.append(
                Finding(
                    "after_end",
                    f"after_end/{f.mission}/{f.fact_id}",
                    f"{f.fact_id} ({f.actor or f.mission}, {f.metric.value}) is dated "
                    f"{f.date_of_fact.iso}, after {f.mission} ended on {m.end}{succ}",
                    f.mission,
                    f.actor,
                    None,
                    (f.fact_id,),
                    (f.source_id,),
                )
            )
    return out


def normalised_title(title: str) -> str:
    """A title as a story's fingerprint: case, punctuation and a trailing "- Reuters" or
    "| Agency" dropped."""
    t = title.casefold()
    t = re.split(r"\s[-|–—]\s(?=[^-|–—]*$)", t)[0] if re.search(r"\s[-|–—]\s", t) else t
    return _TITLE_NOISE.sub(" ", t).strip()


def _sources_findings(facts: Sequence[Fact], sources: Mapping[str, Source]) -> list[Finding]:
    used: dict[str, list[str]] = {}
    for f in facts:
        used.setdefault(f.source_id, []).append(f.fact_id)
    out: list[Finding] = []
    by_title: dict[str, list[Source]] = {}
    for sid in sorted(used):
        s = sources.get(sid)
        if s is None:
            continue
        if s.kind is SourceKind.UNRATED:
            out.append(
                Finding(
                    "unrated_source",
                    f"unrated_source/{sid}",
                    f"{sid} ({s.publisher or s.url or 'no publisher'}) backs "
                    f"{len(used[sid])} accepted figure(s) but has no kind: rate it "
                    "(official, wire, outlet, aggregator or mirror)",
                    fact_ids=tuple(used[sid]),
                    source_ids=(sid,),
                )
            )
        title = normalised_title(s.title)
        if len(title) >= 20:
            by_title.setdefault(title, []).append(s)
    for _title, group in sorted(by_title.items()):
        if len({s.report for s in group}) < 2:
            continue
        ids = tuple(sorted(s.source_id for s in group))
        out.append(
            Finding(
                "one_story_twice",
                f"one_story_twice/{'+'.join(ids)}",
                f"{', '.join(ids)} carry one story ({group[0].title!r}) but count as "
                f"{len({s.report for s in group})} reports: record their common origin",
                fact_ids=tuple(sorted(i for s in group for i in used[s.source_id])),
                source_ids=ids,
            )
        )
    return out


def _derived_findings(facts: Sequence[Fact], every: Mapping[str, Fact]) -> list[Finding]:
    out = []
    for f in facts:
        problem = None
        if f.derivation and not f.derived_from:
            problem = "is derived but names no inputs"
        elif f.derived_from:
            missing = [i for i in f.derived_from if i not in every]
            unaccepted = [
                i
                for i in f.derived_from
                if i in every and every[i].status is not ReviewStatus.ACCEPTED
            ]
            if missing:
                problem = f"is derived from unknown fact(s) {', '.join(missing)}"
            elif unaccepted:
                problem = f"is derived from fact(s) not accepted: {', '.join(unaccepted)}"
        elif _DERIVED_WORD.search(f.note):
            problem = "has a note that calls it derived, but no inputs are recorded"
        if problem:
            out.append(
                Finding(
                    "derived_without_inputs",
                    f"derived_without_inputs/{f.fact_id}",
                    f"{f.fact_id} ({f.actor or f.mission}, {f.metric.value}) {problem}",
                    f.mission,
                    f.actor,
                    None,
                    (f.fact_id,),
                    (f.source_id,),
                )
            )
    return out
