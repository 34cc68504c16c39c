"""HTML pages and RSS/Atom feeds into documents.

A page's article text comes from trafilatura (through `extract.article`), its title and
publisher from its metadata, its publication date from htmldate reading the page's *markup*
only (`extensive_search=False`): a date guessed from body text would silently misdate every
relative date in the article.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime
from typing import Any

from ..domain.dates import FuzzyDate
from ..errors import InputError, ParseError, Problem, ValidationError
from .documents import Document

MIN_ARTICLE_WORDS = 8
"""Fewer words than a headline and a sentence is not an article."""


def read_page(html: str, origin: str, url: str | None = None) -> Document:
    import trafilatura

    from ..extract.article import article_text, published_date

    try:
        text = article_text(html)
    except InputError as exc:
        raise InputError(exc.problem, origin) from None
    if len(text.split()) < MIN_ARTICLE_WORDS:
        # trafilatura falls back to whatever text a page has, such as a lone menu item
        raise InputError(
            f"no article text found in the page (only {text.strip()[:40]!r}); "
            "is it an index page, a login wall or empty?",
            origin,
        )
    meta = trafilatura.extract_metadata(html, default_url=url, extensive=False)
    title = (meta.title or "") if meta else ""
    publisher = (meta.sitename or "") if meta else ""
    published = published_date(html)
    return Document(
        text=text,
        fmt="html",
        origin=origin,
        url=url,
        title=title,
        publisher=publisher,
        published=published,
        published_from="page metadata" if published else "",
    )


def _entry_text(entry: Any) -> str:
    """The fullest text an entry carries, as plain text (entries often hold HTML)."""
    from lxml import html as lxml_html

    bodies = [c.get("value", "") for c in entry.get("content", []) or []]
    bodies.append(entry.get("summary", "") or "")
    body = max(bodies, key=len).strip()
    if "<" in body and ">" in body:
        try:
            fragment = lxml_html.fragment_fromstring(body, create_parent="div")
            body = "\n".join(
                t.strip() for t in fragment.itertext() if t.strip()
            )  # block text, one line each
        except Exception:  # lxml raises several types for broken markup; keep the raw text
            pass
    return str(body)


def _entry_date(entry: Any) -> FuzzyDate | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed: time.struct_time | None = entry.get(key)
        if parsed:
            stamp = datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            return FuzzyDate.of(stamp.date())
    return None


def read_feed(data: bytes, origin: str, *, skip_broken: bool = False) -> list[Document]:
    """Each entry of an RSS or Atom feed as a document.

    An entry without text or without a link cannot be stored as a source. All broken entries
    are reported together; with `skip_broken` the others go on, otherwise nothing is read.
    """
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = f": {feed.bozo_exception}" if feed.get("bozo") else ""
        raise ParseError(f"a feed with no readable entries{why}", origin)
    from .sanitize import plain_text  # issue 7: feed titles may carry HTML; keep the text

    publisher = plain_text(feed.feed.get("title", "") or "")
    docs: list[Document] = []
    problems: list[Problem] = []
    for n, entry in enumerate(feed.entries, start=1):
        where = f"{origin}: entry {n}"
        title = plain_text(entry.get("title") or "")
        if title:
            where += f" ({title[:60]})"
        link = (entry.get("link") or "").strip()
        text = _entry_text(entry)
        if not text:
            problems.append(Problem(where, "no text (neither content nor summary)"))
            continue
        if not link:
            problems.append(Problem(where, "no link: a feed entry is stored under its URL"))
            continue
        published = _entry_date(entry)
        docs.append(
            Document(
                text=text,
                fmt="feed",
                origin=where,
                url=link,
                title=title,
                publisher=publisher,
                published=published,
                published_from="feed entry" if published else "",
            )
        )
    if problems and not skip_broken:
        n = len(problems)
        raise ValidationError(
            f"{n} broken feed entr{'y' if n == 1 else 'ies'}; nothing was ingested "
            "(--skip-broken ingests the others)",
            origin,
            problems,
        )
    if not docs:
        raise InputError("no entry of the feed could be read", origin)
    return docs
