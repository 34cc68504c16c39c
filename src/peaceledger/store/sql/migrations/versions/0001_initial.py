"""The initial ledger schema: missions, actors, sources, facts and events with their versions.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from peaceledger.store.sql.tables import Amount

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("un_member", sa.Boolean(), nullable=False),
        sa.Column("un_admission_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_actors")),
    )
    op.create_table(
        "missions",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("host", sa.String(length=16), nullable=False),
        sa.Column("resolutions", sa.Text(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("lead", sa.String(length=16), nullable=True),
        sa.Column("predecessor", sa.String(length=32), nullable=True),
        sa.Column("successor", sa.String(length=32), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_missions")),
    )
    op.create_table(
        "peaceledger_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_peaceledger_meta")),
    )
    op.create_table(
        "sources",
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("published", sa.String(length=16), nullable=True),
        sa.Column("published_precision", sa.String(length=8), nullable=True),
        sa.Column("published_start", sa.Date(), nullable=True),
        sa.Column("published_end", sa.Date(), nullable=True),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_sources")),
        sa.UniqueConstraint("sha256", name=op.f("uq_sources_sha256")),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["code"], ["actors.code"], name=op.f("fk_actor_aliases_code_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_aliases")),
        sa.UniqueConstraint("code", "alias", "kind", name=op.f("uq_actor_aliases_code_alias_kind")),
    )
    op.create_table(
        "event_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=True),
        sa.Column("date_of_event", sa.String(length=16), nullable=False),
        sa.Column("date_precision", sa.String(length=8), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("value", Amount(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("known_since", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor"], ["actors.code"], name=op.f("fk_event_versions_actor_actors")
        ),
        sa.ForeignKeyConstraint(
            ["mission"], ["missions.code"], name=op.f("fk_event_versions_mission_missions")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.source_id"], name=op.f("fk_event_versions_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_versions")),
        sa.UniqueConstraint("event_id", "version", name=op.f("uq_event_versions_event_id_version")),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=True),
        sa.Column("date_of_event", sa.String(length=16), nullable=False),
        sa.Column("date_precision", sa.String(length=8), nullable=False),
        sa.Column("date_start", sa.Date(), nullable=False),
        sa.Column("date_end", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("value", Amount(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("known_since", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actor"], ["actors.code"], name=op.f("fk_events_actor_actors")),
        sa.ForeignKeyConstraint(
            ["mission"], ["missions.code"], name=op.f("fk_events_mission_missions")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.source_id"], name=op.f("fk_events_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_events")),
    )
    op.create_index("ix_events_mission_date", "events", ["mission", "date_start"], unique=False)
    op.create_table(
        "fact_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fact_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=True),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("value", Amount(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("personnel_type", sa.String(length=16), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("date_of_fact", sa.String(length=16), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("known_since", sa.Date(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("evidence_quote", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("amount_usd", Amount(), nullable=True),
        sa.Column("usd_status", sa.String(length=16), nullable=True),
        sa.Column("rate_per_usd", Amount(), nullable=True),
        sa.Column("rate_date", sa.String(length=16), nullable=True),
        sa.Column("rate_kind", sa.String(length=24), nullable=True),
        sa.Column("rate_source", sa.Text(), nullable=True),
        sa.Column("produced_by", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor"], ["actors.code"], name=op.f("fk_fact_versions_actor_actors")
        ),
        sa.ForeignKeyConstraint(
            ["mission"], ["missions.code"], name=op.f("fk_fact_versions_mission_missions")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.source_id"], name=op.f("fk_fact_versions_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_versions")),
        sa.UniqueConstraint("fact_id", "version", name=op.f("uq_fact_versions_fact_id_version")),
    )
    op.create_table(
        "facts",
        sa.Column("fact_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("mission", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=16), nullable=True),
        sa.Column("metric", sa.String(length=32), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("value", Amount(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("personnel_type", sa.String(length=16), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=True),
        sa.Column("date_of_fact", sa.String(length=16), nullable=True),
        sa.Column("date_precision", sa.String(length=8), nullable=True),
        sa.Column("date_start", sa.Date(), nullable=True),
        sa.Column("date_end", sa.Date(), nullable=True),
        sa.Column("source_id", sa.String(length=32), nullable=False),
        sa.Column("known_since", sa.Date(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("evidence_quote", sa.Text(), nullable=True),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("amount_usd", Amount(), nullable=True),
        sa.Column("usd_status", sa.String(length=16), nullable=True),
        sa.Column("rate_per_usd", Amount(), nullable=True),
        sa.Column("rate_date", sa.String(length=16), nullable=True),
        sa.Column("rate_kind", sa.String(length=24), nullable=True),
        sa.Column("rate_source", sa.Text(), nullable=True),
        sa.Column("produced_by", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["actor"], ["actors.code"], name=op.f("fk_facts_actor_actors")),
        sa.ForeignKeyConstraint(
            ["mission"], ["missions.code"], name=op.f("fk_facts_mission_missions")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.source_id"], name=op.f("fk_facts_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("fact_id", name=op.f("pk_facts")),
    )
    op.create_index(
        "ix_facts_actor_metric", "facts", ["actor", "metric", "date_start"], unique=False
    )
    op.create_index("ix_facts_source", "facts", ["source_id"], unique=False)
    op.create_index(
        "ix_facts_state",
        "facts",
        ["mission", "status", "actor", "metric", "date_start"],
        unique=False,
    )

    _full_text_search()


def _full_text_search() -> None:
    """SQLite: an FTS5 index over the sources, kept in step by triggers.
    PostgreSQL: a GIN index on the same `tsvector` expression the search query uses."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE sources_fts USING fts5("
            "title, publisher, text, content='sources', content_rowid='rowid')"
        )
        op.execute(
            "CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN "
            "INSERT INTO sources_fts(rowid, title, publisher, text) "
            "VALUES (new.rowid, new.title, new.publisher, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN "
            "INSERT INTO sources_fts(sources_fts, rowid, title, publisher, text) "
            "VALUES ('delete', old.rowid, old.title, old.publisher, old.text); END"
        )
        op.execute(
            "CREATE TRIGGER sources_fts_update AFTER UPDATE ON sources BEGIN "
            "INSERT INTO sources_fts(sources_fts, rowid, title, publisher, text) "
            "VALUES ('delete', old.rowid, old.title, old.publisher, old.text); "
            "INSERT INTO sources_fts(rowid, title, publisher, text) "
            "VALUES (new.rowid, new.title, new.publisher, new.text); END"
        )
    else:
        op.execute(
            "CREATE INDEX ix_sources_fulltext ON sources USING gin (to_tsvector('simple', "
            "coalesce(title, '') || ' ' || coalesce(publisher, '') || ' ' || coalesce(text, '')))"
        )


def downgrade() -> None:
    raise NotImplementedError("the initial schema is not downgraded: restore a backup instead")
