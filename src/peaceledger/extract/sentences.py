"""Sentences and their clauses, with character offsets into the original text.

Evidence must point into the text the user gave, so every transformation here keeps lengths:
typographic quotes become ASCII one character for one, and clauses are spans, never copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_NORMAL = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2011": "-",
        "\u2010": "-",
        "\u2212": "-",
    }
)


def normalise(text: str) -> str:
    """ASCII apostrophes, quotes and spaces, keeping every offset."""
    return text.translate(_NORMAL)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    dateline_end: int = 0
    """Offset (in `text`) where a leading dateline ("KINGSTON, Jamaica —") ends; places named
    in it are where the story was filed, not who acted."""


_ABBREV = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "insp",
        "supt",
        "st",
        "mt",
        "gov",
        "sen",
        "rep",
        "amb",
        "pres",
        "prof",
        "no",
        "nos",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "hon",
        "cs",
        "ps",
        "ksh",
        "kshs",
        "sh",
        "shs",
        "approx",
        "est",
        "fig",
        "art",
        "sec",
        "dept",
        "govt",
    ]
)
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9$€£¥])")
_LAST_WORD = re.compile(r"([A-Za-z.]+)\.*$")
_DATELINE = re.compile(
    r"^[A-Z][A-Z'.\-]+(?:[ /][A-Z][A-Z'.\-]+)*(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?"
    r"(?:\s*\([A-Za-z ]+\))?\s*[—–-]{1,2}\s*"
)
_TABLE_LINE = re.compile(r"^\s*\|")


def _is_abbreviation(before: str) -> bool:
    m = _LAST_WORD.search(before)
    if not m:
        return False
    word = m.group(1)
    if "." in word.strip("."):  # U.S., D.C., e.g.
        return True
    if len(word) == 1 and word.isupper():  # an initial: "William S. Ruto"
        return True
    return word.lower() in _ABBREV


def split_lines(text: str) -> list[tuple[int, int]]:
    """Non-empty lines as (start, end) spans."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        if stripped.strip():
            out.append((pos, pos + len(stripped)))
        pos += len(line)
    return out


def is_table_line(line: str) -> bool:
    return bool(_TABLE_LINE.match(line))


_SOFT_END = re.compile(r"[.!?:;\"')\]|]\s*$")
_SOFT_NEXT = re.compile(r"[a-z0-9(]")


