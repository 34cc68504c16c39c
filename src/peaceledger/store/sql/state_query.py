"""The SQL behind `SqlStore.facts_for_state`: the facts a mission's state as of D can use.

`domain.series` walks each series' reports in date order (a cumulative total may not fall, a
weaker report may not replace a stronger one, arrivals count only on a recent level), so a
state needs every accepted report of the mission up to D, not just the latest level of each
series: the accepted facts dated on or before D, the undated ones (the state dates them by
their source), and, for a known-at question, only those known by then. `ix_facts_series`
(mission, status, ...) serves the scan.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Select, bindparam, or_, select

from ...domain.vocab import ReviewStatus
from .tables import facts

UNUSED = ("date_of_fact", "date_end", "known_since")
"""Columns `rows.row_to_fact` does not read (they are derived from others)."""


def build(dialect: str, with_known_at: bool, materialize: bool) -> Select[Any]:
    """The statement, with bind parameters `mission`, `as_of` and (if asked) `known_at`."""
    c = facts.c
    cond = [
        c.mission == bindparam("mission"),
        c.status == ReviewStatus.ACCEPTED.value,
        or_(c.date_start <= bindparam("as_of", type_=Date()), c.date_start.is_(None)),
    ]
    if with_known_at:
        cond.append(c.known_since <= bindparam("known_at", type_=Date()))
    columns = [col for col in facts.c if col.name not in UNUSED]
    return select(*columns).where(*cond)
