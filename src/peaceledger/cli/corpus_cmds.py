"""`peaceledger ingest-corpus`: a news corpus through Dask workers into the ledger."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ..ingest.corpus import CorpusProgress, CorpusReport, dask_client, ingest_corpus, open_source
from ..ingest.service import published_from_flag
from . import render
from .main import err_console, state
from .options import Format, FormatOpt

QUIET_EVERY = 10.0
"""Seconds between log lines with --quiet."""


def register(app: typer.Typer) -> None:
    app.command("ingest-corpus")(ingest_corpus_cmd)


def ingest_corpus_cmd(
    ctx: typer.Context,
    source: Annotated[
        Path,
        typer.Argument(
            help="A directory of .txt/.md/.html files, a JSON Lines file or a Parquet dataset "
            "(columns text, published, optional url and title)."
        ),
    ],
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", help="Start a local Dask cluster of N worker processes."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Use the Dask cluster at tcp://HOST:PORT; its workers need peaceledger "
            "installed (and the files, for a directory).",
        ),
    ] = None,
    mission: Annotated[
        str | None, typer.Option("--mission", "-m", help="Put every candidate on this mission.")
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Documents per task and per transaction.")
    ] = 200,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (ISO 8601) for documents that give none of their own.",
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Log lines instead of a progress bar.")
    ] = False,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Ingest a corpus on Dask: extraction on the workers, one writer; resumable, idempotent,
    repeated reports grouped as one candidate with many sources."""
    if workers is not None and scheduler is not None:
        raise typer.BadParameter("give --workers or --scheduler, not both")
    corpus = open_source(source)
    st = state(ctx)
    store = st.store()
    date_flag = published_from_flag(published)
    with (
        dask_client(workers, scheduler) as client,
        _Display(quiet or fmt is not Format.TABLE) as show,
    ):
        report = ingest_corpus(
            store,
            client,
            corpus,
            recorded_by=st.settings.user,
            batch_size=batch_size,
            mission=mission,
            published=date_flag,
            on_progress=show.update,
        )
    _summary(report, fmt)


class _Display:
    """A Rich progress bar (documents, facts, rate, ETA), or a log line every few seconds."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.last = 0.0
        self.bar = Progress(
            TextColumn("[bold]ingesting[/bold]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("docs · {task.fields[facts]:,} facts · {task.fields[rate]:,.0f} docs/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=err_console,
            disable=quiet,
        )
        self.task = self.bar.add_task("corpus", total=None, facts=0, rate=0.0)

    def __enter__(self) -> _Display:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)

    def update(self, p: CorpusProgress) -> None:
        self.bar.update(
            self.task, completed=p.documents, total=p.total, facts=p.candidates, rate=p.rate
        )
        now = time.monotonic()
        if self.quiet and now - self.last >= QUIET_EVERY:
            self.last = now
            of = f"/{p.total:,}" if p.total is not None else ""
            err_console.print(
                f"{p.documents:,}{of} documents, {p.stored:,} stored, {p.candidates:,} "
                f"candidates, {p.grouped:,} repeated reports grouped, {p.rate:,.0f} docs/s",
                highlight=False,
            )


def _summary(report: CorpusReport, fmt: Format) -> None:
    p = report.progress
    if fmt is Format.JSON:
        render.print_json(
            {
                "documents": p.documents,
                "stored": p.stored,
                "duplicates": p.duplicates,
                "resumed": p.resumed,
                "failed": p.failed,
                "candidates": p.candidates,
                "evidence": p.evidence,
                "grouped": p.grouped,
                "batches": p.batches,
                "workers": report.workers,
                "seconds": round(p.seconds, 3),
                "documents_per_second": round(p.rate, 1),
                "problems": [str(x) for x in report.problems],
                "warnings": report.warnings,
            }
        )
        if p.failed:
            raise typer.Exit(2)
        return
    for w in report.warnings[:20]:
        err_console.print(f"[yellow]warning:[/yellow] {escape(w)}")
    for x in report.problems:
        err_console.print(f"[red]failed:[/red] {escape(str(x))}", highlight=False)
    if p.failed > len(report.problems):
        err_console.print(f"... and {p.failed - len(report.problems):,} more failed documents")
    render.console.print(
        f"{p.documents:,} documents in {p.seconds:,.1f} s on {report.workers} worker(s) "
        f"({p.rate:,.0f} docs/s): {p.stored:,} stored, {p.duplicates:,} already stored, "
        f"{p.resumed:,} done by an earlier run, {p.failed:,} failed",
        highlight=False,
    )
    render.console.print(
        f"{p.candidates:,} new candidate facts; {p.evidence:,} reports, {p.grouped:,} of them "
        "grouped under a claim already known",
        highlight=False,
    )
    if p.candidates:
        render.console.print("Next: peaceledger review list")
    if p.failed:
        # the good documents are stored; a non-zero exit still tells scripts some were not
        raise typer.Exit(2)
