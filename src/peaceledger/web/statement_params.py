"""Query parameters for statements and positions, shared by the page and the API so both
select the same statements; every problem names its parameter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

from ..domain.statements import Subject
from ..domain.vocab import ReviewStatus
from ..errors import InputError
from ..ledger.query import require_mission
from ..store.base import StatementFilter
from .deps import StoreDep
from .params import MAX_PAGE_SIZE, enum_value, enum_values, parse_day, require_actor_code


@dataclass(frozen=True)
class StatementQuery:
    flt: StatementFilter
    params: dict[str, str | list[str]]


def statement_query(
    store: StoreDep,
    mission: Annotated[str | None, Query(description="Mission code, e.g. MSS-HTI.")] = None,
    actor: Annotated[
        str | None, Query(description="The actor the statement binds (ISO alpha-3, UN, ...).")
    ] = None,
    speaker: Annotated[str | None, Query(description="Part of the speaker's name.")] = None,
    status: Annotated[
        list[str] | None,
        Query(description=f"Review status (default: accepted): {', '.join(ReviewStatus)}."),
    ] = None,
    subject: Annotated[str | None, Query(description=f"One of {', '.join(Subject)}.")] = None,
    date_from: Annotated[str | None, Query(alias="from", description="Said on or after.")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="Said on or before.")] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="At most this many (1-1000).")
    ] = None,
) -> StatementQuery:
    if mission:
        require_mission(store, mission)
    code = require_actor_code(store, actor) if actor and actor.strip() else None
    statuses = enum_values(ReviewStatus, status, "status")
    subj = enum_value(Subject, subject, "subject")
    d_from = parse_day(date_from, "from", end=False)
    d_to = parse_day(date_to, "to")
    if d_from and d_to and d_from > d_to:
        raise InputError(f"from {d_from} is after to {d_to}", "from")
    if speaker is not None and len(speaker) > 200:
        raise InputError("at most 200 characters", "speaker")
    params: dict[str, str | list[str]] = {}
    for key, value in (
        ("mission", mission),
        ("actor", actor),
        ("speaker", speaker),
        ("subject", subject),
        ("from", date_from),
        ("to", date_to),
    ):
        if value and value.strip():
            params[key] = value.strip()
    if statuses:
        params["status"] = [s.value for s in statuses]
    flt = StatementFilter(
        mission=mission or None,
        actor=code,
        speaker=speaker.strip() if speaker and speaker.strip() else None,
        statuses=statuses or (ReviewStatus.ACCEPTED,),
        subjects=(subj,) if subj else (),
        date_from=d_from,
        date_to=d_to,
        limit=limit,
    )
    return StatementQuery(flt, params)


StatementQueryDep = Annotated[StatementQuery, Depends(statement_query)]
