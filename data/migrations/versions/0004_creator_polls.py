"""Creator polling for subscriptions: ``creator_polls`` holds, per followed creator, the lease
of the process polling it, consecutive "not found" failures and how far its posts were handled.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "creator_polls",
        sa.Column("creator", sa.String(length=64), nullable=False),
        sa.Column("leased_by", sa.String(length=64), nullable=True),
        sa.Column("leased_until", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("failures", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_polled_at", sa.BigInteger(), nullable=True),
        sa.Column("last_seen_post_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("creator", name=op.f("pk_creator_polls")),
    )


def downgrade() -> None:
    op.drop_table("creator_polls")
