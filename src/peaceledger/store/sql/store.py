"""`SqlStore`: the one implementation of `LedgerStore`, for SQLite and PostgreSQL."""

from __future__ import annotations

import contextvars
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    ARRAY,
    Column,
    Connection,
    Dialect,
    Select,
    String,
    Table,
    and_,
    any_,
    bindparam,
    func,
    insert,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from ...domain.accounts import AuditEntry
from ...domain.actors import Actor
from ...domain.check import CheckNote
from ...domain.events import Event
from ...domain.facts import Fact
from ...domain.missions import Mission
from ...domain.sources import Source
from ...errors import ConflictError, NotFoundError, StoreError
from ..base import EventFilter, FactFilter
from . import admin, migrate, rows, search, state_query
from .accounts import AccountStoreMixin  # issue 7: accounts, tokens, audit log
from .corpus import CorpusStoreMixin  # issue 8: corpus ingestion, grouped evidence
from .engine import build_engine, normalise_url
from .statements import StatementStoreMixin  # issue 6: statements
from .tables import (
    actor_aliases,
    actors,
    check_notes,
    event_versions,
    events,
    fact_versions,
    facts,
    meta,
    missions,
    sources,
)

T = TypeVar("T")
BATCH = 5000
_IDS = ARRAY(String)


def _now() -> datetime:
    return datetime.now(UTC)


