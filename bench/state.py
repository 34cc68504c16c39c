"""Benchmark: `status --as-of` on a ledger of a million facts, on SQLite and PostgreSQL.

Usage (from the repository root)::

    python bench/state.py [--facts N] [--queries Q] [--pg-url URL] [--skip-pg] [--keep]

It builds the same synthetic ledger on each backend (seeded: every run builds identical data):
50 missions, the 193 UN member states as contributors, ten years of pledges, deployments,
arrivals, withdrawals, fatalities and money in a dozen currencies (some with rates in the
packaged FX table, some without), mission-wide figures, dates of every precision, a few
thousand sources, a small share of candidate and rejected facts, facts dated only by their
source, and facts with a second version. The proportions follow the built-in MSS Haiti
dataset. It loads the ledger through the store's bulk path (`add_facts`), then times the
service the CLI `status` command calls, `ledger.query.mission_state`, on random (mission,
as-of day) pairs: a warm-up, then `--queries` timed calls per backend.

Timings only mean something next to a peer measured in the same run on the same machine, so
the report gives ratios, never a pass/fail verdict (the exit status is 0 whatever the figures):

* PostgreSQL against SQLite, side by side;
* the naive way, per backend: every accepted fact of the mission (`ledger.query.list_facts`)
  with the state computed in Python, against our `facts_for_state` narrowing. The naive
  answers are compared with ours, field by field as `status --format json` prints them: a
  narrowing that got faster by being wrong stops the run.

The calls of both backends and of both ways alternate, so that whatever else the machine does
disturbs all of them alike. One real `peaceledger status` subprocess per backend is timed
too, for context: it includes interpreter start-up and imports.

SQLite lives in a temporary directory; PostgreSQL in a database of its own,
`peaceledger_bench`, created on the server of `--pg-url` and dropped at the end, so the `test`
database the test suite uses is never touched. `--keep` keeps both for inspection.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

from sqlalchemy.engine import make_url

from peaceledger.data import load_actors, load_fx_table
from peaceledger.domain.actors import Actor
from peaceledger.domain.dates import FuzzyDate, Precision
from peaceledger.domain.facts import Evidence, Fact
from peaceledger.domain.missions import Mission
from peaceledger.domain.money import FxTable
from peaceledger.domain.sources import Source
from peaceledger.domain.state import MissionState, state_as_of
from peaceledger.domain.vocab import (
    PERSONS,
    ActorKind,
    Basis,
    Channel,
    Metric,
    PersonnelType,
    Qualifier,
    ReviewStatus,
    SourceKind,
)
from peaceledger.ledger import serialize
from peaceledger.ledger.builtin import ensure_reference_data
from peaceledger.ledger.query import actor_names, list_facts, mission_state, require_mission
from peaceledger.store.base import FactFilter
from peaceledger.store.sql.store import SqlStore

DEFAULT_PG = os.environ.get(
    "PEACELEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
BENCH_DB = "peaceledger_bench"
TARGET_MS = 50.0
"""The issue's target for the median `status --as-of`, on both backends."""

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2025, 12, 31)
MISSIONS = 50
RECORDED_AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
"""A fixed recording time keeps the generated rows identical from run to run."""

T = TypeVar("T")

