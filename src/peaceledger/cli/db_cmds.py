"""`db upgrade | backup | restore | load-builtin | info`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..ledger.builtin import load_builtin
from ..store import open_store
from . import render
from .main import err_console, state

db_app = typer.Typer(
    help="Create, migrate, back up and restore the database.", no_args_is_help=True
)


@db_app.command()
def upgrade(ctx: typer.Context) -> None:
    """Create the database or apply the migrations it lacks."""
    store = open_store(state(ctx).settings.db_url, migrate=False)
    try:
        applied = store.upgrade()
    finally:
        store.close()
    render.console.print(f"Applied {', '.join(applied)}." if applied else "Already up to date.")


@db_app.command()
def backup(
    ctx: typer.Context, path: Annotated[Path, typer.Argument(help="File to write the backup to.")]
) -> None:
    """A consistent copy of the database, taken while it is in use."""
    state(ctx).store().backup(path)
    err_console.print(f"Backed up to {path}.")


@db_app.command()
def restore(
    ctx: typer.Context, path: Annotated[Path, typer.Argument(help="A file made by `db backup`.")]
) -> None:
    """Replace the database with a backup; the current one is saved beside the backup first."""
    st = state(ctx)
    store = open_store(st.settings.db_url)
    try:
        store.restore(path)
    finally:
        store.close()
    err_console.print(f"Restored from {path} (the previous database was saved beside it).")


@db_app.command("load-builtin")
def load_builtin_cmd(ctx: typer.Context) -> None:
    """Load or reload the built-in MSS Haiti dataset; nothing is duplicated."""
    report = load_builtin(state(ctx).store())
    render.console.print(
        f"{report.origin}: {report.facts_added} fact(s) added, {report.facts_updated} updated, "
        f"{report.facts_unchanged} unchanged; {report.sources_added} source(s) added; "
        f"{report.events_added} event(s) added."
    )


@db_app.command()
def info(ctx: typer.Context, fmt: Annotated[str, typer.Option("--format", "-f")] = "table") -> None:
    """Where the database is and how many rows each table holds."""
    st = state(ctx)
    counts = st.store().table_counts()
    if fmt == "json":
        render.print_json({"db": st.settings.db_url, "tables": counts})
        return
    render.console.print(f"Database: {st.settings.db_url}")
    for name, n in counts.items():
        render.console.print(f"  {name:<16} {n:>10,}")
