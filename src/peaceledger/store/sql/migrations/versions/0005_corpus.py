"""Grouped evidence for repeated reports (issue 8: corpus ingestion).

Reserved in the migration chain so that work on separate issues can land in any order; it is
filled in by that work.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
