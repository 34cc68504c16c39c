"""What ingestion reads: a document's text, where it came from and when it was published.

A path, a URL or standard input becomes one `Document` (a page or a file) or several (a feed,
one per entry). The format is taken from the file name or the content type, and checked against
the content, because a `.txt` saved from a browser is often HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any

from ..domain.dates import FuzzyDate
from ..domain.vocab import SourceKind
from ..errors import InputError, ParseError
from ..ledger.tabular import decode_text

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Larger than any article; a bigger file is a dump or a mistake, not a source."""

FORMATS = ("text", "markdown", "html", "feed")

_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.S | re.I
)
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
_CONTENT_TYPES = {
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
}


@dataclass(frozen=True)
class Document:
    """One source to store: the text extraction runs on, and what we know about it."""

    text: str
    """Plain text: the article text of a page, the body of a feed entry, the file as it is."""
    fmt: str
    origin: str
    """Where it was read from, for messages: a path, a URL, `-`, or `feed.xml: entry 3`."""
    url: str | None = None
    title: str = ""
    publisher: str = ""
    published: FuzzyDate | None = None
    published_from: str = ""
    """How the publication date was found: `--published`, `page metadata`, `feed entry`."""
    kind: SourceKind | None = None
    """None: rated by the publisher registry from the URL's domain (unrated if unknown)."""
    retrieved: date | None = None

    def credibility(self) -> dict[str, Any]:
        """The Source fields that say how far the page is trusted and whose report it is."""
        from ..data import load_registry

        kind, origin, origin_kind, key = load_registry().classify(self.url, None, self.kind)
        return {"kind": kind, "origin": origin, "origin_kind": origin_kind, "report_key": key}


@dataclass(frozen=True)
class RawInput:
    """Bytes with where they came from and what the sender said they are."""

    data: bytes
    origin: str
    url: str | None = None
    content_type: str = ""
    """The HTTP Content-Type's media type, lower case, when fetched."""


def detect_format(raw: RawInput) -> str:
    """The format from the content first (the reliable signal), then the name or the type."""
    head = raw.data[:4096]
    if _FEED_START.match(head):
        return "feed"
    if _HTML_START.match(head):
        return "html"
    declared = _CONTENT_TYPES.get(raw.content_type) or _EXTENSIONS.get(
        PurePath(raw.url or raw.origin).suffix.lower()
    )
    if declared == "feed":
        # an .xml file that is not a feed is not something we can read as an article
        raise ParseError("XML that is not an RSS or Atom feed", raw.origin)
    if declared:
        return declared
    lowered = head.lower()
    if b"<p>" in lowered or b"<div" in lowered:
        return "html"
    return "text"


def decode(raw: RawInput, limit: int = MAX_DOCUMENT_BYTES) -> str:
    return decode_text(raw.data, raw.origin, "text, Markdown, HTML or a feed", limit)


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}", "--as")
    return fmt
