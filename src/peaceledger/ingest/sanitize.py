"""HTML from articles, made safe to show (issue 7).

The app shows article text, titles and publishers as text, and templates escape them; these
functions are the first wall, so markup that arrives inside a feed title, a page title or a
pasted title never reaches the database as markup. `nh3` (the Rust `ammonia` sanitiser) does the
parsing; hand-written regexes cannot be trusted to see HTML the way a browser does.
"""

from __future__ import annotations

import html

import nh3

SAFE_TAGS = frozenset({"p", "br", "b", "i", "em", "strong", "ul", "ol", "li", "blockquote", "a"})


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment: every tag removed, script and style bodies dropped,
    entities decoded, whitespace collapsed."""
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    cleaned = nh3.clean(fragment, tags=set(), clean_content_tags={"script", "style"})
    return " ".join(html.unescape(cleaned).split())


def safe_html(fragment: str) -> str:
    """An HTML fragment reduced to a few formatting tags and plain links (`rel=noopener
    noreferrer`), for any place that must show article markup as markup."""
    return nh3.clean(fragment, tags=set(SAFE_TAGS), link_rel="noopener noreferrer nofollow")
