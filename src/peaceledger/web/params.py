"""Query parameters shared by the pages and the API, parsed into service arguments.

Pages and API routes take the same parameters with the same names, so a page URL and an API
URL select the same facts. Every problem is an `InputError` (or `NotFoundError`) naming the
parameter, which `web.errors` turns into a 4xx answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Annotated, TypeVar

from fastapi import Depends, Query

from ..domain.dates import parse_fuzzy_date
from ..domain.missions import Mission
from ..domain.vocab import Metric, ReviewStatus
from ..errors import InputError, NotFoundError
from ..ledger.query import require_mission
from ..store.base import FactFilter, LedgerStore
from .deps import StoreDep

MAX_PAGE_SIZE = 1000
"""A page of facts is at most this long: enough for any screen, small enough to stay fast."""

E = TypeVar("E", bound=Enum)
_CURSOR = re.compile(r"^(\d{4}-\d{2}-\d{2})?\|[\w.\-:]{1,100}$")


def parse_day(text: str | None, where: str, *, end: bool = True) -> date | None:
    """A day from an ISO date of any precision: the last day of the period by default (so
    `as_of=2024` means the end of 2024), the first with `end=False`."""
    if text is None or not text.strip():
        return None
    try:
        d = parse_fuzzy_date(text)
    except InputError as exc:
        raise InputError(exc.problem, where) from None
    return d.end if end else d.start


def require_actor_code(store: LedgerStore, code: str) -> str:
    """An actor code as stored (upper-case ISO alpha-3 or an organisation code)."""
    text = code.strip()
    norm = text.upper() if len(text) == 3 else text
    if norm not in store.actor_codes():
        raise NotFoundError("country or organisation", f"{text} (use ISO 3166 alpha-3, e.g. KEN)")
    return norm


def enum_values(kind: type[E], given: list[str] | None, where: str) -> tuple[E, ...]:
    """Values of a vocabulary from repeated parameters; empty ones (a form's "any") are
    skipped, unknown ones refused with the list of known words."""
    out: list[E] = []
    for raw in given or []:
        text = raw.strip()
        if not text:
            continue
        try:
            out.append(kind(text))
        except ValueError:
            known = ", ".join(str(v.value) for v in kind)
            raise InputError(f"unknown value {text!r}; expected one of {known}", where) from None
    return tuple(out)


def enum_value(kind: type[E], given: str | None, where: str) -> E | None:
    values = enum_values(kind, [given] if given else None, where)
    return values[0] if values else None


def check_cursor(cursor: str | None) -> str | None:
    """The opaque `next_cursor` of a previous page; anything else is refused, not guessed."""
    if not cursor:
        return None
    m = _CURSOR.match(cursor)
    if m is None:
        raise InputError("not a cursor from a previous page's next_cursor", "cursor")
    if m[1]:
        try:
            date.fromisoformat(m[1])
        except ValueError:
            raise InputError("not a cursor from a previous page's next_cursor", "cursor") from None
    return cursor


@dataclass(frozen=True)
class DateQuery:
    as_of: date
    known_at: date | None
    as_of_text: str
    known_at_text: str

    @property
    def defaulted(self) -> bool:
        """No `as_of` was given: the day is the default, which a page should say."""
        return not self.as_of_text

    def for_mission(self, mission: Mission) -> DateQuery:
        """Without `as_of`, an ended mission is shown as of its last day: after it, its
        figures stand still and its successor carries the force (today would read as if the
        mission were still there)."""
        if not self.defaulted:
            return self
        return replace(self, as_of=mission.default_as_of(self.as_of))

    @property
    def link_query(self) -> str:
        """`as_of=...&known_at=...` for the links of a page, so they keep its dates."""
        parts = [f"as_of={self.as_of.isoformat()}"]
        if self.known_at:
            parts.append(f"known_at={self.known_at.isoformat()}")
        return "&".join(parts)


def date_query(
    as_of: Annotated[
        str | None, Query(description="The date the figures refer to (ISO 8601; default today).")
    ] = None,
    known_at: Annotated[
        str | None, Query(description="Only what had been published by this date (ISO 8601).")
    ] = None,
) -> DateQuery:
    day = parse_day(as_of, "as_of") or date.today()
    known = parse_day(known_at, "known_at")
    return DateQuery(day, known, (as_of or "").strip(), (known_at or "").strip())


DateDep = Annotated[DateQuery, Depends(date_query)]


@dataclass(frozen=True)
class FactQuery:
    """A fact selection as the user wrote it (`params`, for links and exports) and as a
    `FactFilter`. `limited` says whether the user asked for a page (limit or cursor)."""

    flt: FactFilter
    params: dict[str, str | list[str]]
    limited: bool


def fact_query(
    store: StoreDep,
    mission: Annotated[str | None, Query(description="Mission code, e.g. MSS-HTI.")] = None,
    actor: Annotated[
        str | None,
        Query(description="ISO 3166 alpha-3 (KEN) or UN, EU...; `mission` for mission-wide."),
    ] = None,
    metric: Annotated[
        list[str] | None, Query(description=f"Repeat for several: {', '.join(Metric)}.")
    ] = None,
    status: Annotated[
        list[str] | None,
        Query(description=f"Review status (default: accepted): {', '.join(ReviewStatus)}."),
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="Facts dated on or after (ISO 8601).")
    ] = None,
    date_to: Annotated[
        str | None, Query(alias="to", description="Facts dated on or before (ISO 8601).")
    ] = None,
    known_at: Annotated[
        str | None, Query(description="Only what had been published by this date.")
    ] = None,
    source: Annotated[str | None, Query(description="Only facts from this source id.")] = None,
    limit: Annotated[
        int | None, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size (1-1000).")
    ] = None,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
) -> FactQuery:
    metrics = enum_values(Metric, metric, "metric")
    statuses_given = enum_values(ReviewStatus, status, "status")
    if mission:
        require_mission(store, mission)
    actor_code: str | None = None
    if actor is not None and actor.strip():
        actor_code = "" if actor.strip().lower() == "mission" else require_actor_code(store, actor)
    d_from = parse_day(date_from, "from", end=False)
    d_to = parse_day(date_to, "to")
    if d_from and d_to and d_from > d_to:
        raise InputError(f"from {d_from} is after to {d_to}", "from")
    known = parse_day(known_at, "known_at")
    statuses = statuses_given or (ReviewStatus.ACCEPTED,)
    params: dict[str, str | list[str]] = {}
    for key, value in (
        ("mission", mission),
        ("actor", actor),
        ("from", date_from),
        ("to", date_to),
        ("known_at", known_at),
        ("source", source),
    ):
        if value:
            params[key] = value.strip()
    if metrics:
        params["metric"] = [m.value for m in metrics]
    if statuses_given:
        params["status"] = [s.value for s in statuses_given]
    flt = FactFilter(
        mission=mission or None,
        actor=actor_code,
        metrics=metrics,
        statuses=statuses,
        date_from=d_from,
        date_to=d_to,
        source_id=source or None,
        known_at=known,
        after=check_cursor(cursor),
        limit=limit,
    )
    return FactQuery(flt, params, limited=limit is not None or bool(cursor))


FactQueryDep = Annotated[FactQuery, Depends(fact_query)]
