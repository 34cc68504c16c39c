"""Tables for statements (issue 6), on the same `metadata` as `tables.py`.

Like facts: `statements` holds the current version of each statement, `statement_versions`
every version ever recorded (never updated or deleted from). The speaker is stored flat
(name, role, actor, kind, the words the source used) because the role is the one held on the
statement's date, which a join to a roster could not say.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from .tables import metadata


def _statement_columns(current: bool) -> list[Column[Any]]:
    return [
        Column("statement_id", String(64), primary_key=current, nullable=False),
        Column("version", Integer, nullable=False),
        Column("mission", String(32), ForeignKey("missions.code"), nullable=False),
        Column("actor", String(16), ForeignKey("actors.code")),
        Column("speaker_name", Text, nullable=False, default=""),
        Column("speaker_role", Text, nullable=False, default=""),
        Column("speaker_actor", String(16), ForeignKey("actors.code")),
        Column("speaker_kind", String(16), nullable=False),
        Column("speaker_text", Text, nullable=False, default=""),
        Column("date_of_statement", String(16)),
        Column("date_precision", String(8)),
        Column("date_start", Date),
        Column("date_end", Date),
        Column("kind", String(24), nullable=False),
        Column("subject", String(24), nullable=False),
        Column("stance", String(16), nullable=False),
        Column("condition", Text, nullable=False, default=""),
        Column("cues", Text, nullable=False, default=""),
        Column("source_id", String(32), ForeignKey("sources.source_id"), nullable=False),
        Column("known_since", Date),
        Column("evidence_start", Integer),
        Column("evidence_end", Integer),
        Column("evidence_quote", Text),
        Column("status", String(16), nullable=False),
        Column("note", Text, nullable=False, default=""),
        Column("produced_by", Text, nullable=False, default=""),
        Column("confidence", Float),
        Column("recorded_by", Text, nullable=False, default=""),
        Column("recorded_at", DateTime(timezone=True), nullable=False),
        Column("change_note", Text, nullable=False, default=""),
    ]


statements = Table(
    "statements",
    metadata,
    *_statement_columns(current=True),
    Index("ix_statements_actor_date", "actor", "date_start"),
    Index("ix_statements_mission_status", "mission", "status", "date_start"),
    Index("ix_statements_source", "source_id"),
)

statement_versions = Table(
    "statement_versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *_statement_columns(current=False),
    UniqueConstraint("statement_id", "version"),
)
