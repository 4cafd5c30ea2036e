"""Everything the coach reads, gathered from the store: runs, log, races and plan.

The coach is pure (`server.coach`): it takes typed runs, log entries and races. This module
turns the athlete's rows into them once, so that the load, readiness, progress and season routes
judge the same history: finished live sessions, imported activities (a file matched to a
session counts once, as the session) and runs logged by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from server.api.problems import InvalidField, ProblemError
from server.coach.history import RunRecord
from server.coach.inputs import LogRecord, PlannedSession, Race, Readiness, Soreness
from server.coach.readiness import HARD_RPE, HardDay, is_hard, ran_hard, readiness
from server.engine.settings import Venue
from server.engine.stored_results import read_summary
from server.files.activity import Sport
from server.store.activities import activity_of, list_activities
from server.store.plans import list_plan
from server.store.sessions import list_sessions, session_settings
from server.store.tables import PlanEntry
from server.store.training import list_races
from server.store.training_log import list_log
from server.store.workouts import workouts_by_id
from server.workouts import (
    AthleteProfile,
    ResolvedWorkout,
    Workout,
    WorkoutError,
    get_template,
    resolve,
)

__all__ = [
    "Gathered",
    "gather",
    "hard_days_near",
    "planned_venue",
    "planned_workouts",
    "readiness_on",
    "recent_weekly_km",
]

LOOKBACK = dt.timedelta(days=365)
"""How far before a range its history is read: after a year a run's weight in fitness (42-day
constant) is below 0.02 %, so older runs change nothing shown."""


@dataclass(frozen=True, slots=True)
class Gathered:
    """The athlete's runs (by day) and log between two days."""

    history: list[RunRecord]
    log: list[LogRecord]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def _shift(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


async def gather(
    db: AsyncSession, owner: str, athlete: AthleteProfile, first: dt.date, last: dt.date
) -> Gathered:
    """Runs and log entries from `first` to `last` inclusive."""
    log_rows = await list_log(db, owner, first, last)
    session_rpe = {row.session_id: row.rpe for row in log_rows if row.session_id and row.rpe}
    runs: list[RunRecord] = []
    counted: set[str] = set()
    for row in await list_sessions(db, owner, first, last):
        if row.status != "finished":
            continue
        settings = session_settings(row)
        try:
            workout = ResolvedWorkout.model_validate(row.snapshot)
        except ValidationError:
            continue  # a snapshot no model reads any more says nothing about effort
        runs.append(
            RunRecord.from_session(
                row.day,
                workout,
                read_summary(row.results, settings),
                start=row.started_at,
                venue=settings.venue,
                rpe=session_rpe.get(row.id),
            )
        )
        counted.add(row.id)
    rows = await list_activities(
        db, owner, _midnight(_shift(first, -1)), _midnight(_shift(last, 2))
    )
    for activity in rows:
        if activity.session_id is not None and activity.session_id in counted:
            continue
        if activity.source == "manual" and activity.day is not None:
            document = activity.document
            run = RunRecord.manual(
                activity.day,
                Sport(activity.sport),
                activity.distance_m,
                activity.timer_s,
                athlete=athlete,
                avg_hr=document.get("avg_hr"),
                rpe=activity.rpe,
                name=document.get("name"),
                treadmill=document.get("sub_sport") == "treadmill",
            )
        else:
            run = RunRecord.from_activity(activity_of(activity), athlete=athlete, day=activity.day)
        if first <= run.day <= last:
            runs.append(run)
    runs.sort(key=lambda run: run.day)
    log = [
        LogRecord(
            day=row.day,
            rpe=row.rpe,
            soreness=tuple(Soreness.model_validate(item) for item in row.soreness or []),
            feelings=row.feelings,
            notes=row.notes,
        )
        for row in log_rows
    ]
    return Gathered(runs, log)


async def recent_weekly_km(
    db: AsyncSession, owner: str, athlete: AthleteProfile, today: dt.date
) -> float:
    """Kilometres run per week over the last four weeks (today included): the volume the
    progression and the season plan start from."""
    recent = await gather(db, owner, athlete, today - dt.timedelta(days=27), today)
    return sum(run.distance_m or 0.0 for run in recent.history if run.is_run) / 4000


async def planned_workouts(
    db: AsyncSession, owner: str, entries: list[PlanEntry]
) -> list[tuple[PlanEntry, Workout]]:
    """The workout each plan entry holds, in order, leaving out those that no longer resolve;
    the athlete's workouts are read in one query."""
    ids = {entry.workout_id for entry in entries if entry.workout_id is not None}
    rows = await workouts_by_id(db, owner, ids)
    found: list[tuple[PlanEntry, Workout]] = []
    for entry in entries:
        try:
            if entry.workout_id is not None:
                row = rows.get(entry.workout_id)
                if row is None:
                    continue
                found.append((entry, Workout.model_validate(row.definition)))
            elif entry.template is not None:
                found.append((entry, get_template(entry.template).workout))
        except (KeyError, ValidationError):
            continue
    return found


async def readiness_on(
    db: AsyncSession,
    owner: str,
    athlete: AthleteProfile,
    day: dt.date,
    resolved: ResolvedWorkout,
    *,
    skip_entry: str | None = None,
) -> Readiness:
    """Readiness for `resolved` on `day`: the last year of runs, the log of the last weeks, the
    races ahead and the plan of the week around it (for a day that keeps 48 hours)."""
    if day - dt.date.min < LOOKBACK or dt.date.max - day < LOOKBACK:
        field = InvalidField(where="body > day", what="outside the years 2 to 9998")
        raise ProblemError(422, "the day is outside the calendar", errors=[field])
    gathered = await gather(db, owner, athlete, _shift(day, -LOOKBACK.days), day)
    races = [
        Race(day=row.day, distance_m=row.distance_m, name=row.name)
        for row in await list_races(db, owner, day, _shift(day, 60))
    ]
    others: list[PlannedSession] = []
    entries = await list_plan(db, owner, _shift(day, -6), _shift(day, 6))
    for entry, workout in await planned_workouts(
        db, owner, [entry for entry in entries if entry.id != skip_entry]
    ):
        try:
            others.append(PlannedSession.from_resolved(entry.day, resolve(workout, athlete)))
        except WorkoutError:
            continue
    planned = PlannedSession.from_resolved(day, resolved)
    return readiness(
        gathered.history,
        gathered.log,
        planned,
        races,
        athlete=athlete,
        other_planned=[other for other in others if other != planned],
    )


async def planned_venue(
    db: AsyncSession, owner: str, day: dt.date, workout_id: str | None
) -> Venue | None:
    """The venue a plan entry of that day and workout was swapped to (bad weather), if any."""
    if workout_id is None:
        return None
    for entry in await list_plan(db, owner, day, day):
        if entry.workout_id == workout_id and entry.venue is not None:
            return Venue(entry.venue)
    return None


async def hard_days_near(
    db: AsyncSession, owner: str, athlete: AthleteProfile, day: dt.date
) -> list[HardDay]:
    """Hard days around `day` for the preview's per-day notes: sessions run, log entries rated
    hard, the next day's plan."""
    first, last = _shift(day, -1), _shift(day, 1)
    found: list[HardDay] = []
    for row in await list_sessions(db, owner, first, last):
        # Only sessions run to their end count: one under way is the session being resumed,
        # not another hard day.
        if row.status == "finished":
            ran = ResolvedWorkout.model_validate(row.snapshot)
            if ran_hard(ran, read_summary(row.results, session_settings(row))):
                found.append(HardDay(row.day, "session", ran.workout.name or "a session"))
    for entry in await list_log(db, owner, first, last):
        if entry.rpe is not None and entry.rpe >= HARD_RPE:
            found.append(HardDay(entry.day, "log", f"RPE {entry.rpe}"))
    # A plan entry that cannot be resolved says nothing about effort.
    tomorrow = await list_plan(db, owner, last, last)
    for planned, workout in await planned_workouts(db, owner, tomorrow):
        try:
            resolved = resolve(workout, athlete)
        except WorkoutError:
            continue
        if is_hard(resolved):
            found.append(HardDay(planned.day, "plan", workout.name or "a session"))
    return found
