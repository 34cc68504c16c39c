"""`/api/v1/missions`, the state of a mission as of a date, its timeline, and the actors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ...domain.vocab import Metric
from ...errors import InputError
from ...ledger import query, serialize
from ..deps import ONE_READER, NamesDep, StoreDep
from ..json_response import JSONResponse
from ..params import DateDep, enum_values, parse_day, require_actor_code
from ..schemas import ERRORS, ActorList, MissionList, MissionOut, StateOut, TimelineOut

router = APIRouter(tags=["missions"], responses=ERRORS, dependencies=[ONE_READER])


@router.get("/missions", response_model=MissionList)
def missions(store: StoreDep) -> JSONResponse:
    """Every mission in the ledger, with its mandate and its predecessor or successor."""
    return JSONResponse({"missions": [serialize.mission_dict(m) for m in store.list_missions()]})


@router.get("/missions/{code}", response_model=MissionOut)
def mission(store: StoreDep, code: str) -> JSONResponse:
    return JSONResponse(serialize.mission_dict(query.require_mission(store, code)))


@router.get("/missions/{code}/state", response_model=StateOut)
def state(store: StoreDep, names: NamesDep, code: str, dates: DateDep) -> JSONResponse:
    """The state on `as_of` from what had been published by `known_at`: pledges next to
    deployments, money on each rung, mission-wide figures next to country sums, conflicts."""
    report = query.mission_state(store, code, dates.as_of, dates.known_at)
    return JSONResponse(serialize.state_dict(report.state, report.sources, names))


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
