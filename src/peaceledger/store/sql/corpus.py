"""`CorpusStoreMixin`: the bulk writes of corpus ingestion for `SqlStore` (issue 8).

A corpus writer stores thousands of documents a minute from one process, so every method here
takes a whole batch: lookups are one `= ANY(array)` query on PostgreSQL (one statement text
for any batch size) or `IN` lists of at most 900 on SQLite (its parameter limit), and inserts
go through `SqlStore._insert_many` (COPY on PostgreSQL, one prepared `executemany` on SQLite).
Nothing here opens its own transaction when one is active: the corpus writer wraps a batch's
sources, candidates, claims, evidence and journal entry in one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ARRAY, Column, Connection, String, Table, any_, bindparam, func, select

from ...domain.sources import Source
from ..base import ClaimEvidence
from . import rows
from .tables import sources
from .tables_corpus import corpus_batches, fact_claims, fact_evidence

T = TypeVar("T")
_KEYS = ARRAY(String)
_SQLITE_CHUNK = 900


class CorpusStoreMixin:
    """Implements `store.base.CorpusStore` on the tables of `tables_corpus`."""

    if TYPE_CHECKING:
        dialect: str

        def _run(
            self, fn: Callable[[Connection], T], write: bool = False, changes_ledger: bool = True
        ) -> T: ...

        def _insert_many(
            self, conn: Connection, table: Table, payload: list[dict[str, Any]]
        ) -> None: ...

    def _lookup(
        self, column: Column[Any], keys: Collection[str], *extra: Column[Any]
    ) -> list[tuple[Any, ...]]:
        """Rows of (`column`, *`extra`) whose `column` is one of `keys`."""
        wanted = list(set(keys))
        if not wanted:
            return []
        q = select(column, *extra)

        def go(conn: Connection) -> list[tuple[Any, ...]]:
            if self.dialect == "postgresql":
                found = conn.execute(
                    q.where(column == any_(bindparam("keys", type_=_KEYS))), {"keys": wanted}
                )
                return [tuple(r) for r in found]
            return [
                tuple(r)
                for chunk in _chunks(wanted, _SQLITE_CHUNK)
                for r in conn.execute(q.where(column.in_(chunk)))
            ]

        return self._run(go)

    # sources ----------------------------------------------------------------------------------
    def existing_sha256(self, hashes: Collection[str]) -> set[str]:
        return {r[0] for r in self._lookup(sources.c.sha256, hashes)}

    def existing_source_ids(self, ids: Collection[str]) -> set[str]:
        return {r[0] for r in self._lookup(sources.c.source_id, ids)}

    def add_sources(self, items: Iterable[Source]) -> int:
        now = datetime.now(UTC)
        payload = []
        for s in items:
            row = rows.source_to_row(s)
            row["recorded_at"] = row["recorded_at"] or now
            payload.append(row)

        def go(conn: Connection) -> int:
            self._insert_many(conn, sources, payload)
            audit = getattr(self, "_audit_rows", None)
            if audit is not None:  # issue 7's audit log, when present: sources are audited
                audit(conn, "source", "source_id", payload)
            return len(payload)

        return self._run(go, write=True) if payload else 0

    # claims and their evidence ----------------------------------------------------------------
    def claim_facts(self, keys: Collection[str]) -> dict[str, str]:
        return {k: f for k, f in self._lookup(fact_claims.c.claim_key, keys, fact_claims.c.fact_id)}

    def add_claims(self, claims: Iterable[tuple[str, str]]) -> int:
        now = datetime.now(UTC)
        payload = [{"claim_key": k, "fact_id": f, "recorded_at": now} for k, f in claims]
        return self._insert(fact_claims, payload)

    def add_evidence(self, items: Iterable[ClaimEvidence]) -> int:
        now = datetime.now(UTC)
        payload = [
            {
                "fact_id": e.fact_id,
                "source_id": e.source_id,
                "span_start": e.start,
                "span_end": e.end,
                "quote": e.quote,
                "recorded_at": now,
            }
            for e in items
        ]
        return self._insert(fact_evidence, payload)

    def evidence_counts(self, fact_ids: Collection[str]) -> dict[str, int]:
        c = fact_evidence.c
        wanted = list(set(fact_ids))
        if not wanted:
            return {}
        base = select(c.fact_id, func.count(c.source_id.distinct())).group_by(c.fact_id)

        def go(conn: Connection) -> dict[str, int]:
            if self.dialect == "postgresql":
                q = base.where(c.fact_id == any_(bindparam("keys", type_=_KEYS)))
                return {f: int(n) for f, n in conn.execute(q, {"keys": wanted})}
            return {
                f: int(n)
                for chunk in _chunks(wanted, _SQLITE_CHUNK)
                for f, n in conn.execute(base.where(c.fact_id.in_(chunk)))
            }

        return self._run(go)

    def evidence_for(self, fact_id: str) -> list[ClaimEvidence]:
        c = fact_evidence.c
        q = (
            select(c.fact_id, c.source_id, c.span_start, c.span_end, c.quote)
            .where(c.fact_id == fact_id)
            .order_by(c.id)
        )
        return [ClaimEvidence(*r) for r in self._run(lambda conn: conn.execute(q).all())]

    # the resume journal -----------------------------------------------------------------------
    def corpus_batches_done(self, keys: Collection[str]) -> set[str]:
        return {r[0] for r in self._lookup(corpus_batches.c.batch_key, keys)}

    def mark_corpus_batch(self, key: str, documents: int, stored: int) -> None:
        row = {
            "batch_key": key,
            "documents": documents,
            "stored": stored,
            "committed_at": datetime.now(UTC),
        }
        self._insert(corpus_batches, [row])

    def _insert(self, table: Table, payload: list[dict[str, Any]]) -> int:
        if not payload:
            return 0

        def go(conn: Connection) -> int:
            self._insert_many(conn, table, payload)
            return len(payload)

        return self._run(go, write=True)


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
