"""`/login` and `/logout`: browser sessions (issue 7).

The login form is protected against login CSRF by a double-submit token (a cookie and the same
value in the form), since there is no session yet to bind a token to. Failed attempts are
rate-limited per client address and user name (`auth.LoginLimiter`).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...accounts import authenticate, end_session, start_session
from ..auth import (
    CSRF_FIELD,
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    AuthError,
    LoginLimiter,
    principal_of,
)
from ..deps import SettingsDep, TemplatesDep, TrustedStoreDep

router = APIRouter(include_in_schema=False)


def _secure(request: Request, secure_setting: bool) -> bool:
    return secure_setting or request.url.scheme == "https"


def _safe_next(target: str) -> str:
    """Only a path on this site: never `//evil.example` or `https://...` (open redirect)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _form(
    request: Request,
    templates: TemplatesDep,
    *,
    next_: str,
    username: str = "",
    error: str = "",
    status: int = 200,
    secure: bool = False,
) -> Response:
    token = secrets.token_urlsafe(32)
    response: Response = templates.TemplateResponse(
        request,
        "login.html",
        {"login_csrf": token, "next": _safe_next(next_), "username": username, "error": error},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, max_age=3600, httponly=True, samesite="strict", secure=secure
    )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(
    request: Request, settings: SettingsDep, templates: TemplatesDep, next: str = "/"
) -> Response:
    return _form(
        request, templates, next_=next[:500], secure=_secure(request, settings.secure_cookies)
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    store: TrustedStoreDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=100)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    secure = _secure(request, settings.secure_cookies)
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        raise AuthError(403, "the login form expired or came from another site; try again")
    limiter: LoginLimiter = request.app.state.login_limiter
    address = request.client.host if request.client else "?"
    wait = limiter.retry_after(address, username)
    if wait > 0:
        response = _form(
            request,
            templates,
            next_=next,
            username=username,
            error=f"too many failed attempts; try again in {int(wait) + 1} s",
            status=429,
            secure=secure,
        )
        response.headers["retry-after"] = str(int(wait) + 1)
        return response
    user = authenticate(store, username, password)
    if user is None:
        limiter.failed(address, username)
        return _form(
            request,
            templates,
            next_=next,
            username=username,
            error="wrong user name or password, or the account is disabled",
            status=401,
            secure=secure,
        )
    limiter.succeeded(address, username)
    secret = start_session(store, user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=12 * 3600,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(
    request: Request,
    store: TrustedStoreDep,
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=100)] = "",
) -> Response:
    principal = principal_of(request)
    if principal is not None and principal.via == "session":
        if not hmac.compare_digest(csrf_token, principal.csrf_token):
            raise AuthError(403, "missing or wrong CSRF token: reload the page and try again")
        end_session(store, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