# Proportions of the built-in MSS Haiti dataset (`data/mss_haiti/facts.csv`): most contributors
# either send people or pay, few do both; pledges and strengths dominate; most money has no
# stated channel; most dates are days; most figures are exact. (value, weight)
TROOP_METRICS = (
    (Metric.PERSONNEL_PLEDGED, 27),
    (Metric.PERSONNEL_DEPLOYED, 22),
    (Metric.PERSONNEL_ARRIVED, 12),
    (Metric.PERSONNEL_WITHDRAWN, 4),
    (Metric.FATALITIES, 3),
)
DONOR_METRICS = (
    (Metric.FUNDING_PLEDGED, 12),
    (Metric.FUNDING_COMMITTED, 3),
    (Metric.FUNDING_PAID, 14),
)
ROLES = (("troops", 60), ("donor", 30), ("both", 10))
MISSION_METRICS = (
    (Metric.PERSONNEL_DEPLOYED, 30),
    (Metric.PERSONNEL_AUTHORIZED, 15),
    (Metric.FATALITIES, 10),
    (Metric.FUNDING_REQUIREMENT, 25),
    (Metric.FUNDING_PAID, 10),
    (Metric.FUNDING_PLEDGED, 10),
)
MISSION_WIDE_SHARE = 0.05
PRECISIONS = (
    (Precision.DAY, 76),
    (Precision.MONTH, 17),
    (Precision.QUARTER, 3),
    (Precision.HALF, 1),
    (Precision.YEAR, 3),
)
QUALIFIERS = (
    (Qualifier.EXACT, 68),
    (Qualifier.ABOUT, 18),
    (Qualifier.AT_LEAST, 7),
    (Qualifier.UP_TO, 5),
    (Qualifier.AT_MOST, 2),
)
STATUSES = (
    (ReviewStatus.ACCEPTED, 965),
    (ReviewStatus.CANDIDATE, 25),
    (ReviewStatus.REJECTED, 10),
)
CURRENCIES = (
    # USD and currencies of the packaged FX table (with rates for recent years only, so older
    # amounts take the explicit "no rate" path), and three with no rate at all
    ("USD", 40),
    ("EUR", 18),
    ("GBP", 7),
    ("CAD", 7),
    ("JPY", 5),
    ("CHF", 3),
    ("KES", 3),
    ("JMD", 1),
    ("BSD", 1),
    ("GTQ", 1),
    ("NOK", 5),
    ("SEK", 4),
    ("AUD", 5),
)
PERSONNEL_TYPES = (
    (PersonnelType.MILITARY, 40),
    (PersonnelType.POLICE, 30),
    (PersonnelType.CIVILIAN, 5),
    (PersonnelType.MIXED, 5),
    (None, 20),
)
CHANNELS = ((None, 60), (Channel.TRUST_FUND, 30), (Channel.BILATERAL, 10))
SOURCE_KINDS = ((SourceKind.OUTLET, 80), (SourceKind.OFFICIAL, 15), (SourceKind.WIRE, 5))
PART_SHARE = 0.03
"""Tranches and shares (`basis=part`): shown, never counted."""
INCREMENT_SHARE = 0.15
"""Personnel pledges stated as "another N" (`basis=increment`)."""
UNDATED_FACT_SHARE = 0.002
"""Facts with no date of their own: the state dates them by their source's publication."""
UNDATED_SOURCE_SHARE = 0.02
CORRECTED_SHARE = 0.005
"""Facts that get a second version: a corrected figure, or a reviewer's decision."""


