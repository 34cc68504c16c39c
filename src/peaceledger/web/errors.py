"""The one place where errors become HTTP answers: JSON under `/api/`, an HTML page elsewhere.

peaceledger's error tree maps to statuses (bad input 422, not found 404, conflict 409, the
database unavailable 503); FastAPI's own parameter validation and unknown routes get the same
`{"error", "where", "problems"}` body, so a client has one shape to read.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import (
    ConflictError,
    ExtractionError,
    InputError,
    NotFoundError,
    PeaceledgerError,
    StoreError,
    ValidationError,
)
from .json_response import JSONResponse

log = logging.getLogger("peaceledger.web")

STATUS: tuple[tuple[type[PeaceledgerError], int], ...] = (
    (NotFoundError, 404),
    (InputError, 422),
    (ConflictError, 409),
    (StoreError, 503),
    (ExtractionError, 422),
    (PeaceledgerError, 400),
)


def status_of(exc: PeaceledgerError) -> int:
    return next(code for cls, code in STATUS if isinstance(exc, cls))


def parameter_name(where: str) -> str:
    """Services name CLI flags (`--as-of`); the web's parameters are `as_of`."""
    return where[2:].replace("-", "_") if where.startswith("--") else where


def error_body(exc: PeaceledgerError) -> dict[str, Any]:
    if isinstance(exc, InputError):
        where = parameter_name(exc.where)
        message = f"{where}: {exc.problem}" if where else exc.problem
    else:
        where, message = "", str(exc)
    body: dict[str, Any] = {"error": message, "where": where or None}
    if isinstance(exc, ValidationError):
        body["problems"] = [
            {"where": parameter_name(p.where), "problem": p.problem} for p in exc.problems
        ]
    return body


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def render_error(request: Request, status: int, body: dict[str, Any]) -> Response:
    if wants_json(request):
        return JSONResponse(body, status_code=status)
    templates = getattr(request.app.state, "templates", None)
    if templates is None:  # pragma: no cover - only before create_app finished
        return HTMLResponse(str(body["error"]), status_code=status)
    page: Response = templates.TemplateResponse(
        request, "error.html", {"status": status, "body": body}, status_code=status
    )
    return page


async def _peaceledger_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PeaceledgerError)
    status = status_of(exc)
    if status >= 500:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
    return render_error(request, status, error_body(exc))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path", "form")]
        problems.append({"where": ".".join(loc) or None, "problem": str(err.get("msg", ""))})
    first = problems[0] if problems else {"where": None, "problem": "bad request"}
    message = f"{first['where']}: {first['problem']}" if first["where"] else first["problem"]
    body = {"error": message, "where": first["where"], "problems": problems}
    return render_error(request, 422, body)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no such page: {request.url.path}"
    response = render_error(request, exc.status_code, {"error": detail, "where": None})
    for k, v in (exc.headers or {}).items():
        response.headers[k] = v
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PeaceledgerError, _peaceledger_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
