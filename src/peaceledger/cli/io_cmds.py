"""`import` and `export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..data import load_fx_table
from ..domain.vocab import ReviewStatus
from ..errors import InputError
from ..export import ExportFormat, export_facts
from ..ledger import query
from ..ledger.builtin import known_names
from ..ledger.importing import import_file
from . import render
from .ledger_cmds import MetricOpt, StatusOpt, _filter
from .main import err_console, state
from .options import ActorOpt, FromOpt, KnownAtOpt, ToOpt


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command("export")(export)


def import_(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="facts.csv (with sources.csv beside it), a "
            "directory in the built-in layout, or a .json file"
        ),
    ],
    status_: Annotated[
        ReviewStatus,
        typer.Option(
            "--status",
            help="Status of imported facts that do not "
            "say (default: accepted; use candidate to review them).",
        ),
    ] = ReviewStatus.ACCEPTED,
) -> None:
    """Import facts with their sources and events; all rows or none."""
    st = state(ctx)
    store = st.store()
    report = import_file(
        store, path, load_fx_table(), known_names(store), st.settings.user, status_
    )
    for w in report.warnings:
        err_console.print(f"[yellow]warning:[/yellow] {w}")
    render.console.print(
        f"{report.origin}: {report.facts_added} fact(s) added, {report.facts_updated} updated "
        f"(new version), {report.facts_unchanged} unchanged; {report.sources_added} source(s) "
        f"added, {report.sources_existing} already known; {report.events_added} event(s) added, "
        f"{report.events_unchanged} unchanged."
    )
    if not report.changed:
        render.console.print("Nothing changed: everything in the file was already in the ledger.")


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv (with an HXL row), json, xlsx or datapackage."),
    ] = ExportFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File (csv, json, xlsx) "
            "or directory (datapackage); csv and json go to stdout without it.",
        ),
    ] = None,
    mission: Annotated[str | None, typer.Option("--mission", "-m", help="Mission code.")] = None,
    actor: ActorOpt = None,
    metric: MetricOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    status_: StatusOpt = None,
    known_at: KnownAtOpt = None,
) -> None:
    """Export exactly the facts the filters select (the same filters as `facts`)."""
    if fmt in (ExportFormat.XLSX, ExportFormat.DATAPACKAGE) and output is None:
        raise InputError(f"{fmt.value} needs --output", "--output")
    if output is not None and fmt is not ExportFormat.DATAPACKAGE and output.is_dir():
        raise InputError(f"{output} is a directory; give a file name", "--output")
    flt = _filter(ctx, mission, actor, metric, date_from, date_to, status_, known_at, None)
    store = state(ctx).store()
    listing = query.list_facts(store, flt)
    names = query.actor_names(store)
    q = {
        "mission": mission,
        "actor": actor,
        "metric": [m.value for m in (metric or [])],
        "from": date_from,
        "to": date_to,
        "status": [s.value for s in (status_ or [ReviewStatus.ACCEPTED])],
        "known_at": known_at,
    }
    report, text = export_facts(listing, names, fmt, output, q)
    if text is not None:
        typer.echo(text, nl=False)
    else:
        err_console.print(
            f"Wrote {report.facts} fact(s) and {report.sources} source(s) to "
            f"{report.path} ({fmt.value})."
        )