# ----------------------------------------------------------------------------------------
# the synthetic ledger
# ----------------------------------------------------------------------------------------
class Weighted(Generic[T]):
    """`random.choices` with the cumulative weights computed once (it is called ~10^7 times)."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum: list[float] = []
        total = 0.0
        for _, w in pairs:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


@dataclass
class Dataset:
    missions: list[Mission]
    sources: list[Source]
    facts: list[Fact]
    corrections: list[Fact]
    """Second versions of some facts, stored after the bulk load."""
    spans: dict[str, tuple[date, date]]
    """Mission code -> the first and last day it has facts for; queries ask inside it."""
    sizes: dict[str, int]


def member_states() -> list[Actor]:
    return [a for a in load_actors() if a.kind is ActorKind.STATE and a.un_member]


def make_missions(
    rng: random.Random, hosts: Sequence[Actor]
) -> tuple[list[Mission], dict[str, tuple[date, date]]]:
    """Missions starting in the first four years; 40% of them end after three to six."""
    missions: list[Mission] = []
    spans: dict[str, tuple[date, date]] = {}
    for i, host in enumerate(rng.sample(list(hosts), MISSIONS)):
        code = f"BM{i + 1:02d}-{host.code}"
        start = FIRST_DAY + timedelta(days=rng.randrange(0, 4 * 365))
        end = (
            start + timedelta(days=rng.randrange(3 * 365, 6 * 365)) if rng.random() < 0.4 else None
        )
        missions.append(
            Mission(
                code=code,
                name=f"Benchmark mission {i + 1} in {host.name}",
                host=host.code,
                resolutions=(f"S/RES/{3000 + i} ({start.year})",),
                start=start,
                end=end,
                lead=None,
                description="synthetic, made by bench/state.py",
            )
        )
        spans[code] = (start, min(end or LAST_DAY, LAST_DAY))
    return missions, spans


def make_sources(rng: random.Random, n: int) -> list[Source]:
    """Sources published over the ten years, in publication order; a few undated."""
    kinds = Weighted(SOURCE_KINDS)
    days = (LAST_DAY - FIRST_DAY).days + 60
    out: list[Source] = []
    for i in range(n):
        day = FIRST_DAY + timedelta(days=rng.randrange(days))
        published = None if rng.random() < UNDATED_SOURCE_SHARE else FuzzyDate(day, Precision.DAY)
        out.append(
            Source(
                source_id=f"SB{i:07d}",
                kind=kinds.pick(rng),
                url=f"https://news.example.org/{day.isoformat()}/{i}",
                title=f"Report {i} on contributions",
                publisher=rng.choice(["AP", "AFP", "Reuters", "UN News", "Ministry"]),
                published=published,
                recorded_by="bench",
                recorded_at=RECORDED_AT,
            )
        )
    out.sort(key=lambda s: (s.published.start if s.published else date.max, s.source_id))
    return out


@dataclass
class Pickers:
    by_role: dict[str, Weighted[Metric]]
    roles: Weighted[str]
    mission_metric: Weighted[Metric]
    precision: Weighted[Precision]
    qualifier: Weighted[Qualifier]
    status: Weighted[ReviewStatus]
    currency: Weighted[str]
    ptype: Weighted[PersonnelType | None]
    channel: Weighted[Channel | None]


def pickers() -> Pickers:
    return Pickers(
        by_role={
            "troops": Weighted(TROOP_METRICS),
            "donor": Weighted(DONOR_METRICS),
            "both": Weighted(TROOP_METRICS + DONOR_METRICS),
        },
        roles=Weighted(ROLES),
        mission_metric=Weighted(MISSION_METRICS),
        precision=Weighted(PRECISIONS),
        qualifier=Weighted(QUALIFIERS),
        status=Weighted(STATUSES),
        currency=Weighted(CURRENCIES),
        ptype=Weighted(PERSONNEL_TYPES),
        channel=Weighted(CHANNELS),
    )


def generate(n_facts: int, seed: int) -> Dataset:
    """The whole ledger, deterministic for a given seed."""
    rng = random.Random(seed)
    states = member_states()
    fx = load_fx_table()
    pick = pickers()
    missions, spans = make_missions(rng, states)
    sources = make_sources(rng, max(100, min(5000, n_facts // 200)))
    dated = [s for s in sources if s.published is not None]
    undated = [s for s in sources if s.published is None]
    pub_days = [s.published.start for s in dated if s.published is not None]
    fuzzy: dict[tuple[date, Precision], FuzzyDate] = {}

    # missions differ in size, up to about six to one
    weights = [rng.uniform(0.3, 2.0) for _ in missions]
    counts = [int(n_facts * w / sum(weights)) for w in weights]
    counts[0] += n_facts - sum(counts)

    facts: list[tuple[date, Fact]] = []
    corrections: list[Fact] = []
    for m, count in zip(missions, counts, strict=True):
        first, last = spans[m.code]
        span_days = (last - first).days + 1
        contributors = rng.sample(states, rng.randrange(8, 61))
        # a few lead nations are reported on far more than the rest (Zipf-like)
        codes: list[str] = [a.code for a in contributors]
        actor_pick = Weighted([(c, 1.0 / (k + 1)) for k, c in enumerate(codes)])
        size = {c: int(rng.lognormvariate(5.5, 1.0)) + 10 for c in codes}
        role = {c: pick.by_role[pick.roles.pick(rng)] for c in codes}
        for seq in range(count):
            actor: str | None = None
            if rng.random() >= MISSION_WIDE_SHARE:
                actor = actor_pick.pick(rng)
            metric = (pick.mission_metric if actor is None else role[actor]).pick(rng)
            prec = pick.precision.pick(rng)
            key = (first + timedelta(days=rng.randrange(span_days)), prec)
            when = fuzzy.get(key)
            if when is None:
                when = fuzzy[key] = FuzzyDate.of(*key)
            scale = sum(size.values()) if actor is None else size[actor]
            value, unit, basis = figure(rng, metric, scale, pick)
            # a source published on the day or within about a month after it
            if rng.random() < 0.005 and undated:
                src = rng.choice(undated)
            else:
                i = bisect.bisect_left(pub_days, when.end) + rng.randrange(0, 40)
                src = dated[min(i, len(dated) - 1)]
            own_date: FuzzyDate | None = when
            if rng.random() < UNDATED_FACT_SHARE and src.published is not None:
                own_date = None
            fact = Fact(
                fact_id=f"{m.code}-{seq:07d}",
                mission=m.code,
                actor=actor,
                metric=metric,
                qualifier=pick.qualifier.pick(rng),
                value=value,
                unit=unit,
                personnel_type=None if metric.is_money else pick.ptype.pick(rng),
                channel=pick.channel.pick(rng) if metric.is_money else None,
                date_of_fact=own_date,
                source_id=src.source_id,
                evidence=Evidence(120, 180, f"{value} {unit}") if rng.random() < 0.3 else None,
                basis=basis,
                status=pick.status.pick(rng),
                pinned=rng.random() < 0.002,
                produced_by="bench:synthetic",
                confidence=round(rng.uniform(0.5, 1.0), 2) if rng.random() < 0.5 else None,
                recorded_by="bench",
                recorded_at=RECORDED_AT,
            )
            fact = with_usd(fact, fx, own_date or src.published)
            # recorded about when its source appeared, so missions interleave in the tables
            facts.append((src.published.start if src.published else when.end, fact))
            if rng.random() < CORRECTED_SHARE:
                corrections.append(correct(rng, fact, fx, own_date or src.published))
    facts.sort(key=lambda rf: (rf[0], rf[1].fact_id))
    sizes = dict(zip((m.code for m in missions), counts, strict=True))
    return Dataset(missions, sources, [f for _, f in facts], corrections, spans, sizes)


def figure(
    rng: random.Random, metric: Metric, scale: int, pick: Pickers
) -> tuple[Decimal, str, Basis]:
    """A plausible value for the metric, its unit and how it combines."""
    if metric.is_money:
        basis = Basis.PART if rng.random() < PART_SHARE else Basis.TOTAL
        return Decimal(rng.randrange(1, 2000) * 50_000), pick.currency.pick(rng), basis
    if metric in (Metric.PERSONNEL_ARRIVED, Metric.PERSONNEL_WITHDRAWN):
        return Decimal(max(1, int(scale * rng.uniform(0.02, 0.3)))), PERSONS, Basis.TOTAL
    if metric is Metric.FATALITIES:
        return Decimal(rng.randrange(0, 12)), PERSONS, Basis.TOTAL
    if metric is Metric.PERSONNEL_PLEDGED and rng.random() < INCREMENT_SHARE:
        return Decimal(max(1, int(scale * rng.uniform(0.05, 0.3)))), PERSONS, Basis.INCREMENT
    basis = Basis.PART if rng.random() < PART_SHARE else Basis.TOTAL
    return Decimal(max(1, int(scale * rng.uniform(0.6, 1.2)))), PERSONS, basis


def with_usd(fact: Fact, fx: FxTable, when: FuzzyDate | None) -> Fact:
    """The USD value the importer derives, with the same table and rules."""
    money = fact.money
    return fact if money is None else replace(fact, usd=fx.convert(money, when))


def correct(rng: random.Random, fact: Fact, fx: FxTable, when: FuzzyDate | None) -> Fact:
    """Version 2: a reviewer's decision on a candidate, or a corrected figure."""
    if fact.status is ReviewStatus.CANDIDATE:
        verdict = ReviewStatus.ACCEPTED if rng.random() < 0.7 else ReviewStatus.REJECTED
        return fact.next_version(status=verdict, change_note="reviewed", recorded_at=RECORDED_AT)
    value = (fact.value or Decimal(0)) + Decimal(rng.randrange(1, 20))
    nxt = fact.next_version(value=value, change_note="corrected figure", recorded_at=RECORDED_AT)
    return with_usd(nxt, fx, when)


