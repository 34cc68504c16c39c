"""Source credibility, derived and out-of-scope facts, mission phases, check notes.

* `sources.kind` now says how far a page is trusted (official, wire, outlet, aggregator,
  mirror, unrated) instead of what it is (news, official, dataset, user); `origin` names the
  organisation whose report a syndicated copy carries, `origin_kind` its kind and `report_key`
  whose report the page is. Existing rows are rated here: built-in sources from the curated
  `mss_haiti/source_origin.csv`, others by the publisher registry (by domain), `dataset` as
  official, `user` and unknown domains as unrated.
* `facts.scope` (`mission` or `wider`), `derived_from` (fact ids, `|`-separated) and
  `derivation` (the operation), in `facts` and `fact_versions`.
* `missions.phases` (`authorized:2023-10-02|...`).
* `check_notes`: why a pattern `peaceledger check` reports stands.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from peaceledger.data import load_registry
    from peaceledger.ledger.builtin import builtin_source_credibility

    with op.batch_alter_table("sources") as b:
        b.add_column(sa.Column("origin", sa.Text()))
        b.add_column(sa.Column("origin_kind", sa.String(16)))
        b.add_column(sa.Column("report_key", sa.Text(), nullable=False, server_default=""))
    for table in ("facts", "fact_versions"):
        with op.batch_alter_table(table) as b:
            b.add_column(
                sa.Column("scope", sa.String(16), nullable=False, server_default="mission")
            )
            b.add_column(sa.Column("derived_from", sa.Text(), nullable=False, server_default=""))
            b.add_column(sa.Column("derivation", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("missions") as b:
        b.add_column(sa.Column("phases", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "check_notes",
        sa.Column("finding_key", sa.String(255), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("finding_key", name="pk_check_notes"),
    )

    registry = load_registry()
    curated = builtin_source_credibility()
    sources = sa.table(
        "sources",
        sa.column("source_id", sa.String),
        sa.column("kind", sa.String),
        sa.column("url", sa.Text),
        sa.column("origin", sa.Text),
        sa.column("origin_kind", sa.String),
        sa.column("report_key", sa.Text),
    )
    bind = op.get_bind()
    legacy = {"official": "official", "dataset": "official", "user": "unrated"}
    rows = bind.execute(sa.select(sources.c.source_id, sources.c.kind, sources.c.url)).all()
    for sid, old_kind, url in rows:
        kind, origin = curated.get(sid, (None, None))
        if kind is None and old_kind in legacy:
            from peaceledger.domain.vocab import SourceKind

            kind = SourceKind(legacy[old_kind])
        page_kind, origin_name, origin_kind, key = registry.classify(url, origin, kind)
        bind.execute(
            sources.update()
            .where(sources.c.source_id == sid)
            .values(
                kind=page_kind.value,
                origin=origin_name,
                origin_kind=origin_kind.value if origin_kind else None,
                report_key=key,
            )
        )


def downgrade() -> None:
    op.drop_table("check_notes")
    with op.batch_alter_table("missions") as b:
        b.drop_column("phases")
    for table in ("facts", "fact_versions"):
        with op.batch_alter_table(table) as b:
            b.drop_column("derivation")
            b.drop_column("derived_from")
            b.drop_column("scope")
    with op.batch_alter_table("sources") as b:
        b.drop_column("report_key")
        b.drop_column("origin_kind")
        b.drop_column("origin")
