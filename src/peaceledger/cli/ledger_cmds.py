"""`status`, `facts`, `timeline`, `sources`, `show`: reading the ledger."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer
from rich.markup import escape

from ..domain.vocab import Metric, ReviewStatus
from ..errors import InputError
from ..ledger import query, serialize
from ..store.base import FactFilter
from . import render
from .main import state
from .options import (
    ActorOpt,
    AsOfOpt,
    Format,
    FormatOpt,
    FromOpt,
    KnownAtOpt,
    MissionOpt,
    ToOpt,
    parse_day,
)

MetricOpt = Annotated[
    list[Metric] | None, typer.Option("--metric", help="One or more metrics (repeat the option).")
]
StatusOpt = Annotated[
    list[ReviewStatus] | None,
    typer.Option("--status", help="Review status (default: accepted); repeat for several."),
]


def register(app: typer.Typer) -> None:
    app.command()(status)
    app.command()(force)
    app.command()(facts)
    app.command()(timeline)
    app.command()(sources)
    app.command("rate-source")(rate_source)
    app.command()(show)


def status(
    ctx: typer.Context,
    mission: MissionOpt = "MSS-HTI",
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """The state of a mission on a date: pledges next to deployments, money, conflicts.
    Without --as-of: today, or the last day of a mission that has ended."""
    st = state(ctx)
    store = st.store()
    m = query.require_mission(store, mission)
    day = parse_day(as_of, "--as-of", end=True) or m.default_as_of(date.today())
    known = parse_day(known_at, "--known-at", end=True)
    report = query.mission_state(store, m.code, day, known, st.settings.stale_days)
    _print_state(report, query.actor_names(store), fmt, st.settings.stale_days)


def _print_state(
    report: query.StateReport, names: dict[str, str], fmt: Format, stale_days: int
) -> None:
    if fmt is Format.JSON:
        render.print_json(serialize.state_dict(report.state, report.sources, names, stale_days))
    elif fmt is Format.CSV:
        from ..export.headlines import HEADLINE_COLUMNS, headline_rows
        from ..export.writers import write_csv

        rows = headline_rows(report.state, report.sources, names)
        write_csv(rows, HEADLINE_COLUMNS, sys.stdout)
    else:
        render.render_state(report, names, stale_days)


def force(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Argument(help="Host country (HTI) or any mission of the chain (MSS-HTI).")
    ] = "HTI",
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """The force in a country across a succession of missions (MSS-HTI → GSF-HTI): the same
    contingents as one line across the rename, with each handover marked. Personnel only:
    each mission's money is its own (see `status`)."""
    from ..ledger.force import force_state

    st = state(ctx)
    store = st.store()
    day = parse_day(as_of, "--as-of", end=True) or date.today()
    known = parse_day(known_at, "--known-at", end=True)
    rep = force_state(store, host, day, known, st.settings.stale_days)
    names = query.actor_names(store)
    report = query.StateReport(rep.state, rep.sources)
    if fmt is Format.TABLE:
        chain = " → ".join(m.code for m in rep.chain)
        render.console.print(
            f"[bold]The force in {rep.state.mission.host}[/bold]: {chain}; on {day} it is "
            f"[bold]{rep.current.code}[/bold] ({escape(rep.current.name)})"
        )
        for h in rep.handovers:
            render.console.print(f"[dim]handover {h.from_code} → {h.to_code} on {h.day}[/dim]")
        render.render_force(report, names, st.settings.stale_days)
    elif fmt is Format.JSON:
        out = serialize.state_dict(rep.state, rep.sources, names, st.settings.stale_days)
        out["chain"] = [serialize.mission_dict(m) for m in rep.chain]
        out["handovers"] = [
            {"from": h.from_code, "to": h.to_code, "date": h.day.isoformat()} for h in rep.handovers
        ]
        out["current"] = rep.current.code
        render.print_json(out)
    else:
        _print_state(report, names, fmt, st.settings.stale_days)


def _filter(
    ctx: typer.Context,
    mission: str | None,
    actor: str | None,
    metric: list[Metric] | None,
    date_from: str | None,
    date_to: str | None,
    status_: list[ReviewStatus] | None,
    known_at: str | None,
    limit: int | None,
) -> FactFilter:
    store = state(ctx).store()
    if mission:
        query.require_mission(store, mission)
    actor_code = None
    if actor is not None:
        actor_code = (
            "" if actor.strip() in ("", "-", "mission") else query.require_actor(store, actor)
        )
    d_from = parse_day(date_from, "--from")
    d_to = parse_day(date_to, "--to", end=True)
    if d_from and d_to and d_from > d_to:
        raise InputError(f"--from {d_from} is after --to {d_to}", "--from")
    if limit is not None and limit <= 0:
        raise InputError("must be a positive number", "--limit")
    return FactFilter(
        mission=mission,
        actor=actor_code,
        metrics=tuple(metric or ()),
        statuses=tuple(status_ or (ReviewStatus.ACCEPTED,)),
        date_from=d_from,
        date_to=d_to,
        known_at=parse_day(known_at, "--known-at", end=True),
        limit=limit,
    )


