"""Ingestion: read files, URLs, standard input and feeds; store sources; queue candidates."""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError, ParseError
from .documents import MAX_DOCUMENT_BYTES, Document, RawInput, check_format, decode, detect_format
from .fetch import DEFAULT_TIMEOUT, fetch, is_url
from .pages import read_feed, read_page
from .service import DocumentReport, IngestReport, ingest_documents, require_published

__all__ = [
    "Document",
    "DocumentReport",
    "IngestReport",
    "ingest_documents",
    "read_documents",
    "read_raw",
    "require_published",
]


def read_raw(
    target: str, *, timeout: float = DEFAULT_TIMEOUT, limit: int = MAX_DOCUMENT_BYTES
) -> RawInput:
    """The bytes of a path, a URL or `-` (standard input), refusing oversized input early."""
    if target == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise ParseError(f"more than {limit:,} bytes; the limit is {limit:,}", "<stdin>")
        return RawInput(data, "<stdin>")
    if "://" in target[:16] and not is_url(target):
        raise ParseError(
            "only http and https URLs can be fetched; give a local file by its path", target
        )
    if is_url(target):
        return fetch(target, timeout=timeout, limit=limit)
    path = Path(target)
    if not path.exists():
        raise ParseError("no such file", target)
    if path.is_dir():
        raise ParseError("is a directory, expected a file", target)
    size = path.stat().st_size
    if size > limit:
        raise ParseError(
            f"the file is {size:,} bytes; the limit is {limit:,} (is this really an article?)",
            target,
        )
    return RawInput(path.read_bytes(), target)


def read_documents(
    raw: RawInput, *, fmt: str | None = None, skip_broken: bool = False
) -> list[Document]:
    """The documents in `raw`: one for a file or page, one per entry for a feed."""
    kind = check_format(fmt) if fmt else detect_format(raw)
    if kind == "feed":
        if not raw.data.strip():
            raise ParseError("the file is empty", raw.origin)
        return read_feed(raw.data, raw.origin, skip_broken=skip_broken)
    text = decode(raw)
    if kind == "html":
        return [read_page(text, raw.origin, raw.url)]
    if not text.strip():
        raise InputError("no text", raw.origin)
    return [Document(text=text, fmt=kind, origin=raw.origin, url=raw.url)]
