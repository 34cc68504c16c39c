"""Quotations in running text, with offsets, robust to what the press and the web do to them.

* Typographic marks (“ ”) say which end they are; an ASCII `"` opens after a space, a line
  start or an opening bracket, and closes otherwise.
* A double quotation inside a quotation (nested with the same marks) is counted, not closed
  on; single quotes (‘we cannot do this alone’) are left alone entirely.
* A quotation that runs over paragraphs follows the press convention: the paragraph ends with
  no closing mark and the next one opens again; the quotation ends at the first closing mark.
* A quotation never closed (unbalanced marks) ends with its paragraph and is flagged, so the
  statement is still kept for a reviewer. A stray closing mark is ignored. Nothing raises.
"""

from __future__ import annotations

from dataclasses import dataclass

_OPEN_AFTER = frozenset(" \t\n\r([{—–-:/")


@dataclass(frozen=True)
class Quote:
    start: int
    """Offset of the opening mark."""
    end: int
    """Offset just after the closing mark (or the paragraph end, when unbalanced)."""
    unbalanced: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, (self.end if self.unbalanced else self.end - 1)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines: a line break ends a paragraph in text taken from web pages."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _is_open(text: str, i: int) -> bool:
    c = text[i]
    if c == "\u201c":
        return True
    if c == "\u201d":
        return False
    return i == 0 or text[i - 1] in _OPEN_AFTER


def find_quotes(text: str) -> list[Quote]:
    out: list[Quote] = []
    open_at: int | None = None
    depth = 0
    paras = paragraphs(text)
    for n, (p_start, p_end) in enumerate(paras):
        for i in range(p_start, p_end):
            if text[i] not in '"\u201c\u201d':
                continue
            if _is_open(text, i):
                if open_at is None:
                    open_at, depth = i, 0
                elif open_at < p_start and text[p_start:i].strip() == "":
                    pass  # the reopening mark of a quotation continued from the paragraph before
                else:
                    depth += 1
            elif depth:
                depth -= 1
            elif open_at is not None:
                out.append(Quote(open_at, i + 1))
                open_at = None
        if open_at is not None:
            nxt = paras[n + 1][0] if n + 1 < len(paras) else None
            continues = nxt is not None and text[nxt] in '"\u201c'
            if not continues:
                out.append(Quote(open_at, p_end, unbalanced=True))
                open_at, depth = None, 0
    return out