# ----------------------------------------------------------------------------------------
# backends
# ----------------------------------------------------------------------------------------
@dataclass
class Backend:
    name: str
    url: str
    """What the CLI is given with `--db`."""
    drop: Callable[[], None]
    store: SqlStore | None = None

    @property
    def ledger(self) -> SqlStore:
        assert self.store is not None, "opened in main()"
        return self.store


def sqlite_backend(workdir: Path) -> Backend:
    path = workdir / "bench.db"
    for p in workdir.glob("bench.db*"):
        p.unlink()

    def drop() -> None:
        for p in workdir.glob("bench.db*"):
            p.unlink()

    return Backend("sqlite", f"sqlite:///{path}", drop)


def postgres_backend(server_url: str) -> Backend:
    """A database of its own on the server of `server_url`, created empty."""
    import psycopg

    url = make_url(server_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)

    def run(sql: str) -> None:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.encode())

    try:
        run(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        run(f"CREATE DATABASE {BENCH_DB}")
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL is not reachable at {server_url}: {exc}; or use --skip-pg"
        ) from None
    bench = url.set(database=BENCH_DB).render_as_string(False)
    return Backend("postgresql", bench, lambda: run(f"DROP DATABASE IF EXISTS {BENCH_DB}"))


# ----------------------------------------------------------------------------------------
# measurements
# ----------------------------------------------------------------------------------------
@dataclass
class Result:
    backend: str
    server: str = ""
    facts: int = 0
    reference_s: float = 0.0
    sources_s: float = 0.0
    load_s: float = 0.0
    versions_s: float = 0.0
    statistics_s: float = 0.0
    ours_ms: list[float] = field(default_factory=list)
    naive_ms: list[float] = field(default_factory=list)
    naive_pair_ms: list[float] = field(default_factory=list)
    """Ours, timed next to each naive call (the ratio compares these pairs)."""
    naive_read: list[int] = field(default_factory=list)
    ours_read: list[int] = field(default_factory=list)
    same: int = 0
    cli_s: float = 0.0
    cli_ok: bool = False

    @property
    def facts_per_s(self) -> float:
        return self.facts / self.load_s if self.load_s else math.nan


