"""Migration 0007 on a ledger made before it: sources of the old kinds (news, official,
dataset, user) are rated, built-in pages from the curated file, others by their domain."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from peaceledger.domain.vocab import SourceKind
from peaceledger.store.sql import migrate
from peaceledger.store.sql.store import SqlStore

from ..conftest import PG_URL, SKIP_PG, _drop_schema, _schema_name

OLD = [
    # (source_id, kind before, url)
    ("S011f4e683f", "news", "https://vifreepress.com/?p=112332"),  # built-in: outlet, AP copy
    ("Sx-reuters", "news", "https://www.reuters.com/world/americas/x"),
    ("Sx-blog", "news", "https://unknown-blog.example/post"),
    ("Sx-data", "dataset", None),
    ("Sx-user", "user", None),
    ("Sx-un", "official", "https://press.un.org/en/2024/sc1.doc.htm"),
]


def _make_old(store: SqlStore) -> None:
    command.upgrade(migrate._config(store.engine), "0006")
    with store.engine.begin() as c:
        for sid, kind, url in OLD:
            c.execute(
                text(
                    "INSERT INTO sources (source_id, kind, url, title, publisher, recorded_by, "
                    "recorded_at) VALUES (:sid, :kind, :url, 't', 'p', 'x', :at)"
                ),
                {"sid": sid, "kind": kind, "url": url, "at": datetime.now(UTC)},
            )


def _check(store: SqlStore) -> None:
    assert store.upgrade()[-1] == "0007"
    got = store.get_sources([sid for sid, _, _ in OLD])
    assert got["S011f4e683f"].kind is SourceKind.OUTLET
    assert got["S011f4e683f"].origin == "AP" and got["S011f4e683f"].report_key == "AP"
    assert got["Sx-reuters"].kind is SourceKind.WIRE
    assert got["Sx-reuters"].report_key == "Reuters"
    assert got["Sx-blog"].kind is SourceKind.UNRATED
    assert got["Sx-data"].kind is SourceKind.OFFICIAL
    assert got["Sx-user"].kind is SourceKind.UNRATED
    assert got["Sx-un"].kind is SourceKind.OFFICIAL


def test_sqlite_ledger_made_before_credibility(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        _make_old(store)
        _check(store)
    finally:
        store.close()


def test_postgresql_ledger_made_before_credibility() -> None:
    if SKIP_PG:
        pytest.skip("PEACELEDGER_SKIP_PG=1")
    schema = _schema_name("plmig")
    store = SqlStore(PG_URL, schema=schema)
    try:
        with store.engine.begin() as c:
            c.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        _make_old(store)
        _check(store)
    finally:
        store.close()
        _drop_schema(schema)
