"""session settings kept beside the snapshot

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

Sessions created before this revision keep NULL: they were run with the engine's defaults,
which is what `server.store.sessions.session_settings` answers for them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("settings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("settings")