def load(store: SqlStore, data: Dataset, res: Result) -> None:
    """Everything through the store API: reference data, missions, sources, the facts in one
    bulk transaction, then the second versions one by one, as a reviewer would."""
    t = time.perf_counter()
    store.upgrade()
    with store.transaction():
        ensure_reference_data(store)
        store.upsert_missions(data.missions)
    res.reference_s = time.perf_counter() - t

    t = time.perf_counter()
    with store.transaction():
        for s in data.sources:
            store.add_source(s)
    res.sources_s = time.perf_counter() - t

    t = time.perf_counter()
    with store.transaction():
        res.facts = store.add_facts(data.facts)
    res.load_s = time.perf_counter() - t

    t = time.perf_counter()
    with store.transaction():
        for f in data.corrections:
            store.add_fact_version(f, expected_version=1)
    res.versions_s = time.perf_counter() - t

    t = time.perf_counter()
    store.refresh_statistics()
    res.statistics_s = time.perf_counter() - t


def workload(data: Dataset, n: int, seed: int) -> list[tuple[str, date]]:
    """Random (mission, day) pairs, the day within the mission's ten-year span."""
    rng = random.Random(seed)
    codes = sorted(data.spans)
    out = []
    for _ in range(n):
        code = rng.choice(codes)
        first, last = data.spans[code]
        out.append((code, first + timedelta(days=rng.randrange((last - first).days + 1))))
    return out


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    t = time.perf_counter()
    out = fn()
    return out, (time.perf_counter() - t) * 1000


@dataclass
class Naive:
    state: MissionState
    sources: dict[str, Source]
    facts_read: int


def naive_state(store: SqlStore, code: str, day: date) -> Naive:
    """The obvious way: every accepted fact of the mission, the state computed in Python."""
    mission = require_mission(store, code)
    listing = list_facts(store, FactFilter(mission=code, statuses=(ReviewStatus.ACCEPTED,)))
    state = state_as_of(mission, listing.facts, listing.sources, day)
    return Naive(state, listing.sources, len(listing.facts))


def printed(state: MissionState, sources: dict[str, Source], names: dict[str, str]) -> str:
    """What `status --format json` prints, less `facts_used` (which counts the input)."""
    d = serialize.state_dict(state, sources, names)
    d.pop("facts_used")
    return json.dumps(d, sort_keys=True, default=str)


def alternate(backends: Sequence[Backend], i: int) -> list[Backend]:
    """Backends in a rotating order, so neither always runs first."""
    k = i % len(backends)
    return [*backends[k:], *backends[:k]]