def _unwrap(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines joined where a sentence runs on over a single line break ("some 730\npolice
    officers", "El Salvador\n78"): the line ends without punctuation and the next starts with a
    lower-case letter or a digit."""
    out: list[tuple[int, int]] = []
    for start, end in lines:
        if out:
            ps, pe = out[-1]
            prev = text[ps:pe]
            if (
                text[pe:start].count("\n") == 1
                and not _SOFT_END.search(prev)
                and not is_table_line(prev)
                and _SOFT_NEXT.match(text, start)
            ):
                out[-1] = (ps, end)
                continue
        out.append((start, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of running text; table lines are left to `tables`."""
    out: list[Sentence] = []
    for lstart, lend in _unwrap(text, split_lines(text)):
        line = text[lstart:lend]
        if is_table_line(line):
            continue
        cut = lstart
        for m in _END.finditer(line):
            if m.group(0).startswith(".") and _is_abbreviation(line[: m.start() + 1]):
                continue
            end = lstart + m.end()
            _add(out, text, cut, end, cut == lstart)
            cut = end
        _add(out, text, cut, lend, cut == lstart)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int, line_start: bool) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    s = text[start:end]
    m = _DATELINE.match(s) if line_start else None
    dl = m.end() if m and sum(c.isupper() for c in s[: m.end()]) >= 4 else 0
    out.append(Sentence(start, end, s, dl))


# --- clauses ------------------------------------------------------------------------------


class SegmentKind(StrEnum):
    MAIN = "main"
    RELATIVE = "relative"
    CONTRAST = "contrast"
    ATTRIBUTION = "attribution"
    PAREN = "paren"


@dataclass(frozen=True)
class Segment:
    """A clause-like stretch of a sentence. Offsets are within the sentence."""

    start: int
    end: int
    kind: SegmentKind
    paren: int | None = None
    """Index of the parenthetical this segment sits in (None: top level)."""
    attribution: bool = False


@dataclass(frozen=True)
class Paren:
    start: int
    """Offset of the opening dash or bracket."""
    end: int
    """Offset just after the closing dash or bracket."""
    inner_start: int
    inner_end: int


@dataclass(frozen=True)
class Clauses:
    text: str
    masked: str
    """The sentence with parenthetical contents blanked: what a top-level clause "says"."""
    parens: tuple[Paren, ...]
    segments: tuple[Segment, ...]

    def segment_at(self, pos: int) -> int:
        """Index of the innermost segment holding `pos`."""
        paren = self.paren_at(pos)
        best = -1
        for i, s in enumerate(self.segments):
            if s.start <= pos < s.end and s.paren == paren:
                return i
            if s.start <= pos:
                best = i
        return max(best, 0)

    def paren_at(self, pos: int) -> int | None:
        for i, p in enumerate(self.parens):
            if p.inner_start <= pos < p.inner_end:
                return i
        return None

    def view(self, seg: Segment) -> str:
        """The segment's text; for a top-level segment, with parenthetical contents blanked."""
        src = self.text if seg.paren is not None else self.masked
        return src[seg.start : seg.end]


_DASH = re.compile(r"\s[—–]\s|\s--\s|\s-\s|(?<=[A-Za-z])—(?=[A-Za-z])")
_BOUNDARY = re.compile(r",\s+|;\s+|:\s+")
_REL = re.compile(r"^(?:which|who|whom|whose|where)\b", re.I)
_CONTRAST = re.compile(
    r"^(?:and\s+|but\s+)?(?:although|though|but|while|whereas|despite|even\s+as|even\s+though)\b",
    re.I,
)
_ATTR = re.compile(
    r"\b(?:said|says|say|told|tells|according\s+to|announced|stated|confirmed|reported|noted|"
    r"added|wrote|declared|insisted|explained)\b",
    re.I,
)


def _find_parens(s: str, skip: int) -> list[Paren]:
    found: list[Paren] = []
    dashes = [m for m in _DASH.finditer(s) if m.start() >= skip]
    for a, b in zip(dashes[0::2], dashes[1::2], strict=False):
        found.append(Paren(a.start(), b.end(), a.end(), b.start()))
    depth, open_at = 0, -1
    for i, ch in enumerate(s):
        if ch == "(":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                p = Paren(open_at, i + 1, open_at + 1, i)
                if not any(q.start <= p.start < q.end for q in found):
                    found.append(p)
    found.sort(key=lambda p: p.start)
    # drop parens nested in an earlier one
    out: list[Paren] = []
    for p in found:
        if out and p.start < out[-1].end:
            continue
        out.append(p)
    return out


def _kind(view: str) -> SegmentKind:
    v = view.strip(" \x00\"'")
    if _REL.match(v):
        return SegmentKind.RELATIVE
    if _CONTRAST.match(v):
        return SegmentKind.CONTRAST
    return SegmentKind.MAIN


def _split(src: str, start: int, end: int, paren: int | None, out: list[Segment]) -> None:
    region = src[start:end]
    cuts = [(start + m.start(), start + m.end()) for m in _BOUNDARY.finditer(region)]
    if paren is None:
        cuts += [(start + m.start(), start + m.end()) for m in _DASH.finditer(region)]
    cut = start
    for b_start, b_end in [*sorted(cuts), (end, end)]:
        if b_start < cut:
            continue
        view = src[cut:b_start]
        if view.strip(" ,;:—–-\x00"):
            kind = SegmentKind.PAREN if paren is not None else _kind(view)
            out.append(Segment(cut, b_start, kind, paren, bool(_ATTR.search(view))))
        cut = b_end


def clauses_of(sentence: Sentence) -> Clauses:
    """Top-level clauses (with parentheticals blanked out) and the parentheticals' clauses."""
    s = sentence.text
    parens = _find_parens(s, sentence.dateline_end)
    chars = list(s)
    for p in parens:
        for i in range(p.start, p.end):
            chars[i] = "\x00"
    masked = "".join(chars)
    segments: list[Segment] = []
    _split(masked, sentence.dateline_end, len(s), None, segments)
    for i, p in enumerate(parens):
        _split(s, p.inner_start, p.inner_end, i, segments)
    if not any(g.paren is None for g in segments):
        segments.append(Segment(0, len(s), SegmentKind.MAIN))
    segments.sort(key=lambda g: (g.start, g.paren is not None))
    return Clauses(s, masked, tuple(parens), tuple(segments))
