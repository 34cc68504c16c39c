"""Accounts, tokens and the audit log (issue 7: trust).

Reserved in the migration chain so that work on separate issues can land in any order; it is
filled in by that work.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
