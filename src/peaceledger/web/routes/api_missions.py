"""`/api/v1/missions`, the state of a mission as of a date, its timeline, and the actors."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ...domain.vocab import Metric
from ...errors import InputError
from ...export.headlines import HEADLINE_COLUMNS, headline_rows
from ...export.writers import csv_text
from ...ledger import query, serialize
from ..deps import ONE_READER, NamesDep, SettingsDep, StoreDep
from ..json_response import JSONResponse
from ..params import DateDep, enum_values, parse_day, require_actor_code
from ..schemas import (
    ERRORS,
    ActorList,
    MissionList,
    MissionOut,
    StateOut,
    TimelineOut,
    with_csv,
)

router = APIRouter(tags=["missions"], responses=ERRORS, dependencies=[ONE_READER])


@router.get("/missions", response_model=MissionList)
def missions(store: StoreDep) -> JSONResponse:
    """Every mission in the ledger, with its mandate and its predecessor or successor."""
    return JSONResponse({"missions": [serialize.mission_dict(m) for m in store.list_missions()]})


@router.get("/missions/{code}", response_model=MissionOut)
def mission(store: StoreDep, code: str) -> JSONResponse:
    return JSONResponse(serialize.mission_dict(query.require_mission(store, code)))


class StateFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@router.get("/missions/{code}/state", response_model=StateOut, responses=with_csv(StateOut))
def state(
    store: StoreDep,
    settings: SettingsDep,
    names: NamesDep,
    code: str,
    dates: DateDep,
    fmt: Annotated[
        StateFormat,
        Query(
            alias="format",
            description="json (default), or csv: the headlines as a long table, one row per "
            "actor, series and channel, with an HXL hashtag row under the header.",
        ),
    ] = StateFormat.JSON,
) -> Response:
    """The state on `as_of` from what had been published by `known_at`: pledges next to
    deployments, money on each rung, mission-wide figures next to country sums, conflicts.
    Every figure carries its source's kind (`source_kind`: official, wire, outlet,
    aggregator, mirror or unrated; a syndicated copy counts as its origin), whether it is
    `derived` (with `derivation` and `derived_from`), and `why` it is the headline.

    Without `as_of`: today, or the last day of a mission that has ended (after it, its
    successor carries the force; see `/forces/{host}/state`).

    `format=csv` answers the same headlines as CSV (`text/csv`): a header row, then the HXL
    hashtag row (`#activity+code`, `#country+code`, `#indicator+code`, `#value`,
    `#meta+source+kind`, `#meta+derived`, ...), then one row per actor, series and channel
    with its source, source kind, derivation, series rule, date rule and the readings it
    overrode: the table `peaceledger status --format csv` prints."""
    m = query.require_mission(store, code)
    dates = dates.for_mission(m)
    report = query.mission_state(store, m.code, dates.as_of, dates.known_at, settings.stale_days)
    if fmt is StateFormat.CSV:
        rows = headline_rows(report.state, report.sources, names)
        stem = f"{m.code}-state-{dates.as_of.isoformat()}"
        return Response(
            csv_text(rows, HEADLINE_COLUMNS),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{stem}.csv"'},
        )
    return JSONResponse(
        serialize.state_dict(report.state, report.sources, names, settings.stale_days)
    )


@router.get("/missions/{code}/timeline", response_model=TimelineOut)
def timeline(
    store: StoreDep,
    names: NamesDep,
    code: str,
    actor: Annotated[str | None, Query(description="ISO alpha-3 or organisation code.")] = None,
    metric: Annotated[
        list[str] | None, Query(description=f"Repeat for several: {', '.join(Metric)}.")
    ] = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    known_at: str | None = None,
) -> JSONResponse:
    """Each report date of a series with every source's reading and the running value."""
    query.require_mission(store, code)
    who = require_actor_code(store, actor) if actor else None
    d_from = parse_day(date_from, "from", end=False)
    d_to = parse_day(date_to, "to")
    if d_from and d_to and d_from > d_to:
        raise InputError(f"from {d_from} is after to {d_to}", "from")
    t = query.timeline(
        store,
        mission=code,
        actor=who,
        metrics=enum_values(Metric, metric, "metric"),
        date_from=d_from,
        date_to=d_to,
        known_at=parse_day(known_at, "known_at"),
    )
    return JSONResponse(serialize.timeline_dict(t, names))


@router.get("/actors", response_model=ActorList)
def actors(store: StoreDep) -> JSONResponse:
    """The 193 UN member states and the organisations, with the codes the API takes."""
    return JSONResponse(
        {
            "actors": [
                {"code": a.code, "name": a.name, "kind": a.kind.value, "un_member": a.un_member}
                for a in store.list_actors()
            ]
        }
    )
