"""Fuzzing fixtures (issue 7): the names every importer checks against, read once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from peaceledger.domain.facts import KnownNames
from peaceledger.ledger.builtin import known_names
from peaceledger.store.sql.store import SqlStore


@pytest.fixture(scope="module")
def fuzz_store(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SqlStore]:
    """One SQLite ledger per module that generated imports may write to."""
    path = tmp_path_factory.mktemp("fuzz") / "ledger.db"
    shutil.copy(sqlite_template, path)
    store = SqlStore(f"sqlite:///{path}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def known(fuzz_store: SqlStore) -> KnownNames:
    return known_names(fuzz_store)
