"""Headers that make untrusted text harmless in the browser, and a same-origin check on writes.

Article text is untrusted: templates escape it, and the Content-Security-Policy below is the
second wall, so even a mistake in a template cannot run an injected script (no inline script,
no `eval`, scripts only from our own `/static/`). Writes (POST) coming from another site's page
are refused, because the app has no login to protect them otherwise.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class SecurityHeaders:
    """Pure ASGI middleware (no per-request task overhead, which the API benchmark measures)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in _UNSAFE and not _same_origin(scope):
            await _forbidden(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + list(HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _same_origin(scope: Scope) -> bool:
    headers = dict(scope.get("headers", []))
    origin = headers.get(b"origin")
    if origin is None:
        return True  # a non-browser client (curl, a script): not a page on another site
    host = headers.get(b"host", b"").decode("latin-1")
    return bool(urlsplit(origin.decode("latin-1")).netloc == host)


async def _forbidden(send: Send) -> None:
    body = b'{"error":"cross-site write refused: the request came from another site\'s page"}'
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"application/json"), *HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
