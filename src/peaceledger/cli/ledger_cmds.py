"""`status`, `facts`, `timeline`, `sources`, `show`: reading the ledger."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

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
    app.command()(facts)
    app.command()(timeline)
    app.command()(sources)
    app.command()(show)


def status(
    ctx: typer.Context,
    mission: MissionOpt = "MSS-HTI",
    as_of: AsOfOpt = None,
    known_at: KnownAtOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """The state of a mission on a date: pledges next to deployments, money, conflicts."""
    day = parse_day(as_of, "--as-of", end=True) or date.today()
    known = parse_day(known_at, "--known-at", end=True)
    store = state(ctx).store()
    report = query.mission_state(store, mission, day, known)
    names = query.actor_names(store)
    if fmt is Format.JSON:
        render.print_json(serialize.state_dict(report.state, report.sources, names))
    elif fmt is Format.CSV:
        rows = render.state_csv_rows(report, names)
        render.print_csv(rows, list(rows[0].keys()) if rows else ["actor"])
    else:
        render.render_state(report, names)


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
