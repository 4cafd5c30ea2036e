"""The plan follows progress: an accepted suggestion moves the coming weeks of that session on.

When the runner accepts "7 x 400 m" (or "the same, 1 s per 400 m faster"), the next planned run
of that session becomes exactly the accepted workout, and the weeks after it keep the plan's own
steps from there (a rep a week stays a rep a week), so the plan never asks for less than the
runner has shown, nor jumps ahead of it. Each changed week keeps its distance: the easy runs
and the long run absorb the difference, so the volume rule still holds.
"""

from __future__ import annotations

from datetime import date

from server.coach.main_set import find_main_set
from server.coach.season import PlanEntry, PlanWeek, SeasonPlan
from server.coach.season_entries import fill
from server.coach.season_sessions import QualitySession
from server.coach.season_weeks import EntryKind, Phase, SeasonSettings
from server.workouts import AthleteProfile, NamedPaceTarget, Step, StepKind, parse_workout
from server.workouts.units import METRES_PER_MILE

__all__ = ["follow_progress"]

_REPS = {200.0: "200mtr", 400.0: "400mtr", 1000.0: "1km", 2000.0: "2km", 3000.0: "3km"}


def _rep_of(metres: float | None) -> str | None:
    if metres is None:
        return None
    if abs(metres - METRES_PER_MILE) < 1:
        return "1mi"
    return _REPS.get(round(metres, 1))


def _accepted(workout_text: str) -> tuple[str, str | None, int, float | None] | None:
    """The accepted workout's rep, named pace, rep count and offset (s per 400 m)."""
    workout = parse_workout(workout_text)
    main = find_main_set(workout)
    if main is None:
        return None
    rep = _rep_of(main.rep_metres)
    if rep is None:
        return None
    work = next(
        item for item in main.repeat.steps if isinstance(item, Step) and item.kind is StepKind.WORK
    )
    target = work.target
    if isinstance(target, NamedPaceTarget):
        return rep, target.pace.value, main.count, target.offset_per_km * 0.4
    return rep, None, main.count, None


def follow_progress(
    plan: SeasonPlan,
    accepted_workout_text: str,
    *,
    today: date,
    profile: AthleteProfile,
    settings: SeasonSettings | None = None,
) -> SeasonPlan:
    """The plan with the coming runs of the accepted session's family rebased on it.

    A session matches by its rep and pace (a goal pace matches any goal-pace session with that
    rep); the taper is left alone, since its reps are cut on purpose. A workout the plan does not
    hold returns the plan unchanged.
    """
    settings = settings or SeasonSettings()
    accepted = _accepted(accepted_workout_text)
    if accepted is None:
        return plan
    rep, pace, reps, offset = accepted

    def matches(session: QualitySession | None) -> bool:
        return (
            session is not None
            and not session.road
            and session.rep == rep
            and (session.pace == pace if pace is not None else ":" in session.pace)
        )

    coming = [
        entry.session
        for week in plan.weeks
        if week.phase is not Phase.TAPER
        for entry in week.entries
        if entry.day >= today and matches(entry.session)
    ]
    if not coming or coming[0] is None:
        return plan
    first = coming[0]
    weeks: list[PlanWeek] = []
    for week in plan.weeks:
        if week.phase is Phase.TAPER or not any(
            entry.day >= today and matches(entry.session) for entry in week.entries
        ):
            weeks.append(week)
            continue
        days = []
        for entry in week.entries:
            session = entry.session
            if entry.day >= today and session is not None and matches(session):
                moved = session.offset_s_per_400m
                if offset is not None:
                    moved = round(offset + moved - first.offset_s_per_400m, 1)
                count = max(1, reps + session.reps - first.reps)
                session = session.model_copy(update={"reps": count, "offset_s_per_400m": moved})
            days.append((entry.day, entry.kind, session, entry.note))
        race_km = plan.race_metres / 1000
        entries = tuple(
            PlanEntry.model_validate(data)
            for data in fill(days, week.volume_km, race_km, profile, settings)
        )
        volume = round(sum(e.distance_km for e in entries if e.kind is not EntryKind.RACE), 1)
        weeks.append(week.model_copy(update={"entries": entries, "volume_km": volume}))
    return plan.model_copy(update={"weeks": tuple(weeks)})
