"""`peaceledger ingest` and `peaceledger review`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..domain.vocab import ReviewStatus
from ..errors import InputError
from ..ingest import ingest_documents, read_documents, read_raw, require_published
from ..ingest.corpus import source_counts
from ..ingest.service import published_from_flag
from ..ledger import query, review, serialize
from . import render
from .main import err_console, state
from .options import Format, FormatOpt

review_app = typer.Typer(
    help="Review candidate facts: list them, accept, reject or edit them. Every decision is a "
    "new version; the original candidate stays in the history.",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.add_typer(review_app, name="review")


def ingest(
    ctx: typer.Context,
    targets: Annotated[
        list[str], typer.Argument(help="Files, http(s) URLs, or - for standard input.")
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (ISO 8601); relative dates in the text resolve against it. "
            "Default: the page's or feed entry's own metadata.",
        ),
    ] = None,
    mission: Annotated[
        str | None,
        typer.Option("--mission", "-m", help="Put every candidate on this mission."),
    ] = None,
    as_: Annotated[
        str | None,
        typer.Option("--as", help="Read as text, markdown, html or feed (default: detect)."),
    ] = None,
    skip_broken: Annotated[
        bool, typer.Option("--skip-broken", help="Ingest a feed's good entries past bad ones.")
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for a URL.")] = 20.0,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Store articles as sources and queue the facts found in them for review."""
    date_flag = published_from_flag(published)
    docs = []
    for target in targets:  # read everything first: a bad input stores nothing
        found = read_documents(read_raw(target, timeout=timeout), fmt=as_, skip_broken=skip_broken)
        if date_flag is None and any(d.published is None for d in found) and _can_ask():
            answer = typer.prompt(f"{target}: publication date (YYYY-MM-DD)")
            date_flag = published_from_flag(answer)
        docs.extend(require_published(found, date_flag))
    st = state(ctx)
    report = ingest_documents(st.store(), docs, recorded_by=st.settings.user, mission=mission)
    if fmt is Format.JSON:
        render.print_json(
            {
                "documents": [
                    {
                        "origin": d.origin,
                        "source_id": d.source_id,
                        "stored": d.stored,
                        "candidates": d.candidates,
                        "fact_ids": list(d.fact_ids),
                        "grouped": list(d.grouped),
                        "warnings": list(d.warnings),
                    }
                    for d in report.documents
                ]
            }
        )
        return
    for d in report.documents:
        for w in d.warnings:
            err_console.print(f"[yellow]warning:[/yellow] {escape(d.origin)}: {escape(w)}")
        if d.stored:
            known = (
                f"; {len(d.grouped)} claim(s) already known now count it among their sources "
                f"({', '.join(d.grouped)})"
                if d.grouped
                else ""
            )
            render.console.print(
                f"{escape(d.origin)}: stored as source {d.source_id}; "
                f"{d.candidates} candidate fact(s) queued for review{known}"
            )
        else:
            render.console.print(
                f"{escape(d.origin)}: already stored as source {d.source_id}; nothing changed"
            )
    if report.candidates:
        render.console.print("Next: peaceledger review list")


