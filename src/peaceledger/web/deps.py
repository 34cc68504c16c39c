"""Named dependencies: what a route needs, read from `app.state` (set by `create_app`)."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Mapping
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from ..config import Settings
from ..ledger.query import actor_names
from ..store.base import LedgerStore, TrustedStore


class NameCache:
    """Actor code -> name, read again only when the ledger's version has changed.

    Reading the 250 actors on every request cost more than the version check (one key read,
    `LedgerStore.ledger_version`); an actor upsert changes the version, so a renamed or new
    actor is in the very next answer, and the response cache never stores an old name under
    a new version (as the 60-second time limit this replaced could)."""

    def __init__(self, store: LedgerStore) -> None:
        self._store = store
        self._names: dict[str, str] = {}
        self._version: str | None = None
        self._lock = threading.Lock()

    def get(self) -> Mapping[str, str]:
        version = self._store.ledger_version()
        if version != self._version:
            with self._lock:
                if version != self._version:
                    # the version was read before the names: a write in between leaves
                    # the older version recorded, so the next request reads them again
                    self._names = actor_names(self._store)
                    self._version = version
        return self._names


# The dependencies that only read `app.state` are `async`: FastAPI runs a plain `def`
# dependency in its thread pool, a hop per dependency per request (under load, a third of a
# facts page's time went to hops and GIL hand-offs). Those that may touch the database stay
# plain functions, off the event loop.


async def get_store(request: Request) -> LedgerStore:
    store: LedgerStore = request.app.state.store
    return store


async def get_trusted_store(request: Request) -> TrustedStore:
    """The store with its accounts and audit log (issue 7); the same object as `get_store`."""
    store: TrustedStore = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_names(request: Request) -> Mapping[str, str]:
    cache: NameCache = request.app.state.names
    return cache.get()


async def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


async def _one_reader() -> AsyncIterator[None]:
    yield


ONE_READER = Depends(_one_reader, max_concurrency=1)
"""The read API's routes (missions, state, timeline, actors, facts, sources) run one at a time
per server process; the others wait without holding a thread. Their work is Python under the
GIL, so running 40 of them at once in FastAPI's thread pool bought nothing but hand-offs:
at 1,000,000 facts and 50 connections a computed facts page went from 64 to 148 requests/s
(wrk on one URL); bench/api.py's computed run, over 50 missions, now gives 141 against
Datasette's 113. More cores: `serve --workers N`. An export
(`format=`) holds the slot while it is built; a page, a state or a search waits for it."""

StoreDep = Annotated[LedgerStore, Depends(get_store)]
LedgerDep = StoreDep
TrustedStoreDep = Annotated[TrustedStore, Depends(get_trusted_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
NamesDep = Annotated[Mapping[str, str], Depends(get_names)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
