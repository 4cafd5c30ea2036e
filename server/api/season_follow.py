"""The stored season: its plan as the coach made it, the plan entry of each day, and how an
accepted progression moves its coming weeks on (the plan follows the athlete's progress)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from server.api.schemas.plans import SeasonReply
from server.coach.season import PlanEntry, SeasonPlan
from server.coach.season_follow import follow_progress
from server.store.athletes import get_athlete, profile_of
from server.store.ids import utcnow
from server.store.tables import PlanEntry as PlanRow
from server.store.tables import WorkoutRow
from server.store.training import get_season, new_workout_row, season_entries
from server.store.training_tables import SeasonRow
from server.workouts import WorkoutError, parse

__all__ = ["definition_of", "entries_of", "follow_season", "season_reply", "stored_plan"]


def entries_of(plan: SeasonPlan) -> list[PlanEntry]:
    """Every day of the plan in order, the order entry ids are kept in."""
    return [entry for week in plan.weeks for entry in week.entries]


def definition_of(entry: PlanEntry) -> tuple[str, dict[str, Any]] | None:
    """The workout (name, model JSON) a plan day holds, or None for a day without one."""
    if not entry.workout_text:
        return None
    try:
        workout = parse(entry.workout_text).workout
    except WorkoutError:
        return None
    name = workout.name or f"{entry.kind.value.capitalize()} run"
    return name, workout.model_dump(mode="json")


def stored_plan(row: SeasonRow) -> tuple[SeasonPlan, list[str | None]]:
    """The plan a season row keeps and the plan entry id of each day."""
    return SeasonPlan.model_validate(row.plan["plan"]), list(row.plan["entry_ids"])


def season_reply(row: SeasonRow) -> SeasonReply:
    """The season as `GET /v1/season` shows it."""
    plan, ids = stored_plan(row)
    data = plan.model_dump(mode="json")
    flat = iter(ids)
    for week in data["weeks"]:
        week["entries"] = [{**entry, "plan_entry_id": next(flat)} for entry in week["entries"]]
    return SeasonReply.model_validate(
        {**data, "id": row.id, "race_id": row.race_id, "notes": list(plan.notes)}
    )


async def follow_season(db: AsyncSession, owner: str, accepted_text: str) -> None:
    """Move the season's coming sessions of the accepted workout's family on with it.

    Each changed day gets a workout of its own (days share workouts by text), so a day the
    runner moved or swapped keeps what they chose only if its entry still points at the
    season's workout."""
    season = await get_season(db, owner)
    if season is None:
        return
    plan, ids = stored_plan(season)
    today = dt.date.today()
    profile = profile_of(await get_athlete(db, owner)).athlete()
    moved = follow_progress(plan, accepted_text, today=today, profile=profile)
    if moved == plan:
        return
    now = utcnow()
    entries = await season_entries(db, owner, season.id)
    changed: list[tuple[PlanRow, WorkoutRow]] = []
    for before, after, entry_id in zip(entries_of(plan), entries_of(moved), ids, strict=True):
        made = definition_of(after)
        if entry_id is None or made is None or before.workout_text == after.workout_text:
            continue
        entry = entries.get(entry_id)
        if entry is None or entry.venue is not None:
            continue  # the runner deleted that day or swapped it to another venue
        workout = new_workout_row(owner, made[0], made[1], season.id, now)
        db.add(workout)
        changed.append((entry, workout))
    await db.flush()  # the workouts before the entries that point at them
    for entry, workout in changed:
        entry.workout_id = workout.id
    season.plan = {"plan": moved.model_dump(mode="json"), "entry_ids": ids}
    season.updated_at = now
    await db.commit()
