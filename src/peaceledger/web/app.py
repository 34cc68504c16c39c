"""`create_app(settings)`: the web application. No module-level app: two configurations in one
process (tests) are two calls.

Every router is listed here, in one place, so "which URL runs which code?" has one answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..config import Settings
from ..store.base import LedgerStore
from .auth import AuthError, LoginLimiter, auth_error_handler, authorize, csrf_token, principal_of
from .cache import ResponseCache
from .deps import NameCache
from .errors import install_error_handlers
from .formatting import install_filters
from .limits import BodyLimit
from .routes.api_audit import router as audit_api
from .routes.api_burden import router as burden_api
from .routes.api_facts import router as facts_api
from .routes.api_forces import router as forces_api  # issue 13
from .routes.api_missions import router as missions_api
from .routes.api_review import router as review_api
from .routes.api_sources import router as sources_api
from .routes.api_statements import router as statements_api  # issue 6
from .routes.pages_auth import router as auth_pages
from .routes.pages_burden import router as burden_pages
from .routes.pages_facts import router as facts_pages
from .routes.pages_force import router as force_pages  # issue 13
from .routes.pages_mission import router as mission_pages
from .routes.pages_positions import install as install_positions
from .routes.pages_positions import router as positions_pages  # issue 6
from .routes.pages_review import router as review_pages
from .security import SecurityHeaders

HERE = Path(__file__).resolve().parent
API_PREFIX = "/api/v1"


def create_app(settings: Settings, store: LedgerStore | None = None) -> FastAPI:
    """The app over `store`, or over the ledger at `settings.db_url` (opened, migrated and
    loaded with the built-in data now, so a bad URL fails before the server starts)."""
    owned = store is None
    if store is None:
        from .. import open_ledger

        store = open_ledger(settings.db_url, load_builtin=settings.load_builtin)
    opened: LedgerStore = store

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            opened.close()

    app = FastAPI(
        title="peaceledger",
        version=__version__,
        summary="A source-backed ledger of multinational security missions.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # Swagger UI needs inline scripts, which the CSP forbids
        redoc_url=None,
        lifespan=lifespan,
        # issue 7: one rule for every route, present and future: reading needs a viewer unless
        # the app is public, writing an editor (with a CSRF token in a browser); see web/auth.py
        dependencies=[Depends(authorize)],
    )
    app.state.settings = settings
    app.state.store = opened
    app.state.names = NameCache(opened)
    app.state.login_limiter = LoginLimiter()
    templates = Jinja2Templates(directory=HERE / "templates")
    install_filters(templates.env)
    templates.env.globals["version"] = __version__
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["principal"] = principal_of
    app.state.templates = templates

    for api in (
        missions_api,
        forces_api,
        facts_api,
        audit_api,
        sources_api,
        review_api,
        burden_api,
        statements_api,
    ):
        app.include_router(api, prefix=API_PREFIX)
    for pages in (
        auth_pages,
        mission_pages,
        force_pages,
        facts_pages,
        review_pages,
        burden_pages,
        positions_pages,
    ):
        app.include_router(pages)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_positions(app)  # issue 6: positions section of the country page
    install_error_handlers(app)
    app.add_exception_handler(AuthError, auth_error_handler)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)  # inside the headers
    app.add_middleware(SecurityHeaders)
    app.add_middleware(ResponseCache, max_bytes=settings.cache_mb * 2**20)  # outermost
    return app


SETTINGS_ENV = "PEACELEDGER_SERVE_SETTINGS"
"""`serve --workers N` passes its resolved settings to the worker processes in this variable."""


def app_from_environment() -> FastAPI:
    """The app of one `serve --workers N` worker process (uvicorn imports it by name)."""
    import os

    return create_app(Settings.from_json(os.environ[SETTINGS_ENV]))
