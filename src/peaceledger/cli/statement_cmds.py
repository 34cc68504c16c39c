"""`statements`, `positions`, `review-statements` and `export-statements`: who said what.

Commands call `ledger.statements` and print what it returns; `--format json` prints the same
dicts the API returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..domain.positions import Positions
from ..domain.statements import Statement, Subject
from ..domain.vocab import ReviewStatus
from ..errors import InputError
from ..export import ExportFormat
from ..ledger import query
from ..ledger import statements as svc
from ..ledger.statements_serialize import positions_dict, statement_dict
from ..store.base import StatementFilter
from . import render
from .main import err_console, state
from .options import ActorOpt, Format, FormatOpt, FromOpt, ToOpt, parse_day

review_statements_app = typer.Typer(
    help="Review candidate statements: list, show, accept, reject, edit.",
    no_args_is_help=True,
)

StatusOpt = Annotated[
    list[ReviewStatus] | None,
    typer.Option("--status", help="Review status (default: accepted); repeat for several."),
]
SubjectOpt = Annotated[
    Subject | None, typer.Option("--subject", help="mission, funding, un_transition, deployment.")
]
SpeakerOpt = Annotated[
    str | None, typer.Option("--speaker", help="Part of the speaker's name, e.g. Rubio.")
]
MissionOpt = Annotated[str | None, typer.Option("--mission", "-m", help="Mission code.")]
NoteOpt = Annotated[str, typer.Option("--note", help="Why; kept in the statement's history.")]


def register(app: typer.Typer) -> None:
    app.command("statements")(statements)
    app.command("positions")(positions)
    app.command("export-statements")(export_statements)
    app.add_typer(review_statements_app, name="review-statements")


def _filter(
    ctx: typer.Context,
    mission: str | None,
    actor: str | None,
    speaker: str | None,
    date_from: str | None,
    date_to: str | None,
    status_: list[ReviewStatus] | None,
    subject: Subject | None,
    limit: int | None = None,
) -> StatementFilter:
    store = state(ctx).store()
    if mission:
        query.require_mission(store, mission)
    code = None
    if actor is not None:
        code = "" if actor.strip() in ("", "-", "none") else query.require_actor(store, actor)
    d_from = parse_day(date_from, "--from")
    d_to = parse_day(date_to, "--to", end=True)
    if d_from and d_to and d_from > d_to:
        raise InputError(f"--from {d_from} is after --to {d_to}", "--from")
    if limit is not None and limit <= 0:
        raise InputError("must be a positive number", "--limit")
    return StatementFilter(
        mission=mission,
        actor=code,
        speaker=speaker.strip() if speaker else None,
        statuses=tuple(status_ or (ReviewStatus.ACCEPTED,)),
        subjects=(subject,) if subject else (),
        date_from=d_from,
        date_to=d_to,
        limit=limit,
    )


def _speaker_cell(st: Statement) -> str:
    sp = st.speaker
    if not sp.resolved:
        return f"? {sp.text}" if sp.text else "? (no speaker)"
    return sp.name + (f" ({sp.role})" if sp.role else "")


def _table(items: list[Statement], title: str) -> Table:
    t = Table(title=title, title_justify="left")
    for col in ("Statement", "Date", "Speaker", "Actor", "Kind", "Subject", "Stance", "Evidence"):
        t.add_column(col, overflow="fold")
    for st in items:
        stance = st.stance.value + (f": {st.condition}" if st.condition else "")
        t.add_row(
            st.statement_id,
            st.date.iso if st.date else "",
            escape(_speaker_cell(st)),
            st.actor or "?",
            st.kind.value,
            st.subject.value,
            escape(stance) + (f" [dim]({escape(', '.join(st.cues))})[/dim]" if st.cues else ""),
            escape(st.evidence.quote if st.evidence else ""),
        )
    return t


_CSV_COLUMNS = [
    "statement_id",
    "date",
    "speaker_name",
    "speaker_role",
    "speaker_actor",
    "actor",
    "kind",
    "subject",
    "stance",
    "condition",
    "status",
    "source_id",
    "evidence_quote",
]


def _csv_row(st: Statement) -> dict[str, object]:
    return {
        "statement_id": st.statement_id,
        "date": st.date.iso if st.date else "",
        "speaker_name": st.speaker.name or st.speaker.text,
        "speaker_role": st.speaker.role,
        "speaker_actor": st.speaker.actor or "",
        "actor": st.actor or "",
        "kind": st.kind.value,
        "subject": st.subject.value,
        "stance": st.stance.value,
        "condition": st.condition,
        "status": st.status.value,
        "source_id": st.source_id,
        "evidence_quote": st.evidence.quote if st.evidence else "",
    }


def _print(items: list[Statement], fmt: Format, title: str, names: dict[str, str]) -> None:
    if fmt is Format.JSON:
        render.print_json({"statements": [statement_dict(s, names) for s in items]})
    elif fmt is Format.CSV:
        render.print_csv([_csv_row(s) for s in items], _CSV_COLUMNS)
    else:
        render.console.print(_table(items, title))


def statements(
    ctx: typer.Context,
    mission: MissionOpt = None,
    actor: ActorOpt = None,
    speaker: SpeakerOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    status_: StatusOpt = None,
    subject: SubjectOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many.")] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List statements (who said what about a mission), filtered; accepted ones by default."""
    flt = _filter(ctx, mission, actor, speaker, date_from, date_to, status_, subject, limit)
    store = state(ctx).store()
    listing = svc.list_statements(store, flt)
    names = query.actor_names(store)
    _print(listing.statements, fmt, f"{len(listing.statements)} statement(s)", names)


