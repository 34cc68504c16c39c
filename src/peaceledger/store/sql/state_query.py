"""The SQL behind `SqlStore.facts_for_state`: which facts can matter for a mission's state.

`domain.state.state_as_of` gives a series (one actor's strength, pledge, ceiling, fatalities,
or money on one rung and channel) its latest *level* on or before the day D, plus the changes
reported after that level. So of a series' facts only those whose period ends on or after the
latest level's start can matter; with ten years of reports that is a few in a hundred. The
query returns exactly those, and besides:

* every fact with no date of its own: the state dates it by its source's publication, which
  the query does not look at;
* for a contributor whose only figures so far are tranches (`basis=part`, never counted), one
  of them, because the state lists that contributor all the same.

It must never change the answer: `tests/store/test_store.py` compares it with the state of all
facts, and `bench/state.py` does so on a million facts.

The shape is chosen for a million facts (see bench/state.py); every step reads only
`ix_facts_series`, and whole rows are fetched for the result alone:

1. `series`: one scan of the mission's index entries, grouped per (actor, metric, channel):
   the latest level start, whether any fact counts, one tranche, whether any fact is undated;
2. `latest`: per group, the latest level of its series (arrivals and withdrawals belong to
   the deployed strength's), over the few hundred groups;
3. `narrowed`: per group, an index range from the first day of that level's year (no
   reporting period crosses a new year, so nothing that ends on or after the level starts
   earlier) to D; the undated facts of the groups that have some; the tranches of step 1 that
   list a contributor. Materialised, so that no planner fetches whole rows first;
4. the rows of those keys.

The joins of step 3 compare the nullable actor and channel with `=` or `IS NULL`, one branch
per combination, because PostgreSQL cannot search an index with `IS NOT DISTINCT FROM`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    Date,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ...domain.vocab import Basis, Metric, ReviewStatus
from .tables import facts

CHANGE_METRICS = (Metric.PERSONNEL_ARRIVED.value, Metric.PERSONNEL_WITHDRAWN.value)
"""Always changes, never levels: they belong to the deployed strength's series. With them,
`domain.state.series_of` in SQL terms: a series is (actor, level metric, channel). The channel
is part of every key although only money series have one: personnel facts carry none
(`fact_problems`), and if one did, splitting its series would give each part an earlier
latest level, so more facts, never fewer, would be passed on."""

UNUSED = ("date_of_fact", "date_end", "known_since")
"""Columns `rows.row_to_fact` does not read (they are derived from others)."""

EARLIEST = date(1, 1, 1)


class year_start(FunctionElement[date]):
    """The first day of the year of a date."""

    type = Date()
    inherit_cache = True
    name = "year_start"


@compiles(year_start, "sqlite")
def _year_start_sqlite(element: year_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, 'start of year')"


@compiles(year_start, "postgresql")
def _year_start_postgresql(element: year_start, compiler: SQLCompiler, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"make_date(CAST(extract(year FROM {arg}) AS INTEGER), 1, 1)"


def build(dialect: str, with_known_at: bool, materialize: bool) -> Select[Any]:
    """The statement, with bind parameters `mission`, `as_of` and (if asked) `known_at`.

    `materialize`: the database understands `WITH x AS MATERIALIZED`.
    """
    c = facts.c
    key = literal_column("facts.rowid") if dialect == "sqlite" else c.fact_id
    as_of = bindparam("as_of", type_=Date())
    scope = [c.mission == bindparam("mission"), c.status == ReviewStatus.ACCEPTED.value]
    if with_known_at:
        scope.append(c.known_since <= bindparam("known_at", type_=Date()))
    part = c.basis == Basis.PART.value
    undated = c.date_start.is_(None)
    is_level = and_(c.basis == Basis.TOTAL.value, c.metric.notin_(CHANGE_METRICS))

    series = (
        select(
            c.actor.label("a"),
            c.metric.label("m"),
            c.channel.label("ch"),
            func.max(case((is_level, c.date_start))).label("d"),
            func.max(case((or_(part, undated), 0), else_=1)).label("counts"),
            func.min(case((and_(part, ~undated), key))).label("part"),
            func.max(case((undated, 1), else_=0)).label("undated"),
        )
        .where(*scope, or_(c.date_start <= as_of, undated))
        .group_by(c.actor, c.metric, c.channel)
        .cte("series")
    )
    s = series.c
    level_metric = case(
        (s.m.in_(CHANGE_METRICS), literal(Metric.PERSONNEL_DEPLOYED.value)), else_=s.m
    )
    latest = select(
        s.a,
        s.m,
        s.ch,
        s.undated,
        func.max(s.d).over(partition_by=[s.a, level_metric, s.ch]).label("sd"),
    ).cte("latest")
    lv = latest.c
    lower = func.coalesce(year_start(lv.sd), literal(EARLIEST, Date()))

    branches: list[Select[Any]] = []
    for actor_null in (False, True):
        for channel_null in (False, True):
            which = [
                lv.a.is_(None) if actor_null else lv.a.is_not(None),
                lv.ch.is_(None) if channel_null else lv.ch.is_not(None),
            ]
            group = [
                *scope,
                c.actor.is_(None) if actor_null else c.actor == lv.a,
                c.metric == lv.m,
                c.channel.is_(None) if channel_null else c.channel == lv.ch,
            ]
            dated = and_(*group, c.date_start >= lower, c.date_start <= as_of)
            branches.append(
                select(key.label("k"))
                .select_from(latest.join(facts, dated))
                .where(*which, ~part, or_(lv.sd.is_(None), c.date_end >= lv.sd))
            )
            branches.append(
                select(key.label("k"))
                .select_from(latest.join(facts, and_(*group, undated)))
                .where(*which, lv.undated == 1)
            )
    listing_only = select(func.min(s.part)).group_by(s.a).having(func.max(s.counts) == 0)
    narrowed = union_all(*branches, listing_only).cte("narrowed")
    if materialize:
        narrowed = narrowed.prefix_with("MATERIALIZED")
    columns = [col for col in facts.c if col.name not in UNUSED]
    return select(*columns).join(narrowed, key == narrowed.c.k)
