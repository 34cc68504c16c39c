"""Statements (issue 6: positions).

`statements` holds the current version of each statement (who said what about a mission,
for which actor, with what stance) and `statement_versions` every version, as facts do. See
`peaceledger/store/sql/tables_statements.py`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _columns(current: bool) -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("statement_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=True),
        sa.Column("speaker_name", sa.Text(), nullable=False),
        sa.Column("speaker_role", sa.Text(), nullable=False),
        sa.Column("speaker_actor", sa.String(length=16), nullable=True),
        sa.Column("speaker_kind", sa.String(length=16), nullable=False),
        sa.Column("speaker_text", sa.Text(), nullable=False),
        sa.Column("date_of_statement", sa.String(length=16), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=24), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("cues", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("known_since", sa.Date(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("evidence_quote", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("produced_by", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
    ]


def _foreign_keys(table: str) -> list[sa.ForeignKeyConstraint]:
    return [
        sa.ForeignKeyConstraint(["actor"], ["actors.code"], name=op.f(f"fk_{table}_actor_actors")),
        sa.ForeignKeyConstraint(
            ["mission"], ["missions.code"], name=op.f(f"fk_{table}_mission_missions")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.source_id"], name=op.f(f"fk_{table}_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["speaker_actor"], ["actors.code"], name=op.f(f"fk_{table}_speaker_actor_actors")
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "statements",
        *_columns(current=True),
        *_foreign_keys("statements"),
        sa.PrimaryKeyConstraint("statement_id", name=op.f("pk_statements")),
    )
    op.create_index("ix_statements_actor_date", "statements", ["actor", "date_start"])
    op.create_index(
        "ix_statements_mission_status", "statements", ["mission", "status", "date_start"]
    )
    op.create_index("ix_statements_source", "statements", ["source_id"])
    op.create_table(
        "statement_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *_columns(current=False),
        *_foreign_keys("statement_versions"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_versions")),
        sa.UniqueConstraint(
            "statement_id", "version", name=op.f("uq_statement_versions_statement_id_version")
        ),
    )


def downgrade() -> None:
    op.drop_table("statement_versions")
    op.drop_index("ix_statements_source", table_name="statements")
    op.drop_index("ix_statements_mission_status", table_name="statements")
    op.drop_index("ix_statements_actor_date", table_name="statements")
    op.drop_table("statements")
