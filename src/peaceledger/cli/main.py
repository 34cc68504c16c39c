"""The `peaceledger` command: a thin shell over the services.

The root callback resolves `Settings` and opens the store lazily; commands turn options into
arguments, call one service and hand the result to `render`. Errors are mapped here and only
here: bad input (including a mission, actor or fact that does not exist) exits with 2, anything
else that peaceledger reports exits with 1.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..config import Settings
from ..errors import InputError, NotFoundError, PeaceledgerError, ValidationError
from ..store.base import LedgerStore

app = typer.Typer(
    name="peaceledger",
    help="A source-backed ledger of multinational security missions: who pledged what, "
    "what arrived, and who pays.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err_console = Console(stderr=True)


@dataclass
class CliState:
    settings: Settings
    _store: LedgerStore | None = field(default=None, repr=False)

    def store(self) -> LedgerStore:
        """Open the database on first use: create and migrate it, and load the built-in
        dataset into a new empty database."""
        if self._store is None:
            from .. import open_ledger

            self._store = open_ledger(
                self.settings.db_url,
                load_builtin=self.settings.load_builtin,
                on_builtin_loaded=lambda msg: err_console.print(f"[dim]{msg}[/dim]"),
            )
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def state(ctx: typer.Context) -> CliState:
    obj = ctx.find_root().obj
    assert isinstance(obj, CliState)
    return obj


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (sqlite:///PATH or postgresql://...); "
            "default: a SQLite file in your data directory. Env: PEACELEDGER_DB.",
        ),
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Where the default database lives.")
    ] = None,
    no_builtin: Annotated[
        bool,
        typer.Option(
            "--no-builtin", help="Do not load the built-in MSS Haiti dataset into a new database."
        ),
    ] = False,
) -> None:
    flags: Mapping[str, object] = {
        "db_url": db,
        "data_dir": data_dir,
        "load_builtin": False if no_builtin else None,
    }
    settings = Settings.resolve(flags, os.environ)
    ctx.obj = CliState(settings)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from . import burden_cmds, db_cmds, extract_cmds, ingest_cmds, io_cmds, ledger_cmds

    ledger_cmds.register(app)
    io_cmds.register(app)
    extract_cmds.register(app)
    ingest_cmds.register(app)
    from .corpus_cmds import register as register_corpus_cmds  # ingest-corpus (issue 8)

    register_corpus_cmds(app)
    burden_cmds.register(app)
    from .serve_cmds import register as register_serve_cmds  # serve, brief

    register_serve_cmds(app)
    app.add_typer(db_cmds.db_app, name="db")
    from .config_cmds import config_app

    app.add_typer(config_app, name="config")
    from . import audit_cmds, user_cmds  # issue 7: accounts, history, revert

    user_cmds.register(app)
    audit_cmds.register(app)
    from . import statement_cmds  # issue 6: statements, positions

    statement_cmds.register(app)
    from .check_cmds import check_app

    app.add_typer(check_app, name="check")


_register()


def report_error(exc: PeaceledgerError) -> int:
    """One red line per problem, saying what and where; the exit code for it."""
    if isinstance(exc, ValidationError):
        for p in exc.problems:
            err_console.print(f"[red]error:[/red] {p}", highlight=False, soft_wrap=True)
        err_console.print(f"[red]{exc.problem}[/red]", highlight=False, soft_wrap=True)
        return 2
    err_console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
    # Something the user named that does not exist is bad input too.
    return 2 if isinstance(exc, InputError | NotFoundError) else 1


def run() -> None:
    """Console entry point. Typer handles usage errors (exit 2) and help; peaceledger's own
    errors are mapped by `report_error`."""
    try:
        app()
    except PeaceledgerError as exc:
        sys.exit(report_error(exc))
    except KeyboardInterrupt:
        err_console.print("interrupted")
        sys.exit(130)
