"""Imports of tt-bot databases: ``ttbot_imports`` holds each source's checkpoint (the last
primary key written per table and the counts so far), and ``downloads.imported_from`` /
``music.imported_from`` name the import a row came from (NULL for the bot's own rows; adding a
nullable column rewrites no rows), so the import's verification counts exactly its own rows.
The downgrade drops them: older code neither reads nor writes them.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ttbot_imports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=512), nullable=False),
        sa.Column("started_at", sa.BigInteger(), nullable=False),
        sa.Column("finished_at", sa.BigInteger(), nullable=True),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("users_last_pk", sa.BigInteger(), nullable=True),
        sa.Column("videos_last_pk", sa.BigInteger(), nullable=True),
        sa.Column("music_last_pk", sa.BigInteger(), nullable=True),
        sa.Column("tally", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ttbot_imports"),
        sa.UniqueConstraint("source", name="uq_ttbot_imports_source"),
    )
    for table in ("downloads", "music"):
        op.add_column(table, sa.Column("imported_from", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in ("music", "downloads"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("imported_from")
    op.drop_table("ttbot_imports")
