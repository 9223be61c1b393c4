"""Drop ``ix_downloads_downloaded_at``: ``ix_downloads_downloaded_at_platform_user_id`` starts
with the same column, so every query by download time reads that one (range scans, order,
counts from the index alone) and the plain index was only upkeep — about a tenth of the cost
of writing a download, on the bot's hot path and in bulk imports alike.

Dropping an index is quick (no table rewrite); the downgrade builds it again, which reads the
whole table.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_downloads_downloaded_at", table_name="downloads")


def downgrade() -> None:
    op.create_index("ix_downloads_downloaded_at", "downloads", ["downloaded_at"], unique=False)
