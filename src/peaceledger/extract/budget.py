"""A time budget for extraction: work that stops when a request's time is up or its client
has gone, instead of holding a core.

Extraction is pure Python on one thread and cannot be interrupted from outside; it calls
`Budget.check()` between sentences (and other units of work), which raises
`BudgetExceeded` once the deadline has passed or `cancel()` was called.
"""

from __future__ import annotations

import threading
import time


class BudgetExceeded(Exception):
    """Extraction stopped: the time budget ran out or the work was cancelled."""


class Budget:
    def __init__(self, seconds: float | None = None) -> None:
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop at the next check (for example when the client has disconnected)."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def check(self) -> None:
        if self._cancelled.is_set():
            raise BudgetExceeded("cancelled")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise BudgetExceeded("time budget exceeded")


UNLIMITED = Budget()
