"""A season plan from today to race day: base, build, peak and taper, week by week.

The plan puts the track where road training can carry it: one quality day early in the week with
an easy run after it, a long run at the weekend, 48 hours between hard days, track blocks that
add a rep a week and end in a lighter week on the road, volume that grows by less than a tenth a
week, and a taper whose distance drops while race-pace work stays. Accepting a progression
suggestion moves the coming weeks of that session on with it (`follow_progress`).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from server.coach.season_entries import (
    WeekFrame,
    fill,
    quality_session,
    tempo_session,
    week_entries,
)
from server.coach.season_sessions import QualitySession, race_pace_name
from server.coach.season_weeks import (
    EntryKind,
    Phase,
    SeasonSettings,
    circular_gap,
    phases_for,
    recovery_weeks,
    rhythm,
    taper_weeks,
    volumes,
)
from server.workouts import AthleteProfile
from server.workouts.races import parse_race
from server.workouts.units import format_clock, parse_clock
from server.workouts.vdot import vdot_from_race

__all__ = [
    "EntryKind",
    "Phase",
    "PhaseSpan",
    "PlanEntry",
    "PlanWeek",
    "SeasonError",
    "SeasonPlan",
    "SeasonSettings",
    "Weekday",
    "plan_season",
]

MAX_WEEKS = 52


class Weekday(StrEnum):
    """A day of the week, as the API names it."""

    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """0 for Monday, as `date.weekday()` counts."""
        return list(Weekday).index(self)


class SeasonError(ValueError):
    """A plan that cannot be made as asked; `field` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PlanEntry(_Frozen):
    """One day of the plan: what to run (as workout text), how far, and why."""

    day: date
    kind: EntryKind
    workout_text: str | None
    template: str | None = None
    note: str = ""
    distance_km: float = 0.0
    session: QualitySession | None = None


class PlanWeek(_Frozen):
    """Seven days from `week_start` (the last week ends on race day); `volume_km` is the
    training in it: the race itself is not training volume and is left out of it."""

    week_start: date
    phase: Phase
    recovery: bool
    volume_km: float
    entries: tuple[PlanEntry, ...]


class PhaseSpan(_Frozen):
    """A phase and its first and last day."""

    phase: Phase
    start: date
    end: date


class SeasonPlan(_Frozen):
    """The season: its race, phases and weeks, and what was noticed while planning."""

    race: str
    race_metres: float
    race_date: date
    goal_time_s: float | None
    phases: tuple[PhaseSpan, ...]
    weeks: tuple[PlanWeek, ...]
    notes: tuple[str, ...] = ()


def _validate(
    today: date,
    race: str,
    race_date: date,
    goal_time: str | float | None,
    runs_per_week: int,
    long_run_day: Weekday,
    track_day: Weekday,
    profile: AthleteProfile,
    recent_weekly_km: float,
) -> tuple[float, float | None]:
    try:
        metres = parse_race(race).metres
    except ValueError as error:
        raise SeasonError("race", str(error)) from None
    if race_date <= today:
        raise SeasonError("race_date", f"the race date {race_date} is not after today ({today})")
    taper = taper_weeks(metres)
    weeks = _weeks(today, race_date)
    if weeks < taper + 2:
        raise SeasonError(
            "race_date",
            f"the race is {(race_date - today).days} days away: a season plan needs at least"
            f" {taper + 2} weeks for this distance; the readiness check offers the taper",
        )
    if weeks > MAX_WEEKS:
        raise SeasonError("race_date", f"the race is over {MAX_WEEKS} weeks away: plan nearer it")
    if not 3 <= runs_per_week <= 7:
        raise SeasonError(
            "runs_per_week",
            "a plan with a track day needs 3 to 7 runs a week: the track session, an easy run"
            " after it and a long run at least",
        )
    if track_day == long_run_day:
        raise SeasonError("track_day", "the track day and the long run need different days")
    if circular_gap(track_day.number, long_run_day.number) < 2:
        raise SeasonError(
            "track_day",
            f"{track_day.value} and a long run on {long_run_day.value} leave less than 48 hours"
            " between two hard days: put a day between them",
        )
    if profile.vdot is None:
        raise SeasonError("profile", "the plan's paces need a recent race result (VDOT)")
    if not 0 <= recent_weekly_km <= 300:
        raise SeasonError("recent_weekly_km", "recent weekly volume must be 0 to 300 km")
    goal_s = None
    if goal_time is not None:
        try:
            goal_s = parse_clock(goal_time) if isinstance(goal_time, str) else float(goal_time)
            vdot_from_race(metres, goal_s)
        except ValueError as error:
            raise SeasonError("goal_time", str(error)) from None
    return metres, goal_s


def _weeks(today: date, race_date: date) -> int:
    """The plan's weeks: seven days each from today, the last one holding the race."""
    return math.ceil(((race_date - today).days + 1) / 7)


def _race_pace(metres: float, goal_s: float | None) -> str:
    """Race-pace reps run at the goal pace when there is one, else at the VDOT's race pace."""
    if goal_s is None:
        return race_pace_name(metres)
    return f"{format_clock(goal_s / metres * 1000, decimals=1)}/km"


