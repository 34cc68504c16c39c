"""Facts from tables: contingent breakdowns are often published as a table, which the article
extractor writes as `| Kenya | 382 police officers* | 25 June 2024 |` lines.

A row names the actor in its first cell; the caption and header say what the numbers are
("Personnel in Haiti" -> deployed) and as of when ("... 30 September 2024"). A footnote marker
on a cell ("382*") points at a note under the table that may carry that figure's own date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..domain.dates import FuzzyDate
from ..domain.facts import Evidence
from ..domain.vocab import PERSONS, Metric, Qualifier
from ._patterns import GSF_NAME, MSS_NAME
from .actors import find_actors
from .analysis import EXCLUDED
from .attribution import mission_on
from .candidate import Candidate
from .dates import DateRole, find_dates
from .quantities import find_quantities
from .sentences import is_table_line, split_lines
from .triggers import find_triggers

_SEPARATOR = re.compile(r"^:?-{2,}:?$")
_BARE = re.compile(r"^\s*(?P<num>\d{1,3}(?:,\d{3})*|\d+)\s*(?P<mark>\*+)?\s*$")
_TOTAL = re.compile(r"^\s*(?:total|all|mission|overall)\b", re.I)


@dataclass(frozen=True)
class _Row:
    start: int
    end: int
    cells: tuple[str, ...]


def _cells(line: str) -> tuple[str, ...]:
    parts = line.strip().strip("|").split("|")
    return tuple(p.strip() for p in parts)


def _blocks(text: str) -> list[tuple[list[_Row], list[tuple[int, int]]]]:
    """Tables as rows, each with the lines that follow it (notes, sources)."""
    lines = split_lines(text)
    out: list[tuple[list[_Row], list[tuple[int, int]]]] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        if not is_table_line(text[s:e]):
            i += 1
            continue
        rows: list[_Row] = []
        while i < len(lines) and is_table_line(text[lines[i][0] : lines[i][1]]):
            ls, le = lines[i]
            rows.append(_Row(ls, le, _cells(text[ls:le])))
            i += 1
        out.append((rows, lines[i : i + 3]))
    return out


def _metric(context: str) -> Metric:
    for t in find_triggers(context):
        if t.family == "persons" and t.metric is not None:
            return t.effective_metric() or Metric.PERSONNEL_DEPLOYED
    return Metric.PERSONNEL_DEPLOYED


def table_facts(text: str, published: FuzzyDate | None) -> list[Candidate]:
    out: list[Candidate] = []
    for rows, after in _blocks(text):
        body = [r for r in rows if not all(_SEPARATOR.match(c) for c in r.cells if c)]
        captions = [r for r in body if sum(1 for c in r.cells if c) == 1 and r is body[0]]
        rest = [r for r in body if r not in captions]
        if len(rest) < 2:
            continue
        header, data = rest[0], rest[1:]
        caption = " ".join(c for r in captions for c in r.cells if c)
        notes = [text[s:e] for s, e in after if text[s:e].lstrip().startswith(("*", "†"))]
        as_of = _date_in(caption, published) or published
        for row in data:
            out += _row_facts(text, row, header, caption, notes, as_of, published)
    return out


def _date_in(text: str, published: FuzzyDate | None) -> FuzzyDate | None:
    for d in find_dates(text, published):
        if d.role is DateRole.AT and d.value is not None:
            return d.value
    return None


def _row_facts(
    text: str,
    row: _Row,
    header: _Row,
    caption: str,
    notes: list[str],
    as_of: FuzzyDate | None,
    published: FuzzyDate | None,
) -> list[Candidate]:
    first = row.cells[0] if row.cells else ""
    on = published.start if published else None
    actors = [a for a in find_actors(first, on) if a.agent]
    if actors and actors[0].code in EXCLUDED:
        return []
    actor = actors[0].code if actors else None
    if actor is None and not _TOTAL.match(first):
        return []
    line = text[row.start : row.end]
    out: list[Candidate] = []
    for col, cell in enumerate(row.cells[1:], start=1):
        head = header.cells[col] if col < len(header.cells) else ""
        context = f"{head} {caption}"
        qs = [q for q in find_quantities(cell, find_actors(cell, on), []) if q.kind == "persons"]
        bare = _BARE.match(cell)
        if not qs and not (
            bare and re.search(r"personnel|troops|police|strength|officers", head, re.I)
        ):
            continue
        value = qs[0].value if qs else None
        ptype = qs[0].personnel_type if qs else None
        qual = qs[0].qualifier if qs else Qualifier.EXACT
        if value is None and bare:
            value = Decimal(bare.group("num").replace(",", ""))
        date = as_of
        if cell.rstrip().endswith("*") or (bare and bare.group("mark")):
            marked = [n for n in notes if n.lstrip().startswith("*")]
            if marked:
                date = _date_in(marked[0], published) or date
        out.append(
            Candidate(
                actor=actor,
                mission=_table_mission(caption, date, published),
                metric=_metric(context),
                qualifier=qual,
                value=value,
                unit=PERSONS,
                personnel_type=ptype,
                channel=None,
                date_of_fact=date,
                evidence=Evidence(row.start, row.end, line),
                sentence=line,
                rule="rule:table-row",
                confidence=0.8 if date is not published else 0.65,
            )
        )
    return out


def _table_mission(caption: str, when: FuzzyDate | None, published: FuzzyDate | None) -> str:
    if GSF_NAME.search(caption):
        return "GSF-HTI"
    if MSS_NAME.search(caption):
        return "MSS-HTI"
    return mission_on(when, published)
