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
from ..domain.check import CheckNote
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

    def update_source_credibility(self, source: Source, *, by: str, note: str = "") -> bool:
        """Set a kept source's kind, origin and report key; audited. False: no change."""
        ...

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

    # check notes ------------------------------------------------------------------------
    def check_notes(self) -> dict[str, CheckNote]: ...

    def set_check_note(self, note: CheckNote) -> None:
        """Record (or replace) why a pattern `peaceledger check` reports stands; audited."""
        ...

    # housekeeping -----------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def ledger_version(self) -> str:
        """Changes with every committed write that readers can see (in every process)."""
        ...

    def backup(self, path: Path) -> None: ...

    def restore(self, path: Path) -> None: ...

    def table_counts(self) -> dict[str, int]: ...


# issue 7: accounts, API tokens, browser sessions and the audit log ------------------------------
from datetime import datetime  # noqa: E402

from ..domain.accounts import ApiToken, AuditEntry, Role, User, WebSession  # noqa: E402


class AccountStore(Protocol):
    """Who may write, and the record of every write. `SqlStore` implements it next to
    `LedgerStore`; fact, event and source writes add their audit entries themselves, in the
    same transaction."""

    def add_audit(self, entry: AuditEntry) -> None: ...

    def audit_entries(
        self, object_kind: str | None = None, object_id: str | None = None, limit: int = 0
    ) -> list[AuditEntry]: ...

    def count_users(self) -> int: ...

    def add_user(self, username: str, password_hash: str, role: Role, *, by: str) -> User: ...

    def get_user(self, username: str) -> User | None: ...

    def get_user_by_id(self, user_id: int) -> User | None: ...

    def list_users(self) -> list[User]: ...

    def update_user(
        self,
        username: str,
        *,
        by: str,
        role: Role | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
    ) -> User: ...

    def add_token(
        self, username: str, name: str, token_sha256: str, role: Role, *, by: str
    ) -> ApiToken: ...

    def list_tokens(self, username: str | None = None) -> list[ApiToken]: ...

    def revoke_token(self, token_id: int, *, by: str) -> ApiToken: ...

    def token_owner(self, token_sha256: str) -> tuple[ApiToken, User] | None: ...

    def add_session(
        self, session_sha256: str, user_id: int, csrf_token: str, expires_at: datetime
    ) -> None: ...

    def session_owner(self, session_sha256: str) -> tuple[WebSession, User] | None: ...

    def revoke_session(self, session_sha256: str) -> None: ...


class TrustedStore(LedgerStore, AccountStore, Protocol):
    """A ledger with accounts: what the web app and the audit services need."""


# issue 8: corpus ingestion, repeated reports grouped as one claim ---------------------------
from typing import runtime_checkable  # noqa: E402


@dataclass(frozen=True)
class ClaimEvidence:
    """One report of a claim: the source that makes it and where (characters and quote)."""

    fact_id: str
    source_id: str
    start: int
    end: int
    quote: str


@runtime_checkable
class CorpusStore(Protocol):
    """Bulk writes for a corpus: one writer, whole batches per transaction, never a row at a
    time. `SqlStore` implements it next to `LedgerStore`."""

    def existing_sha256(self, hashes: Collection[str]) -> set[str]:
        """Which of these text hashes are already stored as sources."""
        ...

    def existing_source_ids(self, ids: Collection[str]) -> set[str]: ...

    def add_sources(self, items: Iterable[Source]) -> int:
        """Bulk insert of new sources; the caller has left out known ids and hashes (a
        duplicate is a `ConflictError` and the transaction stores nothing)."""
        ...

    def claim_facts(self, keys: Collection[str]) -> dict[str, str]:
        """The fact that stands for each known claim key."""
        ...

    def add_claims(self, claims: Iterable[tuple[str, str]]) -> int:
        """(claim key, fact id) pairs for new claims."""
        ...

    def add_evidence(self, items: Iterable[ClaimEvidence]) -> int: ...

    def evidence_counts(self, fact_ids: Collection[str]) -> dict[str, int]:
        """How many distinct sources report each fact (facts with no grouped evidence are
        absent: their own source is the one)."""
        ...

    def evidence_for(self, fact_id: str) -> list[ClaimEvidence]: ...

    def corpus_batches_done(self, keys: Collection[str]) -> set[str]: ...

    def mark_corpus_batch(self, key: str, documents: int, stored: int) -> None:
        """Record a batch as committed; call inside the batch's transaction."""
        ...


class CorpusLedgerStore(LedgerStore, CorpusStore, Protocol):
    """A ledger that takes corpus batches: what `ingest.corpus` writes to."""


# issue 6: statements (who said what about a mission, with stance) ---------------------------
from ..domain.statements import Statement, Subject  # noqa: E402


@dataclass(frozen=True)
class StatementFilter:
    """Which statements a listing, an export, a positions timeline or an API query selects."""

    mission: str | None = None
    actor: str | None = None
    """The actor the statement binds; the empty string selects unattributed statements."""
    speaker: str | None = None
    """Part of the speaker's name or of the words the source used, case-insensitive."""
    statuses: tuple[ReviewStatus, ...] = ()
    subjects: tuple[Subject, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    source_id: str | None = None
    limit: int | None = None


@runtime_checkable
class StatementStore(Protocol):
    """Statements, versioned like facts. `SqlStore` implements it next to `LedgerStore`."""

    def add_statement(self, st: Statement) -> None: ...

    def add_statements(self, items: Iterable[Statement]) -> int:
        """New statements (version 1); ids already stored are skipped (idempotent)."""
        ...

    def add_statement_version(self, st: Statement, expected_version: int) -> None: ...

    def get_statement(self, statement_id: str) -> Statement | None: ...

    def statement_history(self, statement_id: str) -> list[Statement]: ...

    def find_statements(self, flt: StatementFilter) -> list[Statement]: ...


class StatementLedgerStore(LedgerStore, StatementStore, Protocol):
    """A ledger that keeps statements: what `ledger.statements` works on."""
