"""`StatementStoreMixin`: storing and querying statements, versioned like facts.

A mixin of `SqlStore` (it uses the store's `_run` and `_known_since`), kept apart so the
statement tables and their SQL live together. Row translation is here too: the statement
columns are in `tables_statements.py`, not in `rows.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, func, insert, literal, or_, select, update

from ...domain.facts import Evidence
from ...domain.statements import Speaker, SpeakerKind, Stance, Statement, StatementKind, Subject
from ...domain.vocab import ReviewStatus
from ...errors import ConflictError, NotFoundError
from ..base import StatementFilter
from .rows import fuzzy_from_row
from .tables_statements import statement_versions, statements

T = TypeVar("T")


def statement_to_row(st: Statement, known_since: date | None) -> dict[str, Any]:
    d, ev, sp = st.date, st.evidence, st.speaker
    return {
        "statement_id": st.statement_id,
        "version": st.version,
        "mission": st.mission,
        "actor": st.actor,
        "speaker_name": sp.name,
        "speaker_role": sp.role,
        "speaker_actor": sp.actor,
        "speaker_kind": sp.kind.value,
        "speaker_text": sp.text,
        "date_of_statement": d.iso if d else None,
        "date_precision": d.precision.label if d else None,
        "date_start": d.start if d else None,
        "date_end": d.end if d else None,
        "kind": st.kind.value,
        "subject": st.subject.value,
        "stance": st.stance.value,
        "condition": st.condition,
        "cues": "|".join(st.cues),
        "source_id": st.source_id,
        "known_since": known_since,
        "evidence_start": ev.start if ev else None,
        "evidence_end": ev.end if ev else None,
        "evidence_quote": ev.quote if ev else None,
        "status": st.status.value,
        "note": st.note,
        "produced_by": st.produced_by,
        "confidence": st.confidence,
        "recorded_by": st.recorded_by,
        "recorded_at": st.recorded_at,
        "change_note": st.change_note,
    }


def row_to_statement(r: Mapping[Any, Any]) -> Statement:
    ev = None
    if r["evidence_start"] is not None:
        ev = Evidence(r["evidence_start"], r["evidence_end"], r["evidence_quote"] or "")
    return Statement(
        statement_id=r["statement_id"],
        mission=r["mission"],
        speaker=Speaker(
            r["speaker_name"],
            r["speaker_role"],
            r["speaker_actor"],
            SpeakerKind(r["speaker_kind"]),
            r["speaker_text"],
        ),
        actor=r["actor"],
        date=fuzzy_from_row(r["date_start"], r["date_precision"]),
        kind=StatementKind(r["kind"]),
        subject=Subject(r["subject"]),
        stance=Stance(r["stance"]),
        source_id=r["source_id"],
        evidence=ev,
        condition=r["condition"],
        cues=tuple(c for c in (r["cues"] or "").split("|") if c),
        status=ReviewStatus(r["status"]),
        note=r["note"],
        produced_by=r["produced_by"],
        confidence=r["confidence"],
        version=r["version"],
        recorded_by=r["recorded_by"],
        recorded_at=r["recorded_at"],
        change_note=r["change_note"],
    )


class StatementStoreMixin:
    """Implements `store.base.StatementStore` for `SqlStore`."""

    if TYPE_CHECKING:
        dialect: str

        def _run(
            self, fn: Callable[[Connection], T], write: bool = False, changes_ledger: bool = True
        ) -> T: ...

        def _known_since(
            self, conn: Connection, source_ids: Collection[str]
        ) -> dict[str, date | None]: ...

        def _audit_versions(
            self,
            conn: Connection,
            kind: str,
            id_key: str,
            pairs: Iterable[tuple[Mapping[str, Any] | None, Mapping[str, Any]]],
        ) -> None: ...

    def _statement_rows(self, conn: Connection, items: Iterable[Statement]) -> list[dict[str, Any]]:
        batch = list(items)
        known = self._known_since(conn, {s.source_id for s in batch})
        missing = sorted({s.source_id for s in batch} - known.keys())
        if missing:
            raise NotFoundError("source", ", ".join(missing[:5]))
        now = datetime.now(UTC)
        out = []
        for s in batch:
            row = statement_to_row(s, known[s.source_id])
            row["recorded_at"] = row["recorded_at"] or now
            out.append(row)
        return out

    def add_statements(self, items: Iterable[Statement]) -> int:
        """Store new statements (version 1); ids already stored are left alone, so
        re-extracting a source changes nothing."""

        def go(conn: Connection) -> int:
            payload = self._statement_rows(conn, items)
            if not payload:
                return 0
            ids = [r["statement_id"] for r in payload]
            have = set(
                conn.execute(
                    select(statements.c.statement_id).where(statements.c.statement_id.in_(ids))
                ).scalars()
            )
            new = [r for r in payload if r["statement_id"] not in have]
            if new:
                conn.execute(insert(statements), new)
                conn.execute(insert(statement_versions), new)
                self._audit_versions(conn, "statement", "statement_id", [(None, r) for r in new])
            return len(new)

        return self._run(go, write=True)

    def add_statement(self, st: Statement) -> None:
        """Store version 1 of a new statement; `ConflictError` if the id exists."""

        def go(conn: Connection) -> None:
            if conn.execute(
                select(statements.c.statement_id).where(
                    statements.c.statement_id == st.statement_id
                )
            ).first():
                raise ConflictError(f"statement {st.statement_id} already exists")
            (row,) = self._statement_rows(conn, [st])
            conn.execute(insert(statements).values(**row))
            conn.execute(insert(statement_versions).values(**row))
            self._audit_versions(conn, "statement", "statement_id", [(None, row)])

        self._run(go, write=True)

    def add_statement_version(self, st: Statement, expected_version: int) -> None:
        """Store `st` as the next version; `ConflictError` when someone changed it first."""
        if st.version != expected_version + 1:
            raise ConflictError(
                f"statement {st.statement_id}: version {st.version} does not follow "
                f"{expected_version}"
            )

        def go(conn: Connection) -> None:
            (row,) = self._statement_rows(conn, [st])
            before = (
                conn.execute(
                    select(statements).where(
                        statements.c.statement_id == st.statement_id,
                        statements.c.version == expected_version,
                    )
                )
                .mappings()
                .first()
            )
            changed = conn.execute(
                update(statements)
                .where(
                    statements.c.statement_id == st.statement_id,
                    statements.c.version == expected_version,
                )
                .values(**row)
            ).rowcount
            if not changed:
                current = conn.execute(
                    select(statements.c.version).where(statements.c.statement_id == st.statement_id)
                ).scalar()
                if current is None:
                    raise NotFoundError("statement", st.statement_id)
                raise ConflictError(
                    f"statement {st.statement_id} is at version {current}, not "
                    f"{expected_version}: someone changed it meanwhile; reload it and apply "
                    "your change again"
                )
            conn.execute(insert(statement_versions).values(**row))
            self._audit_versions(conn, "statement", "statement_id", [(dict(before or {}), row)])

        self._run(go, write=True)

    def get_statement(self, statement_id: str) -> Statement | None:
        r = self._run(
            lambda c: (
                c.execute(select(statements).where(statements.c.statement_id == statement_id))
                .mappings()
                .first()
            )
        )
        return row_to_statement(r) if r else None

    def statement_history(self, statement_id: str) -> list[Statement]:
        cols = [c for c in statement_versions.c if c.name != "id"]
        rs = self._run(
            lambda c: (
                c.execute(
                    select(*cols)
                    .where(statement_versions.c.statement_id == statement_id)
                    .order_by(statement_versions.c.version)
                )
                .mappings()
                .all()
            )
        )
        return [row_to_statement(r) for r in rs]

    def find_statements(self, flt: StatementFilter) -> list[Statement]:
        c = statements.c
        cond: list[Any] = []
        if flt.mission:
            cond.append(c.mission == flt.mission)
        if flt.actor is not None:
            cond.append(c.actor.is_(None) if flt.actor == "" else c.actor == flt.actor)
        if flt.speaker:
            like = f"%{flt.speaker.lower()}%"
            cond.append(
                or_(func.lower(c.speaker_name).like(like), func.lower(c.speaker_text).like(like))
            )
        if flt.statuses:
            cond.append(c.status.in_([s.value for s in flt.statuses]))
        if flt.subjects:
            cond.append(c.subject.in_([s.value for s in flt.subjects]))
        if flt.date_from:
            cond.append(c.date_end >= flt.date_from)
        if flt.date_to:
            cond.append(c.date_start <= flt.date_to)
        if flt.source_id:
            cond.append(c.source_id == flt.source_id)
        q = (
            select(statements)
            .where(*cond)
            .order_by(
                func.coalesce(c.date_start, literal(date(1, 1, 1))),
                c.evidence_start,
                c.statement_id,
            )
        )
        if flt.limit:
            q = q.limit(flt.limit)
        rs = self._run(lambda conn: conn.execute(q).mappings().all())
        return [row_to_statement(r) for r in rs]
