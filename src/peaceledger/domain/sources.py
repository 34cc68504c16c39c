"""Where a figure comes from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from .dates import FuzzyDate
from .vocab import SourceKind


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_id_for(url: str | None, text: str | None = None) -> str:
    """Stable id: `S` + the first 10 hex digits of the SHA-256 of the URL (the scheme of the
    built-in dataset), or of the text when there is no URL."""
    basis = url if url else (text or "")
    return "S" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Source:
    source_id: str
    kind: SourceKind
    """How far the page itself is trusted (`credibility` has the ranks)."""
    url: str | None
    title: str
    publisher: str
    published: FuzzyDate | None
    retrieved_at: datetime | None = None
    text: str | None = None
    sha256: str | None = None
    recorded_by: str = ""
    recorded_at: datetime | None = None
    origin: str | None = None
    """For a syndicated copy ("AP via KEYT"): the organisation whose report it is."""
    origin_kind: SourceKind | None = None
    report_key: str = ""
    """Whose report this is, canonical (the origin, else the page's publisher): two pages with
    one key are one report, however many sites carry it. Empty: the page is its own report."""

    @property
    def report(self) -> str:
        return self.report_key or self.source_id

    @property
    def label(self) -> str:
        bits = [self.publisher or "", self.published.iso if self.published else "undated"]
        return f"{self.title} ({', '.join(b for b in bits if b)})"