def _render_positions(ps: Positions, names: dict[str, str]) -> None:
    t = Table(
        title=f"Positions on {ps.mission or 'all missions'}: {len(ps.rows)} actor(s)",
        title_justify="left",
    )
    for col in ("Actor", "Latest stance", "Since", "Change over time", "By subject", "Statements"):
        t.add_column(col, overflow="fold")
    for p in ps.rows:
        stance = p.stance.value + (f": {p.condition}" if p.condition else "")
        t.add_row(
            f"{names.get(p.actor, p.actor)} ({p.actor})",
            escape(stance),
            p.since.iso if p.since else "",
            p.trajectory,
            ", ".join(f"{s.value}: {v.value}" for s, v in p.by_subject),
            escape(
                "; ".join(
                    f"{s.statement_id} {s.date.iso if s.date else ''} {_speaker_cell(s)}"
                    for s in p.statements
                )
            ),
        )
    render.console.print(t)
    if ps.unattributed:
        render.console.print(
            f"[yellow]{ps.unattributed} statement(s) without an actor are left out; "
            "name their speaker with: peaceledger review-statements edit[/yellow]"
        )


def positions(
    ctx: typer.Context,
    mission: Annotated[str, typer.Option("--mission", "-m", help="Mission code.")] = "MSS-HTI",
    actor: ActorOpt = None,
    subject: SubjectOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    status_: StatusOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Positions timeline: per actor, its latest stance, how it changed, and the statements
    behind it (accepted statements; add --status candidate to see unreviewed ones)."""
    flt = _filter(ctx, mission, actor, None, date_from, date_to, status_, subject)
    store = state(ctx).store()
    report = svc.positions(
        store,
        mission=mission,
        statuses=flt.statuses,
        actor=flt.actor,
        subject=subject,
        date_from=flt.date_from,
        date_to=flt.date_to,
    )
    names = query.actor_names(store)
    if fmt is Format.JSON:
        render.print_json(
            positions_dict(
                report.positions, report.sources, names, tuple(s.value for s in report.statuses)
            )
        )
    elif fmt is Format.CSV:
        rows = [
            {
                "actor": p.actor,
                "stance": p.stance.value,
                "condition": p.condition,
                "since": p.since.iso if p.since else "",
                "latest": p.latest.iso if p.latest else "",
                "trajectory": p.trajectory,
                "statements": " ".join(s.statement_id for s in p.statements),
            }
            for p in report.positions.rows
        ]
        render.print_csv(
            rows, ["actor", "stance", "condition", "since", "latest", "trajectory", "statements"]
        )
    else:
        _render_positions(report.positions, names)


def export_statements(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv (with an HXL row), json, xlsx or datapackage."),
    ] = ExportFormat.CSV,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File (csv, json, xlsx) or directory (datapackage)."),
    ] = None,
    mission: MissionOpt = None,
    actor: ActorOpt = None,
    speaker: SpeakerOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    status_: StatusOpt = None,
    subject: SubjectOpt = None,
) -> None:
    """Export exactly the statements the filters select (the same filters as `statements`)."""
    from ..export.statements import export_statements as write

    if fmt in (ExportFormat.XLSX, ExportFormat.DATAPACKAGE) and output is None:
        raise InputError(f"{fmt.value} needs --output", "--output")
    if output is not None and fmt is not ExportFormat.DATAPACKAGE and output.is_dir():
        raise InputError(f"{output} is a directory; give a file name", "--output")
    flt = _filter(ctx, mission, actor, speaker, date_from, date_to, status_, subject)
    store = state(ctx).store()
    listing = svc.list_statements(store, flt)
    q = {
        "mission": mission,
        "actor": actor,
        "speaker": speaker,
        "from": date_from,
        "to": date_to,
        "status": [s.value for s in flt.statuses],
        "subject": subject.value if subject else None,
    }
    report, text = write(listing, query.actor_names(store), fmt, output, q)
    if text is not None:
        typer.echo(text, nl=False)
    else:
        err_console.print(
            f"Wrote {report.facts} statement(s) and {report.sources} source(s) to "
            f"{report.path} ({fmt.value})."
        )


# --- review ---------------------------------------------------------------------------------


@review_statements_app.command("list")
def review_list(
    ctx: typer.Context,
    mission: MissionOpt = None,
    source: Annotated[str | None, typer.Option("--source", help="Only from this source.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 100,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Candidate statements waiting for a decision, with their evidence and stance cues."""
    store = state(ctx).store()
    items = svc.pending_statements(store, mission=mission, source_id=source, limit=limit)
    _print(items, fmt, f"{len(items)} candidate statement(s)", query.actor_names(store))


@review_statements_app.command("show")
def review_show(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(help="The statement.")],
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """A statement and every version it has had."""
    store = state(ctx).store()
    current, history = svc.statement_detail(store, statement_id)
    names = query.actor_names(store)
    if fmt is Format.JSON:
        render.print_json(
            {
                "statement": statement_dict(current, names),
                "history": [statement_dict(h, names) for h in history],
            }
        )
        return
    _print(history, fmt, f"{statement_id}: {len(history)} version(s)", names)


def _decide_many(ctx: typer.Context, ids: list[str], status: ReviewStatus, note: str) -> None:
    st = state(ctx)
    store = st.store()
    with store.transaction():  # all or none
        done = [svc.decide_statement(store, i, status, by=st.settings.user, note=note) for i in ids]
    for d in done:
        render.console.print(f"{d.statement_id}: {status.value} (version {d.after.version})")


@review_statements_app.command("accept")
def review_accept(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(help="Candidate statement ids.")],
    note: NoteOpt = "",
) -> None:
    """Accept candidate statements: they count in the positions timeline."""
    _decide_many(ctx, ids, ReviewStatus.ACCEPTED, note)


