"""Rating a source: a reviewer says how far a page is trusted and whose report it carries."""

from __future__ import annotations

from dataclasses import replace

from ..data import load_registry
from ..domain.sources import Source
from ..domain.vocab import SourceKind
from ..errors import InputError, NotFoundError
from ..store.base import LedgerStore


def rate_source(
    store: LedgerStore,
    source_id: str,
    kind: str | None,
    origin: str | None,
    *,
    by: str,
    note: str = "",
) -> Source:
    """Set a source's kind (official, wire, outlet, aggregator, mirror, unrated) and, for a
    syndicated copy, its origin ("" clears it). An origin the registry knows gets its kind;
    another is recorded as unrated until rated itself."""
    current = store.get_source(source_id)
    if current is None:
        raise NotFoundError("source", source_id)
    new_kind = current.kind
    if kind is not None:
        try:
            new_kind = SourceKind(kind.strip().lower())
        except ValueError:
            allowed = ", ".join(k.value for k in SourceKind)
            raise InputError(f"{kind!r} is not one of: {allowed}", "kind") from None
    new_origin = current.origin if origin is None else (origin.strip() or None)
    page_kind, origin_name, origin_kind, key = load_registry().classify(
        current.url, new_origin, new_kind
    )
    rated = replace(
        current, kind=page_kind, origin=origin_name, origin_kind=origin_kind, report_key=key
    )
    store.update_source_credibility(rated, by=by, note=note)
    return rated