def measure(
    backends: Sequence[Backend], data: Dataset, args: argparse.Namespace, res: dict[str, Result]
) -> None:
    pairs = workload(data, args.warmup + args.queries, args.seed + 1)
    say(f"warm-up: {args.warmup} calls per backend; then {args.queries} timed ...")
    for i, (code, day) in enumerate(pairs):
        for b in alternate(backends, i):
            _, ms = timed(partial(mission_state, b.ledger, code, as_of=day, known_at=None))
            if i >= args.warmup:
                res[b.name].ours_ms.append(ms)

    say(f"naive peer: {args.naive_queries} calls per backend, each beside ours ...")
    names = {b.name: actor_names(b.ledger) for b in backends}
    for i, (code, day) in enumerate(workload(data, args.naive_queries, args.seed + 2)):
        for b in alternate(backends, i):
            r = res[b.name]
            run_naive = partial(naive_state, b.ledger, code, day)
            run_ours = partial(mission_state, b.ledger, code, as_of=day, known_at=None)
            if i % 2:
                naive, naive_ms = timed(run_naive)
                ours, ours_ms = timed(run_ours)
            else:
                ours, ours_ms = timed(run_ours)
                naive, naive_ms = timed(run_naive)
            r.naive_ms.append(naive_ms)
            r.naive_pair_ms.append(ours_ms)
            r.naive_read.append(naive.facts_read)
            r.ours_read.append(len(b.ledger.facts_for_state(code, day, None)))
            ours_json = printed(ours.state, ours.sources, names[b.name])
            if ours_json != printed(naive.state, naive.sources, names[b.name]):
                raise SystemExit(
                    f"MISMATCH on {b.name}: {code} as of {day}: the narrowed state differs from "
                    "the state computed from all the mission's facts"
                )
            r.same += 1


def time_cli(b: Backend, code: str, day: date, res: Result) -> None:
    env = {**os.environ, "PEACELEDGER_LOAD_BUILTIN": "0", "NO_COLOR": "1"}
    env.pop("PEACELEDGER_DB", None)
    cmd = [sys.executable, "-m", "peaceledger", "--db", b.url, "status"]
    cmd += ["--mission", code, "--as-of", day.isoformat(), "--format", "json"]
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    res.cli_s = time.perf_counter() - t
    try:
        res.cli_ok = done.returncode == 0 and json.loads(done.stdout)["mission"]["code"] == code
    except ValueError:
        res.cli_ok = False
    if not res.cli_ok:
        say(f"[{b.name}] the CLI failed: {done.stderr.strip()}")


def server_version(store: SqlStore) -> str:
    if store.dialect == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with store.engine.connect() as conn:
        v = conn.exec_driver_sql("SHOW server_version").scalar()
    return f"PostgreSQL {v}"


# ----------------------------------------------------------------------------------------
# report
# ----------------------------------------------------------------------------------------
def median(xs: Sequence[float]) -> float:
    return statistics.median(xs) if xs else math.nan


