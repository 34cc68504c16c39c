"""`statements`, `positions`, `review-statements`, `export-statements`: the real command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.conftest import run_cli

SEED = Path(__file__).resolve().parents[2] / "tests" / "data" / "seed-article.txt"


def _ingest(db: str) -> None:
    done = run_cli("ingest", str(SEED), "--published", "2025-01-16", db=db)
    assert done.returncode == 0, done.stderr


def test_ingest_review_and_positions(ledger_db: str) -> None:
    _ingest(ledger_db)
    listed = run_cli("review-statements", "list", "--format", "json", db=ledger_db)
    assert listed.returncode == 0, listed.stderr
    cands = json.loads(listed.stdout)["statements"]
    rubio = [
        c for c in cands if c["speaker"]["name"] == "Marco Rubio" and c["kind"] == "direct_quote"
    ]
    assert rubio and rubio[0]["date"] == "2025-01-15" and rubio[0]["actor"] == "USA"
    assert rubio[0]["speaker"]["role"] == "secretary of state nominee"

    # nothing accepted yet: positions are empty, candidates can be shown on request
    empty = run_cli("positions", "--mission", "MSS-HTI", "--format", "json", db=ledger_db)
    assert json.loads(empty.stdout)["positions"] == []
    ids = [c["statement_id"] for c in cands if c["speaker"]["name"] != "Republican lawmakers"]
    assert run_cli("review-statements", "accept", *ids, db=ledger_db).returncode == 0
    gop = next(c for c in cands if c["speaker"]["name"] == "Republican lawmakers")
    edited = run_cli(
        "review-statements",
        "edit",
        gop["statement_id"],
        "--set",
        "stance=conditional",
        "--set",
        "condition=no blank cheque",
        db=ledger_db,
    )
    assert edited.returncode == 0, edited.stderr

    pos = run_cli("positions", "--mission", "MSS-HTI", "--format", "json", db=ledger_db)
    assert pos.returncode == 0, pos.stderr
    (usa,) = json.loads(pos.stdout)["positions"]
    # the President-elect outweighs some lawmakers on the same day; their (edited) stance on
    # the funding stays visible per subject
    assert usa["actor"] == "USA" and usa["stance"] == "supports"
    assert usa["by_subject"]["funding"] == "conditional"
    assert "conditional" in usa["trajectory"]
    table = run_cli("positions", "--mission", "MSS-HTI", db=ledger_db)
    assert table.returncode == 0 and "USA" in table.stdout

    by_rubio = run_cli(
        "statements", "--speaker", "Rubio", "--actor", "USA", "--format", "csv", db=ledger_db
    )
    rows = list(csv.DictReader(io.StringIO(by_rubio.stdout)))
    assert rows and all(r["speaker_name"] == "Marco Rubio" for r in rows)
    window = run_cli(
        "statements", "--from", "2025-01-16", "--to", "2025-01-16", "--format", "json", db=ledger_db
    )
    assert all(s["date"] == "2025-01-16" for s in json.loads(window.stdout)["statements"])

    shown = run_cli(
        "review-statements", "show", gop["statement_id"], "--format", "json", db=ledger_db
    )
    assert [h["version"] for h in json.loads(shown.stdout)["history"]] == [1, 2]


def test_export_statements_formats(ledger_db: str, tmp_path: Path) -> None:
    _ingest(ledger_db)
    out = run_cli("export-statements", "--status", "candidate", db=ledger_db)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("statement_id,") and lines[1].startswith("#meta+id,")
    js = run_cli("export-statements", "-f", "json", "--status", "candidate", db=ledger_db)
    assert json.loads(js.stdout)["meta"]["statements"] == len(lines) - 2
    x = tmp_path / "s.xlsx"
    assert (
        run_cli(
            "export-statements", "-f", "xlsx", "-o", str(x), "--status", "candidate", db=ledger_db
        ).returncode
        == 0
    )
    assert x.stat().st_size > 0
    pkg = tmp_path / "pkg"
    done = run_cli(
        "export-statements",
        "-f",
        "datapackage",
        "-o",
        str(pkg),
        "--status",
        "candidate",
        db=ledger_db,
    )
    assert done.returncode == 0, done.stderr
    desc = json.loads((pkg / "datapackage.json").read_text())
    assert [r["name"] for r in desc["resources"]] == ["statements", "sources"]


def test_bad_arguments_exit_2(loaded_cli_db: str) -> None:
    for args in (
        ("statements", "--actor", "ZZZ"),
        ("statements", "--from", "2025", "--to", "2024"),
        ("positions", "--mission", "NOPE"),
        ("review-statements", "accept", "T000"),
        ("export-statements", "-f", "xlsx"),
    ):
        done = run_cli(*args, db=loaded_cli_db)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
