"""Media cache kinds for the ``quality`` and ``slideshow`` preferences: ``video_std`` and
``video_saver`` (a video sent at a lower quality than the best) and ``slide_video`` (a photo
slideshow rendered as one MP4).

``media_cache.kind`` is a VARCHAR(16) without a CHECK constraint (SQLAlchemy's non-native
enum), so the new values need no DDL on either database; this revision records them, and its
downgrade removes their rows, which older code cannot read.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NEW_KINDS = ("video_std", "video_saver", "slide_video")


def upgrade() -> None:
    pass  # see the docstring: the column already holds any of these values


def downgrade() -> None:
    kinds = ", ".join(f"'{kind}'" for kind in NEW_KINDS)
    op.execute(f"DELETE FROM media_cache WHERE kind IN ({kinds})")
