"""`AccountStoreMixin`: users, API tokens, browser sessions and the audit log for `SqlStore`.

The audit hook is central on purpose: `SqlStore` calls `_audit_facts`/`_audit_versions`/
`_audit_rows` inside the same transaction as every write of a fact or statement version, an
event or a source, so an entry exists
exactly when the change does — a crash can leave neither half alone, and no service can forget
to record one. The actor is the version's `recorded_by`, the note its `change_note`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, Table, func, insert, select, update

from ...domain.accounts import ApiToken, AuditEntry, Role, User, WebSession
from ...errors import ConflictError, NotFoundError
from .tables import fact_versions
from .tables_accounts import api_tokens, audit_log, sessions, users

T = TypeVar("T")

# Derived from other fields (the date's period, the source's publication date): left out of
# the audit's before/after so a diff shows what a person changed.
_NOT_AUDITED = frozenset({"id", "date_start", "date_end", "known_since", "text", "recorded_at"})


def _plain(v: Any) -> Any:
    """A JSON value that compares equal however the backend returned it (REAL vs NUMERIC)."""
    if isinstance(v, Decimal):
        return str(int(v)) if v == v.to_integral_value() else format(v.normalize(), "f")
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def audit_snapshot(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in row.items() if k not in _NOT_AUDITED and v is not None}


def fact_action(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> str:
    """What a fact (or statement) version is, in the words of the audit log."""
    note = str(after.get("change_note") or "")
    if before is None:
        if str(after.get("produced_by") or "").startswith("import:"):
            return "import"
        return "ingest" if after.get("status") == "candidate" else "create"
    if note.startswith("revert"):
        return "revert"
    if note.startswith("re-imported"):
        return "import"
    if after.get("status") == "retracted" and before.get("status") != "retracted":
        return "retract"
    if after.get("status") != before.get("status"):
        return "review"
    return "edit"


def _dumps(d: Mapping[str, Any] | None) -> str | None:
    if d is None:
        return None
    return json.dumps(d, sort_keys=True, separators=(",", ":"), default=str)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(v: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes for timezone-aware columns; they were stored in UTC."""
    if v is not None and v.tzinfo is None:
        return v.replace(tzinfo=UTC)
    return v


