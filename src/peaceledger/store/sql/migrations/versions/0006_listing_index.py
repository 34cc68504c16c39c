"""An index for the facts listing, and a first ledger version.

`find_facts` (the facts page, `/api/v1/facts` and its exports) lists a mission's facts in
start-date order, a page at a time. `ix_facts_series` names the mission and status but then
the actor and metric, so a page cost a sort of all the mission's facts (7.7 ms of a 10 ms
answer at 1,000,000 facts). `ix_facts_listing` holds them in listing order: a page reads its
rows and stops. Undated facts come first, as SQLite orders NULLs; PostgreSQL puts them last
unless the index says otherwise, and SQLite refuses NULLS FIRST in an index: so the index is
made here for each dialect, not declared in `tables.py` (`migrate.include_name` skips it).

`meta.ledger_version` is set to a new random value by every write transaction (see
`SqlStore.ledger_version`); a database that has had none yet gets one here, so two databases
never share the empty value.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    date_start = "date_start NULLS FIRST" if bind.dialect.name == "postgresql" else "date_start"
    op.create_index(
        "ix_facts_listing", "facts", ["mission", "status", sa.text(date_start), "fact_id"]
    )
    meta = sa.table("peaceledger_meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    if bind.execute(sa.select(meta.c.key).where(meta.c.key == "ledger_version")).first() is None:
        op.execute(meta.insert().values(key="ledger_version", value=uuid.uuid4().hex))


def downgrade() -> None:
    op.drop_index("ix_facts_listing", table_name="facts")