def _can_ask() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    mission: Annotated[str | None, typer.Option("--mission", "-m", help="Mission code.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Only from this source.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 100,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Candidates waiting for a decision, with their evidence."""
    store = state(ctx).store()
    items = review.pending(store, mission=mission, source_id=source, limit=limit)
    names = query.actor_names(store)
    if fmt is Format.JSON:
        counts = source_counts(store, [f.fact_id for f in items])
        rows = serialize.facts_dicts(items, names)
        render.print_json({"candidates": [{**d, "sources": counts[d["fact_id"]]} for d in rows]})
        return
    if fmt is Format.CSV:
        from ..export.columns import FACT_COLUMNS, fact_row

        srcs = store.get_sources({f.source_id for f in items})
        render.print_csv([fact_row(f, srcs, names) for f in items], [c.name for c in FACT_COLUMNS])
        return
    sources = source_counts(store, [f.fact_id for f in items])  # repeated reports, grouped
    t = Table(title=f"{len(items)} candidate(s)", title_justify="left")
    for col in ("Fact", "Who", "Metric", "Value", "Date", "Sources", "Evidence", "Rule"):
        t.add_column(col, overflow="fold")
    for f in items:
        t.add_row(
            f.fact_id,
            names.get(f.actor, f.actor) if f.actor else f"(mission {f.mission})",
            f.metric.value,
            render.fmt_value(f.value, f.qualifier, f.unit),
            f.date_of_fact.iso if f.date_of_fact else "",
            str(sources[f.fact_id]),
            escape(f.evidence.quote) if f.evidence else "",
            escape(f.produced_by) + (f" ({f.confidence:.2f})" if f.confidence is not None else ""),
        )
    render.console.print(t)


NoteOpt = Annotated[str, typer.Option("--note", help="Why; kept in the fact's history.")]


def _decide_many(ctx: typer.Context, ids: list[str], status: ReviewStatus, note: str) -> None:
    st = state(ctx)
    store = st.store()
    with store.transaction():  # all or none: a typo in the fifth id changes nothing
        decisions = [review.decide(store, i, status, by=st.settings.user, note=note) for i in ids]
    for d in decisions:
        render.console.print(f"{d.fact_id}: {status.value} (version {d.after.version})")


@review_app.command("accept")
def review_accept(
    ctx: typer.Context,
    fact_ids: Annotated[list[str], typer.Argument(help="Candidate fact ids.")],
    note: NoteOpt = "",
) -> None:
    """Accept candidates: they enter the ledger with their source as provenance."""
    _decide_many(ctx, fact_ids, ReviewStatus.ACCEPTED, note)


@review_app.command("reject")
def review_reject(
    ctx: typer.Context,
    fact_ids: Annotated[list[str], typer.Argument(help="Candidate fact ids.")],
    note: NoteOpt = "",
) -> None:
    """Reject candidates; they stay in the database, out of every total."""
    _decide_many(ctx, fact_ids, ReviewStatus.REJECTED, note)


@review_app.command("edit")
def review_edit(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(help="The fact to edit.")],
    set_: Annotated[
        list[str],
        typer.Option(
            "--set",
            help="FIELD=VALUE, repeatable: " + ", ".join(review.EDITABLE),
        ),
    ],
    accept: Annotated[
        bool,
        typer.Option("--accept/--keep-status", help="Accept it with the edits (default)."),
    ] = True,
    note: NoteOpt = "",
) -> None:
    """Correct a candidate (or a fact) and, by default, accept it."""
    changes: dict[str, str | None] = {}
    for item in set_:
        field, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"expected FIELD=VALUE, got {item!r}", "--set")
        changes[field.strip()] = value
    st = state(ctx)
    store = st.store()
    current = store.get_fact(fact_id)
    status = ReviewStatus.ACCEPTED if accept or current is None else current.status
    d = review.decide(store, fact_id, status, by=st.settings.user, note=note, changes=changes)
    render.console.print(f"{d.fact_id}: {d.after.change_note} (version {d.after.version})")


@review_app.command("pin")
def review_pin(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(help="The reading to make the headline.")],
    unpin: Annotated[bool, typer.Option("--unpin", help="Remove the pin.")] = False,
    note: NoteOpt = "",
) -> None:
    """Choose this reading as the headline among conflicting reports."""
    st = state(ctx)
    store = st.store()
    current = store.get_fact(fact_id)
    status = current.status if current else ReviewStatus.ACCEPTED
    d = review.decide(store, fact_id, status, by=st.settings.user, note=note, pin=not unpin)
    render.console.print(
        f"{d.fact_id}: {'unpinned' if unpin else 'pinned'} (version {d.after.version})"
    )