class SqlStore(AccountStoreMixin, CorpusStoreMixin, StatementStoreMixin):
    """Implements `LedgerStore`. Safe to share between threads: each thread's transaction is
    tracked separately."""

    def __init__(self, url: str, schema: str | None = None) -> None:
        self.url = normalise_url(url)
        self.schema = schema
        self.engine = build_engine(self.url, schema)
        self.dialect = self.engine.dialect.name
        self._active: contextvars.ContextVar[Connection | None] = contextvars.ContextVar(
            f"peaceledger_conn_{id(self)}", default=None
        )
        # does the open transaction change what a reader of the ledger sees? (one flag per
        # transaction, in a list so that nested calls can raise it)
        self._changes_ledger: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar(
            f"peaceledger_changes_{id(self)}", default=None
        )
        self._state_queries: dict[bool, Select[Any]] = {}
        self._version_query: Select[Any] | None = None
        self._plans: dict[
            tuple[str, tuple[str, ...]],
            tuple[list[Column[Any]], list[Callable[[Any], Any] | None]],
        ] = {}

    # connections and transactions -------------------------------------------------------------
    @contextmanager
    def transaction(self, *, changes_ledger: bool = True) -> Iterator[None]:
        """All writes inside commit together or not at all. Nested calls join the outer one.

        `changes_ledger=False` is for writes no reader of the ledger can see (browser
        sessions): every other write transaction gives the ledger a new version as its last
        statement (see `ledger_version`)."""
        if self._active.get() is not None:
            self._note_change(changes_ledger)
            yield
            return
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(peaceledger_write=True)
                with conn.begin():
                    token = self._active.set(conn)
                    flag_token = self._changes_ledger.set([changes_ledger])
                    try:
                        yield
                        if self._changes_ledger.get() == [True]:
                            _bump_ledger_version(conn)
                    finally:
                        self._changes_ledger.reset(flag_token)
                        self._active.reset(token)
        except IntegrityError as exc:
            raise ConflictError(f"the database refused the change: {_reason(exc)}") from exc
        except OperationalError as exc:
            raise StoreError(f"database error: {_reason(exc)}", transient=True) from exc
        except DBAPIError as exc:
            raise StoreError(f"database error: {_reason(exc)}") from exc

    def _run(
        self, fn: Callable[[Connection], T], write: bool = False, changes_ledger: bool = True
    ) -> T:
        conn = self._active.get()
        if conn is not None:
            if write:
                self._note_change(changes_ledger)
            return fn(conn)
        if write:
            with self.transaction(changes_ledger=changes_ledger):
                conn = self._active.get()
                assert conn is not None
                return fn(conn)
        try:
            with self.engine.connect() as c, c.begin():
                return fn(c)
        except OperationalError as exc:
            raise StoreError(f"database error: {_reason(exc)}", transient=True) from exc

    def _note_change(self, changes_ledger: bool) -> None:
        """A write joins the open transaction: if readers can see it, the transaction will
        give the ledger a new version."""
        flag = self._changes_ledger.get()
        if flag is not None and changes_ledger:
            flag[0] = True

    def close(self) -> None:
        self.engine.dispose()

    def upgrade(self) -> list[str]:
        """Bring the schema to the latest migration; returns the revisions applied."""
        try:
            return migrate.upgrade(self.engine, self.schema)
        except OperationalError as exc:
            raise StoreError(
                f"cannot reach the database at {_safe_url(self.url)}: {_reason(exc)}", True
            ) from exc

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    # reference data ---------------------------------------------------------------------------
    def upsert_missions(self, items: Iterable[Mission]) -> int:
        items = list(items)
        if not items:
            return 0  # nothing written: the ledger keeps its version

        def go(conn: Connection) -> int:
            n = 0
            for m in items:
                row = rows.mission_to_row(m)
                done = conn.execute(
                    update(missions).where(missions.c.code == m.code).values(**row)
                ).rowcount
                if not done:
                    conn.execute(insert(missions).values(**row))
                n += 1
            return n

        return self._run(go, write=True)

    def get_mission(self, code: str) -> Mission | None:
        r = self._run(
            lambda c: c.execute(select(missions).where(missions.c.code == code)).mappings().first()
        )
        return rows.row_to_mission(r) if r else None

    def list_missions(self) -> list[Mission]:
        rs = self._run(
            lambda c: c.execute(select(missions).order_by(missions.c.code)).mappings().all()
        )
        return [rows.row_to_mission(r) for r in rs]

    def upsert_actors(self, items: Iterable[Actor]) -> int:
        items = list(items)
        if not items:
            return 0  # nothing written: the ledger keeps its version

        def go(conn: Connection) -> int:
            n = 0
            for a in items:
                row = rows.actor_to_row(a)
                if not conn.execute(
                    update(actors).where(actors.c.code == a.code).values(**row)
                ).rowcount:
                    conn.execute(insert(actors).values(**row))
                known = {
                    (r.alias, r.kind)
                    for r in conn.execute(
                        select(actor_aliases.c.alias, actor_aliases.c.kind).where(
                            actor_aliases.c.code == a.code
                        )
                    )
                }
                new = [
                    rows.alias_to_row(a.code, al)
                    for al in a.aliases
                    if (al.text, al.kind) not in known
                ]
                if new:
                    conn.execute(insert(actor_aliases), new)
                n += 1
            return n

        return self._run(go, write=True)

    def list_actors(self) -> list[Actor]:
        def go(conn: Connection) -> list[Actor]:
            aliases: dict[str, list[Any]] = {}
            for r in conn.execute(select(actor_aliases).order_by(actor_aliases.c.id)).mappings():
                aliases.setdefault(r["code"], []).append(rows.row_to_alias(r))
            return [
                rows.row_to_actor(r, tuple(aliases.get(r["code"], ())))
                for r in conn.execute(select(actors).order_by(actors.c.code)).mappings()
            ]

        return self._run(go)

    def actor_codes(self) -> set[str]:
        return set(self._run(lambda c: c.execute(select(actors.c.code)).scalars().all()))

    # sources ----------------------------------------------------------------------------------
    def add_source(self, source: Source) -> bool:
        def go(conn: Connection) -> bool:
            exists = conn.execute(
                select(sources.c.source_id).where(sources.c.source_id == source.source_id)
            ).first()
            if exists:
                return False
            if (
                source.sha256
                and conn.execute(
                    select(sources.c.source_id).where(sources.c.sha256 == source.sha256)
                ).first()
            ):
                return False
            row = rows.source_to_row(source)
            row["recorded_at"] = row["recorded_at"] or _now()
            conn.execute(insert(sources).values(**row))
            self._audit_rows(conn, "source", "source_id", [row])  # issue 7: audit, same txn
            return True

        return self._run(go, write=True)

    def update_source_credibility(self, source: Source, *, by: str, note: str = "") -> bool:
        """Set a kept source's kind, origin and report key (a reviewer's rating, or the
        registry's after an update); audited. False when nothing changes."""
        fields = ("kind", "origin", "origin_kind", "report_key")

        def go(conn: Connection) -> bool:
            current = (
                conn.execute(select(sources).where(sources.c.source_id == source.source_id))
                .mappings()
                .first()
            )
            if current is None:
                raise NotFoundError("source", source.source_id)
            new = {k: v for k, v in rows.source_to_row(source).items() if k in fields}
            old = {k: current[k] for k in fields}
            if new == old:
                return False
            conn.execute(
                update(sources).where(sources.c.source_id == source.source_id).values(**new)
            )
            self.add_audit(
                AuditEntry("rate", "source", source.source_id, by, old, new, note, _now())
            )
            return True

        return self._run(go, write=True)

    def get_source(self, source_id: str) -> Source | None:
        r = self._run(
            lambda c: (
                c.execute(select(sources).where(sources.c.source_id == source_id))
                .mappings()
                .first()
            )
        )
        return rows.row_to_source(r) if r else None

    def source_by_sha256(self, sha256: str) -> Source | None:
        r = self._run(
            lambda c: (
                c.execute(select(sources).where(sources.c.sha256 == sha256)).mappings().first()
            )
        )
        return rows.row_to_source(r) if r else None

    def get_sources(self, ids: Collection[str], with_text: bool = False) -> dict[str, Source]:
        cols = [c for c in sources.c if with_text or c.name != "text"]
        ids = list(set(ids))
        if not ids:
            return {}

        def go(conn: Connection) -> dict[str, Source]:
            if self.dialect == "postgresql":
                # One array parameter: the statement text (and the server's plan) is the same
                # for any number of ids, where an IN list is rendered and parsed anew each call.
                q = select(*cols).where(sources.c.source_id == any_(bindparam("ids", type_=_IDS)))
                found = conn.execute(q, {"ids": ids}).mappings().all()
            else:
                found = [
                    r
                    for chunk in _chunks(ids, 900)
                    for r in conn.execute(
                        select(*cols).where(sources.c.source_id.in_(chunk))
                    ).mappings()
                ]
            return {r["source_id"]: rows.row_to_source(r, with_text) for r in found}

        return self._run(go)

    def search_sources(
        self, text: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[Source]:
        def go(conn: Connection) -> list[Source]:
            rs = search.find_sources(conn, self.dialect, text, limit, offset)
            return [rows.row_to_source(r, with_text=False) for r in rs]

        return self._run(go)

    # facts ------------------------------------------------------------------------------------
    def _known_since(self, conn: Connection, source_ids: Collection[str]) -> dict[str, date | None]:
        out: dict[str, date | None] = {}
        for chunk in _chunks(list(set(source_ids)), 900):
            for sid, end in conn.execute(
                select(sources.c.source_id, sources.c.published_end).where(
                    sources.c.source_id.in_(chunk)
                )
            ):
                out[sid] = end
        return out

    def add_fact(self, fact: Fact) -> None:
        def go(conn: Connection) -> None:
            if conn.execute(select(facts.c.fact_id).where(facts.c.fact_id == fact.fact_id)).first():
                raise ConflictError(f"fact {fact.fact_id} already exists")
            known = self._known_since(conn, [fact.source_id])
            if fact.source_id not in known:
                raise NotFoundError("source", fact.source_id)
            row = rows.fact_to_row(fact, known[fact.source_id])
            row["recorded_at"] = row["recorded_at"] or _now()
            conn.execute(insert(facts).values(**row))
            conn.execute(insert(fact_versions).values(**row))
            self._audit_facts(conn, [(None, row)])  # issue 7: audit, same transaction

        self._run(go, write=True)

    def add_facts(self, items: Iterable[Fact]) -> int:
        def go(conn: Connection) -> int:
            n = 0
            now = _now()
            for batch in _chunks_iter(items, BATCH):
                known = self._known_since(conn, [f.source_id for f in batch])
                missing = sorted({f.source_id for f in batch} - known.keys())
                if missing:
                    raise NotFoundError("source", ", ".join(missing[:5]))
                payload = []
                for f in batch:
                    row = rows.fact_to_row(f, known[f.source_id])
                    row["recorded_at"] = row["recorded_at"] or now
                    payload.append(row)
                self._insert_many(conn, facts, payload)
                self._insert_many(conn, fact_versions, payload)
                self._audit_facts(conn, [(None, r) for r in payload])  # issue 7: audit
                n += len(payload)
            return n

        return self._run(go, write=True)

    @property
    def _can_materialize(self) -> bool:
        """`WITH x AS MATERIALIZED`: SQLite 3.35 and PostgreSQL 12 know it. Without it an older
        SQLite may fetch whole rows before narrowing: slower, never wrong."""
        return self.dialect != "sqlite" or sqlite3.sqlite_version_info >= (3, 35)

    def _insert_many(self, conn: Connection, table: Table, payload: list[dict[str, Any]]) -> None:
        """Insert rows by the driver's fastest path: COPY on PostgreSQL, one prepared
        `executemany` on SQLite. SQLAlchemy's own executemany builds and converts a parameter
        dict per row, which is most of the time of a million-fact import; here each value goes
        through its column's bind processor (the same conversion) straight into a tuple."""
        if not payload:
            return
        cols, procs = self._bind_plan(table, tuple(payload[0]), conn.dialect)
        pick = itemgetter(*(c.name for c in cols))
        values_of = pick if len(cols) > 1 else lambda row: (pick(row),)
        convert = [(i, p) for i, p in enumerate(procs) if p is not None]
        data: list[tuple[Any, ...]] = []
        for row in payload:
            values = list(values_of(row))
            for i, p in convert:
                values[i] = p(values[i])
            data.append(tuple(values))
        quote = conn.dialect.identifier_preparer.quote
        names = ", ".join(quote(c.name) for c in cols)
        if self.dialect == "sqlite" and conn.dialect.paramstyle == "qmark":
            marks = ", ".join("?" for _ in cols)
            conn.exec_driver_sql(
                f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})", data
            )
            return
        if self.dialect != "postgresql" or conn.dialect.driver != "psycopg":
            conn.execute(insert(table), payload)  # another driver: SQLAlchemy's way
            return
        import psycopg

        driver = conn.connection.driver_connection
        assert isinstance(driver, psycopg.Connection)
        # psycopg's own errors, mapped as `transaction()` maps SQLAlchemy's
        try:
            with (
                driver.cursor() as cur,
                cur.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as cp,
            ):
                for record in data:
                    cp.write_row(record)
        except psycopg.IntegrityError as exc:
            raise ConflictError(f"the database refused the change: {_first_line(exc)}") from exc
        except psycopg.OperationalError as exc:
            raise StoreError(f"database error: {_first_line(exc)}", transient=True) from exc
        except psycopg.Error as exc:
            raise StoreError(f"database error: {_first_line(exc)}") from exc

    def _bind_plan(
        self, table: Table, keys: tuple[str, ...], dialect: Dialect
    ) -> tuple[list[Column[Any]], list[Callable[[Any], Any] | None]]:
        """The columns `keys` name, in table order, with their bind processors (cached)."""
        plan = self._plans.get((table.name, keys))
        if plan is None:
            cols = [c for c in table.c if c.name in keys]
            plan = (cols, [c.type.dialect_impl(dialect).bind_processor(dialect) for c in cols])
            self._plans[(table.name, keys)] = plan
        return plan

    def add_fact_version(self, fact: Fact, expected_version: int) -> None:
        if fact.version != expected_version + 1:
            raise ConflictError(
                f"fact {fact.fact_id}: version {fact.version} does not follow {expected_version}"
            )

        def go(conn: Connection) -> None:
            known = self._known_since(conn, [fact.source_id])
            if fact.source_id not in known:
                raise NotFoundError("source", fact.source_id)
            row = rows.fact_to_row(fact, known[fact.source_id])
            row["recorded_at"] = row["recorded_at"] or _now()
            changed = conn.execute(
                update(facts)
                .where(facts.c.fact_id == fact.fact_id, facts.c.version == expected_version)
                .values(**row)
            ).rowcount
            if not changed:
                current = conn.execute(
                    select(facts.c.version).where(facts.c.fact_id == fact.fact_id)
                ).scalar()
                if current is None:
                    raise NotFoundError("fact", fact.fact_id)
                raise ConflictError(
                    f"fact {fact.fact_id} is at version {current}, not {expected_version}: "
                    "someone changed it meanwhile; reload it and apply your change again"
                )
            conn.execute(insert(fact_versions).values(**row))
            # issue 7: audit entry with the version this one replaces, in the same transaction
            before = self._fact_version_row(conn, fact.fact_id, expected_version)
            self._audit_facts(conn, [(before or None, row)])

        self._run(go, write=True)

    def get_fact(self, fact_id: str) -> Fact | None:
        r = self._run(
            lambda c: c.execute(select(facts).where(facts.c.fact_id == fact_id)).mappings().first()
        )
        return rows.row_to_fact(r) if r else None

    def fact_history(self, fact_id: str) -> list[Fact]:
        cols = [c for c in fact_versions.c if c.name != "id"]
        rs = self._run(
            lambda c: (
                c.execute(
                    select(*cols)
                    .where(fact_versions.c.fact_id == fact_id)
                    .order_by(fact_versions.c.version)
                )
                .mappings()
                .all()
            )
        )
        return [rows.row_to_fact(r) for r in rs]

    def _fact_conditions(self, flt: FactFilter) -> list[Any]:
        c = facts.c
        cond: list[Any] = []
        if flt.mission:
            cond.append(c.mission == flt.mission)
        if flt.actor is not None:
            cond.append(c.actor.is_(None) if flt.actor == "" else c.actor == flt.actor)
        if flt.metrics:
            cond.append(c.metric.in_([m.value for m in flt.metrics]))
        if flt.statuses:
            cond.append(c.status.in_([s.value for s in flt.statuses]))
        if flt.date_from:
            cond.append(c.date_end >= flt.date_from)
        if flt.date_to:
            cond.append(c.date_start <= flt.date_to)
        if flt.source_id:
            cond.append(c.source_id == flt.source_id)
        if flt.known_at:
            cond.append(c.known_since <= flt.known_at)
        if flt.published_unknown:
            cond.append(c.known_since.is_(None))
        return cond

    def find_facts(self, flt: FactFilter) -> list[Fact]:
        c = facts.c
        cond = self._fact_conditions(flt)
        if flt.after:
            cond.append(_after_cursor(flt.after))
        q = (
            select(facts)
            .where(*cond)
            .order_by(c.date_start.asc().nulls_first(), c.fact_id)  # ix_facts_listing
        )
        if flt.limit:
            q = q.limit(flt.limit)
        rs = self._run(lambda conn: conn.execute(q).mappings().all())
        return [rows.row_to_fact(r) for r in rs]

    def count_facts(self, flt: FactFilter) -> int:
        q = select(func.count()).select_from(facts).where(*self._fact_conditions(flt))
        return int(self._run(lambda conn: conn.execute(q).scalar_one()))

    def facts_for_state(self, mission: str, as_of: date, known_at: date | None) -> list[Fact]:
        """The facts `domain.state.state_as_of` needs, narrowed in SQL: `state_query` says
        which and how. The statement is built once per store and shape."""
        with_known_at = known_at is not None
        q = self._state_queries.get(with_known_at)
        if q is None:
            q = state_query.build(self.dialect, with_known_at, self._can_materialize)
            self._state_queries[with_known_at] = q
        params: dict[str, Any] = {"mission": mission, "as_of": as_of}
        if with_known_at:
            params["known_at"] = known_at
        rs = self._run(lambda conn: conn.execute(q, params).mappings().all())
        return [rows.row_to_fact(r) for r in rs]

    # events -----------------------------------------------------------------------------------
    def add_event(self, ev: Event) -> bool:
        def go(conn: Connection) -> bool:
            if conn.execute(
                select(events.c.event_id).where(events.c.event_id == ev.event_id)
            ).first():
                return False
            known = self._known_since(conn, [ev.source_id])
            if ev.source_id not in known:
                raise NotFoundError("source", ev.source_id)
            row = rows.event_to_row(ev, known[ev.source_id])
            row["recorded_at"] = row["recorded_at"] or _now()
            conn.execute(insert(events).values(**row))
            conn.execute(insert(event_versions).values(**row))
            self._audit_rows(conn, "event", "event_id", [row])  # issue 7: audit, same txn
            return True

        return self._run(go, write=True)

    def find_events(self, flt: EventFilter) -> list[Event]:
        c = events.c
        cond: list[Any] = [c.status == "accepted"]
        if flt.mission:
            cond.append(c.mission == flt.mission)
        if flt.actor is not None:
            cond.append(c.actor.is_(None) if flt.actor == "" else c.actor == flt.actor)
        if flt.date_from:
            cond.append(c.date_end >= flt.date_from)
        if flt.date_to:
            cond.append(c.date_start <= flt.date_to)
        if flt.known_at:
            cond.append(c.known_since <= flt.known_at)
        q = select(events).where(*cond).order_by(c.date_start, c.event_id)
        return [
            rows.row_to_event(r) for r in self._run(lambda conn: conn.execute(q).mappings().all())
        ]

    # housekeeping -----------------------------------------------------------------------------
    # check notes -------------------------------------------------------------------------------
    def check_notes(self) -> dict[str, CheckNote]:
        rs = self._run(lambda c: c.execute(select(check_notes)).mappings().all())
        return {
            r["finding_key"]: CheckNote(
                r["finding_key"], r["note"], r["recorded_by"], r["recorded_at"]
            )
            for r in rs
        }

    def set_check_note(self, note: CheckNote) -> None:
        """Record (or replace) why a reported pattern stands; audited."""

        def go(conn: Connection) -> None:
            old = (
                conn.execute(
                    select(check_notes.c.note).where(check_notes.c.finding_key == note.key)
                )
                .scalars()
                .first()
            )
            at = note.recorded_at or _now()
            row = {
                "finding_key": note.key,
                "note": note.note,
                "recorded_by": note.recorded_by,
                "recorded_at": at,
            }
            if old is None:
                conn.execute(insert(check_notes).values(**row))
            else:
                conn.execute(
                    update(check_notes).where(check_notes.c.finding_key == note.key).values(**row)
                )
            self.add_audit(
                AuditEntry(
                    "note",
                    "check",
                    note.key,
                    note.recorded_by,
                    {"note": old} if old is not None else None,
                    {"note": note.note},
                    "",
                    at,
                )
            )

        self._run(go, write=True)

    def get_meta(self, key: str) -> str | None:
        return self._run(
            lambda c: c.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
        )

    def set_meta(self, key: str, value: str) -> None:
        def go(conn: Connection) -> None:
            if not conn.execute(update(meta).where(meta.c.key == key).values(value=value)).rowcount:
                conn.execute(insert(meta).values(key=key, value=value))

        self._run(go, write=True)

    def ledger_version(self) -> str:
        """A value that changes with every committed write a reader of the ledger can see.

        Every write transaction (except browser sessions) sets `ledger_version` in `meta` to a
        new random value as its last statement, so the committed value changes with every
        commit. Not the newest audit id: on PostgreSQL an id is taken at insert, so a
        transaction that commits after a newer one would leave it unchanged; the row lock of
        the update makes the writers' last statements, and so their values, follow their
        commits. Random rather than a counter: a restored backup brings back its own value,
        and two histories never share one. One primary-key read: cheap enough for every
        request of the web app's response cache (`web/cache.py`), and the same in every
        process.
        """
        q = self._version_query
        if q is None:
            q = self._version_query = select(meta.c.value).where(meta.c.key == LEDGER_VERSION)
        value = self._run(lambda conn: conn.execute(q).scalar())
        return value or ""

    def refresh_statistics(self) -> None:
        """After a bulk load, bring the tables to the state the server reaches on its own.

        PostgreSQL: `VACUUM ANALYZE` the fact tables, as autovacuum would some minutes later:
        index-only scans need the visibility map it sets, and the planner the row counts.
        SQLite keeps no statistics unless `ANALYZE` is run, which the ledger never does (stale
        statistics would outlive the data they describe), so there is nothing to do.
        """
        if self.dialect != "postgresql":
            return
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for name in ("facts", "fact_versions"):
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {name}")

    def table_counts(self) -> dict[str, int]:
        names = [
            "missions",
            "actors",
            "actor_aliases",
            "sources",
            "facts",
            "fact_versions",
            "events",
            "event_versions",
        ]

        def go(conn: Connection) -> dict[str, int]:
            return {
                n: int(conn.execute(text(f"SELECT count(*) FROM {n}")).scalar_one()) for n in names
            }

        return self._run(go)

    def backup(self, path: Path) -> None:
        admin.backup(self, path)

    def restore(self, path: Path) -> None:
        admin.restore(self, path)


def _after_cursor(cursor: str) -> Any:
    """Keyset pagination on (date_start, fact_id), undated facts first; the cursor is
    `YYYY-MM-DD|fact_id`, or `|fact_id` among the undated. A row comparison, so that the
    page is a range of `ix_facts_listing`."""
    c = facts.c
    day, _, fid = cursor.partition("|")
    if not day:
        return or_(c.date_start.is_not(None), and_(c.date_start.is_(None), c.fact_id > fid))
    return tuple_(c.date_start, c.fact_id) > tuple_(date.fromisoformat(day), fid)


def _chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _chunks_iter(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reason(exc: DBAPIError) -> str:
    return _first_line(getattr(exc, "orig", None) or exc)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0]


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


LEDGER_VERSION = "ledger_version"


def _bump_ledger_version(conn: Connection) -> None:
    """The last statement of a write transaction: see `SqlStore.ledger_version`."""
    value = uuid.uuid4().hex
    key = meta.c.key == LEDGER_VERSION
    if not conn.execute(update(meta).where(key).values(value=value)).rowcount:
        conn.execute(insert(meta).values(key=LEDGER_VERSION, value=value))
