"""How far a source is trusted, and whose report it is.

The ladder of the domain notes: an official document outranks a wire agency, which outranks an
outlet's own reporting, which outranks an aggregator or a mirror. A syndicated copy counts as
its origin (an AP story on a local TV site is AP), except that a mirror never outranks an
outlet: a scraper's copy cannot be checked against what the origin actually published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .sources import Source
from .vocab import SourceKind

RANK: Mapping[SourceKind, int] = {
    SourceKind.OFFICIAL: 4,
    SourceKind.WIRE: 3,
    SourceKind.OUTLET: 2,
    SourceKind.UNRATED: 1,
    SourceKind.AGGREGATOR: 1,
    SourceKind.MIRROR: 0,
}
"""`unrated` ranks with aggregators: a page nobody has vouched for."""

CLEARLY_WEAKER = 2
"""Steps down the ladder that make a source *clearly* weaker (aggregator against wire, outlet
against official). One step is ordinary updating: an outlet's own reporting after a wire story."""


def rank(source: Source | None) -> int:
    """Trust in the report a page carries: its origin's kind for a copy, capped at outlet for a
    mirror; the page's own kind otherwise. An unknown source ranks as unrated."""
    if source is None:
        return RANK[SourceKind.UNRATED]
    own = RANK[source.kind]
    if source.origin_kind is None:
        return own
    carried = RANK[source.origin_kind]
    if source.kind is SourceKind.MIRROR:
        return min(carried, RANK[SourceKind.OUTLET])
    return carried


def effective_kind(source: Source | None) -> SourceKind:
    """The kind a reader should weigh: the origin's for a copy (a mirror's copy at most an
    outlet), else the page's."""
    if source is None:
        return SourceKind.UNRATED
    if source.origin_kind is None:
        return source.kind
    if source.kind is SourceKind.MIRROR and RANK[source.origin_kind] > RANK[SourceKind.OUTLET]:
        return SourceKind.OUTLET
    return source.origin_kind


def clearly_weaker(a: Source | None, than: Source | None) -> bool:
    return rank(a) <= rank(than) - CLEARLY_WEAKER


def host_of(url: str | None) -> str:
    """The URL's host, lower-cased, without a leading `www.` (the registry's key)."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True)
class Publisher:
    domain: str
    name: str
    kind: SourceKind
    country: str
    note: str


@dataclass(frozen=True)
class Origin:
    """An organisation whose reports others republish (AP, Reuters, a ministry...)."""

    name: str
    kind: SourceKind
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    """The publisher registry (domain -> publisher and kind) and the known origins. Passed in,
    so the domain never reads the reference files."""

    publishers: Mapping[str, Publisher]
    origins: Mapping[str, Origin]
    """By lower-cased name and alias."""

    def publisher_of(self, url: str | None) -> Publisher | None:
        """The longest suffix of the URL's host that has a row (`press.un.org` -> `un.org`)."""
        host = host_of(url)
        while host:
            if (p := self.publishers.get(host)) is not None:
                return p
            _, _, host = host.partition(".")
        return None

    def origin(self, name: str | None) -> Origin | None:
        return self.origins.get(name.strip().casefold()) if name else None

    def classify(
        self, url: str | None, origin: str | None = None, kind: SourceKind | None = None
    ) -> tuple[SourceKind, str | None, SourceKind | None, str]:
        """(page kind, canonical origin, origin kind, report key) for a page.

        `kind` given (a reviewer's or a file's) wins over the registry; a page on an unknown
        domain is `unrated`. An origin the registry does not know keeps its name, unrated.
        """
        pub = self.publisher_of(url)
        page_kind = kind or (pub.kind if pub else SourceKind.UNRATED)
        known = self.origin(origin)
        origin_name = known.name if known else (origin.strip() if origin else None) or None
        origin_kind = known.kind if known else (SourceKind.UNRATED if origin_name else None)
        if origin_name:
            key = origin_name
        elif pub is not None:
            named = self.origin(pub.name)
            key = named.name if named else pub.name
        else:
            key = host_of(url)
        return page_kind, origin_name, origin_kind, key
