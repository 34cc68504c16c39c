"""`serve` (the web app under uvicorn) and `brief` (a printable mission brief).

Both import `web` lazily, so the other commands never pay for FastAPI, Altair or WeasyPrint.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, cast

import typer

from ..config import Settings
from ..store.base import TrustedStore
from ..store.sql.engine import normalise_url
from .main import err_console, state
from .options import AsOfOpt, KnownAtOpt, MissionOpt, parse_day


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(brief)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (overrides the global --db and PEACELEDGER_DB)."),
    ] = None,
    public: Annotated[
        bool,
        typer.Option(
            "--public",
            help="Anyone may read without logging in; writes still need an editor "
            "(issue 7: docs/trust.md). Env: PEACELEDGER_PUBLIC.",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            help="Server processes (uvicorn workers); about one per core. Each has its own "
            "response cache and login rate limit.",
            min=1,
            max=64,
        ),
    ] = 1,
) -> None:
    """Serve the web pages and the JSON API (/api/v1) with uvicorn. Reading needs a login
    unless --public; writing needs an editor (make one with `peaceledger user add`)."""
    import os

    import uvicorn

    from .. import open_ledger
    from ..web import create_app
    from ..web.app import SETTINGS_ENV

    settings: Settings = state(ctx).settings
    if db is not None:
        settings = replace(settings, db_url=normalise_url(db))
    if public:
        settings = replace(settings, public=True)
    # opened, migrated and, if new, filled before listening: a bad URL fails here, and
    # workers (`--workers N`) only open it
    store = cast(TrustedStore, open_ledger(settings.db_url, load_builtin=settings.load_builtin))
    if not settings.public and not store.count_users():
        err_console.print(
            "No accounts yet: create one with `peaceledger user add NAME --role admin`, "
            "or serve with --public to let anyone read.",
            highlight=False,
        )
    shown = f"[{host}]" if ":" in host else host
    err_console.print(
        f"peaceledger is serving at http://{shown}:{port}/  (API: http://{shown}:{port}/api/v1/, "
        "Ctrl-C to stop)",
        highlight=False,
    )
    if workers == 1:
        try:
            uvicorn.run(
                create_app(settings, store),
                host=host,
                port=port,
                log_level="warning",
                proxy_headers=False,
            )
        finally:
            store.close()
        return
    store.close()
    os.environ[SETTINGS_ENV] = settings.to_json()
    uvicorn.run(
        "peaceledger.web.app:app_from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        proxy_headers=False,
    )


def brief(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="brief.html (self-contained) or brief.pdf.")
    ],
    mission: MissionOpt = "MSS-HTI",
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
) -> None:
    """A printable mission brief: headline figures, charts, conflicts and sources. Without
    --as-of: today, or the last day of a mission that has ended."""
    from ..ledger.query import require_mission
    from ..web.brief import write_brief

    st = state(ctx)
    store = st.store()
    m = require_mission(store, mission)
    day = parse_day(as_of, "--as-of", end=True) or m.default_as_of(date.today())
    known = parse_day(known_at, "--known-at", end=True)
    path = write_brief(store, m.code, day, known, output, st.settings.stale_days)
    err_console.print(f"Wrote the {mission} brief as of {day} to {path}.", highlight=False)
