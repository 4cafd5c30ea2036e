"""Realistic histories for the coach's tests: an athlete with VDOT 50 (threshold pace about
4:15/km, easy 5:30/km), easy runs, imported tempo runs and track sessions."""

from __future__ import annotations

import datetime as dt

from server.coach.history import RunRecord
from server.coach.inputs import PlannedSession
from server.files.activity import Activity, ActivityLap, Sport
from server.workouts import AthleteProfile, get_template, parse_workout, resolve

ATHLETE = AthleteProfile(vdot=50, max_hr=190, resting_hr=50)
EASY_S_PER_KM = 330.0
TODAY = dt.date(2026, 11, 25)  # a Wednesday


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def easy(day: dt.date, km: float) -> RunRecord:
    """An easy run logged by hand at 5:30/km."""
    return RunRecord.manual(day, "running", km * 1000, km * EASY_S_PER_KM, athlete=ATHLETE)


def session(day: dt.date, template: str = "6x400") -> RunRecord:
    """A track session run live as planned."""
    planned = track(day, template)
    return RunRecord(
        day=day,
        distance_m=planned.distance_m,
        duration_s=planned.duration_s,
        source="live",
        name=planned.name,
        hard=True,
        hard_why="the reps as planned",
        segments=planned.segments,
    )


def regular_weeks(
    weeks: int, km_per_week: float, *, last: int = 1, track_day: bool = True
) -> list[RunRecord]:
    """Five easy runs a week (Mon, Tue, Thu, Sat, Sun) making `km_per_week`, and the 6 x 400 m
    on Wednesdays, for `weeks` weeks up to `last` days ago."""
    runs = []
    for n in range(last, last + 7 * weeks):
        day = days_ago(n)
        if day.weekday() in (0, 1, 3, 5, 6):
            runs.append(easy(day, km_per_week / 5))
        elif day.weekday() == 2 and track_day:
            runs.append(session(day))
    return runs


def tempo(day: dt.date) -> RunRecord:
    """An imported road tempo: 2 km easy, 20 minutes at threshold pace, 2 km easy."""
    start = dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC)
    laps = [
        ActivityLap(start=start, distance_m=2000, timer_s=660, avg_hr=135),
        ActivityLap(start=start, distance_m=4700, timer_s=1200, avg_hr=168),
        ActivityLap(start=start, distance_m=2000, timer_s=680, avg_hr=140),
    ]
    activity = Activity(
        format="fit",
        sport=Sport.RUNNING,
        start=start,
        distance_m=8700,
        timer_s=2540,
        avg_hr=153,
        laps=laps,
        name="Road tempo",
    )
    return RunRecord.from_activity(activity, athlete=ATHLETE)


def track(day: dt.date, template: str = "6x400") -> PlannedSession:
    """A built-in track session planned on a day."""
    return PlannedSession.from_resolved(day, resolve(get_template(template).workout, ATHLETE))


def planned_text(day: dt.date, text: str) -> PlannedSession:
    return PlannedSession.from_resolved(day, resolve(parse_workout(text), ATHLETE))
