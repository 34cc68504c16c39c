"""The article in a web page: its main text, without navigation, related links, cookie
banners, comments or footers, which carry numbers that are not about the story."""

from __future__ import annotations

from ..domain.dates import FuzzyDate
from ..errors import InputError


def article_text(html: str) -> str:
    """The main text of an HTML page, tables included (contingent breakdowns live in them).

    Raises `InputError` when the page has no article text at all.
    """
    import trafilatura

    text = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not text or len(text.split()) < 5:  # a menu or a title is not an article
        raise InputError(
            "no article text found in the page (is it an index, a login wall or empty?)",
            "html",
        )
    return text


def published_date(html: str) -> FuzzyDate | None:
    """The publication date a page declares in its metadata (`article:published_time` and
    the like), at day precision; None when it declares none. Dates in the body text are not
    guessed at: a wrong publication date would shift every relative date in the article."""
    import htmldate

    found = htmldate.find_date(
        html, extensive_search=False, original_date=True, outputformat="%Y-%m-%d"
    )
    if not found:
        return None
    try:
        return FuzzyDate.parse(found)
    except InputError:
        return None
