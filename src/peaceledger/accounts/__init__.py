"""Accounts: users with roles, argon2 password hashes, API tokens and browser sessions.

The web app enforces roles with these; the CLI is trusted (whoever can run it holds the
database URL) and acts as the local user, so it only manages accounts.
"""

from __future__ import annotations

from .service import (
    Principal,
    add_user,
    authenticate,
    create_token,
    end_session,
    principal_for_session,
    principal_for_token,
    revoke_token,
    set_disabled,
    set_password,
    set_role,
    start_session,
)

__all__ = [
    "Principal",
    "add_user",
    "authenticate",
    "create_token",
    "end_session",
    "principal_for_session",
    "principal_for_token",
    "revoke_token",
    "set_disabled",
    "set_password",
    "set_role",
    "start_session",
]
