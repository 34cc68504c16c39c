"""Benchmark: the JSON API under load, against Datasette serving the same SQLite facts table.

Usage::

    python bench/api.py [--facts N] [--seconds S] [--concurrency C] [--workdir DIR]
                        [--client wrk|python]

It builds (or reuses, in `--workdir`) the million-fact SQLite ledger of `bench/state.py` (same
generator, same seed), then starts two servers on that one file, each as its own process on
127.0.0.1:

* ours: `peaceledger --db sqlite:///... serve` (uvicorn, exactly as users run it);
* the peer: `datasette serve` on the same file, read-only (`--immutable` is not used, so it
  runs its per-request count like on a live database, as ours reads a live one too).

Each endpoint is driven with C concurrent connections for S seconds (a bounded run), and the
p50/p99 latencies are printed with the ratio to Datasette:

* ours `GET /api/v1/missions/{code}/state?as_of=D` (random mission and day): the state of a
  mission, computed from its facts;
* ours `GET /api/v1/facts?mission=M&status=accepted&limit=100` and Datasette's
  `GET /ledger/facts.json?mission=M&status=accepted&_size=100`: the first page of the same
  selection of the same table, as JSON.

The load generator is `wrk` when it is installed (C, with a Lua script rotating the URLs), else
an asyncio + httpx client in this process. Requests that do not answer 200 are counted as
errors and reported; a run with errors fails. Timings are never part of the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_P99_MS = 50.0


@dataclass
class Run:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def build(db: Path, n_facts: int, seed: int) -> None:
    """The ledger of bench/state.py, through the store API, unless `db` already holds it."""
    from peaceledger.store.sql.store import SqlStore

    url = f"sqlite:///{db}"
    if db.exists():
        store = SqlStore(url)
        n = store.table_counts().get("facts", 0)
        store.close()
        if n >= n_facts:
            say(f"reusing {db} ({n:,} facts)")
            return
        db.unlink()
    sys.path.insert(0, str(HERE))
    state_bench = importlib.import_module("state")
    say(f"generating {n_facts:,} facts with bench/state.py (seed {seed}) ...")
    t = time.perf_counter()
    data = state_bench.generate(n_facts, seed)
    say(f"generated in {time.perf_counter() - t:.0f} s; loading into {db} ...")
    t = time.perf_counter()
    store = SqlStore(url)
    state_bench.load(store, data, state_bench.Result("sqlite"))
    store.close()
    say(f"loaded in {time.perf_counter() - t:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(cmd: Sequence[str], port: int, probe: str, log: Path) -> subprocess.Popen[bytes]:
    out = log.open("wb")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    import httpx

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{cmd[0]} exited early; see {log}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=5).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    stop(proc)
    raise SystemExit(f"{' '.join(cmd)} did not answer on port {port}; see {log}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def percentile(xs: Sequence[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(q / 100 * (len(s) - 1)))] if s else float("nan")


async def _python_load(base: str, paths: Sequence[str], conc: int, seconds: float) -> Run:
    import httpx

    run = Run("")
    stop_at = time.perf_counter() + seconds
    counter = iter(range(10**9))
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while time.perf_counter() < stop_at:
                path = paths[next(counter) % len(paths)]
                t = time.perf_counter()
                try:
                    r = await client.get(path)
                    await r.aread()
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                run.latencies_ms.append((time.perf_counter() - t) * 1000)
                run.errors += not ok

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(conc)))
        run.seconds = time.perf_counter() - t0
    run.requests = len(run.latencies_ms)
    run.p50_ms = percentile(run.latencies_ms, 50)
    run.p99_ms = percentile(run.latencies_ms, 99)
    return run


_WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"p50": %%d, "p99": %%d, "requests": %%d, "errors": %%d, "us": %%d}\\n',
    latency:percentile(50), latency:percentile(99), summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration))
end
"""


def _wrk_load(base: str, paths: Sequence[str], conc: int, seconds: float, tmp: Path) -> Run:
    script = tmp / "paths.lua"
    script.write_text(_WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
    done = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(conc),
            "-d",
            f"{int(seconds)}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            base,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 120,
    )
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("RESULT "))
    r = json.loads(line[7:])
    return Run("", [], r["p50"] / 1000, r["p99"] / 1000, r["requests"], r["errors"], r["us"] / 1e6)


def drive(name: str, base: str, paths: Sequence[str], args: argparse.Namespace, tmp: Path) -> Run:
    # warm-up (caches, connections), not timed
    warm = paths[: max(20, args.concurrency)]
    if args.client == "wrk":
        _wrk_load(base, warm, args.concurrency, 2, tmp)
        run = _wrk_load(base, paths, args.concurrency, args.seconds, tmp)
    else:
        asyncio.run(_python_load(base, warm, args.concurrency, 2))
        run = asyncio.run(_python_load(base, paths, args.concurrency, args.seconds))
    run.name = name
    say(f"  {name}: {run.requests:,} requests, p50 {run.p50_ms:.1f} ms, p99 {run.p99_ms:.1f} ms")
    return run


