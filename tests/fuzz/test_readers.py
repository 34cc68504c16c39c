"""Hypothesis over the ingestion readers (issue 7): text, Markdown, HTML pages and RSS/Atom
feeds, as bytes of any kind. Each gives documents or a `PeaceledgerError`."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceledger.errors import PeaceledgerError
from peaceledger.ingest import read_documents
from peaceledger.ingest.documents import RawInput
from peaceledger.ingest.sanitize import plain_text, safe_html

from .strategies import article

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.slow
FORMATS = st.sampled_from([None, "text", "markdown", "html", "feed"])
TAGS = [
    "p", "div", "script", "style", "a", "article", "title", "h1", "img", "br", "rss", "item",
    "entry", "feed", "channel", "link", "pubDate", "description", "content",
]  # fmt: skip


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' href="x"', ' onerror="alert(1)"', ' rel="alternate"']))
        inner = draw(article)
        closed = draw(st.booleans())
        parts.append(f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else ""))
    head = draw(
        st.sampled_from(
            [
                "",
                "<?xml version='1.0'?>",
                "<!doctype html><html>",
                "<rss version='2.0'><channel>",
                '<feed xmlns="http://www.w3.org/2005/Atom">',
            ]
        )
    )
    return head + "".join(parts)


def _read(data: bytes, origin: str, fmt: str | None) -> None:
    try:
        docs = read_documents(RawInput(data, origin), fmt=fmt, skip_broken=True)
    except PeaceledgerError:
        return
    assert all(isinstance(d.text, str) for d in docs)


@FUZZ
@given(
    data=st.binary(max_size=800),
    fmt=FORMATS,
    name=st.sampled_from(["a.txt", "a.html", "a.xml", "a.md", "a"]),
)
def test_bytes(data: bytes, fmt: str | None, name: str) -> None:
    _read(data, name, fmt)


@FUZZ
@given(doc=markup(), fmt=FORMATS, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_markup(doc: str, fmt: str | None, encoding: str) -> None:
    _read(doc.encode(encoding, errors="replace"), "page.html", fmt)


@FUZZ
@given(doc=markup())
def test_sanitised_text_has_no_markup(doc: str) -> None:
    assert isinstance(plain_text(doc), str)
    cleaned = safe_html(doc)
    # no tag survives with an event handler, and no script element at all
    assert not re.search(r"<[^>]*\bon\w+=", cleaned) and "<script" not in cleaned.lower()
