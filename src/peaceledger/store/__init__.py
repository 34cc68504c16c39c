"""Storage: the `LedgerStore` protocol (`base`) and its SQLAlchemy implementation (`sql`)."""

from __future__ import annotations

from .base import EventFilter, FactFilter, LedgerStore


def open_store(url: str, *, migrate: bool = True, schema: str | None = None) -> LedgerStore:
    """Open (and by default create or migrate) the database at `url`.

    Only the edges call this (the CLI root callback, `create_app`); services receive the store.
    """
    from .sql.store import SqlStore

    store = SqlStore(url, schema=schema)
    if migrate:
        store.upgrade()
    return store


__all__ = ["EventFilter", "FactFilter", "LedgerStore", "open_store"]