def workload(db: Path, n: int, seed: int) -> tuple[list[str], list[tuple[str, date]]]:
    """Mission codes, and random (mission, day) pairs within bench/state.py's ten years."""
    from peaceledger.store.sql.store import SqlStore

    store = SqlStore(f"sqlite:///{db}")
    codes = sorted(m.code for m in store.list_missions() if m.code.startswith("M"))
    store.close()
    codes = [c for c in codes if c not in ("MSS-HTI",)] or codes
    rng = random.Random(seed)
    first, days = date(2016, 1, 1), 3652
    pairs = [(rng.choice(codes), first + timedelta(days=rng.randrange(days))) for _ in range(n)]
    return codes, pairs


def report(runs: dict[str, Run], args: argparse.Namespace, n_facts: int) -> None:
    print(
        f"\nAPI under load: {n_facts:,} facts (SQLite), {args.concurrency} concurrent "
        f"connections, {args.seconds:.0f} s per endpoint, client: {args.client}\n"
    )
    print(f"{'endpoint':58} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for r in runs.values():
        print(f"{r.name:58} {r.rate:8.0f} {r.p50_ms:8.1f} {r.p99_ms:8.1f} {r.errors:7d}")
    peer = runs["datasette_facts"]
    print()
    for key in ("ours_facts", "ours_state"):
        r = runs[key]
        print(
            f"{r.name.split(' ')[0]} {key.split('_')[1]:5}: p50 {r.p50_ms / peer.p50_ms:.2f}x, "
            f"p99 {r.p99_ms / peer.p99_ms:.2f}x Datasette's facts.json; p99 "
            f"{'meets' if r.p99_ms < TARGET_P99_MS else 'MISSES'} the {TARGET_P99_MS:.0f} ms target"
        )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--facts", type=int, default=1_000_000)
    ap.add_argument("--seconds", type=float, default=15.0, help="per endpoint")
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--seed", type=int, default=20240625)
    ap.add_argument("--workdir", type=Path, help="keep the database here and reuse it")
    ap.add_argument(
        "--client", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python"
    )
    args = ap.parse_args(argv)
    if not 1 <= args.concurrency <= 1000 or not 1 <= args.seconds <= 600:
        ap.error("--concurrency must be 1..1000 and --seconds 1..600")
    if (
        shutil.which("datasette") is None
        and not (Path(sys.executable).parent / "datasette").exists()
    ):
        raise SystemExit("datasette is not installed: pip install -e '.[bench]'")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="peaceledger-api-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "ledger.db"
    build(db, args.facts, args.seed)
    codes, pairs = workload(db, 2000, args.seed)
    bindir = Path(sys.executable).parent
    ours_port, peer_port = free_port(), free_port()
    procs = []
    runs: dict[str, Run] = {}
    try:
        say("starting peaceledger serve and datasette on the same file ...")
        procs.append(
            start(
                [
                    str(bindir / "peaceledger"),
                    "--db",
                    f"sqlite:///{db}",
                    "serve",
                    "--port",
                    str(ours_port),
                ],
                ours_port,
                "/api/v1/missions",
                workdir / "ours.log",
            )
        )
        procs.append(
            start(
                [
                    str(bindir / "datasette"),
                    "serve",
                    str(db),
                    "--port",
                    str(peer_port),
                    "--setting",
                    "sql_time_limit_ms",
                    "10000",
                    "--setting",
                    "max_returned_rows",
                    "1000",
                ],
                peer_port,
                "/ledger.json",
                workdir / "datasette.log",
            )
        )
        ours, peer = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{peer_port}"
        facts_paths = [f"/api/v1/facts?mission={c}&status=accepted&limit=100" for c in codes]
        peer_paths = [f"/ledger/facts.json?mission={c}&status=accepted&_size=100" for c in codes]
        state_paths = [f"/api/v1/missions/{c}/state?as_of={d}" for c, d in pairs]
        say("driving ...")
        runs["datasette_facts"] = drive(
            "datasette /ledger/facts.json?mission=&status=&_size=100",
            peer,
            peer_paths,
            args,
            workdir,
        )
        runs["ours_facts"] = drive(
            "peaceledger /api/v1/facts?mission=&status=&limit=100", ours, facts_paths, args, workdir
        )
        runs["ours_state"] = drive(
            "peaceledger /api/v1/missions/{code}/state?as_of=", ours, state_paths, args, workdir
        )
    finally:
        for p in procs:
            stop(p)
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    report(runs, args, args.facts)
    bad = {k: r.errors for k, r in runs.items() if r.errors}
    if bad:
        print(f"\nFAILED: non-200 answers {bad}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
