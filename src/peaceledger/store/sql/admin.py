"""Backup and restore.

SQLite uses the online backup API, which copies a consistent snapshot while other connections
keep reading and writing. PostgreSQL uses `pg_dump`/`pg_restore` (custom format), the tools
every PostgreSQL operator already trusts. A restore first saves the current database beside the
backup (`*.before-restore`), so a mistaken restore loses nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import make_url

from ...errors import InputError, StoreError

if TYPE_CHECKING:
    from .store import SqlStore

SQLITE_MAGIC = b"SQLite format 3\x00"


def backup(store: SqlStore, path: Path) -> None:
    path = Path(path)
    if path.exists() and path.is_dir():
        raise InputError(f"{path} is a directory; give a file name", "PATH")
    path.parent.mkdir(parents=True, exist_ok=True)
    if store.dialect == "sqlite":
        tmp = path.with_name(path.name + ".partial")
        raw = store.engine.raw_connection()
        try:
            dst = sqlite3.connect(tmp)
            try:
                raw.driver_connection.backup(dst)  # type: ignore[union-attr]
            finally:
                dst.close()
        finally:
            raw.close()
        tmp.replace(path)  # a reader never sees a half-written backup
        return
    _pg_tool(store, ["pg_dump", "--format=custom", "--no-owner", f"--file={path}"])


def restore(store: SqlStore, path: Path) -> None:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no backup file at {path}", "PATH")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = path.with_name(f"{path.stem}.before-restore-{stamp}{path.suffix or '.bak'}")
    if store.dialect == "sqlite":
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                raise InputError(f"{path} is not a SQLite backup", "PATH")
        backup(store, safety)
        raw = store.engine.raw_connection()
        try:
            src = sqlite3.connect(path)
            try:
                src.backup(raw.driver_connection)  # type: ignore[arg-type]
            finally:
                src.close()
        finally:
            raw.close()
        store.engine.dispose()
    else:
        backup(store, safety)
        _pg_tool(
            store,
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                str(path),
            ],
        )
    # what readers see has changed: a new version, so no server keeps answers from before
    with store.transaction():
        pass


def _pg_tool(store: SqlStore, args: list[str]) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise StoreError(f"{args[0]} is not installed: install the PostgreSQL client tools")
    url = make_url(store.url).set(drivername="postgresql")
    dsn = url.render_as_string(hide_password=False)
    cmd = [tool, *args[1:]]
    if store.schema:
        cmd.append(f"--schema={store.schema}")
    cmd.append(f"--dbname={dsn}")
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise StoreError(f"{args[0]} failed: {done.stderr.strip()[:500]}")
