"""Hypothesis over the extractor (issue 7): article-like text built from the words it looks
for, arbitrary Unicode, and HTML. It returns candidates with in-range evidence, or raises a
`PeaceledgerError`; never anything else."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceledger.errors import PeaceledgerError
from peaceledger.extract import extract_facts

from .strategies import article

FUZZ = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.slow
PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))


def _extract(text: str, published: date | None, fmt: str = "text") -> None:
    try:
        found = extract_facts(text, published, fmt=fmt)
    except PeaceledgerError:
        return
    for c in found:
        if c.evidence is not None and fmt == "text":
            assert 0 <= c.evidence.start <= c.evidence.end <= len(text)


@FUZZ
@given(text=article, published=PUBLISHED)
def test_article_like_text(text: str, published: date | None) -> None:
    _extract(text, published)


@settings(FUZZ, max_examples=400)
@given(text=st.text(max_size=300), published=PUBLISHED)
def test_any_unicode(text: str, published: date | None) -> None:
    _extract(text, published)


@settings(FUZZ, max_examples=150)
@given(text=article, published=PUBLISHED)
def test_html_pages(text: str, published: date | None) -> None:
    _extract(f"<html><body><article><p>{text}</p></article></body></html>", published, "html")
