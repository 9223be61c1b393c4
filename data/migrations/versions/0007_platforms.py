"""Platforms: ``downloads.platform`` and ``media_cache.platform`` (a short string, ``tiktok``
for every row made before). ``ix_downloads_downloaded_at_platform_user_id`` is what the
overview's downloads per platform of a period are counted from, without reading table rows. The
media cache is keyed by (platform, post id, kind) so the post ids of two platforms never collide.
The downgrade keeps every download (older code reads them as downloads) but only TikTok's cached
file ids: the older key cannot hold two platforms'.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEX = "ix_downloads_downloaded_at_platform_user_id"
PLATFORM = sa.Enum("tiktok", "instagram", name="platform", native_enum=False, length=16)


def _platform_column() -> sa.Column:
    return sa.Column("platform", PLATFORM, server_default="tiktok", nullable=False)


def upgrade() -> None:
    with op.batch_alter_table("downloads") as batch:
        batch.add_column(_platform_column())
        batch.create_index(INDEX, ["downloaded_at", "platform", "user_id"], unique=False)
    with op.batch_alter_table("media_cache") as batch:
        batch.add_column(_platform_column())
        batch.drop_constraint("pk_media_cache", type_="primary")
        batch.create_primary_key("pk_media_cache", ["platform", "video_id", "kind"])


def downgrade() -> None:
    op.execute("DELETE FROM media_cache WHERE platform <> 'tiktok'")
    with op.batch_alter_table("media_cache") as batch:
        batch.drop_constraint("pk_media_cache", type_="primary")
        batch.create_primary_key("pk_media_cache", ["video_id", "kind"])
        batch.drop_column("platform")
    with op.batch_alter_table("downloads") as batch:
        batch.drop_index(INDEX)
        batch.drop_column("platform")
