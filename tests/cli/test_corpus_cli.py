"""`peaceledger ingest-corpus` on a real LocalCluster of 2 worker processes, killed midway and
run again: every document ends up stored once, candidates with their sources, repeated
reports grouped. On SQLite and on PostgreSQL."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from sqlalchemy import text

from peaceledger.domain.sources import text_sha256
from peaceledger.store.sql.store import SqlStore
from tests.conftest import run_cli

DOCS = 1200
BATCH = 20


def _write_corpus(out: Path) -> set[str]:
    """A directory of Markdown files with front matter; the text hashes it should store."""
    path = Path(__file__).resolve().parents[2] / "bench" / "corpus.py"
    spec = importlib.util.spec_from_file_location("peaceledger_bench_corpus", path)
    assert spec is not None and spec.loader is not None
    module = sys.modules.get(spec.name) or importlib.util.module_from_spec(spec)
    if spec.name not in sys.modules:
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    module.write_corpus(out, DOCS, seed=11, layout="md")
    return {text_sha256(a.text) for a in module.generate(DOCS, seed=11)}


def _count(db: str, sql: str) -> int:
    s = SqlStore(db)
    try:
        with s.engine.connect() as c:
            return int(c.execute(text(sql)).scalar_one())
    except Exception:  # the database is not created yet
        return 0
    finally:
        s.close()


def _start(db: str, corpus: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "peaceledger", "--db", db, "--no-builtin", "ingest-corpus"]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("PEACELEDGER_DB", None)
    return subprocess.Popen(
        [*cmd, str(corpus), "--workers", "2", "--batch-size", str(BATCH), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its own process group: the workers can be found and killed
    )


def _kill_midway(db: str, corpus: Path, total: int) -> int:
    """Start the command, SIGKILL its main process once some batches are committed, and check
    that the Dask workers exit on their own (they watch their parent). Returns the number of
    sources stored at the kill."""
    proc = _start(db, corpus)
    try:
        deadline = time.monotonic() + 60
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            stored = _count(db, "SELECT count(*) FROM sources")
            if stored >= 3 * BATCH:
                break
            time.sleep(0.05)
        assert proc.poll() is None, f"finished before it could be killed: {proc.stderr}"
        assert 0 < stored < total
        group = [p for p in psutil.process_iter(["pid"]) if _pgid(p.pid) == proc.pid]
        assert len(group) >= 3, "expected the driver and two worker processes"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        _wait_gone([p for p in group if p.pid != proc.pid], 20)
        return stored
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        if proc.stderr:
            proc.stderr.close()


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _wait_gone(procs: list[psutil.Process], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    alive = procs
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        time.sleep(0.1)
    assert not alive, f"Dask processes outlived their parent: {alive}"


def _check_ledger(db: str, expected: set[str]) -> None:
    s = SqlStore(db)
    try:
        with s.engine.connect() as c:

            def q(sql: str) -> list[tuple[object, ...]]:
                return [tuple(r) for r in c.execute(text(sql))]

            assert {r[0] for r in q("SELECT sha256 FROM sources")} == expected
            assert q("SELECT sha256 FROM sources GROUP BY sha256 HAVING count(*) > 1") == []
            assert q("SELECT count(*) FROM sources") == [(len(expected),)]
            orphans = "SELECT f.fact_id FROM facts f LEFT JOIN sources s USING (source_id)"
            assert q(orphans + " WHERE s.source_id IS NULL") == []
            # one candidate per claim, each with its claim entry, and no evidence twice
            [(facts,)] = q("SELECT count(*) FROM facts")
            assert facts > 0 and q("SELECT count(*) FROM fact_claims") == [(facts,)]
            assert (
                q(
                    "SELECT fact_id, source_id, span_start FROM fact_evidence "
                    "GROUP BY fact_id, source_id, span_start HAVING count(*) > 1"
                )
                == []
            )
            [(most,)] = q(
                "SELECT max(n) FROM (SELECT count(DISTINCT source_id) AS n FROM fact_evidence "
                "GROUP BY fact_id) AS per_fact"
            )
            assert most > 10, "repeated reports should be grouped under one candidate"
            # every stored document has its reports: no source without evidence or facts lost
            [(reported,)] = q("SELECT count(DISTINCT source_id) FROM fact_evidence")
            assert reported == len(expected)
    finally:
        s.close()


def _kill_and_resume(db: str, corpus: Path, expected: set[str]) -> None:
    stored = _kill_midway(db, corpus, len(expected))
    done = run_cli(
        "--no-builtin",
        "ingest-corpus",
        str(corpus),
        "--workers",
        "2",
        "--batch-size",
        str(BATCH),
        "--format",
        "json",
        db=db,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["resumed"] >= stored - BATCH  # committed batches were not read again
    assert report["documents"] == DOCS and report["failed"] == 0
    _check_ledger(db, expected)
    again = run_cli("--no-builtin", "ingest-corpus", str(corpus), "-w", "1", "-f", "json", db=db)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["stored"] == 0
    _check_ledger(db, expected)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    out = tmp_path_factory.mktemp("corpus") / "articles"
    return out, _write_corpus(out)


def test_kill_and_resume_on_sqlite(tmp_path: Path, corpus: tuple[Path, set[str]]) -> None:
    _kill_and_resume(f"sqlite:///{tmp_path / 'ledger.db'}", *corpus)


def test_kill_and_resume_on_postgresql(pg_url_for_cli: str, corpus: tuple[Path, set[str]]) -> None:
    _kill_and_resume(pg_url_for_cli, *corpus)


def _ingest_rows(
    tmp_path: Path, rows: list[dict[str, str]]
) -> tuple[str, subprocess.CompletedProcess[str]]:
    """`rows` as a JSON Lines corpus, ingested by the CLI into a new ledger (one worker)."""
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = f"sqlite:///{tmp_path / 'l.db'}"
    done = run_cli("--no-builtin", "ingest-corpus", str(path), "--workers", "1", db=db)
    assert done.returncode == 0, done.stderr
    return db, done


def test_review_list_shows_the_count_of_sources(tmp_path: Path) -> None:
    rows = [
        {
            "text": f"Report {i}. Kenya has deployed more than 400 police officers to Haiti as of "
            "July 2024.",
            "published": "2024-08-01",
        }
        for i in range(3)
    ]
    db, done = _ingest_rows(tmp_path, rows)
    assert "3 stored" in done.stdout and "1 new candidate" in done.stdout
    listed = run_cli("review", "list", "--format", "json", db=db)
    [candidate] = json.loads(listed.stdout)["candidates"]
    assert candidate["sources"] == 3
    table = run_cli("review", "list", db=db)
    assert "Sources" in table.stdout


def test_documents_that_fail_give_a_message_and_exit_2(ledger_db: str, tmp_path: Path) -> None:
    corpus = tmp_path / "mixed.jsonl"
    good = {
        "id": "a",
        "text": "Kenya deployed 400 police officers to Haiti.",
        "published": "2024-07-01",
    }
    corpus.write_text(json.dumps(good) + "\n{}\n", encoding="utf-8")
    done = run_cli("ingest-corpus", str(corpus), "--workers", "1", "--quiet", db=ledger_db)
    assert done.returncode == 2
    assert "mixed.jsonl:2" in done.stderr and "1 stored" in done.stdout


def test_show_lists_every_source_of_a_grouped_claim(tmp_path: Path) -> None:
    """Issue 8: `show` gives the count of sources and each report: source, title, URL, quote.
    Titles and quotes are article text, printed as they are (not as Rich markup)."""
    wordings = [
        "Kenya has deployed more than 400 police officers to Haiti as of July 2024.",
        "Over 400 Kenyan police have been deployed to Haiti as of July 2024.",
    ]
    rows = [
        {
            "text": f"Report {i}. {wordings[i % 2]}",
            "published": "2024-08-01",
            "url": f"https://news.example/{i}",
            "title": f"[bold]Story {i}[/bold]",
        }
        for i in range(3)
    ]
    db, _ = _ingest_rows(tmp_path, rows)
    [candidate] = json.loads(run_cli("review", "list", "-f", "json", db=db).stdout)["candidates"]
    shown = run_cli("show", candidate["fact_id"], db=db)
    assert shown.returncode == 0, shown.stderr
    assert "Reported by 3 source(s)" in shown.stdout
    detail = json.loads(run_cli("show", candidate["fact_id"], "-f", "json", db=db).stdout)
    reports = detail["evidence"]
    assert [(e["title"], e["url"]) for e in reports] == [(r["title"], r["url"]) for r in rows]
    for e in reports:
        assert e["source_id"] in shown.stdout and e["title"] in shown.stdout
        assert e["quote"] in shown.stdout
    assert {e["quote"] for e in reports} == {
        "deployed more than 400 police officers",
        "Over 400 Kenyan police have been deployed",
    }
