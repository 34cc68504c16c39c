"""Reading CSV and JSON files into rows that remember where they came from (file:line).

Everything that can go wrong with a file is reported here with its location, before any row
reaches the ledger: a binary or truncated file, invalid UTF-8, a broken quote, a row with the
wrong number of fields, JSON that does not parse.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ParseError

MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Row:
    where: str
    """`file:line` (CSV), or `file:facts[3]` (JSON)."""
    values: dict[str, str]


def _text_of(path: Path) -> str:
    if not path.exists():
        raise ParseError(f"no such file: {path}", str(path))
    if path.is_dir():
        raise ParseError("is a directory, expected a file", str(path))
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ParseError(f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}", str(path))
    return decode_text(path.read_bytes(), str(path), "CSV or JSON text")


def decode_text(data: bytes, where: str, expected: str, limit: int = MAX_FILE_BYTES) -> str:
    """UTF-8 text from bytes, or a `ParseError` saying what is wrong and where (file:line)."""
    if not data.strip():
        raise ParseError("the file is empty", where)
    if len(data) > limit:
        raise ParseError(f"{len(data):,} bytes; the limit is {limit:,}", where)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ParseError(f"binary content (a NUL byte at offset {nul}); expected {expected}", where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(f"invalid UTF-8 at byte {exc.start}", f"{where}:{line}") from None


def _is_hxl_row(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(c.startswith("#") for c in filled)


def read_csv(path: Path) -> list[Row]:
    """Rows of a CSV with a header; an HXL hashtag row under the header is skipped."""
    text = _text_of(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError("no header row", str(path)) from None
    except csv.Error as exc:
        raise ParseError(f"not valid CSV: {exc}", f"{path}:1") from None
    header = [h.strip() for h in header]
    if len(header) < 2 or any(not h for h in header):
        raise ParseError(
            f"the header row {header[:6]!r} does not look like CSV column names", f"{path}:1"
        )
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise ParseError(f"duplicate column(s) {', '.join(dupes)}", f"{path}:1")
    out: list[Row] = []
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ParseError(
                f"not valid CSV ({exc}); is the file truncated or a quote unbalanced?",
                f"{path}:{line + 1}",
            ) from None
        start = line + 1
        line = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        if _is_hxl_row(cells) and not out:
            continue
        if len(cells) != len(header):
            raise ParseError(
                f"expected {len(header)} fields, found {len(cells)}"
                + ("; the file may be truncated" if len(cells) < len(header) else ""),
                f"{path}:{start}",
            )
        out.append(Row(f"{path}:{start}", dict(zip(header, cells, strict=True))))
    return out


def read_json(path: Path) -> dict[str, list[Row]]:
    """A list of fact objects, or an object with `facts`, `sources` and `events` lists."""
    text = _text_of(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON: {exc.msg}", f"{path}:{exc.lineno}:{exc.colno}") from None
    if isinstance(doc, list):
        doc = {"facts": doc}
    if not isinstance(doc, dict):
        raise ParseError(
            "expected a JSON list of facts or an object with a 'facts' list", str(path)
        )
    out: dict[str, list[Row]] = {}
    for key in ("facts", "sources", "events"):
        items = doc.get(key, [])
        if not isinstance(items, list):
            raise ParseError(f"'{key}' must be a list", f"{path}:{key}")
        rows = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise ParseError("expected an object", f"{path}:{key}[{i}]")
            rows.append(Row(f"{path}:{key}[{i}]", {k: _cell(v) for k, v in item.items()}))
        out[key] = rows
    unknown = sorted(set(doc) - {"facts", "sources", "events", "meta", "profile", "resources"})
    if unknown:
        raise ParseError(f"unexpected key(s) {', '.join(unknown)}", str(path))
    return out


def _cell(v: Any) -> str:
    """JSON values to the strings CSV would have given, so one validator serves both."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dict | list):
        return json.dumps(v)
    return str(v)
