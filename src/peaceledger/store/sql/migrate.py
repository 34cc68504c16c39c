"""Alembic, driven from code: the package carries its migrations and applies them on first use."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Objects the migrations create outside `tables.py` (the FTS5 index and its shadow
    tables, the PostgreSQL full-text index, the listing index whose NULLS FIRST only
    PostgreSQL needs) are not compared with the metadata."""
    if name is None:
        return True
    return not (
        name.startswith("sources_fts") or name in ("ix_sources_fulltext", "ix_facts_listing")
    )


def _config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, schema: str | None = None) -> list[str]:
    """Apply every migration not yet applied; returns their revision ids."""
    if schema:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    before = current_revision(engine)
    head = head_revision()
    if before == head:
        return []
    command.upgrade(_config(engine), "head")
    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in script.iterate_revisions(head, before)][::-1]