class AccountStoreMixin:
    """Implements `store.base.AccountStore` on the engine and transactions of `SqlStore`."""

    if TYPE_CHECKING:
        dialect: str

        def _run(
            self, fn: Callable[[Connection], T], write: bool = False, changes_ledger: bool = True
        ) -> T: ...

        def _insert_many(
            self, conn: Connection, table: Table, payload: list[dict[str, Any]]
        ) -> None: ...

    # the audit hook (called by SqlStore's writes) ---------------------------------------------
    def _audit_facts(
        self, conn: Connection, pairs: Iterable[tuple[Mapping[str, Any] | None, Mapping[str, Any]]]
    ) -> None:
        """One audit entry per fact version written: (previous version's row or None, row)."""
        self._audit_versions(conn, "fact", "fact_id", pairs)

    def _audit_versions(
        self,
        conn: Connection,
        kind: str,
        id_key: str,
        pairs: Iterable[tuple[Mapping[str, Any] | None, Mapping[str, Any]]],
    ) -> None:
        """One audit entry per version written of a reviewed object (a fact, a statement):
        (previous version's row or None, row)."""
        now = _now()
        payload = []
        for before, after in pairs:
            b = audit_snapshot(before) if before is not None else None
            a = audit_snapshot(after)
            payload.append(
                {
                    "at": after.get("recorded_at") or now,
                    "actor": str(after.get("recorded_by") or ""),
                    "action": fact_action(before, after),
                    "object_kind": kind,
                    "object_id": str(after[id_key]),
                    "before": _dumps(b),
                    "after": _dumps(a),
                    "note": str(after.get("change_note") or ""),
                }
            )
        self._insert_many(conn, audit_log, payload)

    def _fact_version_row(self, conn: Connection, fact_id: str, version: int) -> dict[str, Any]:
        r = (
            conn.execute(
                select(fact_versions).where(
                    fact_versions.c.fact_id == fact_id, fact_versions.c.version == version
                )
            )
            .mappings()
            .first()
        )
        return dict(r) if r else {}

    def _audit_rows(
        self, conn: Connection, kind: str, id_key: str, items: Sequence[Mapping[str, Any]]
    ) -> None:
        """Creation of events and sources (they have no edits yet): after = the new row."""
        now = _now()
        payload = [
            {
                "at": r.get("recorded_at") or now,
                "actor": str(r.get("recorded_by") or ""),
                "action": "create",
                "object_kind": kind,
                "object_id": str(r[id_key]),
                "before": None,
                "after": _dumps(audit_snapshot(r)),
                "note": "",
            }
            for r in items
        ]
        self._insert_many(conn, audit_log, payload)

    # audit log --------------------------------------------------------------------------------
    def add_audit(self, entry: AuditEntry) -> None:
        row = {
            "at": entry.at or _now(),
            "actor": entry.actor,
            "action": entry.action,
            "object_kind": entry.object_kind,
            "object_id": entry.object_id,
            "before": _dumps(entry.before),
            "after": _dumps(entry.after),
            "note": entry.note,
        }
        self._run(lambda c: c.execute(insert(audit_log).values(**row)), write=True)

    def audit_entries(
        self, object_kind: str | None = None, object_id: str | None = None, limit: int = 0
    ) -> list[AuditEntry]:
        """Entries for one object, oldest first; without an object, the latest `limit`."""
        q = select(audit_log)
        if object_kind is not None:
            q = q.where(audit_log.c.object_kind == object_kind)
        if object_id is not None:
            q = q.where(audit_log.c.object_id == object_id)
        if object_id is None and limit:
            q = q.order_by(audit_log.c.id.desc()).limit(limit)
        else:
            q = q.order_by(audit_log.c.id)
            if limit:
                q = q.limit(limit)
        rs = self._run(lambda c: c.execute(q).mappings().all())
        return [
            AuditEntry(
                action=r["action"],
                object_kind=r["object_kind"],
                object_id=r["object_id"],
                actor=r["actor"],
                before=json.loads(r["before"]) if r["before"] else None,
                after=json.loads(r["after"]) if r["after"] else None,
                note=r["note"],
                at=_aware(r["at"]),
                entry_id=r["id"],
            )
            for r in rs
        ]

    # users ------------------------------------------------------------------------------------
    def count_users(self) -> int:
        return int(
            self._run(lambda c: c.execute(select(func.count()).select_from(users)).scalar_one())
        )

    def add_user(self, username: str, password_hash: str, role: Role, *, by: str) -> User:
        def go(conn: Connection) -> User:
            if conn.execute(select(users.c.id).where(users.c.username == username)).first():
                raise ConflictError(f"user {username!r} already exists")
            now = _now()
            conn.execute(
                insert(users).values(
                    username=username,
                    password_hash=password_hash,
                    role=role.value,
                    disabled=False,
                    created_at=now,
                    created_by=by,
                )
            )
            self._audit_account(conn, "user.add", "user", username, by, None, {"role": role.value})
            user = self._user_where(conn, users.c.username == username)
            assert user is not None
            return user

        return self._run(go, write=True)

    def get_user(self, username: str) -> User | None:
        return self._run(lambda c: self._user_where(c, users.c.username == username))

    def get_user_by_id(self, user_id: int) -> User | None:
        return self._run(lambda c: self._user_where(c, users.c.id == user_id))

    def list_users(self) -> list[User]:
        rs = self._run(lambda c: c.execute(select(users).order_by(users.c.username)).mappings())
        return [_user(r) for r in rs]

    def update_user(
        self,
        username: str,
        *,
        by: str,
        role: Role | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
    ) -> User:
        """Change a user's role, state or password; each change is an audit entry."""

        def go(conn: Connection) -> User:
            current = self._user_where(conn, users.c.username == username)
            if current is None:
                raise NotFoundError("user", username)
            values: dict[str, Any] = {}
            if role is not None and role is not current.role:
                values["role"] = role.value
                self._audit_account(
                    conn, "user.role", "user", username, by,
                    {"role": current.role.value}, {"role": role.value},
                )  # fmt: skip
            if disabled is not None and disabled != current.disabled:
                values["disabled"] = disabled
                self._audit_account(
                    conn, "user.disable" if disabled else "user.enable", "user", username, by,
                    {"disabled": current.disabled}, {"disabled": disabled},
                )  # fmt: skip
            if password_hash is not None:
                values["password_hash"] = password_hash
                self._audit_account(conn, "user.password", "user", username, by, None, None)
            if values:
                conn.execute(update(users).where(users.c.id == current.user_id).values(**values))
            if disabled:  # a disabled user's browser sessions end now
                conn.execute(
                    update(sessions)
                    .where(sessions.c.user_id == current.user_id, sessions.c.revoked_at.is_(None))
                    .values(revoked_at=_now())
                )
            found = self._user_where(conn, users.c.id == current.user_id)
            assert found is not None
            return found

        return self._run(go, write=True)

    def _user_where(self, conn: Connection, cond: Any) -> User | None:
        r = conn.execute(select(users).where(cond)).mappings().first()
        return _user(r) if r else None

    def _audit_account(
        self,
        conn: Connection,
        action: str,
        kind: str,
        object_id: str,
        by: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        conn.execute(
            insert(audit_log).values(
                at=_now(),
                actor=by,
                action=action,
                object_kind=kind,
                object_id=object_id,
                before=_dumps(before),
                after=_dumps(after),
                note="",
            )
        )

    # API tokens -------------------------------------------------------------------------------
    def add_token(
        self, username: str, name: str, token_sha256: str, role: Role, *, by: str
    ) -> ApiToken:
        def go(conn: Connection) -> ApiToken:
            user = self._user_where(conn, users.c.username == username)
            if user is None:
                raise NotFoundError("user", username)
            token_id = conn.execute(
                insert(api_tokens)
                .values(
                    user_id=user.user_id,
                    name=name,
                    token_sha256=token_sha256,
                    role=role.value,
                    created_at=_now(),
                )
                .returning(api_tokens.c.id)
            ).scalar_one()
            self._audit_account(
                conn, "token.add", "token", str(token_id), by, None,
                {"user": username, "name": name, "role": role.value},
            )  # fmt: skip
            found = self._tokens(conn, api_tokens.c.id == token_id)
            return found[0]

        return self._run(go, write=True)

    def list_tokens(self, username: str | None = None) -> list[ApiToken]:
        cond = users.c.username == username if username is not None else None
        return self._run(lambda c: self._tokens(c, cond))

    def revoke_token(self, token_id: int, *, by: str) -> ApiToken:
        def go(conn: Connection) -> ApiToken:
            found = self._tokens(conn, api_tokens.c.id == token_id)
            if not found:
                raise NotFoundError("token", str(token_id))
            if found[0].active:
                conn.execute(
                    update(api_tokens).where(api_tokens.c.id == token_id).values(revoked_at=_now())
                )
                self._audit_account(
                    conn, "token.revoke", "token", str(token_id), by,
                    {"revoked": False}, {"revoked": True},
                )  # fmt: skip
            return self._tokens(conn, api_tokens.c.id == token_id)[0]

        return self._run(go, write=True)

    def token_owner(self, token_sha256: str) -> tuple[ApiToken, User] | None:
        """The active token with this hash and its user (whatever the user's state)."""

        def go(conn: Connection) -> tuple[ApiToken, User] | None:
            live = api_tokens.c.revoked_at.is_(None)
            found = self._tokens(conn, (api_tokens.c.token_sha256 == token_sha256) & live)
            if not found:
                return None
            user = self._user_where(conn, users.c.id == found[0].user_id)
            return (found[0], user) if user else None

        return self._run(go)

    def _tokens(self, conn: Connection, cond: Any) -> list[ApiToken]:
        q = select(api_tokens, users.c.username).join(users, users.c.id == api_tokens.c.user_id)
        if cond is not None:
            q = q.where(cond)
        return [
            ApiToken(
                token_id=r["id"],
                user_id=r["user_id"],
                username=r["username"],
                name=r["name"],
                role=Role(r["role"]),
                created_at=_aware(r["created_at"]),
                revoked_at=_aware(r["revoked_at"]),
            )
            for r in conn.execute(q.order_by(api_tokens.c.id)).mappings()
        ]

    # browser sessions -------------------------------------------------------------------------
    def add_session(
        self, session_sha256: str, user_id: int, csrf_token: str, expires_at: datetime
    ) -> None:
        row = {
            "session_sha256": session_sha256,
            "user_id": user_id,
            "csrf_token": csrf_token,
            "created_at": _now(),
            "expires_at": expires_at,
        }
        # a login is not a change to the ledger: cached answers stay valid
        self._run(
            lambda c: c.execute(insert(sessions).values(**row)), write=True, changes_ledger=False
        )

    def session_owner(self, session_sha256: str) -> tuple[WebSession, User] | None:
        """The live (not revoked, not expired) session with this hash and its user."""

        def go(conn: Connection) -> tuple[WebSession, User] | None:
            r = (
                conn.execute(
                    select(sessions).where(
                        sessions.c.session_sha256 == session_sha256,
                        sessions.c.revoked_at.is_(None),
                    )
                )
                .mappings()
                .first()
            )
            if r is None:
                return None
            expires = _aware(r["expires_at"])
            assert expires is not None
            if expires <= _now():
                return None
            user = self._user_where(conn, users.c.id == r["user_id"])
            if user is None:
                return None
            return WebSession(r["user_id"], r["csrf_token"], expires), user

        return self._run(go)

    def revoke_session(self, session_sha256: str) -> None:
        self._run(
            lambda c: c.execute(
                update(sessions)
                .where(sessions.c.session_sha256 == session_sha256)
                .values(revoked_at=_now())
            ),
            write=True,
            changes_ledger=False,
        )


def _user(r: Mapping[Any, Any]) -> User:
    return User(
        user_id=r["id"],
        username=r["username"],
        role=Role(r["role"]),
        disabled=bool(r["disabled"]),
        password_hash=r["password_hash"],
        created_at=_aware(r["created_at"]),
        created_by=r["created_by"],
    )
