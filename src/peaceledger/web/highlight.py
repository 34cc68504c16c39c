"""Highlighting evidence spans in untrusted article text, safely.

The text is cut at every span boundary into pieces; the template escapes each piece and wraps
the ones inside a span in `<mark>`. No HTML is ever built from the text itself, so markup in
an article (`<script>`, `onerror=`) shows as the characters it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..domain.facts import Fact


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    fact_ids: tuple[str, ...]


@dataclass(frozen=True)
class Piece:
    text: str
    fact_ids: tuple[str, ...]
    """The facts whose evidence covers this piece; empty for plain text."""
    starts: tuple[str, ...] = ()
    """The facts whose evidence begins here (where the page puts their anchor)."""


def locate(text: str, fact: Fact) -> tuple[int, int] | None:
    """Where the fact's evidence is in `text`: its recorded span when the quote is there, else
    the occurrence of the quote nearest to it; None when the text does not contain it."""
    ev = fact.evidence
    if ev is None:
        return None
    if 0 <= ev.start < ev.end <= len(text) and (
        not ev.quote or text[ev.start : ev.end] == ev.quote
    ):
        return ev.start, ev.end
    if not ev.quote:
        return None
    hits: list[int] = []
    i = text.find(ev.quote)
    while i >= 0 and len(hits) < 50:
        hits.append(i)
        i = text.find(ev.quote, i + 1)
    if not hits:
        return None
    best = min(hits, key=lambda h: abs(h - ev.start))
    return best, best + len(ev.quote)


def spans_of(text: str, facts: Iterable[Fact]) -> list[Span]:
    by_place: dict[tuple[int, int], list[str]] = {}
    for f in facts:
        where = locate(text, f)
        if where is not None:
            by_place.setdefault(where, []).append(f.fact_id)
    return [Span(s, e, tuple(ids)) for (s, e), ids in sorted(by_place.items())]


def pieces(text: str, spans: Sequence[Span]) -> list[Piece]:
    """`text` cut at every span boundary; overlapping spans give pieces with several facts."""
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[Piece] = []
    for a, b in pairwise(cuts):
        if a >= b:
            continue
        covering = tuple(i for s in spans if s.start <= a and s.end >= b for i in s.fact_ids)
        starting = tuple(i for s in spans if s.start == a for i in s.fact_ids)
        out.append(Piece(text[a:b], covering, starting))
    return out


def context(text: str, start: int, end: int, width: int = 240) -> list[Piece]:
    """The evidence span with up to `width` characters around it, cut at word boundaries,
    as pieces (the span marked)."""
    a = max(0, start - width)
    b = min(len(text), end + width)
    if a > 0:
        a = text.find(" ", a, start) + 1 or a
    if b < len(text):
        b = text.rfind(" ", end, b) if text.rfind(" ", end, b) > end else b
    out = [Piece(("…" if a > 0 else "") + text[a:start], ())]
    out.append(Piece(text[start:end], ("evidence",)))
    out.append(Piece(text[end:b] + ("…" if b < len(text) else ""), ()))
    return [p for p in out if p.text]