def p95(xs: Sequence[float]) -> float:
    """Nearest-rank 95th percentile."""
    if not xs:
        return math.nan
    s = sorted(xs)
    return s[max(0, math.ceil(0.95 * len(s)) - 1)]


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def report(results: Sequence[Result], data: Dataset, gen_s: float, argv: Sequence[str]) -> None:
    f = data.facts
    accepted = sum(1 for x in f if x.status is ReviewStatus.ACCEPTED)
    sizes = sorted(data.sizes.values())
    print(f"\n$ python bench/state.py {' '.join(argv)}".rstrip())
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}; " + "; ".join(r.server for r in results)
    )
    print(
        f"ledger: {len(f):,} facts ({accepted / len(f):.1%} accepted; "
        f"{len(data.corrections):,} with a second version), {len(data.missions)} missions of "
        f"{sizes[0]:,} to {sizes[-1]:,} facts, {len(member_states())} member states, "
        f"{len(data.sources):,} sources, {FIRST_DAY} to {LAST_DAY}; generated in {gen_s:.0f} s"
    )

    def ms(x: float) -> str:
        return f"{x:.1f} ms"

    rows: list[tuple[str, Callable[[Result], str]]] = [
        ("load: facts (add_facts)", lambda r: f"{r.load_s:.1f} s"),
        ("load: facts/s", lambda r: f"{r.facts_per_s:,.0f}"),
        ("load: sources, versions", lambda r: f"{r.sources_s:.1f} s, {r.versions_s:.1f} s"),
        ("load: statistics", lambda r: f"{r.statistics_s:.1f} s"),
        ("status: timed calls", lambda r: f"{len(r.ours_ms)}"),
        ("status: median", lambda r: ms(median(r.ours_ms))),
        ("status: p95", lambda r: ms(p95(r.ours_ms))),
        ("naive: timed calls", lambda r: f"{len(r.naive_ms)}"),
        ("naive: median", lambda r: ms(median(r.naive_ms))),
        ("naive: p95", lambda r: ms(p95(r.naive_ms))),
        ("ours beside naive: median", lambda r: ms(median(r.naive_pair_ms))),
        (
            "naive / ours (medians)",
            lambda r: f"{median(r.naive_ms) / median(r.naive_pair_ms):.1f}x",
        ),
        ("facts read: naive, median", lambda r: f"{median(r.naive_read):,.0f}"),
        ("facts read: ours, median", lambda r: f"{median(r.ours_read):,.0f}"),
        ("same answer as naive", lambda r: f"{r.same}/{len(r.naive_ms)}"),
        (
            "CLI subprocess (1 call)",
            lambda r: f"{r.cli_s * 1000:.0f} ms" + ("" if r.cli_ok else " FAILED"),
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"\n{'':{width}}  " + "  ".join(f"{r.backend:>14}" for r in results))
    for label, fmt in rows:
        print(f"{label:{width}}  " + "  ".join(f"{fmt(r):>14}" for r in results))

    by = {r.backend: r for r in results}
    if "sqlite" in by and "postgresql" in by:
        s, p = by["sqlite"], by["postgresql"]
        print(
            f"\npostgresql / sqlite: load {p.load_s / s.load_s:.2f}x; status median "
            f"{median(p.ours_ms) / median(s.ours_ms):.2f}x, "
            f"p95 {p95(p.ours_ms) / p95(s.ours_ms):.2f}x"
        )
    for r in results:
        verdict = "under" if median(r.ours_ms) < TARGET_MS else "OVER"
        print(
            f"{r.backend}: median {median(r.ours_ms):.1f} ms, "
            f"{verdict} the {TARGET_MS:.0f} ms target"
        )
    print(
        "The CLI time includes interpreter start-up, imports and opening the database: context, "
        "not part of the target."
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--facts", type=int, default=1_000_000, help="facts to generate")
    ap.add_argument("--queries", type=int, default=300, help="timed status calls per backend")
    ap.add_argument("--warmup", type=int, default=30, help="untimed status calls first")
    ap.add_argument("--naive-queries", type=int, default=30, help="naive calls per backend")
    ap.add_argument("--pg-url", default=DEFAULT_PG, help="the PostgreSQL server to use")
    ap.add_argument("--skip-pg", action="store_true", help="SQLite only")
    ap.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    ap.add_argument("--seed", type=int, default=20240625)
    ap.add_argument("--workdir", type=Path, help="where the SQLite file goes (default: temp)")
    ap.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = ap.parse_args(argv)
    if args.facts < 1000 or args.queries < 1 or args.warmup < 0 or args.naive_queries < 1:
        ap.error("--facts must be at least 1000, --queries and --naive-queries positive")

    say(f"generating {args.facts:,} facts (seed {args.seed}) ...")
    data, gen_ms = timed(lambda: generate(args.facts, args.seed))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="peaceledger-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    backends: list[Backend] = []
    results: dict[str, Result] = {}
    try:
        if not args.skip_sqlite:
            backends.append(sqlite_backend(workdir))
        if not args.skip_pg:
            backends.append(postgres_backend(args.pg_url))
        for b in backends:
            b.store = SqlStore(b.url)
            r = results[b.name] = Result(b.name, server_version(b.store))
            say(f"[{b.name}] loading ...")
            load(b.store, data, r)
            say(f"[{b.name}] {r.facts:,} facts in {r.load_s:.1f} s ({r.facts_per_s:,.0f}/s)")
        measure(backends, data, args, results)
        code, day = workload(data, 1, args.seed + 3)[0]
        for b in backends:
            time_cli(b, code, day, results[b.name])
    finally:
        for b in backends:
            if b.store is not None:
                b.store.close()
            if args.keep:
                say(f"kept {make_url(b.url).render_as_string(hide_password=True)}")
            else:
                b.drop()
        if not args.keep and args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    report(list(results.values()), data, gen_ms / 1000, sys.argv[1:] if argv is None else argv)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
