"""Benchmark: `peaceledger ingest-corpus` throughput on 1 and 2 Dask workers, and the writer's
memory.

Usage (from the repository root)::

    python bench/ingest.py [--docs 100000] [--batch-size 200] [--seed 8] [--db-url URL] [--json]

It generates a corpus of `--docs` articles with bench/corpus.py (JSON Lines, seeded), then runs
the real command in a subprocess, each time on a new database:

* `--workers 1` and `--workers 2` over the whole corpus: documents per second as the command
  reports it (from the first batch submitted to the last committed; the cluster's start-up is
  excluded, and printed separately as the wall time), and the ratio 2 workers / 1 worker (the
  target on a 2-core machine is at least 1.6: the writer shares the cores with the workers);
* the writer's resident memory (the client process: the single writer, plus the Dask
  scheduler that a local cluster runs inside it), sampled every 0.25 s, for the whole corpus
  and for a tenth of it: bounded memory means the two peaks are about the same.

`--db-url` runs on PostgreSQL instead of a SQLite file: give a database (or a URL with
`options=-csearch_path%3DSCHEMA`) that may be filled; each run drops and recreates the schema
`bench_ingest`. Timings are never part of the tests; the exit status is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from corpus import write_corpus  # noqa: E402

TARGET_RATIO = 1.6


@dataclass
class Run:
    docs: int
    workers: int
    report: dict[str, Any]
    wall: float
    rss: list[tuple[float, int]] = field(default_factory=list)
    cpu_client: float = 0.0
    """CPU seconds of the client process: the writer, the Dask client and local scheduler."""
    cpu_workers: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)
    """The 1-minute load average at the start and at the end: other work on the machine."""

    @property
    def ms_per_doc(self) -> tuple[float, float]:
        """CPU milliseconds per document: (writer process, workers)."""
        return (1000 * self.cpu_client / self.docs, 1000 * self.cpu_workers / self.docs)

    @property
    def peak_mb(self) -> float:
        return max((r for _, r in self.rss), default=0) / 2**20

    def rss_profile(self, points: int = 6) -> list[str]:
        """The RSS at evenly spaced moments: flat means bounded."""
        if not self.rss:
            return []
        step = max(len(self.rss) // points, 1)
        return [f"{t:.0f}s:{r / 2**20:.0f}MB" for t, r in self.rss[::step]]


def _db(url: str | None, work: Path, name: str) -> str:
    if url is None:
        return f"sqlite:///{work / name}.db"
    from sqlalchemy import create_engine, text

    base = url.split("?")[0]
    engine = create_engine(base)
    with engine.begin() as c:
        c.execute(text("DROP SCHEMA IF EXISTS bench_ingest CASCADE"))
        c.execute(text("CREATE SCHEMA bench_ingest"))
    engine.dispose()
    return f"{base}?options=-csearch_path%3Dbench_ingest"


def run(corpus: Path, docs: int, workers: int, batch: int, db: str) -> Run:
    cmd = [
        sys.executable,
        "-m",
        "peaceledger",
        "--db",
        db,
        "--no-builtin",
        "ingest-corpus",
        str(corpus),
        "--workers",
        str(workers),
        "--batch-size",
        str(batch),
        "--format",
        "json",
    ]
    print("$", " ".join(cmd[2:]), flush=True)
    env = {k: v for k, v in os.environ.items() if k != "PEACELEDGER_DB"}
    started = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    samples: list[tuple[float, int]] = []
    cpu: dict[int, float] = {}
    load0 = os.getloadavg()[0]

    def sample() -> None:
        ps = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                samples.append((time.monotonic() - started, ps.memory_info().rss))
                for p in [ps, *ps.children(recursive=True)]:
                    t = p.cpu_times()
                    cpu[p.pid] = t.user + t.system
            except psutil.Error:
                pass
            time.sleep(0.25)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    wall = time.monotonic() - started
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"ingest-corpus failed ({proc.returncode}):\n{err[-2000:]}")
    client = cpu.pop(proc.pid, 0.0)
    load = (load0, os.getloadavg()[0])
    return Run(docs, workers, json.loads(out), wall, samples, client, sum(cpu.values()), load)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--db-url", help="PostgreSQL URL (default: a new SQLite file per run)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pl-bench-ingest-") as tmp:
        work = Path(tmp)
        small_n = max(args.docs // 10, 1)
        t0 = time.monotonic()
        big = write_corpus(work / "corpus.jsonl", args.docs, args.seed)
        small = write_corpus(work / "small.jsonl", small_n, args.seed)
        print(f"generated {args.docs:,} + {small_n:,} articles in {time.monotonic() - t0:.0f} s")
        runs = {
            "small-2": run(small, small_n, 2, args.batch_size, _db(args.db_url, work, "s2")),
            "big-1": run(big, args.docs, 1, args.batch_size, _db(args.db_url, work, "b1")),
            "big-2": run(big, args.docs, 2, args.batch_size, _db(args.db_url, work, "b2")),
        }
    one, two, small_run = runs["big-1"], runs["big-2"], runs["small-2"]
    r1 = one.report["documents_per_second"]
    r2 = two.report["documents_per_second"]
    ratio = r2 / r1 if r1 else 0.0
    backend = "PostgreSQL" if args.db_url else "SQLite"
    print()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        f", {backend}, batch size {args.batch_size}"
    )
    for name, r in runs.items():
        rep = r.report
        rate = f"{rep['documents_per_second']:>7,.0f} docs/s"
        times = f"{rep['seconds']:.0f} s ingesting, {r.wall:.0f} s wall"
        counts = f"{rep['stored']:,} stored, {rep['candidates']:,} candidates"
        grouped = f"{rep['grouped']:,} reports grouped"
        c, w = r.ms_per_doc
        print(
            f"{name:8} {r.docs:>8,} docs, {r.workers} worker(s): {rate} ({times}), {counts}, "
            f"{grouped}; writer peak RSS {r.peak_mb:.0f} MB; CPU per doc: writer process "
            f"{c:.2f} ms, workers {w:.2f} ms; load average {r.load[0]:.1f} -> {r.load[1]:.1f}"
        )
    print(f"scaling 2 workers / 1 worker: {ratio:.2f} (target >= {TARGET_RATIO})")
    # What the CPU costs predict on an otherwise idle machine of this many cores: one worker
    # runs at 1/W documents per second (the writer has a core of its own), two share both
    # cores with the writer, 2/(W+C). The measured ratio falls short of it when other work
    # (the load average) takes cores away.
    c, w = two.ms_per_doc
    predicted = 2 * w / (w + c) if w + c else 0.0
    print(f"CPU-bound prediction for an idle 2-core machine: {predicted:.2f}")
    print(
        f"writer peak RSS: {small_run.peak_mb:.0f} MB at {small_run.docs:,} docs, "
        f"{two.peak_mb:.0f} MB at {two.docs:,} docs (2 workers)"
    )
    print("writer RSS over time (2 workers, whole corpus):", " ".join(two.rss_profile(8)))
    if args.json:
        print(
            json.dumps(
                {
                    "docs": args.docs,
                    "docs_per_second_1": r1,
                    "docs_per_second_2": r2,
                    "ratio": round(ratio, 3),
                    "predicted_ratio_idle": round(predicted, 3),
                    "cpu_ms_per_doc": {n: r.ms_per_doc for n, r in runs.items()},
                    "load": {n: r.load for n, r in runs.items()},
                    "writer_peak_mb": {
                        str(small_run.docs): small_run.peak_mb,
                        str(two.docs): two.peak_mb,
                    },
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
