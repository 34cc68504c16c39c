"""Who may do what, and the record of what was done: users, roles, API tokens, sessions and
audit entries. Pure values; hashing and storage live in `accounts/` and `store/`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    """Ordered: each role can do everything the ones before it can."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


def lesser(a: Role, b: Role) -> Role:
    """A token never grants more than its owner holds now (a demoted user's tokens shrink)."""
    return a if a.rank <= b.rank else b


@dataclass(frozen=True)
class User:
    user_id: int
    username: str
    role: Role
    disabled: bool
    password_hash: str
    created_at: datetime | None = None
    created_by: str = ""


@dataclass(frozen=True)
class ApiToken:
    token_id: int
    user_id: int
    username: str
    name: str
    role: Role
    created_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class WebSession:
    user_id: int
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """One change: who did what to which object, with the object before and after."""

    action: str
    """create, import, edit, review, retract, revert; user.add, user.role, token.add, ..."""
    object_kind: str
    """fact, event, source, user, token."""
    object_id: str
    actor: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    note: str = ""
    at: datetime | None = None
    entry_id: int | None = None

    def changed_fields(self) -> dict[str, tuple[Any, Any]]:
        """Field -> (before, after), for the fields that differ (bookkeeping left out)."""
        before, after = self.before or {}, self.after or {}
        skip = {"recorded_at", "recorded_by", "change_note", "version"}
        keys = [k for k in {**before, **after} if k not in skip]
        return {k: (before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)}
