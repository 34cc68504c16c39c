"""A covering index for state queries, replacing `ix_facts_state`.

`facts_for_state` (see `store/sql/state_query.py`) reads, for every accepted fact of a mission,
only the series key and the dates. With a million facts that is thousands of rows per query;
the old index named the mission but not the channel, basis or end date, so each of those rows
cost a table lookup. The new index holds them all, with the publication date a `--known-at`
query filters on and the fact id PostgreSQL joins back on, so the query reads the index alone
until it knows the few hundred facts it returns. Ordered by series and then start date, it
also serves the query's range of each series since its latest level. Its leading columns are
the old index's, which it therefore replaces.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SERIES_COLUMNS = [
    "mission",
    "status",
    "actor",
    "metric",
    "channel",
    "date_start",
    "basis",
    "date_end",
    "known_since",
    "fact_id",
]


def upgrade() -> None:
    op.create_index("ix_facts_series", "facts", SERIES_COLUMNS, unique=False)
    op.drop_index("ix_facts_state", table_name="facts")


def downgrade() -> None:
    op.create_index(
        "ix_facts_state",
        "facts",
        ["mission", "status", "actor", "metric", "date_start"],
        unique=False,
    )
    op.drop_index("ix_facts_series", table_name="facts")
