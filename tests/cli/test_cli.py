"""The real `peaceledger` command in a subprocess: what a user types, what they see."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from peaceledger.domain.dates import parse_fuzzy_date
from tests.conftest import run_cli


def test_status_json_mid_2025(loaded_cli_db: str) -> None:
    done = run_cli(
        "status",
        "--mission",
        "MSS-HTI",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
        db=loaded_cli_db,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    actors = {a["actor"]: a for a in data["actors"]}
    for code in ("KEN", "GTM", "SLV", "JAM", "BHS", "BLZ"):
        assert actors[code]["personnel_deployed"]["value"] is not None, code
        assert actors[code]["personnel_pledged"] is not None, code
    assert actors["KEN"]["personnel_deployed"]["value"] == 732
    assert actors["KEN"]["personnel_pledged"]["value"] == 1000
    whole = data["mission_wide"]["personnel_deployed"]
    assert whole["value"] == 991
    sid = whole["base"]["source_id"]
    assert data["sources"][sid]["url"].startswith("https://")


def test_status_table_shows_the_first_contingent_conflict(loaded_cli_db: str) -> None:
    done = run_cli("status", "--as-of", "2024-06-30", db=loaded_cli_db)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Sources disagree" in out and "~200" in out and "400" in out
    assert "Sad26510392" in out and "S38087816a8" in out  # both sources listed


def test_timeline_shows_both_reports(loaded_cli_db: str) -> None:
    done = run_cli(
        "timeline",
        "--actor",
        "KEN",
        "--metric",
        "personnel_deployed",
        "--format",
        "json",
        db=loaded_cli_db,
    )
    assert done.returncode == 0, done.stderr
    entries = json.loads(done.stdout)["entries"]
    first = next(e for e in entries if e["type"] == "figure" and e["date"] == "2024-06-25")
    assert first["conflict"] is True
    assert {r["source_id"] for r in first["readings"]} == {"Sad26510392", "S38087816a8"}
    steps = [e["running_value"] for e in entries if e["type"] == "figure"]
    assert 732 in steps


def test_known_at_shows_nothing_published_later(loaded_cli_db: str) -> None:
    cutoff = date(2024, 7, 1)
    done = run_cli(
        "status",
        "--as-of",
        "2026-01-01",
        "--known-at",
        "2024-07-01",
        "-f",
        "json",
        db=loaded_cli_db,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["sources"]
    for s in data["sources"].values():
        assert parse_fuzzy_date(s["published"]).end <= cutoff, s
    listed = json.loads(
        run_cli("facts", "--known-at", "2024-07-01", "-f", "json", db=loaded_cli_db).stdout
    )["facts"]
    published = {
        s["source_id"]: s["published"]
        for s in json.loads(
            run_cli("sources", "--limit", "1000", "-f", "json", db=loaded_cli_db).stdout
        )["sources"]
    }
    assert listed
    for f in listed:
        assert parse_fuzzy_date(published[f["source_id"]]).end <= cutoff, f


def test_money_shows_rate_date_and_source(loaded_cli_db: str) -> None:
    done = run_cli(
        "facts", "--actor", "CAN", "--metric", "funding_pledged", "-f", "json", db=loaded_cli_db
    )
    facts = {f["fact_id"]: f for f in json.loads(done.stdout)["facts"]}
    money = facts["MSS-030"]["money"]
    assert money["amount"] == 80500000 and money["currency"] == "CAD"
    assert money["rate_date"] == "2024-02" and money["rate_per_usd"] > 1
    assert money["amount_usd"] == pytest.approx(80500000 / money["rate_per_usd"], abs=0.01)
    assert "FRED" in money["rate_source"]


def test_show_fact(loaded_cli_db: str) -> None:
    done = run_cli("show", "MSS-057", db=loaded_cli_db)
    assert done.returncode == 0, done.stderr
    assert "France 24" in done.stdout and "History" in done.stdout
    assert "Reported by" not in done.stdout  # no grouped reports: the table is as it was
    shown = json.loads(run_cli("show", "MSS-057", "-f", "json", db=loaded_cli_db).stdout)
    assert shown["evidence"] == []
    missing = run_cli("show", "NOPE", db=loaded_cli_db)
    assert missing.returncode == 2 and "fact not found: NOPE" in missing.stderr


def test_sources_search(loaded_cli_db: str) -> None:
    done = run_cli("sources", "--search", "Guatemalan", "-f", "json", db=loaded_cli_db)
    titles = [s["title"] for s in json.loads(done.stdout)["sources"]]
    assert titles and all("uatemal" in t for t in titles)


BAD_FACTS = (
    "fact_id,mission,actor,metric,qualifier,value,unit,personnel_type,channel,date_of_fact,"
    "source_id,note\n"
    "B-1,MSS-HTI,KEN,personnel_pledged,exact,10,persons,,,2024-01,S1,\n"
    "B-2,MSS-HTI,XYZ,personnel_pledged,exact,10,persons,,,2024-01,S1,\n"
    "B-3,MSS-HTI,KEN,personnel_pledged,exact,10,persons,,,2024-13-01,S1,\n"
    "B-4,MSS-HTI,KEN,personnel_deployed,exact,-3,persons,,,2024-01,S1,\n"
    "B-5,MSS-HTI,USA,funding_paid,exact,5,QQQ,,,2024-01,S1,\n"
    "B-6,MSS-HTI,USA,funding_paid,exact,5,USD,,,2024-01,NOSUCH,\n"
)


def test_import_bad_rows_exit_2_and_import_nothing(cli_db: str, tmp_path: Path) -> None:
    (tmp_path / "facts.csv").write_text(BAD_FACTS)
    (tmp_path / "sources.csv").write_text(
        "source_id,url,title,publisher,published\nS1,https://example.org/1,T,P,2024-01-05\n"
    )
    before = json.loads(run_cli("db", "info", "-f", "json", db=cli_db).stdout)["tables"]
    done = run_cli("import", str(tmp_path / "facts.csv"), db=cli_db)
    assert done.returncode == 2
    err = done.stderr
    for line, field in (
        (3, "actor"),
        (4, "date_of_fact"),
        (5, "value"),
        (6, "unit"),
        (7, "source_id"),
    ):
        assert f"facts.csv:{line}: {field}:" in err, err
    assert "Traceback" not in err
    after = json.loads(run_cli("db", "info", "-f", "json", db=cli_db).stdout)["tables"]
    assert after == before


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary\xff", b'fact_id,mission\nX,"MSS'])
def test_import_binary_or_truncated_file(cli_db: str, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "facts.csv"
    path.write_bytes(content)
    done = run_cli("import", str(path), db=cli_db)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert str(path) in done.stderr


def test_bad_arguments(loaded_cli_db: str) -> None:
    cases = [
        (["status", "--as-of", "2024-02-30"], "--as-of: not a date"),
        (["status", "--mission", "NOPE"], "mission not found: NOPE"),
        (["facts", "--actor", "ZZZ"], "--actor: unknown country"),
        (["facts", "--metric", "troops"], "troops"),
        (["facts", "--from", "2025", "--to", "2024"], "is after"),
        (["import", "/no/such/file.csv"], "no such file"),
    ]
    for args, message in cases:
        done = run_cli(*args, db=loaded_cli_db)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_export_csv_and_datapackage(loaded_cli_db: str, tmp_path: Path) -> None:
    done = run_cli("export", "--format", "csv", "--actor", "JAM", db=loaded_cli_db)
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[1][rows[0].index("actor")] == "#country+code"
    facts = json.loads(run_cli("facts", "--actor", "JAM", "-f", "json", db=loaded_cli_db).stdout)
    assert len(rows) - 2 == len(facts["facts"])
    pkg = run_cli(
        "export", "--format", "datapackage", "-o", str(tmp_path / "pkg"), db=loaded_cli_db
    )
    assert pkg.returncode == 0, pkg.stderr
    assert (tmp_path / "pkg" / "datapackage.json").exists()
    no_out = run_cli("export", "--format", "xlsx", db=loaded_cli_db)
    assert no_out.returncode == 2 and "--output" in no_out.stderr


def test_backup_restore_and_reload(cli_db: str, tmp_path: Path) -> None:
    assert run_cli("db", "upgrade", db=cli_db).returncode == 0
    assert run_cli("db", "backup", str(tmp_path / "b.db"), db=cli_db).returncode == 0
    reload = run_cli("db", "load-builtin", db=cli_db)
    assert "0 fact(s) added" in reload.stdout and "137 unchanged" in reload.stdout
    done = run_cli("db", "restore", str(tmp_path / "b.db"), db=cli_db)
    assert done.returncode == 0, done.stderr
    bad = run_cli("db", "restore", str(tmp_path / "missing.db"), db=cli_db)
    assert bad.returncode == 2 and "no backup file" in bad.stderr


def test_same_cli_on_postgresql(pg_url_for_cli: str) -> None:
    done = run_cli("status", "--as-of", "2025-06-30", "-f", "json", db=pg_url_for_cli)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["mission_wide"]["personnel_deployed"]["value"] == 991


def test_config_show(cli_db: str) -> None:
    done = run_cli("config", "show", db=cli_db)
    assert "db_url" in done.stdout and "(flag)" in done.stdout


@pytest.mark.parametrize(
    "args", [("--db", "", "status"), ("--db", "  ", "status"), ("serve", "--db", "")]
)
def test_an_empty_db_is_refused_not_the_default_ledger(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """`--db "$URL"` with the variable unset: it used to open (and fill) the default ledger,
    or for `serve --db ""` the current directory as a SQLite path."""
    done = run_cli(*args, env={"PEACELEDGER_DATA_DIR": str(tmp_path)})
    assert done.returncode == 2
    assert "--db: empty" in done.stderr
    assert list(tmp_path.iterdir()) == []  # no default ledger was made
