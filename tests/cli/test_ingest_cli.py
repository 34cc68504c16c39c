"""`peaceledger ingest` and `peaceledger review` as a user runs them."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.ingest.fixtures import ARTICLE, PAGE, feed


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "article.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def _json(done: object) -> dict:
    assert done.returncode == 0, done.stderr  # type: ignore[attr-defined]
    return json.loads(done.stdout)  # type: ignore[attr-defined]


def test_ingest_twice_then_review(ledger_db: str, article: Path) -> None:
    first = _json(
        run_cli("ingest", str(article), "--published", "2024-07-17", "-f", "json", db=ledger_db)
    )
    (doc,) = first["documents"]
    assert doc["stored"] and doc["candidates"] > 0
    again = run_cli("ingest", str(article), "--published", "2024-07-17", db=ledger_db)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    listed = _json(run_cli("review", "list", "-f", "json", db=ledger_db))["candidates"]
    assert sorted(c["fact_id"] for c in listed) == sorted(doc["fact_ids"])
    ken = next(c for c in listed if c["actor"] == "KEN")
    done = run_cli(
        "review",
        "edit",
        ken["fact_id"],
        "--set",
        "value=650",
        "--note",
        "per ministry",
        db=ledger_db,
    )
    assert done.returncode == 0, done.stderr
    shown = _json(run_cli("show", ken["fact_id"], "-f", "json", db=ledger_db))
    statuses = [v["status"] for v in shown["history"]]
    assert statuses == ["candidate", "accepted"]
    assert shown["fact"]["value"] == 650
    others = [c["fact_id"] for c in listed if c["fact_id"] != ken["fact_id"]]
    done = run_cli("review", "reject", *others, db=ledger_db)
    assert done.returncode == 0, done.stderr
    assert _json(run_cli("review", "list", "-f", "json", db=ledger_db))["candidates"] == []


def test_review_bad_input_changes_nothing(ledger_db: str, article: Path) -> None:
    _json(run_cli("ingest", str(article), "--published", "2024-07-17", "-f", "json", db=ledger_db))
    listed = _json(run_cli("review", "list", "-f", "json", db=ledger_db))["candidates"]
    good = listed[0]["fact_id"]
    done = run_cli("review", "accept", good, "FNOSUCH", db=ledger_db)
    assert done.returncode == 2 and "FNOSUCH" in done.stderr
    done = run_cli("review", "edit", good, "--set", "value=many", db=ledger_db)
    assert done.returncode == 2 and "value" in done.stderr
    done = run_cli("review", "edit", good, "--set", "novalue", db=ledger_db)
    assert done.returncode == 2 and "FIELD=VALUE" in done.stderr
    after = _json(run_cli("review", "list", "-f", "json", db=ledger_db))["candidates"]
    assert [c["fact_id"] for c in after] == [c["fact_id"] for c in listed]


def test_ingest_from_stdin_needs_a_date(ledger_db: str) -> None:
    done = run_cli("ingest", "-", db=ledger_db, input_text=ARTICLE)
    assert done.returncode == 2 and "--published" in done.stderr
    done = run_cli("ingest", "-", "--published", "2024-07-17", db=ledger_db, input_text=ARTICLE)
    assert done.returncode == 0, done.stderr


def test_ingest_feed_and_broken_feed(ledger_db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rss"
    bad.write_text(feed(broken=True), encoding="utf-8")
    before = len(
        _json(run_cli("sources", "-f", "json", "--limit", "1000", db=ledger_db))["sources"]
    )
    done = run_cli("ingest", str(bad), db=ledger_db)
    assert done.returncode == 2
    for expected in ("entry 3", "entry 4", "nothing was ingested"):
        assert expected in done.stderr
    assert (
        len(_json(run_cli("sources", "-f", "json", "--limit", "1000", db=ledger_db))["sources"])
        == before
    )
    done = run_cli("ingest", str(bad), "--skip-broken", "-f", "json", db=ledger_db)
    docs = _json(done)["documents"]
    assert [d["stored"] for d in docs] == [True, True]
    assert (
        len(_json(run_cli("sources", "-f", "json", "--limit", "1000", db=ledger_db))["sources"])
        == before + 2
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"Kenya \xc3\x28 police", "invalid UTF-8"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "article"),
    ],
)
def test_bad_files_exit_2_with_a_message(
    ledger_db: str, tmp_path: Path, content: bytes, message: str
) -> None:
    p = tmp_path / "input.html"
    p.write_bytes(content)
    done = run_cli("ingest", str(p), "--published", "2024-07-17", db=ledger_db)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "input.html" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_50_mb_file_is_refused_before_reading(ledger_db: str, tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.write(b"Kenya deployed 400 police. " * (50 * 1024 * 1024 // 27 + 1))
    done = run_cli("ingest", str(p), "--published", "2024-07-17", db=ledger_db)
    assert done.returncode == 2 and "limit" in done.stderr and "huge.txt" in done.stderr


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGE.encode()
        self.send_response(200 if self.path == "/kenya" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# issue 7: fetching refuses loopback addresses unless allowed; these tests serve on 127.0.0.1
LOCAL_OK = {"PEACELEDGER_ALLOW_PRIVATE_URLS": "1"}


def test_ingest_url(ledger_db: str, site: str) -> None:
    docs = _json(run_cli("ingest", f"{site}/kenya", "-f", "json", db=ledger_db, env=LOCAL_OK))[
        "documents"
    ]
    assert docs[0]["stored"] and docs[0]["candidates"] > 0
    sources = _json(run_cli("sources", "-f", "json", "--search", "interior ministry", db=ledger_db))
    assert any(s["url"] == f"{site}/kenya" for s in sources["sources"])
    done = run_cli("ingest", f"{site}/missing", db=ledger_db, env=LOCAL_OK)
    assert done.returncode == 2 and "HTTP 404" in done.stderr


def test_unreachable_url_says_so(ledger_db: str) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    done = run_cli("ingest", url, "--timeout", "3", db=ledger_db, env=LOCAL_OK)
    assert done.returncode == 2 and "cannot connect" in done.stderr


def test_non_http_urls_are_refused(ledger_db: str) -> None:
    done = run_cli("ingest", "file:///etc/passwd", "--published", "2024-07-17", db=ledger_db)
    assert done.returncode == 2 and "only http and https" in done.stderr


def test_a_second_report_of_a_claim_joins_its_sources(ledger_db: str, tmp_path: Path) -> None:
    """Issue 8: `ingest` groups repeated reports as `ingest-corpus` does."""
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text(
        "Monday. Kenya has deployed more than 400 police officers to Haiti as of July 2024."
    )
    two.write_text("Tuesday. Over 400 Kenyan police have been deployed to Haiti as of July 2024.")
    first = _json(
        run_cli("ingest", str(one), "--published", "2024-08-01", "-f", "json", db=ledger_db)
    )
    [fid] = first["documents"][0]["fact_ids"]
    done = run_cli("ingest", str(two), "--published", "2024-08-02", db=ledger_db)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())  # Rich wraps long lines
    assert f"1 claim(s) already known now count it among their sources ({fid})" in said
    [candidate] = _json(run_cli("review", "list", "-f", "json", db=ledger_db))["candidates"]
    assert candidate["fact_id"] == fid and candidate["sources"] == 2
    again = _json(
        run_cli("ingest", str(two), "--published", "2024-08-02", "-f", "json", db=ledger_db)
    )
    assert again["documents"][0]["stored"] is False and again["documents"][0]["grouped"] == []
    [candidate] = _json(run_cli("review", "list", "-f", "json", db=ledger_db))["candidates"]
    assert candidate["sources"] == 2
