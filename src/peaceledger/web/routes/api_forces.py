"""`/api/v1/forces/{host}/state`: the force in a host country across its line of missions."""

from __future__ import annotations

from fastapi import APIRouter

from ...ledger.force import force_state
from ..deps import ONE_READER, NamesDep, SettingsDep, StoreDep
from ..force import force_dates, force_dict
from ..json_response import JSONResponse
from ..params import DateDep
from ..schemas import ERRORS, ForceStateOut

router = APIRouter(tags=["missions"], responses=ERRORS, dependencies=[ONE_READER])


@router.get("/forces/{host}/state", response_model=ForceStateOut)
def force(
    store: StoreDep, settings: SettingsDep, names: NamesDep, host: str, dates: DateDep
) -> JSONResponse:
    """The personnel of a host country's line of missions (HTI: MSS-HTI, then GSF-HTI) as one
    force on `as_of`: one line per contingent across the rename, so Kenya's police are one
    series from 2024 to after the 2026 handover. `host` is the host's ISO alpha-3 or any
    mission of the line. The state's fields, plus `chain` (the missions, first to last),
    `handovers` (`from`, `to`, `date`) and `current` (the mission the force is on `as_of`).
    Money is left out: each mission's funding is its own (see `/missions/{code}/state`).
    Without `as_of`: today, or the last day of the line if its last mission has ended."""
    dates = force_dates(store, host, dates)
    rep = force_state(store, host, dates.as_of, dates.known_at, settings.stale_days)
    return JSONResponse(force_dict(rep, names, settings.stale_days))
