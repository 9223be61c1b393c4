"""Initial schema: chats, downloads, music, hourly counters, subscriptions, media cache, settings.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media_cache",
        sa.Column("video_id", sa.String(length=32), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("video", "images", "audio", name="mediakind", native_enum=False, length=8),
            nullable=False,
        ),
        sa.Column("file_ids", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("video_id", "kind", name=op.f("pk_media_cache")),
    )
    op.create_table(
        "stats_hourly",
        sa.Column("hour", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("is_group", sa.Boolean(), nullable=False),
        sa.Column("downloads", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("slideshows", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("inline", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("via_subscription", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("music", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("new_users", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("hour", "is_group", name=op.f("pk_stats_hourly")),
    )
    op.create_table(
        "system_config",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_system_config")),
    )
    op.create_table(
        "users",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("registered_at", sa.BigInteger(), nullable=False),
        sa.Column("lang", sa.String(length=16), server_default="en", nullable=False),
        sa.Column("link", sa.String(length=64), nullable=True),
        sa.Column("file_mode", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("ad_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("ad_cooldown", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("blocked_at", sa.BigInteger(), nullable=True),
        sa.Column("last_seen_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index("ix_users_lang", ["lang"], unique=False)
        batch_op.create_index("ix_users_link", ["link"], unique=False)
        batch_op.create_index("ix_users_registered_at", ["registered_at"], unique=False)

    op.create_table(
        "downloads",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("downloaded_at", sa.BigInteger(), nullable=False),
        sa.Column("source_url", sa.String(length=512), nullable=False),
        sa.Column("video_id", sa.String(length=32), nullable=False),
        sa.Column("is_images", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_processed", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("is_inline", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("via_subscription", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.user_id"],
            name=op.f("fk_downloads_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_downloads")),
    )
    with op.batch_alter_table("downloads", schema=None) as batch_op:
        batch_op.create_index("ix_downloads_downloaded_at", ["downloaded_at"], unique=False)
        batch_op.create_index(
            "ix_downloads_user_id_downloaded_at", ["user_id", "downloaded_at"], unique=False
        )

    op.create_table(
        "music",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("downloaded_at", sa.BigInteger(), nullable=False),
        sa.Column("video_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.user_id"], name=op.f("fk_music_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_music")),
    )
    with op.batch_alter_table("music", schema=None) as batch_op:
        batch_op.create_index("ix_music_downloaded_at", ["downloaded_at"], unique=False)
        batch_op.create_index("ix_music_user_id", ["user_id"], unique=False)

    op.create_table(
        "subscriptions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("creator", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("last_checked_at", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.user_id"],
            name=op.f("fk_subscriptions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("user_id", "creator", name=op.f("uq_subscriptions_user_id_creator")),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_subscriptions_creator_active", ["creator", "active"], unique=False
        )

    op.create_table(
        "subscription_deliveries",
        sa.Column("subscription_id", sa.BigInteger(), nullable=False),
        sa.Column("video_id", sa.String(length=32), nullable=False),
        sa.Column("delivered_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_subscription_deliveries_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "subscription_id", "video_id", name=op.f("pk_subscription_deliveries")
        ),
    )


def downgrade() -> None:
    op.drop_table("subscription_deliveries")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index("ix_subscriptions_creator_active")

    op.drop_table("subscriptions")
    with op.batch_alter_table("music", schema=None) as batch_op:
        batch_op.drop_index("ix_music_user_id")
        batch_op.drop_index("ix_music_downloaded_at")

    op.drop_table("music")
    with op.batch_alter_table("downloads", schema=None) as batch_op:
        batch_op.drop_index("ix_downloads_user_id_downloaded_at")
        batch_op.drop_index("ix_downloads_downloaded_at")

    op.drop_table("downloads")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("ix_users_registered_at")
        batch_op.drop_index("ix_users_link")
        batch_op.drop_index("ix_users_lang")

    op.drop_table("users")
    op.drop_table("system_config")
    op.drop_table("stats_hourly")
    op.drop_table("media_cache")
