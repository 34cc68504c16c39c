"""Web fixtures: the app over the real stores (SQLite and PostgreSQL), never a mock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from peaceledger.config import Settings
from peaceledger.store.sql.store import SqlStore
from peaceledger.web import create_app

ROOT = Path(__file__).resolve().parents[2]
SEED_ARTICLE = (ROOT / "tests" / "data" / "seed-article.txt").read_text(encoding="utf-8")
SEED_PUBLISHED = "2025-01-16"
XSS_ARTICLE = (
    "Kenya deployed another 200 police officers to Haiti on Tuesday, the ministry said. "
    '<script>window.__xss = 1; alert("xss")</script> '
    '<img src=x onerror="window.__xss = 2; alert(2)"> '
    "Jamaica has pledged 200 soldiers to the mission.\n"
)


def settings_for(store: SqlStore, tmp: Path) -> Settings:
    # These tests predate accounts (issue 7): the app runs without them here. Accounts, roles
    # and CSRF are tested in test_auth*.py.
    return Settings(db_url=store.url, data_dir=tmp, user="test:web", open_access=True)


@pytest.fixture
def client(builtin_store: SqlStore, tmp_path: Path) -> Iterator[TestClient]:
    """Read-only client over the built-in MSS Haiti ledger (both backends)."""
    with TestClient(create_app(settings_for(builtin_store, tmp_path), builtin_store)) as c:
        yield c


@pytest.fixture
def write_client(store: SqlStore, tmp_path: Path) -> Iterator[TestClient]:
    """Client over an empty ledger (missions and actors only) that tests may write to."""
    with TestClient(create_app(settings_for(store, tmp_path), store)) as c:
        yield c
