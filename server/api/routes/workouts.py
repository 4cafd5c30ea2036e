"""Workouts: the athlete's own, from text or JSON, and the built-in library."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from server.api.deps import CurrentAthlete, DbSession
from server.api.problems import ProblemError, problem_responses
from server.api.schemas.workouts import LibraryReply, WorkoutIn, WorkoutReply
from server.store.workouts import (
    create_workout,
    delete_workout,
    get_workout,
    list_workouts,
    update_workout,
)
from server.workouts import (
    LIBRARY,
    Workout,
    format_workout,
    get_template,
    parse,
    workout_from_data,
)

__all__ = ["router"]

router = APIRouter(prefix="/v1")


def _read(body: WorkoutIn) -> tuple[Workout, list[str]]:
    """The workout in the body, with its text's warnings; errors become problem details."""
    if body.text is not None:
        parsed = parse(body.text, name=body.name)
        workout = parsed.workout
        warnings = [str(warning) for warning in parsed.warnings]
    else:
        workout = workout_from_data(body.workout)
        warnings = []
        if body.name is not None and workout.name is None:
            workout = workout_from_data({**workout.model_dump(mode="json"), "name": body.name})
    if workout.name is None:
        raise ProblemError(422, "a workout needs a name: a '# title' line or 'name'")
    return workout, warnings


def _definition(workout: Workout) -> dict[str, Any]:
    return workout.model_dump(mode="json")


@router.get("/workouts", tags=["workouts"], responses=problem_responses(401, 403))
async def read_workouts(athlete: CurrentAthlete, db: DbSession) -> list[WorkoutReply]:
    """The athlete's workouts, most recently changed first."""
    return [WorkoutReply.of(row) for row in await list_workouts(db, athlete.athlete_id)]


@router.post(
    "/workouts",
    status_code=status.HTTP_201_CREATED,
    tags=["workouts"],
    responses=problem_responses(401, 403, 413, 422),
)
async def add_workout(body: WorkoutIn, athlete: CurrentAthlete, db: DbSession) -> WorkoutReply:
    """Store a workout written as text or sent as the model's JSON."""
    workout, warnings = _read(body)
    assert workout.name is not None
    row = await create_workout(db, athlete.athlete_id, workout.name, _definition(workout), warnings)
    return WorkoutReply.of(row)


@router.get("/workouts/{workout_id}", tags=["workouts"], responses=problem_responses(401, 403, 404))
async def read_workout(workout_id: str, athlete: CurrentAthlete, db: DbSession) -> WorkoutReply:
    """One workout."""
    return WorkoutReply.of(await get_workout(db, athlete.athlete_id, workout_id))


@router.put(
    "/workouts/{workout_id}",
    tags=["workouts"],
    responses=problem_responses(401, 403, 404, 413, 422),
)
async def replace_workout(
    workout_id: str, body: WorkoutIn, athlete: CurrentAthlete, db: DbSession
) -> WorkoutReply:
    """Replace a workout; sessions already created keep the snapshot they were made with."""
    await get_workout(db, athlete.athlete_id, workout_id)
    workout, warnings = _read(body)
    assert workout.name is not None
    row = await update_workout(
        db, athlete.athlete_id, workout_id, workout.name, _definition(workout), warnings
    )
    return WorkoutReply.of(row)


@router.delete(
    "/workouts/{workout_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["workouts"],
    responses=problem_responses(401, 403, 404),
)
async def remove_workout(workout_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    """Delete a workout and its plan entries; past sessions keep their snapshots."""
    await delete_workout(db, athlete.athlete_id, workout_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _library_reply(key: str) -> LibraryReply:
    entry = get_template(key)
    workout = entry.workout
    return LibraryReply(
        key=entry.key,
        name=workout.name or entry.key,
        rationale=entry.rationale,
        text=format_workout(workout),
        workout=workout.model_dump(mode="json"),
    )


@router.get("/library", tags=["workouts"])
async def read_library() -> list[LibraryReply]:
    """The built-in workouts, each with its rationale. Open to all."""
    return [_library_reply(entry.key) for entry in LIBRARY]


@router.get("/library/{key}", tags=["workouts"], responses=problem_responses(404))
async def read_template(key: str) -> LibraryReply:
    """One built-in workout."""
    try:
        return _library_reply(key)
    except KeyError:
        raise ProblemError(404, f"no built-in workout {key!r}") from None
