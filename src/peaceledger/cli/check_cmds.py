"""`check`: the consistency report over a ledger; `check note`: record why a finding stands."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ..domain.check import Finding
from ..ledger.check import CheckReport, note_finding, run_check
from . import render
from .main import state
from .options import Format, FormatOpt

check_app = typer.Typer(
    help="Report figures a careful reader would question; exit 1 when one is unexplained.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@check_app.callback()
def check(
    ctx: typer.Context,
    mission: Annotated[
        str | None, typer.Option("--mission", "-m", help="Only this mission (default: all).")
    ] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Cumulative series that fall, strength jumps from weaker sources, sums on stale bases,
    figures after a mission ended, one story counted twice, unrated sources, derived figures
    without inputs. Exit 1 when a finding is not explained by a pin, a reduction or a note."""
    if ctx.invoked_subcommand is not None:
        return
    st = state(ctx)
    report = run_check(st.store(), mission, st.settings.stale_days)
    if fmt is Format.JSON:
        render.print_json(_json(report))
    elif fmt is Format.CSV:
        render.print_csv(
            [_row(f) for f in report.findings],
            [
                "pattern",
                "key",
                "explained",
                "explained_by",
                "mission",
                "actor",
                "series",
                "fact_ids",
                "source_ids",
                "message",
            ],
        )
    else:
        _render(report)
    if report.unexplained:
        raise typer.Exit(1)


@check_app.command("note")
def note(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The finding's key, as `check` prints it.")],
    text: Annotated[str, typer.Argument(help="Why it stands (your sources, your reasoning).")],
) -> None:
    """Record why a finding stands; `check` then counts it as explained."""
    st = state(ctx)
    entry = note_finding(st.store(), key, text, st.settings.user)
    render.console.print(f"noted {escape(entry.key)}")


def _row(f: Finding) -> dict[str, object]:
    return {
        "pattern": f.pattern,
        "key": f.key,
        "explained": f.explained,
        "explained_by": f.explained_by or "",
        "mission": f.mission or "",
        "actor": f.actor or "",
        "series": f.series or "",
        "fact_ids": " ".join(f.fact_ids),
        "source_ids": " ".join(f.source_ids),
        "message": f.message,
    }


def _json(report: CheckReport) -> dict[str, object]:
    return {
        "mission": report.mission,
        "findings": [_row(f) for f in report.findings],
        "counts": {p: {"found": n, "unexplained": u} for p, (n, u) in report.counts().items()},
        "unexplained": len(report.unexplained),
    }


def _render(report: CheckReport) -> None:
    scope = report.mission or "all missions"
    if not report.findings:
        render.console.print(f"No suspicious patterns in {scope}.")
        return
    t = Table(title=f"Check of {scope}", title_justify="left")
    for col in ("Pattern", "Finding", "Explained by", "Key"):
        t.add_column(col, overflow="fold")
    for f in report.findings:
        t.add_row(
            f.pattern,
            escape(f.message),
            escape(f.explained_by) if f.explained_by else "[bold red]unexplained[/bold red]",
            escape(f.key),
        )
    render.console.print(t)
    n, u = len(report.findings), len(report.unexplained)
    render.console.print(
        f"{n} finding(s), {u} unexplained."
        + (
            " Fix the data with its source, or record why a finding stands: "
            'peaceledger check note KEY "why".'
            if u
            else ""
        )
    )
