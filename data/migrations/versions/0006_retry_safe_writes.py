"""Writes that survive a database outage: ``downloads.delivery_key``, the random key a retried
download write finds its first attempt by (no index: it is looked up with the chat and time, by
``ix_downloads_user_id_downloaded_at``). Also, broadcasts may now be ``dismissed`` (Cancel pressed
before Send); the status column is a plain string, so that needs no schema change, but older code
cannot read such rows: the downgrade deletes them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("downloads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_key", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM broadcasts WHERE status = 'dismissed'")
    with op.batch_alter_table("downloads", schema=None) as batch_op:
        batch_op.drop_column("delivery_key")
