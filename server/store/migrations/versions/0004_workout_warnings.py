"""a workout keeps the warnings its text raised

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

A warning (such as `400m` read as 400 minutes) belongs with the workout it was raised for, so
that the runner sees it whenever the workout is opened, not only in the reply to the save.
Workouts stored before this revision keep NULL: no warnings were kept for them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("warnings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.drop_column("warnings")
