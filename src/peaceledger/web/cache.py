"""A response cache for the read API, keyed on the ledger's version.

Why: a mission's state as of a day is computed from its facts, tens of milliseconds on a big
ledger, and a page of facts takes several; dashboards and scripts ask the same questions again
and again, and the answers change only when the ledger does. `LedgerStore.ledger_version()`
says when it has (one indexed read, the same value in every server process and after any
writer, CLI or web), so a repeated GET is answered from memory once that version is checked,
without routing, queries or JSON encoding. An answer computed while a write commits is stored
under the version read *before* it was computed, so at worst it is computed once more.

What is cached: 200 answers to GET and HEAD on the ledger's read API (`CACHEABLE`), keyed by
path and query string; not exports (`format=`), not the review queue, statements or accounts.
Who gets a cached answer: exactly whom the app would answer (`auth.may_read`, the app's own
rule; a bad token falls through to the app, which refuses it). Every cacheable answer carries a
strong `ETag` (a hash of its body) and `Cache-Control: no-cache`, so clients can revalidate
with `If-None-Match` and get a 304.

Concurrent misses for one key wait for the first instead of computing it fifty times. Memory is
bounded by `max_bytes` (least recently used entries go first); each server process has its
own cache (`serve --workers N`: N caches, all checked against the same version).
"""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import StoreError
from .auth import AuthError, may_read, resolve_principal

CACHEABLE = re.compile(
    r"^/api/v1/(missions(/[^/]+(/(state|timeline))?)?|forces/[^/]+/state|facts(/[^/]+)?"
    r"|sources(/[^/]+)?|actors)$"
)
"""The read API over facts, sources, events, missions and actors: every write to those gives
`ledger_version()` a new value. (The review queue and exports are left to the app: they are
per-user or streamed.)"""

Key = tuple[str, bytes]


def _asks_for_export(query: bytes) -> bool:
    """`format=` as the app will read it: decoded, so `%66ormat=csv` is an export too."""
    if b"ormat" not in query and b"%" not in query:
        return False  # the usual case, without parsing
    return any(k == "format" for k, _ in parse_qsl(query.decode("latin-1"), True))


@dataclass(frozen=True)
class Entry:
    version: str
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes


class ResponseCache:
    """Pure ASGI middleware (see the module docstring); outermost, so a hit skips the rest."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_entry = max(max_bytes // 8, 1)
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._size = 0
        self._pending: dict[Key, asyncio.Future[Entry | None]] = {}
        self.hits = self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not CACHEABLE.match(scope["path"])
            or _asks_for_export(scope["query_string"])
        ):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            allowed = may_read(request.app.state.settings, resolve_principal(request))
            version: str = request.app.state.store.ledger_version() if allowed else ""
        except AuthError:  # the app says why (its own lookup, not this one's remembered None)
            scope.get("state", {}).pop("principal", None)
            allowed = False
        except StoreError:  # the database is unavailable: the app's 503, not a bare 500 here
            allowed = False
        if not allowed:  # the app answers: its 401 (or a login page), or its 503
            await self.app(scope, receive, send)
            return
        key: Key = (scope["path"], scope["query_string"])
        entry = self._get(key, version)
        if entry is None and key in self._pending:
            entry = await asyncio.shield(self._pending[key])
            entry = entry if entry is not None and entry.version == version else None
        if entry is not None:
            self.hits += 1
            await _answer(entry, scope, send, b"hit")
            return
        self.misses += 1
        pending: asyncio.Future[Entry | None] = asyncio.get_running_loop().create_future()
        self._pending[key] = pending
        try:
            entry = await self._compute(key, version, scope, receive, send)
        finally:
            if self._pending.get(key) is pending:
                del self._pending[key]
            pending.set_result(entry)

    def _get(self, key: Key, version: str) -> Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.version != version:
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return entry

    def _put(self, key: Key, entry: Entry) -> None:
        if len(entry.body) > self.max_entry:
            return
        if key in self._entries:
            self._drop(key)
        self._entries[key] = entry
        self._size += len(entry.body)
        while self._size > self.max_bytes:
            self._drop(next(iter(self._entries)))

    def _drop(self, key: Key) -> None:
        self._size -= len(self._entries.pop(key).body)

    async def _compute(
        self, key: Key, version: str, scope: Scope, receive: Receive, send: Send
    ) -> Entry | None:
        """Run the app, hold its answer until complete, then store it (if a 200) and send it."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False  # too big, or not a 200: sent as it comes, not stored

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                passing = message["status"] != 200
                if passing:
                    await send(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if message.get("more_body", False) and size <= self.max_entry:
                return
            if message.get("more_body", False):  # larger than an entry may be: stream the rest
                passing = True
                assert start is not None
                await send(start)
                await send(
                    {"type": "http.response.body", "body": b"".join(chunks), "more_body": True}
                )
                return
            chunks[:] = [b"".join(chunks)]

        # HEAD is answered from the GET answer (the API's routes take GET only: asked as HEAD,
        # the app says 405, so a HEAD would otherwise be 405 until a GET filled the entry)
        await self.app({**scope, "method": "GET"}, receive, capture)
        if passing or start is None:
            return None
        body = chunks[0] if chunks else b""
        headers = [
            (k, v)
            for k, v in start.get("headers", [])
            if k.lower() not in (b"etag", b"cache-control", b"content-length", b"x-cache")
        ]
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        entry = Entry(version, headers, body, etag)
        self._put(key, entry)
        await _answer(entry, scope, send, b"miss")
        return entry


async def _answer(entry: Entry, scope: Scope, send: Send, how: bytes) -> None:
    headers = [
        *entry.headers,
        (b"etag", entry.etag),
        (b"cache-control", b"no-cache"),
        (b"x-cache", how),
    ]
    if _matches(scope, entry.etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers.append((b"content-length", str(len(entry.body)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    body = b"" if scope["method"] == "HEAD" else entry.body
    await send({"type": "http.response.body", "body": body})


def _matches(scope: Scope, etag: bytes) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"if-none-match":
            tags = {t.strip().removeprefix(b"W/") for t in value.split(b",")}
            return etag in tags or b"*" in tags
    return False
