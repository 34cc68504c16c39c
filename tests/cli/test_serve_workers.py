"""`peaceledger serve --workers N`: the real command in a subprocess, on a SQLite file.

Several uvicorn worker processes answer on one port, each with its own response cache; a write
made by another process (the CLI) is seen by every worker at once; the server stops on SIGTERM
or SIGINT and leaves no worker behind.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from tests.conftest import run_cli
from tests.web.live import free_port

FACTS = "/api/v1/facts?mission=MSS-HTI&actor=KEN&limit=1000"
NEW_FACT = (
    "fact_id,mission,actor,metric,value,date_of_fact,source_url,source_published\n"
    "W-1,MSS-HTI,KEN,personnel_deployed,1234,2025-07-15,https://example.org/w,2025-07-16\n"
)


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    url: str
    log: Path

    def children(self) -> list[psutil.Process]:
        """The workers and multiprocessing's resource tracker."""
        found: list[psutil.Process] = psutil.Process(self.proc.pid).children(recursive=True)
        return found

    def workers(self) -> list[psutil.Process]:
        return [p for p in self.children() if "spawn_main" in " ".join(p.cmdline())]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def serving(db: str, tmp: Path, *args: str) -> Iterator[Server]:
    """`peaceledger --db DB serve --port P ARGS` until it answers; killed if the test fails."""
    port = free_port()
    log = tmp / f"serve-{port}.log"
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env.pop("PEACELEDGER_DB", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "peaceledger", "--db", db, "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = Server(proc, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"serve exited with {proc.returncode}: {server.output()}"
            assert time.monotonic() < deadline, f"serve did not answer: {server.output()}"
            try:
                if httpx.get(f"{server.url}/api/v1/missions", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield server
    finally:
        if proc.poll() is None:  # the test failed before stopping it: leave nothing running
            family = [psutil.Process(proc.pid), *server.children()]
            for p in family:
                p.kill()
            psutil.wait_procs(family, timeout=10)


def fresh_get(url: str) -> httpx.Response:
    """A GET on a new connection: the kernel hands it to whichever worker accepts first."""
    with httpx.Client(timeout=30, headers={"Connection": "close"}) as c:
        return c.get(url)


def every_worker(url: str) -> list[httpx.Response]:
    """At least 20 GETs on fresh connections, more until both workers have answered: each
    worker's first answer for a ledger version is its one miss."""
    answers = [fresh_get(url) for _ in range(20)]
    while sum(r.headers.get("x-cache") == "miss" for r in answers) < 2 and len(answers) < 200:
        answers.append(fresh_get(url))
    return answers


def stop(server: Server, how: signal.Signals) -> None:
    """Send `how`; the server must exit by itself, with every child process gone."""
    children = server.children()
    server.proc.send_signal(how)
    code = server.proc.wait(timeout=30)
    assert code == 0, (code, server.output())
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, [p.pid for p in alive]
    assert "Traceback" not in server.output(), server.output()


def test_workers_answer_and_see_a_write_from_another_process(
    ledger_db: str, tmp_path: Path
) -> None:
    with serving(ledger_db, tmp_path, "--workers", "2", "--public") as server:
        pids = {p.pid for p in server.workers()}
        assert len(pids) == 2, server.output()
        # --public reached the workers in the settings they were given: anonymous reads
        before = every_worker(server.url + FACTS)
        assert {r.status_code for r in before} == {200}
        assert len({r.content for r in before}) == 1
        ids = {f["fact_id"] for f in before[0].json()["facts"]}
        assert ids and "W-1" not in ids
        assert sum(r.headers["x-cache"] == "miss" for r in before) == 2  # both answered

        csv = tmp_path / "new.csv"
        csv.write_text(NEW_FACT, encoding="utf-8")
        done = run_cli("import", str(csv), db=ledger_db)
        assert done.returncode == 0, done.stderr

        after = every_worker(server.url + FACTS)
        assert {r.status_code for r in after} == {200}
        for r in after:
            assert "W-1" in {f["fact_id"] for f in r.json()["facts"]}
        # each worker noticed the write by itself (its own cache) and computed the answer again
        assert sum(r.headers["x-cache"] == "miss" for r in after) == 2
        assert {p.pid for p in server.workers()} == pids  # no worker died on the way
        stop(server, signal.SIGTERM)


def test_ctrl_c_stops_every_worker(ledger_db: str, tmp_path: Path) -> None:
    with serving(ledger_db, tmp_path, "--workers", "2", "--public") as server:
        assert len(server.workers()) == 2
        assert fresh_get(server.url + "/api/v1/missions/MSS-HTI").status_code == 200
        stop(server, signal.SIGINT)


@pytest.mark.parametrize("workers", ["0", "-1"])
def test_a_bad_worker_count_is_refused(cli_db: str, workers: str) -> None:
    done = run_cli("serve", "--workers", workers, "--port", "1", db=cli_db, timeout=60)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert "--workers" in done.stderr and "greater than or equal to 1" in done.stderr
