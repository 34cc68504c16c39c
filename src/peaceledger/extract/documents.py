"""What the extractor reads: a text or a web page with its publication date, one at a time or
as a JSONL batch (`{"id", "text", "published", "format"}`, or extraction cases with
`case_id`). Bad input is reported with its file and line, never as a traceback."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..domain.dates import FuzzyDate
from ..errors import InputError, ParseError

_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml\b|<head\b|<body\b)", re.I)
_HTML_TAG = re.compile(r"<(?:p|div|body|article|main|section|span|a|h[1-6]|br)\b[^>]*>", re.I)
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})


@dataclass(frozen=True)
class Document:
    doc_id: str
    text: str
    published: FuzzyDate | None
    fmt: str
    """`text` or `html`."""


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 text (a BOM is dropped), or a `ParseError` saying where it is not."""
    if not data.strip():
        raise ParseError("the input is empty", where)
    if b"\x00" in data[:8192]:
        raise ParseError("a binary file, not text", where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            f"{where}:{line}",
        ) from None


def read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", str(path)) from None
    return decode_text(data, str(path))


def looks_like_html(text: str, name: str = "") -> bool:
    """By the file's extension when it has a telling one, else by its content."""
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in HTML_SUFFIXES:
        return True
    if suffix in TEXT_SUFFIXES:
        return False
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


def parse_published(text: object, where: str) -> FuzzyDate | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        return FuzzyDate.parse(str(text))
    except InputError as exc:
        raise ParseError(exc.problem, where) from None


def parse_jsonl(lines: Iterable[str], name: str) -> Iterator[tuple[str, object]]:
    """(file:line, object) for each non-blank line; a `ParseError` at the first bad one."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            yield where, json.loads(line)
        except json.JSONDecodeError as exc:
            raise ParseError(f"not valid JSON ({exc.msg} at column {exc.colno})", where) from None


def _document(obj: object, where: str) -> Document:
    if not isinstance(obj, dict):
        raise ParseError("expected a JSON object", where)
    doc_id = obj.get("id", obj.get("case_id"))
    if not isinstance(doc_id, str | int) or doc_id == "":
        raise ParseError("missing 'id' (or 'case_id')", where)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ParseError("missing 'text' (a non-empty string)", where)
    fmt = obj.get("format") or ("html" if looks_like_html(text) else "text")
    if fmt not in ("text", "html"):
        raise ParseError(f"'format' must be 'text' or 'html', not {fmt!r}", f"{where}: format")
    return Document(
        str(doc_id), text, parse_published(obj.get("published"), f"{where}: published"), fmt
    )


def parse_documents(lines: Iterable[str], name: str) -> Iterator[tuple[str, Document]]:
    """Documents of a JSONL batch, each with its file:line."""
    for where, obj in parse_jsonl(lines, name):
        yield where, _document(obj, where)
