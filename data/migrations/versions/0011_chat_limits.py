"""Per-chat limits shared by several processes: ``chat_send_buckets`` (each chat's send
buckets and 429 pause) and ``chat_link_gate`` (each chat's links of the last minute and posts
in flight, as leases).

On PostgreSQL both are UNLOGGED (``CREATE UNLOGGED TABLE``, through the table's ``prefixes``):
they are written on every send or link, and their state lives minutes at most, so skipping
the WAL is worth more than surviving a crash (after one they are empty: full buckets, idle
chats). SQLite has no unlogged tables; there they are plain and unused (one process keeps
these limits in memory).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    unlogged = ["UNLOGGED"] if op.get_bind().dialect.name == "postgresql" else []
    state = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "chat_send_buckets",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("chat", sa.String(length=64), nullable=False),
        sa.Column("full_at", sa.Float(), server_default=sa.text("0"), nullable=False),
        sa.Column("group_full_at", sa.Float(), server_default=sa.text("0"), nullable=False),
        sa.Column("paused_until", sa.Float(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("name", "chat", name=op.f("pk_chat_send_buckets")),
        prefixes=unlogged,
    )
    op.create_table(
        "chat_link_gate",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("link_times", state, nullable=False),
        sa.Column("leases", state, nullable=False),
        sa.Column("idle_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", "chat_id", name=op.f("pk_chat_link_gate")),
        prefixes=unlogged,
    )


def downgrade() -> None:
    op.drop_table("chat_link_gate")
    op.drop_table("chat_send_buckets")
