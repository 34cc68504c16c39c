"""Load test (issue 7): mixed reads and writes against a local `peaceledger serve`, then a
count of the rows to prove no acknowledged write was lost.

Usage::

    python bench/load.py [--seconds 60] [--connections 50] [--write-share 0.2]
                         [--db sqlite:///PATH | postgresql://...] [--port N]

It makes a new ledger (a temporary SQLite file unless `--db` is given), creates an editor and
an API token with the CLI, starts `peaceledger serve` on 127.0.0.1 (loopback only: the
script refuses any other host), and drives it for `--seconds` with `--connections` concurrent
connections (asyncio + httpx):

* reads: a page of facts, the mission state on a random day, one fact, a source search;
* writes: `POST /api/v1/ingest` of a new article (each one unique), and `POST
  /api/v1/review/{id}` accepting a candidate that an earlier write created (each candidate is
  reviewed by one connection only, so a 409 would be a real error).

Afterwards the server is stopped and the database is read directly: every acknowledged
ingest must be a source with all its candidates, every acknowledged review an accepted
version, and every fact version must have its audit entry. Any non-2xx answer, transport
error or missing row makes the run fail (exit code 1). Bounded in time and in count (`--max-
requests`), it never runs in the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

LOOPBACK = "127.0.0.1"
FACT_IDS: list[str] = []
"""Filled from the server before the run: the ids one-fact reads pick from."""


@dataclass
class Tally:
    reads: list[float] = field(default_factory=list)
    writes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ingested: dict[str, list[str]] = field(default_factory=dict)
    """source id -> candidate ids, for every acknowledged ingest."""
    reviewed: list[str] = field(default_factory=list)
    queue: list[str] = field(default_factory=list)
    """Candidates not yet reviewed; each is popped by exactly one connection."""
    requests: int = 0


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def cli(db: str, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("PEACELEDGER_DB", None)
    done = subprocess.run(
        [sys.executable, "-m", "peaceledger", "--db", db, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"peaceledger {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def article(n: int, worker: int) -> str:
    return (
        f"Load report {worker}-{n}. Kenya deployed another {100 + n % 800} police officers to "
        f"Haiti on Tuesday, the ministry said. Jamaica has pledged {10 + n % 90} soldiers to "
        f"the mission. Reference {random.getrandbits(64):x}.\n"
    )


async def worker(
    i: int, base: str, token: str, deadline: float, args: argparse.Namespace, t: Tally
) -> None:
    import httpx

    days = [date(2024, 7, 1) + timedelta(days=d) for d in range(0, 600, 7)]
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        n = 0
        while time.monotonic() < deadline and t.requests < args.max_requests:
            n += 1
            t.requests += 1
            write = random.random() < args.write_share
            start = time.perf_counter()
            try:
                if write and t.queue and random.random() < 0.5:
                    fid = t.queue.pop()
                    r = await client.post(
                        f"/api/v1/review/{fid}",
                        json={"decision": "accept", "expected_version": 1, "note": "load"},
                    )
                    if r.status_code == 200:
                        t.reviewed.append(fid)
                elif write:
                    r = await client.post(
                        "/api/v1/ingest",
                        json={"text": article(n, i), "published": "2025-01-16"},
                    )
                    if r.status_code == 200:
                        doc = r.json()["documents"][0]
                        if not doc["stored"]:
                            t.errors.append(f"ingest of a new article not stored: {doc}")
                        t.ingested[doc["source_id"]] = list(doc["fact_ids"])
                        t.queue.extend(doc["fact_ids"])
                else:
                    path, params = _read(random.random(), days)
                    r = await client.get(path, params=params)
            except httpx.HTTPError as exc:
                t.errors.append(f"{type(exc).__name__}: {exc}")
                continue
            elapsed = (time.perf_counter() - start) * 1000
            (t.writes if write else t.reads).append(elapsed)
            if not 200 <= r.status_code < 300:
                t.errors.append(
                    f"{r.request.method} {r.request.url.path}: {r.status_code} {r.text[:200]}"
                )


def _read(x: float, days: list[date]) -> tuple[str, dict[str, str]]:
    if x < 0.35:
        return "/api/v1/facts", {"mission": "MSS-HTI", "limit": "50"}
    if x < 0.65:
        return "/api/v1/missions/MSS-HTI/state", {"as_of": random.choice(days).isoformat()}
    if x < 0.85:
        return f"/api/v1/facts/{random.choice(FACT_IDS)}", {}
    return "/api/v1/sources", {"q": "Kenya", "limit": "20"}


async def drive(base: str, token: str, args: argparse.Namespace) -> tuple[Tally, float]:
    t = Tally()
    started = time.monotonic()
    deadline = started + args.seconds
    await asyncio.gather(
        *(worker(i, base, token, deadline, args, t) for i in range(args.connections))
    )
    return t, time.monotonic() - started


def verify(db: str, t: Tally) -> list[str]:
    """Read the database behind the server's back: every acknowledged write is there."""
    from sqlalchemy import text

    from peaceledger.store.sql.store import SqlStore

    problems: list[str] = []
    store = SqlStore(db)
    try:
        with store.engine.connect() as c:
            stored = {
                sid
                for (sid,) in c.execute(
                    text("select source_id from sources where title like 'Load report %'")
                )
            }
            missing = set(t.ingested) - stored
            if missing:
                problems.append(
                    f"{len(missing)} acknowledged ingest(s) missing: {sorted(missing)[:5]}"
                )
            for sid, fids in t.ingested.items():
                n = c.execute(
                    text("select count(*) from facts where source_id = :s"), {"s": sid}
                ).scalar_one()
                if n != len(fids):
                    problems.append(f"{sid}: {n} facts, {len(fids)} acknowledged")
            accepted = {
                fid
                for (fid,) in c.execute(
                    text("select fact_id from facts where status = 'accepted' and version = 2")
                )
            }
            lost = set(t.reviewed) - accepted
            if lost:
                problems.append(f"{len(lost)} acknowledged review(s) lost: {sorted(lost)[:5]}")
            versions = c.execute(text("select count(*) from fact_versions")).scalar_one()
            audited = c.execute(
                text("select count(*) from audit_log where object_kind = 'fact'")
            ).scalar_one()
            if versions != audited:
                problems.append(f"{versions} fact versions but {audited} audit entries")
            extra = stored - set(t.ingested)
            say(
                f"rows: {len(stored)} load sources ({len(extra)} written but unacknowledged), "
                f"{len(accepted)} accepted v2 facts, {versions} fact versions = {audited} "
                "audit entries"
            )
    finally:
        store.close()
    return problems


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--connections", type=int, default=50)
    p.add_argument("--write-share", type=float, default=0.2)
    p.add_argument("--max-requests", type=int, default=2_000_000, help="A bound on the count.")
    p.add_argument("--db", help="Default: a new SQLite file in a temporary directory.")
    p.add_argument("--host", default=LOOPBACK)
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args(argv)
    if args.host not in (LOOPBACK, "localhost", "::1"):
        p.error("loopback only: this drives a local server, never another machine")
    if not 0 < args.seconds <= 3600 or not 0 < args.connections <= 1000:
        p.error("--seconds must be in (0, 3600] and --connections in (0, 1000]")
    with tempfile.TemporaryDirectory(prefix="peaceledger-load-") as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'ledger.db'}"
        say(f"ledger: {db}")
        cli(db, "db", "info")
        cli(
            db,
            "user",
            "add",
            "loader",
            "--role",
            "editor",
            "--password-stdin",
            stdin="load test password\n",
        )
        token = json.loads(
            cli(db, "user", "token", "add", "loader", "--name", "bench", "-f", "json")
        )["token"]
        port = args.port or free_port()
        env = {**os.environ, "NO_COLOR": "1"}
        env.pop("PEACELEDGER_DB", None)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "peaceledger",
                "--db",
                db,
                "serve",
                "--host",
                LOOPBACK,
                "--port",
                str(port),
            ],
            env=env,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://{LOOPBACK}:{port}"
        try:
            _wait(base)
            _fact_ids(base, token)
            say(f"driving {base} with {args.connections} connections for {args.seconds:g} s")
            tally, seconds = asyncio.run(drive(base, token, args))
        finally:
            server.terminate()
            server.wait(30)
        problems = verify(db, tally)
    total = len(tally.reads) + len(tally.writes)
    print(
        f"{total} requests in {seconds:.1f} s ({total / seconds:.0f}/s) at {args.connections} "
        f"connections: {len(tally.reads)} reads (p50 {pct(tally.reads, 50):.0f} ms, p99 "
        f"{pct(tally.reads, 99):.0f} ms), {len(tally.writes)} writes (p50 "
        f"{pct(tally.writes, 50):.0f} ms, p99 {pct(tally.writes, 99):.0f} ms); "
        f"{len(tally.ingested)} ingests and {len(tally.reviewed)} reviews acknowledged; "
        f"{len(tally.errors)} errors; {len(problems)} lost or inconsistent writes"
    )
    for e in tally.errors[:10]:
        say(f"error: {e}")
    for pr in problems:
        say(f"lost: {pr}")
    return 1 if tally.errors or problems else 0


def _fact_ids(base: str, token: str) -> None:
    import httpx

    r = httpx.get(
        f"{base}/api/v1/facts",
        params={"limit": "1000"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    r.raise_for_status()
    FACT_IDS[:] = [f["fact_id"] for f in r.json()["facts"]]


def _wait(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start")


if __name__ == "__main__":
    sys.exit(main())
