"""`peaceledger check` as a user runs it: exit 0 on the built-in data, 1 on a suspicious
pattern until a reviewer records why it stands, and `rate-source` for an unrated page."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

HEADER = (
    "fact_id,mission,actor,metric,qualifier,value,unit,date_of_fact,"
    "source_url,source_title,source_published,source_kind"
)
ROWS = "\n".join(
    [
        HEADER,
        "T-1,MSS-HTI,NOR,funding_paid,exact,20000000,USD,2025-03-01,"
        "https://example.org/a,Norway pays,2025-03-02,wire",
        "T-2,MSS-HTI,NOR,funding_paid,exact,12000000,USD,2025-06-01,"
        "https://example.org/b,Norway pays less,2025-06-02,wire",
        "T-3,MSS-HTI,NOR,personnel_pledged,exact,40,persons,2025-06-01,"
        "https://unknown-blog.example/c,A blog,2025-06-02,",
        "",
    ]
)


def test_check_passes_on_the_built_in_data(loaded_cli_db: str) -> None:
    done = run_cli("check", db=loaded_cli_db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 unexplained" in done.stdout


def test_check_fails_on_a_falling_total_until_a_note_explains_it(
    cli_db: str, tmp_path: Path
) -> None:
    f = tmp_path / "seeded.csv"
    f.write_text(ROWS, encoding="utf-8")
    done = run_cli("import", str(f), db=cli_db)
    assert done.returncode == 0, done.stderr
    done = run_cli("check", "--format", "json", db=cli_db)
    assert done.returncode == 1, done.stdout + done.stderr
    report = json.loads(done.stdout)
    keys = {x["pattern"]: x["key"] for x in report["findings"] if not x["explained"]}
    assert set(keys) == {"falls", "unrated_source"}
    assert keys["falls"] == "falls/MSS-HTI/NOR/paid/T-2"

    done = run_cli("check", "note", keys["falls"], "Norway's release counts one tranche", db=cli_db)
    assert done.returncode == 0, done.stderr
    sid = keys["unrated_source"].split("/")[1]
    done = run_cli("rate-source", sid, "--kind", "outlet", db=cli_db)
    assert done.returncode == 0, done.stderr
    done = run_cli("check", "--mission", "MSS-HTI", db=cli_db)
    assert done.returncode == 0, done.stdout + done.stderr
    # the note and the rating are in the audit log, with who and why
    from peaceledger.store.sql.store import SqlStore

    store = SqlStore(cli_db)
    try:
        (rated,) = [e for e in store.audit_entries("source", sid) if e.action == "rate"]
        assert rated.after is not None and rated.after["kind"] == "outlet"
        noted = store.audit_entries("check", keys["falls"])
        assert noted[0].after == {"note": "Norway's release counts one tranche"}
    finally:
        store.close()


def test_check_note_refuses_a_key_it_did_not_report(loaded_cli_db: str) -> None:
    done = run_cli("check", "note", "falls/nothing", "because", db=loaded_cli_db)
    assert done.returncode == 2 and "no finding" in done.stderr


def test_rate_source_refuses_an_unknown_kind(loaded_cli_db: str) -> None:
    done = run_cli("rate-source", "S64d224b049", "--kind", "tabloid", db=loaded_cli_db)
    assert done.returncode == 2 and "not one of" in done.stderr
