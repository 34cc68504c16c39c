"""Fixtures: real stores on SQLite and on PostgreSQL, never a mock.

Every test that asks for `store` runs twice, once per backend. PostgreSQL is the server at
`PEACELEDGER_TEST_PG` (default 127.0.0.1:5432, database `test`); when it cannot be reached the
tests fail loudly. Set `PEACELEDGER_SKIP_PG=1` to run only the SQLite half on a laptop without
PostgreSQL; CI never sets it.

Speed: the schema (and the reference data every fact needs) is built once per session per
backend. Each test then gets an empty ledger: a copy of the SQLite template file, or a
PostgreSQL schema whose ledger tables are truncated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from peaceledger.ledger.builtin import ensure_reference_data, load_builtin
from peaceledger.store.sql.store import SqlStore

PG_URL = os.environ.get("PEACELEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SKIP_PG = os.environ.get("PEACELEDGER_SKIP_PG") == "1" and os.environ.get("CI") != "true"
LEDGER_TABLES = (
    "fact_versions",
    "facts",
    "event_versions",
    "events",
    "sources",
    "peaceledger_meta",
    # issue 7: the audit log and accounts start empty in every test too
    "audit_log",
    "sessions",
    "api_tokens",
    "users",
    # issue 8: grouped claims, their evidence and the corpus resume journal
    "fact_claims",
    "fact_evidence",
    "corpus_batches",
    # reviewers' notes on `peaceledger check` findings
    "check_notes",
)
BACKENDS = ["sqlite", "postgresql"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def _check_pg() -> None:
    try:
        probe = SqlStore(PG_URL)
        with probe.engine.connect() as c:
            c.execute(text("select 1"))
        probe.close()
    except Exception as exc:  # any failure to connect is the same message for the developer
        pytest.fail(
            f"PostgreSQL is not reachable at {PG_URL}: {exc}. The store tests must run on "
            "PostgreSQL too; start it (see README) or set PEACELEDGER_TEST_PG.",
            pytrace=False,
        )


def _schema_name(prefix: str) -> str:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    return f"{prefix}_{worker}_{uuid.uuid4().hex[:8]}"


def _drop_schema(schema: str) -> None:
    admin = SqlStore(PG_URL)
    with admin.engine.begin() as c:
        c.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "ledger.db"
    s = SqlStore(f"sqlite:///{path}")
    s.upgrade()
    ensure_reference_data(s)
    s.close()
    return path


@pytest.fixture(scope="session")
def pg_schema() -> Iterator[str]:
    if SKIP_PG:
        pytest.skip("PEACELEDGER_SKIP_PG=1: PostgreSQL half skipped on this machine")
    _check_pg()
    schema = _schema_name("pltest")
    s = SqlStore(PG_URL, schema=schema)
    s.upgrade()
    ensure_reference_data(s)
    s.close()
    yield schema
    _drop_schema(schema)


def _empty_pg(schema: str) -> SqlStore:
    s = SqlStore(PG_URL, schema=schema)
    with s.engine.begin() as c:
        c.execute(text("TRUNCATE " + ", ".join(LEDGER_TABLES) + " RESTART IDENTITY CASCADE"))
    return s


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """An empty ledger (missions and actors present, no facts), on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "ledger.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        s = SqlStore(f"sqlite:///{path}")
    else:
        s = _empty_pg(request.getfixturevalue("pg_schema"))
    yield s
    s.close()


@pytest.fixture(scope="session", params=BACKENDS)
def builtin_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SqlStore]:
    """The built-in MSS Haiti dataset, loaded once per backend. Tests must not write to it."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("builtin") / "ledger.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        s = SqlStore(f"sqlite:///{path}")
        load_builtin(s)
        yield s
        s.close()
        return
    if SKIP_PG:
        pytest.skip("PEACELEDGER_SKIP_PG=1")
    _check_pg()
    schema = _schema_name("plbuiltin")
    s = SqlStore(PG_URL, schema=schema)
    s.upgrade()
    load_builtin(s)
    yield s
    s.close()
    _drop_schema(schema)


@pytest.fixture
def pg_url_for_cli() -> Iterator[str]:
    """A fresh PostgreSQL schema for a CLI subprocess, as a URL the CLI accepts."""
    if SKIP_PG:
        pytest.skip("PEACELEDGER_SKIP_PG=1")
    _check_pg()
    schema = _schema_name("plcli")
    admin = SqlStore(PG_URL)
    with admin.engine.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.close()
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    _drop_schema(schema)


def run_cli(
    *args: str,
    db: str | None = None,
    input_text: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """The real `peaceledger` command, in a subprocess."""
    cmd = [sys.executable, "-m", "peaceledger"]
    if db is not None:
        cmd += ["--db", db]
    full_env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    full_env.pop("PEACELEDGER_DB", None)
    return subprocess.run(
        [*cmd, *args],
        capture_output=True,
        text=True,
        input=input_text,
        env=full_env,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def cli_db(tmp_path: Path) -> str:
    """A new SQLite file for a CLI test; the built-in data loads on first use."""
    path = tmp_path / "cli.db"
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def loaded_cli_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One SQLite database with the built-in dataset, shared by read-only CLI tests."""
    path = tmp_path_factory.mktemp("clidb") / "ledger.db"
    url = f"sqlite:///{path}"
    done = run_cli("db", "info", db=url)
    assert done.returncode == 0, done.stderr
    return url


@pytest.fixture
def ledger_db(tmp_path: Path, loaded_cli_db: str) -> str:
    """A writable copy of the loaded database: CLI tests that change data start from the
    built-in dataset without paying for loading it again."""
    source = Path(loaded_cli_db.removeprefix("sqlite:///"))
    target = tmp_path / "ledger.db"
    shutil.copy(source, target)
    return f"sqlite:///{target}"
