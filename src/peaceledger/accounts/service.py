"""Use cases over `AccountStore`: users, tokens, sessions, and who a request is.

Secrets are random (`secrets.token_urlsafe`) and only their SHA-256 is stored: a leaked
database cannot be replayed against the app. A token acts with the lesser of its own role and
its owner's current role, and stops working when revoked or when its owner is disabled.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..domain.accounts import ApiToken, Role, User, lesser
from ..errors import InputError, NotFoundError
from ..store.base import AccountStore
from .passwords import hash_password, verify_password

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
TOKEN_PREFIX = "plt_"
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Principal:
    """Who is making a request, and with which role."""

    username: str
    role: Role
    via: str
    """`session`, `token`, or `open` (the app runs without accounts)."""
    csrf_token: str = ""
    recorded_by: str = ""
    """Overrides `web:<username>` (the app without accounts records the server's user)."""

    def can(self, needed: Role) -> bool:
        return self.role.allows(needed)

    @property
    def recorded_as(self) -> str:
        """What a change made by this principal records as `recorded_by`."""
        return self.recorded_by or f"web:{self.username}"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def parse_role(value: str, where: str = "--role") -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InputError(
            f"unknown role {value!r}; expected {', '.join(r.value for r in Role)}", where
        ) from None


def add_user(store: AccountStore, username: str, password: str, role: Role, *, by: str) -> User:
    if not USERNAME.match(username):
        raise InputError(
            "1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit",
            "username",
        )
    return store.add_user(username, hash_password(password), role, by=by)


def _require(store: AccountStore, username: str) -> User:
    user = store.get_user(username)
    if user is None:
        raise NotFoundError("user", username)
    return user


def set_role(store: AccountStore, username: str, role: Role, *, by: str) -> User:
    _require(store, username)
    return store.update_user(username, by=by, role=role)


def set_disabled(store: AccountStore, username: str, disabled: bool, *, by: str) -> User:
    _require(store, username)
    return store.update_user(username, by=by, disabled=disabled)


def set_password(store: AccountStore, username: str, password: str, *, by: str) -> User:
    _require(store, username)
    return store.update_user(username, by=by, password_hash=hash_password(password))


def authenticate(store: AccountStore, username: str, password: str) -> User | None:
    """The user, when the password is right and the account is enabled; else None."""
    user = store.get_user(username) if USERNAME.match(username) else None
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or user.disabled:
        return None
    return user


def create_token(
    store: AccountStore, username: str, name: str, role: Role | None, *, by: str
) -> tuple[ApiToken, str]:
    """A new token and its secret; the secret is shown once and never stored."""
    user = _require(store, username)
    granted = lesser(role or user.role, user.role)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = store.add_token(username, name.strip()[:200], digest(secret), granted, by=by)
    return token, secret


def revoke_token(store: AccountStore, token_id: int, *, by: str) -> ApiToken:
    return store.revoke_token(token_id, by=by)


def principal_for_token(store: AccountStore, secret: str) -> Principal | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    found = store.token_owner(digest(secret))
    if found is None:
        return None
    token, user = found
    if user.disabled:
        return None
    return Principal(user.username, lesser(token.role, user.role), "token")


def start_session(store: AccountStore, user: User, now: datetime | None = None) -> str:
    """A new browser session for `user`; returns the cookie value (stored only hashed)."""
    secret = secrets.token_urlsafe(32)
    expires = (now or datetime.now(UTC)) + SESSION_LIFETIME
    store.add_session(digest(secret), user.user_id, secrets.token_urlsafe(32), expires)
    return secret


def principal_for_session(store: AccountStore, secret: str) -> Principal | None:
    if not secret or len(secret) > 200:
        return None
    found = store.session_owner(digest(secret))
    if found is None:
        return None
    session, user = found
    if user.disabled:
        return None
    return Principal(user.username, user.role, "session", session.csrf_token)


def end_session(store: AccountStore, secret: str) -> None:
    if secret and len(secret) <= 200:
        store.revoke_session(digest(secret))