@review_statements_app.command("reject")
def review_reject(
    ctx: typer.Context,
    ids: Annotated[list[str], typer.Argument(help="Candidate statement ids.")],
    note: NoteOpt = "",
) -> None:
    """Reject candidate statements; they stay in the database, out of every position."""
    _decide_many(ctx, ids, ReviewStatus.REJECTED, note)


@review_statements_app.command("edit")
def review_edit(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(help="The statement to edit.")],
    set_: Annotated[
        list[str],
        typer.Option("--set", help="FIELD=VALUE, repeatable: " + ", ".join(svc.EDITABLE)),
    ],
    accept: Annotated[
        bool, typer.Option("--accept/--keep-status", help="Accept it with the edits (default).")
    ] = True,
    note: NoteOpt = "",
) -> None:
    """Correct a statement (speaker, actor, stance, condition, ...) and, by default, accept it."""
    changes: dict[str, str | None] = {}
    for item in set_:
        name, sep, value = item.partition("=")
        if not sep:
            raise InputError(f"expected FIELD=VALUE, got {item!r}", "--set")
        changes[name.strip()] = value
    st = state(ctx)
    store = st.store()
    current, _ = svc.statement_detail(store, statement_id)
    status = ReviewStatus.ACCEPTED if accept else current.status
    d = svc.decide_statement(
        store, statement_id, status, by=st.settings.user, note=note, changes=changes
    )
    render.console.print(f"{d.statement_id}: {d.after.change_note} (version {d.after.version})")
