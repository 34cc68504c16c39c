"""`peaceledger history FACT_ID`, `revert FACT_ID --to-version N`, `retract FACT_ID` (issue 7).

The history is the audit log: every create, import, review decision, edit, retraction and
revert, with who, when, and the fields before and after. A revert is itself recorded. The CLI
is trusted (it holds the database URL), so it may revert; the web app allows it to admins only.
"""

from __future__ import annotations

from typing import Annotated, cast

import typer
from rich.markup import escape
from rich.table import Table

from ..domain.vocab import ReviewStatus
from ..ledger import review
from ..ledger.audit import audit_dict, fact_audit, revert_fact
from ..store.base import TrustedStore
from . import render
from .main import state
from .options import Format, FormatOpt

FactArg = Annotated[str, typer.Argument(help="The fact's id, e.g. MSS-057.")]


def register(app: typer.Typer) -> None:
    app.command()(history)
    app.command()(revert)
    app.command()(retract)


def _store(ctx: typer.Context) -> TrustedStore:
    return cast(TrustedStore, state(ctx).store())


def history(ctx: typer.Context, fact_id: FactArg, fmt: FormatOpt = Format.TABLE) -> None:
    """Who changed a fact, when, and what: each field before and after."""
    entries = [audit_dict(e) for e in fact_audit(_store(ctx), fact_id)]
    if fmt is Format.JSON:
        render.print_json({"fact_id": fact_id, "entries": entries})
        return
    if fmt is Format.CSV:
        rows = [
            {
                **e,
                "changes": "; ".join(
                    f"{k}: {c['before']} -> {c['after']}" for k, c in e["changes"].items()
                ),
            }
            for e in entries
        ]
        render.print_csv(rows, ["id", "at", "actor", "action", "changes", "note"])
        return
    t = Table(title=f"{fact_id}: {len(entries)} change(s)", title_justify="left")
    for col in ("When", "Who", "What", "Changed (before -> after)", "Note"):
        t.add_column(col, overflow="fold")
    for e in entries:
        if e["before"] is None:
            changed = "created"
        else:
            changed = "\n".join(
                f"{k}: {_show(c['before'])} -> {_show(c['after'])}" for k, c in e["changes"].items()
            )
        t.add_row(
            e["at"] or "", escape(e["actor"]), e["action"], escape(changed), escape(e["note"])
        )
    render.console.print(t)


def _show(v: object) -> str:
    return "(none)" if v is None else str(v)


def revert(
    ctx: typer.Context,
    fact_id: FactArg,
    to_version: Annotated[int, typer.Option("--to-version", help="The version to restore.", min=1)],
    note: Annotated[str, typer.Option("--note", help="Why; kept in the audit log.")] = "",
    expected_version: Annotated[
        int | None,
        typer.Option(
            "--expected-version",
            help="Refuse if the fact is no longer at this version (someone changed it).",
            min=1,
        ),
    ] = None,
) -> None:
    """Restore an earlier version's content as a new version (the revert is recorded)."""
    st = state(ctx)
    after = revert_fact(
        _store(ctx),
        fact_id,
        to_version,
        by=st.settings.user,
        note=note,
        expected_version=expected_version,
    )
    render.console.print(f"{fact_id}: {after.change_note} (version {after.version})")


def retract(
    ctx: typer.Context,
    fact_id: FactArg,
    note: Annotated[str, typer.Option("--note", help="Why (e.g. the source withdrew it).")] = "",
) -> None:
    """Mark a fact retracted (its source withdrew it): kept, but out of every total."""
    st = state(ctx)
    d = review.decide(_store(ctx), fact_id, ReviewStatus.RETRACTED, by=st.settings.user, note=note)
    render.console.print(f"{d.fact_id}: retracted (version {d.after.version})")
