"""the training loop: hand-logged runs, races, seasons, workout versions, plan venues

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

A run logged by hand is an activity like an imported one, with its own day and RPE (it has no
file to date it). The race calendar feeds readiness; a season keeps its request and plan and
owns the plan entries and workouts it made. An accepted progression saves a workout's next
version; a plan entry swapped for bad weather keeps the venue its session will run on.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("source", sa.String(length=16), nullable=False, server_default="file")
        )
        batch_op.add_column(sa.Column("day", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("rpe", sa.Integer(), nullable=True))
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("season_id", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_workouts_season_id", ["season_id"])
    with op.batch_alter_table("plan_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("venue", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("season_id", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_plan_entries_season_id", ["season_id"])
    op.create_table(
        "races",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("athlete_id", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_races_athlete_day", "races", ["athlete_id", "day"])
    op.create_table(
        "seasons",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("athlete_id", sa.String(length=32), nullable=False),
        sa.Column("request", sa.JSON(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("race_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["athlete_id"], ["athletes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["race_id"], ["races.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("athlete_id"),
    )


def downgrade() -> None:
    op.drop_table("seasons")
    op.drop_index("ix_races_athlete_day", table_name="races")
    op.drop_table("races")
    with op.batch_alter_table("plan_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_entries_season_id")
        batch_op.drop_column("season_id")
        batch_op.drop_column("venue")
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.drop_index("ix_workouts_season_id")
        batch_op.drop_column("season_id")
        batch_op.drop_column("version")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("rpe")
        batch_op.drop_column("day")
        batch_op.drop_column("source")
