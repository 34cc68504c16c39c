"""Grouped evidence for repeated reports (issue 8: corpus ingestion).

`fact_claims` maps a claim's identity to the candidate fact that stands for it, `fact_evidence`
keeps every report of it (source, span, quote), and `corpus_batches` records the committed
batches of a corpus so that a re-run after a crash resumes where it stopped. See
`peaceledger/store/sql/tables_corpus.py` and docs/corpus.md.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fact_claims",
        sa.Column("claim_key", sa.String(length=255), nullable=False),
        sa.Column("fact_id", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fact_id"], ["facts.fact_id"], name=op.f("fk_fact_claims_fact_id_facts")
        ),
        sa.PrimaryKeyConstraint("claim_key", name=op.f("pk_fact_claims")),
        sa.UniqueConstraint("fact_id", name=op.f("uq_fact_claims_fact_id")),
    )
    op.create_table(
        "fact_evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fact_id", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fact_id"], ["facts.fact_id"], name=op.f("fk_fact_evidence_fact_id_facts")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.source_id"], name=op.f("fk_fact_evidence_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_evidence")),
        sa.UniqueConstraint(
            "fact_id",
            "source_id",
            "span_start",
            name=op.f("uq_fact_evidence_fact_id_source_id_span_start"),
        ),
    )
    op.create_index("ix_fact_evidence_source_id", "fact_evidence", ["source_id"], unique=False)
    op.create_table(
        "corpus_batches",
        sa.Column("batch_key", sa.String(length=64), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("batch_key", name=op.f("pk_corpus_batches")),
    )


def downgrade() -> None:
    op.drop_table("corpus_batches")
    op.drop_index("ix_fact_evidence_source_id", table_name="fact_evidence")
    op.drop_table("fact_evidence")
    op.drop_table("fact_claims")