def _notes(
    profile: AthleteProfile,
    metres: float,
    goal_s: float | None,
    start: float,
    recent: float,
    track_day: Weekday,
) -> list[str]:
    notes: list[str] = []
    if track_day.number >= Weekday.FRIDAY.number:
        notes.append(
            f"The track on {track_day.value} sits late in the week: early in the week it"
            " leaves room for the easy run after it and a fresh long run at the weekend."
        )
    if start > recent * 1.1:
        notes.append(
            f"Recent volume ({recent:g} km a week) is below what this many runs with a track"
            f" day need; the plan starts at {start:g} km: build up to it before the first week."
        )
    if goal_s is not None and profile.vdot is not None:
        goal_vdot = vdot_from_race(metres, goal_s)
        if goal_vdot > profile.vdot * 1.05:
            notes.append(
                f"The goal asks for VDOT {goal_vdot:.1f}, the last result gives"
                f" {profile.vdot:.1f}: training paces stay at today's fitness and only"
                " race-pace reps use the goal pace."
            )
    return notes


def plan_season(
    today: date,
    race: str,
    race_date: date,
    goal_time: str | float | None,
    runs_per_week: int,
    long_run_day: Weekday,
    track_day: Weekday,
    profile: AthleteProfile,
    recent_weekly_km: float,
    settings: SeasonSettings | None = None,
) -> SeasonPlan:
    """The season from `today` to `race_date` (a race name or distance, `goal_time` as
    "40:00" or seconds). Weeks are counted from today, so each is seven whole days and the
    volume rule compares like with like. Raises `SeasonError` naming the input at fault."""
    settings = settings or SeasonSettings()
    metres, goal_s = _validate(
        today,
        race,
        race_date,
        goal_time,
        runs_per_week,
        long_run_day,
        track_day,
        profile,
        recent_weekly_km,
    )
    weeks = _weeks(today, race_date)
    phases = phases_for(weeks, taper_weeks(metres))
    recovery = recovery_weeks(phases, settings.recovery_every)
    start = max(recent_weekly_km, settings.min_km_per_run * runs_per_week)
    planned = volumes(start, phases, recovery, settings)
    pace = _race_pace(metres, goal_s)
    threshold = profile.threshold_pace() or 300.0
    quality = runs_per_week >= settings.quality_from_runs
    plain = rhythm(track_day.number, long_run_day.number, runs_per_week, tempo=False)
    with_tempo = rhythm(track_day.number, long_run_day.number, runs_per_week, tempo=quality)
    out: list[PlanWeek] = []
    last_hard: date | None = None
    full_weeks: dict[Phase, int] = {}
    tempo_weeks = 0
    for index, (phase, rest, volume) in enumerate(zip(phases, recovery, planned, strict=True)):
        start_day = today + timedelta(weeks=index)
        k = full_weeks.get(phase, 0)
        frame = WeekFrame(
            start=start_day,
            last_day=min(start_day + timedelta(days=6), race_date),
            phase=phase,
            k=k,
            recovery=rest,
            race_week=index == weeks - 1,
            race_date=race_date,
        )
        if not rest:
            full_weeks[phase] = k + 1
        sessions = {
            EntryKind.TRACK: quality_session(phase, k, metres, pace, volume, rest),
            EntryKind.TEMPO: tempo_session(tempo_weeks, volume, threshold),
        }
        second = phase in (Phase.BUILD, Phase.PEAK) and volume >= settings.quality_from_km
        roles = with_tempo if second else plain
        if roles is with_tempo and not rest:
            tempo_weeks += 1
        days, last_hard = week_entries(frame, roles, sessions, last_hard)
        entries = fill(days, volume, metres / 1000, profile, settings)
        out.append(_week(frame, entries))
    return SeasonPlan(
        race=race,
        race_metres=metres,
        race_date=race_date,
        goal_time_s=goal_s,
        phases=_spans(out, race_date),
        weeks=tuple(out),
        notes=tuple(_notes(profile, metres, goal_s, start, recent_weekly_km, track_day)),
    )


def _week(frame: WeekFrame, entries: list[dict[str, object]]) -> PlanWeek:
    built = tuple(PlanEntry.model_validate(entry) for entry in entries)
    return PlanWeek(
        week_start=frame.start,
        phase=frame.phase,
        recovery=frame.recovery,
        volume_km=round(sum(e.distance_km for e in built if e.kind is not EntryKind.RACE), 1),
        entries=built,
    )


def _spans(weeks: list[PlanWeek], race_date: date) -> tuple[PhaseSpan, ...]:
    spans: list[PhaseSpan] = []
    for week in weeks:
        end = min(week.week_start + timedelta(days=6), race_date)
        if spans and spans[-1].phase is week.phase:
            spans[-1] = spans[-1].model_copy(update={"end": end})
        else:
            spans.append(PhaseSpan(phase=week.phase, start=week.week_start, end=end))
    return tuple(spans)
