"""Who is asking, and may they? Accounts, roles and CSRF for the web app (issue 7).

One app-wide dependency (`authorize`, installed by `create_app`) runs before every route, so a
route added later is protected without remembering to be:

* a request is made by a *principal*: a browser session (cookie) or an API token (`Authorization:
  Bearer ...`); an unknown or revoked token is refused outright, never treated as anonymous;
* reading needs a viewer, unless the app is public (`serve --public`);
* every unsafe method (POST, PUT, PATCH, DELETE) needs an editor, except the few listed in
  `NOT_WRITES` (logging in, extracting without storing); admin-only routes add `require_admin`;
* a write made with a session cookie must carry the session's CSRF token, as the form field
  `csrf_token` or the header `X-CSRF-Token`: a cookie is sent by the browser on its own, a token
  in the page is not. Bearer tokens are never sent on their own, so they need none.

`Settings.open_access` turns all of this off (every visitor is an admin recorded as the server's
user); only code sets it, for tests and embedding.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import deque
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from ..accounts import Principal, principal_for_session, principal_for_token
from ..config import Settings
from ..domain.accounts import Role
from .errors import render_error, wants_json
from .ingesting import web_user

SESSION_COOKIE = "peaceledger_session"
LOGIN_CSRF_COOKIE = "peaceledger_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
OPEN_PATHS = frozenset({"/login", "/logout"})
"""Reachable without a principal; they check their own CSRF tokens."""
NOT_WRITES = frozenset({"/api/v1/extract"})
"""POSTs that store nothing: they follow the reading rule."""


class AuthError(Exception):
    """401 (who are you?) or 403 (you may not); pages asking for a login are redirected."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


async def auth_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AuthError)
    if exc.status == 401 and request.method == "GET" and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={_quote(target)}", status_code=303)
    response = render_error(request, exc.status, {"error": exc.message, "where": None})
    if exc.status == 401:
        response.headers["www-authenticate"] = 'Bearer realm="peaceledger"'
    return response


def _quote(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="/")


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def resolve_principal(request: Request) -> Principal | None:
    """The principal of this request (cached on `request.state`)."""
    if hasattr(request.state, "principal"):
        cached: Principal | None = request.state.principal
        return cached
    settings = _settings(request)
    store = request.app.state.store
    principal: Principal | None = None
    if settings.open_access:
        principal = Principal(
            web_user(settings), Role.ADMIN, "open", recorded_by=web_user(settings)
        )
    else:
        header = request.headers.get("authorization", "")
        scheme, _, secret = header.partition(" ")
        if header and scheme.lower() == "bearer":
            principal = principal_for_token(store, secret.strip())
            if principal is None:
                request.state.principal = None
                raise AuthError(401, "the API token is unknown, revoked, or its user is disabled")
        elif header:
            raise AuthError(401, "use 'Authorization: Bearer <token>'")
        else:
            cookie = request.cookies.get(SESSION_COOKIE, "")
            principal = principal_for_session(store, cookie) if cookie else None
    request.state.principal = principal
    return principal


async def authorize(request: Request) -> None:
    """The app-wide rule (see the module docstring)."""
    path = request.url.path
    if path in OPEN_PATHS:
        resolve_principal(request)
        return
    principal = resolve_principal(request)
    settings = _settings(request)
    if request.method in UNSAFE and path not in NOT_WRITES:
        await _check_write(request, principal, Role.EDITOR)
        return
    if not may_read(settings, principal):
        raise AuthError(401, "log in to read this ledger")


def may_read(settings: Settings, principal: Principal | None) -> bool:
    """The reading rule, shared with the response cache (`web/cache.py`), which must not
    answer anyone the app itself would refuse."""
    return settings.public or settings.open_access or principal is not None


async def _check_write(request: Request, principal: Principal | None, needed: Role) -> None:
    if principal is None:
        raise AuthError(401, "log in (or send an API token) as an editor to change the ledger")
    if not principal.can(needed):
        raise AuthError(
            403, f"{principal.username} is a {principal.role.value}; this needs {needed.value}"
        )
    if principal.via == "session":
        sent = request.headers.get(CSRF_HEADER) or await _form_token(request)
        if not sent or not hmac.compare_digest(sent, principal.csrf_token):
            raise AuthError(403, "missing or wrong CSRF token: reload the page and try again")


async def _form_token(request: Request) -> str:
    kind = request.headers.get("content-type", "")
    if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        return ""
    form: FormData = await request.form()
    value = form.get(CSRF_FIELD)
    return value if isinstance(value, str) else ""


async def require_admin(request: Request) -> Principal:
    principal = resolve_principal(request)
    await _check_write(request, principal, Role.ADMIN)
    assert principal is not None
    return principal


def current_actor(request: Request) -> str:
    """What a change made by this request records as `recorded_by`."""
    principal = resolve_principal(request)
    if principal is None:  # pragma: no cover - `authorize` refuses anonymous writes first
        raise AuthError(401, "log in to change the ledger")
    return principal.recorded_as


ActorDep = Annotated[str, Depends(current_actor)]
AdminDep = Annotated[Principal, Depends(require_admin)]


def csrf_token(request: Request) -> str:
    """For templates: the token every form of a logged-in page carries."""
    principal = getattr(request.state, "principal", None)
    return principal.csrf_token if isinstance(principal, Principal) else ""


def principal_of(request: Request) -> Principal | None:
    """For templates: who is logged in (None when nobody, or before `authorize` ran)."""
    principal = getattr(request.state, "principal", None)
    return principal if isinstance(principal, Principal) else None


class LoginLimiter:
    """Failed logins per (client address, user name) and per client address, in a sliding
    window. In-process: each server process counts on its own, so N workers allow N times the
    attempts (documented in docs/trust.md)."""

    def __init__(self, per_user: int = 5, per_address: int = 30, window_s: float = 300.0) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window_s:
            q.popleft()
        return q

    def retry_after(self, address: str, username: str, now: float | None = None) -> float:
        """Seconds until another attempt is allowed; 0 when it is allowed now."""
        t = time.monotonic() if now is None else now
        with self._lock:
            user_q = self._recent((address, username.lower()), t)
            addr_q = self._recent((address, ""), t)
            waits = [0.0]
            if len(user_q) >= self.per_user:
                waits.append(self.window_s - (t - user_q[0]))
            if len(addr_q) >= self.per_address:
                waits.append(self.window_s - (t - addr_q[0]))
            return max(waits)

    def failed(self, address: str, username: str, now: float | None = None) -> None:
        t = time.monotonic() if now is None else now
        with self._lock:
            self._recent((address, username.lower()), t).append(t)
            self._recent((address, ""), t).append(t)
            if len(self._failures) > 100_000:  # bounded memory under a spray of names
                self._failures = {k: q for k, q in self._failures.items() if q}

    def succeeded(self, address: str, username: str) -> None:
        with self._lock:
            self._failures.pop((address, username.lower()), None)
