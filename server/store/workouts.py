"""The athlete's own workouts, kept as the workout model's JSON."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import WorkoutRow

__all__ = [
    "create_workout",
    "delete_workout",
    "get_workout",
    "list_workouts",
    "update_workout",
    "workouts_by_id",
]


async def create_workout(
    db: AsyncSession,
    owner: str,
    name: str,
    definition: dict[str, Any],
    warnings: list[str] | None = None,
) -> WorkoutRow:
    """Store a validated workout with the warnings its text raised."""
    now = utcnow()
    row = WorkoutRow(
        id=new_id(),
        athlete_id=owner,
        name=name,
        definition=definition,
        warnings=list(warnings or []),
        created_at=now,
        updated_at=now,
    )
    db.add(row)
    await db.commit()
    return row


async def get_workout(db: AsyncSession, owner: str, workout_id: str) -> WorkoutRow:
    """One of the owner's workouts, or NotFound."""
    return await get_owned(db, WorkoutRow, workout_id, owner, "workout")


async def workouts_by_id(
    db: AsyncSession, owner: str, workout_ids: Collection[str]
) -> dict[str, WorkoutRow]:
    """Those of the owner's workouts with these ids, in one query; a missing one is left out."""
    if not workout_ids:
        return {}
    statement = owned_rows(WorkoutRow, owner).where(WorkoutRow.id.in_(workout_ids))
    return {row.id: row for row in (await db.execute(statement)).scalars()}


async def list_workouts(db: AsyncSession, owner: str) -> list[WorkoutRow]:
    """The owner's workouts, newest first."""
    statement = owned_rows(WorkoutRow, owner).order_by(WorkoutRow.updated_at.desc(), WorkoutRow.id)
    return list((await db.execute(statement)).scalars())


async def update_workout(
    db: AsyncSession,
    owner: str,
    workout_id: str,
    name: str,
    definition: dict[str, Any],
    warnings: list[str] | None = None,
) -> WorkoutRow:
    """Replace a workout's definition and the warnings its new text raised."""
    row = await get_workout(db, owner, workout_id)
    row.name = name
    row.definition = definition
    row.warnings = list(warnings or [])
    row.updated_at = utcnow()
    await db.commit()
    return row


async def delete_workout(db: AsyncSession, owner: str, workout_id: str) -> None:
    """Delete a workout and its plan entries; past sessions keep their snapshots."""
    row = await get_workout(db, owner, workout_id)
    await db.delete(row)
    await db.commit()
