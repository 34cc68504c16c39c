"""The storage interface the services depend on.

Methods are named for intent, not for tables. `store/sql/` implements it once with
SQLAlchemy for SQLite and PostgreSQL; services import only this module.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from ..domain.actors import Actor
from ..domain.events import Event
from ..domain.facts import Fact
from ..domain.missions import Mission
from ..domain.sources import Source
from ..domain.vocab import Metric, ReviewStatus


@dataclass(frozen=True)
class FactFilter:
    """Which facts a listing, an export or an API query selects."""

    mission: str | None = None
    actor: str | None = None
    """An actor code; the empty string selects mission-wide figures (no actor)."""
    metrics: tuple[Metric, ...] = ()
    statuses: tuple[ReviewStatus, ...] = ()
    date_from: date | None = None
    """Facts whose period ends on or after this day."""
    date_to: date | None = None
    """Facts whose period starts on or before this day."""
    source_id: str | None = None
    known_at: date | None = None
    published_unknown: bool = False
    """Only facts whose source has no publication date."""
    after: str | None = None
    """Cursor: only facts whose id sorts after this one."""
    limit: int | None = None


@dataclass(frozen=True)
class EventFilter:
    mission: str | None = None
    actor: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    known_at: date | None = None


class LedgerStore(Protocol):
    """Everything the ledger keeps. Writes inside `transaction()` commit or roll back together."""

    url: str
    dialect: str

    def transaction(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...

    def upgrade(self) -> list[str]:
        """Apply pending migrations; the revisions applied."""
        ...

    # reference data -----------------------------------------------------------------------
    def upsert_missions(self, missions: Iterable[Mission]) -> int: ...

    def get_mission(self, code: str) -> Mission | None: ...

    def list_missions(self) -> list[Mission]: ...

    def upsert_actors(self, actors: Iterable[Actor]) -> int: ...

    def list_actors(self) -> list[Actor]: ...

    def actor_codes(self) -> set[str]: ...

    # sources ----------------------------------------------------------------------------
    def add_source(self, source: Source) -> bool:
        """Store a new source; False when one with this id (or text hash) is already kept."""
        ...

    def get_source(self, source_id: str) -> Source | None: ...

    def source_by_sha256(self, sha256: str) -> Source | None: ...

    def get_sources(self, ids: Collection[str], with_text: bool = False) -> dict[str, Source]: ...

    def search_sources(
        self, text: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[Source]: ...

    # facts ------------------------------------------------------------------------------
    def add_fact(self, fact: Fact) -> None:
        """Store version 1 of a new fact; `ConflictError` if the id exists."""
        ...

    def add_fact_version(self, fact: Fact, expected_version: int) -> None:
        """Store `fact` as the next version; `ConflictError` if the current version is not
        `expected_version` (someone else changed it first)."""
        ...

    def add_facts(self, facts: Iterable[Fact]) -> int:
        """Bulk insert of new facts (version 1), in batches."""
        ...

    def get_fact(self, fact_id: str) -> Fact | None: ...

    def fact_history(self, fact_id: str) -> list[Fact]: ...

    def find_facts(self, flt: FactFilter) -> list[Fact]: ...

    def count_facts(self, flt: FactFilter) -> int: ...

    def facts_for_state(self, mission: str, as_of: date, known_at: date | None) -> list[Fact]:
        """The accepted facts of a mission that can matter for its state on `as_of`: for each
        series, the reports overlapping its latest level and every change after it."""
        ...

    # events -----------------------------------------------------------------------------
    def add_event(self, event: Event) -> bool: ...

    def find_events(self, flt: EventFilter) -> list[Event]: ...

    # housekeeping -----------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def backup(self, path: Path) -> None: ...

    def restore(self, path: Path) -> None: ...

    def table_counts(self) -> dict[str, int]: ...