def facts(
    ctx: typer.Context,
    mission: Annotated[str | None, typer.Option("--mission", "-m", help="Mission code.")] = None,
    actor: ActorOpt = None,
    metric: MetricOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    status_: StatusOpt = None,
    known_at: KnownAtOpt = None,
    limit: Annotated[int | None, typer.Option("--limit", help="At most this many facts.")] = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List facts, filtered; `--actor mission` selects figures about the mission as a whole."""
    flt = _filter(ctx, mission, actor, metric, date_from, date_to, status_, known_at, limit)
    store = state(ctx).store()
    listing = query.list_facts(store, flt)
    names = query.actor_names(store)
    if fmt is Format.JSON:
        render.print_json(
            {
                "facts": serialize.facts_dicts(listing.facts, names),
                "next_cursor": listing.next_cursor,
            }
        )
    elif fmt is Format.CSV:
        from ..export.columns import FACT_COLUMNS, fact_row

        render.print_csv(
            [fact_row(f, listing.sources, names) for f in listing.facts],
            [c.name for c in FACT_COLUMNS],
        )
    else:
        render.render_facts(listing.facts, listing.sources, names, f"{len(listing.facts)} fact(s)")


def timeline(
    ctx: typer.Context,
    actor: ActorOpt = None,
    metric: MetricOpt = None,
    mission: Annotated[str | None, typer.Option("--mission", "-m", help="Mission code.")] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    known_at: KnownAtOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """A series over time with every source's reading, conflicts flagged, events alongside."""
    flt = _filter(ctx, mission, actor, metric, date_from, date_to, None, known_at, None)
    store = state(ctx).store()
    t = query.timeline(
        store,
        mission=flt.mission,
        actor=flt.actor,
        metrics=flt.metrics,
        date_from=flt.date_from,
        date_to=flt.date_to,
        known_at=flt.known_at,
    )
    names = query.actor_names(store)
    data = serialize.timeline_dict(t, names)
    if fmt is Format.JSON:
        render.print_json(data)
    elif fmt is Format.CSV:
        cols = [
            "type",
            "date",
            "actor",
            "metric",
            "value",
            "unit",
            "qualifier",
            "source_id",
            "conflict",
            "kind",
            "description",
        ]
        render.print_csv(data["entries"], cols)
    else:
        render.render_timeline(t, names)


def sources(
    ctx: typer.Context,
    search: Annotated[str | None, typer.Option("--search", "-s", help="Words to look for.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 50,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List sources, or search their titles, publishers and stored text."""
    found = query.search_sources(state(ctx).store(), search, limit)
    if fmt is Format.JSON:
        render.print_json({"sources": [serialize.source_dict(s) for s in found]})
    elif fmt is Format.CSV:
        rows = [serialize.source_dict(s) for s in found]
        render.print_csv(
            rows,
            [
                "source_id",
                "kind",
                "url",
                "title",
                "publisher",
                "published",
                "sha256",
                "retrieved_at",
            ],
        )
    else:
        render.render_sources(found)


def show(
    ctx: typer.Context,
    fact_id: Annotated[str, typer.Argument(help="The fact's id, e.g. MSS-057.")],
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """A fact with its source and every version it has had."""
    store = state(ctx).store()
    detail = query.fact_detail(store, fact_id)
    names = query.actor_names(store)
    if fmt is Format.TABLE:
        render.render_detail(detail, names)
        return
    data = serialize.detail_dict(detail, names)
    if fmt is Format.JSON:
        render.print_json(data)
    else:
        render.print_csv(
            [serialize.fact_dict(v) for v in detail.history],
            [
                "fact_id",
                "version",
                "status",
                "value",
                "unit",
                "qualifier",
                "date_of_fact",
                "recorded_by",
                "recorded_at",
                "change_note",
            ],
        )


def rate_source(
    ctx: typer.Context,
    source_id: Annotated[str, typer.Argument(help="The source's id (S...).")],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="official, wire, outlet, aggregator, mirror or unrated."),
    ] = None,
    origin: Annotated[
        str | None,
        typer.Option(
            "--origin",
            help="For a syndicated copy: whose report it carries (AP, Reuters...); '' clears.",
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why (kept in the audit log).")] = "",
) -> None:
    """Say how far a source is trusted and whose report it carries; audited."""
    from ..ledger.rating import rate_source as rate

    if kind is None and origin is None:
        raise InputError("give --kind, --origin or both", "--kind")
    st = state(ctx)
    s = rate(st.store(), source_id, kind, origin, by=st.settings.user, note=note)
    carried = (
        f", a copy of {s.origin} ({s.origin_kind.value})" if s.origin and s.origin_kind else ""
    )
    render.console.print(f"{s.source_id}: {s.kind.value}{escape(carried)}")
