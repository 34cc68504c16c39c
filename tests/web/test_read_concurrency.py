"""The read API runs one request at a time per server process (`web/deps.py` ONE_READER).

Under the GIL, 40 concurrent read handlers in FastAPI's thread pool only traded the lock
(a computed facts page at 64 requests/s that way, 148 one at a time: wrk on one URL). Asserted
here on the real app and store, by counting how many reads are inside the store at once while
20 requests are in flight; never by timing.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from peaceledger.store.sql.store import SqlStore
from peaceledger.web import create_app
from tests.web.conftest import settings_for


class CountingStore:
    """The real store, counting the reads in progress (each held a few ms, so that any two
    requests the server lets run together do overlap)."""

    def __init__(self, store: SqlStore) -> None:
        self._store = store
        self._lock = threading.Lock()
        self.inside = 0
        self.most = 0
        self.calls = 0

    def _counted(self, name: str, *args: Any, **kw: Any) -> Any:
        with self._lock:
            self.inside += 1
            self.calls += 1
            self.most = max(self.most, self.inside)
        try:
            time.sleep(0.005)
            return getattr(self._store, name)(*args, **kw)
        finally:
            with self._lock:
                self.inside -= 1

    def find_facts(self, *args: Any, **kw: Any) -> Any:
        return self._counted("find_facts", *args, **kw)

    def facts_for_state(self, *args: Any, **kw: Any) -> Any:
        return self._counted("facts_for_state", *args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


@pytest.mark.parametrize(
    "paths",
    [
        ["/api/v1/facts?mission=MSS-HTI&limit=5"],
        ["/api/v1/missions/MSS-HTI/state?as_of=2025-01-01"],
        ["/api/v1/facts?mission=MSS-HTI&limit=5", "/api/v1/missions/MSS-HTI/state"],
    ],
)
def test_reads_run_one_at_a_time(builtin_store: SqlStore, tmp_path: Path, paths: list[str]) -> None:
    counting = CountingStore(builtin_store)
    settings = replace(settings_for(builtin_store, tmp_path), cache_mb=0)
    app = create_app(settings, counting)  # type: ignore[arg-type]

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answers = await asyncio.gather(*(client.get(paths[i % len(paths)]) for i in range(20)))
        return [a.status_code for a in answers]

    assert asyncio.run(run()) == [200] * 20
    assert counting.calls >= 20
    assert counting.most == 1, f"{counting.most} reads ran at once"
