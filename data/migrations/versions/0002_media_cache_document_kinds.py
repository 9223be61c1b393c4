"""Media cache for file mode and cached sends: kinds for documents (kind widened to 16
characters) and a ``meta`` JSON column (caption author, sound, sizes).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD = sa.Enum("video", "images", "audio", name="mediakind", native_enum=False, length=8)
NEW = sa.Enum(
    "video",
    "images",
    "audio",
    "video_doc",
    "images_doc",
    name="mediakind",
    native_enum=False,
    length=16,
)


def upgrade() -> None:
    with op.batch_alter_table("media_cache") as batch:
        batch.alter_column("kind", existing_type=OLD, type_=NEW, existing_nullable=False)
        batch.add_column(sa.Column("meta", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM media_cache WHERE kind IN ('video_doc', 'images_doc')")
    with op.batch_alter_table("media_cache") as batch:
        batch.drop_column("meta")
        batch.alter_column("kind", existing_type=NEW, type_=OLD, existing_nullable=False)
