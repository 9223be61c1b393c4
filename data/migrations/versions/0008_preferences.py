"""Chat preferences: ``chat_preferences`` holds one row per chat and changed key (quality,
slideshow, captions, music button); a chat without rows has the defaults. ``file_mode`` stays
the ``users`` column. Rows go with their chat (ON DELETE CASCADE). The downgrade drops the
table: older code has no preferences to read.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_preferences",
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=32), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["users.user_id"],
            name="fk_chat_preferences_chat_id_users",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", "key", name="pk_chat_preferences"),
    )


def downgrade() -> None:
    op.drop_table("chat_preferences")
