"""One typed record per run, whatever it came from, so that load and readiness read one shape.

A live session, an imported file and a run logged by hand each know different things: reps and
their paces, laps and heart rate, or just a distance and a feeling. The constructors here turn
each into a `RunRecord` from plain values (no database rows), and decide once whether the run
was hard and whether its pace can be trusted, so no later rule asks where a run came from.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from server.coach.hard import HARD_RPE, ran_hard, segments_hard
from server.engine.settings import Venue
from server.engine.summary import SessionSummary
from server.files.activity import Activity, Sport
from server.workouts import AthleteProfile, ResolvedWorkout, StepKind

__all__ = ["RunRecord", "Segment", "Source"]

Source = Literal["live", "imported", "manual"]

_TREADMILL_SUB_SPORTS = {"treadmill", "indoor_running", "virtual_activity"}


class Segment(BaseModel):
    """A stretch of a run with its own pace: a rep, a recovery, a lap."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seconds: Annotated[float, Field(ge=0)]
    metres: Annotated[float, Field(ge=0)] | None = None
    avg_hr: float | None = None


class RunRecord(BaseModel):
    """A run (or another activity) as the coach reads it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    day: dt.date
    start: dt.datetime | None = None
    sport: Sport = Sport.RUNNING
    distance_m: Annotated[float, Field(ge=0)] | None = None
    duration_s: Annotated[float, Field(ge=0)] | None = None
    avg_hr: Annotated[float, Field(gt=0)] | None = None
    rpe: Annotated[int, Field(ge=1, le=10)] | None = None
    source: Source = "manual"
    name: str | None = None
    hard: bool = False
    hard_why: str | None = None
    pace_reliable: bool = True
    segments: tuple[Segment, ...] = ()

    @property
    def is_run(self) -> bool:
        """Whether it counts in running distance."""
        return self.sport is Sport.RUNNING

    @classmethod
    def manual(
        cls,
        day: dt.date,
        sport: Sport | str,
        distance_m: float | None,
        duration_s: float | None,
        *,
        athlete: AthleteProfile,
        avg_hr: float | None = None,
        rpe: int | None = None,
        name: str | None = None,
        treadmill: bool = False,
        hard_rpe: int = HARD_RPE,
    ) -> RunRecord:
        """A run logged by hand; a treadmill run logged without a calibrated belt has no pace."""
        segments: tuple[Segment, ...] = ()
        if duration_s:
            segments = (Segment(seconds=duration_s, metres=distance_m, avg_hr=avg_hr),)
        running = Sport(sport) is Sport.RUNNING
        why = _why_hard(segments, athlete, rpe, hard_rpe, running=running)
        return cls(
            day=day,
            sport=Sport(sport),
            distance_m=distance_m,
            duration_s=duration_s,
            avg_hr=avg_hr,
            rpe=rpe,
            source="manual",
            name=name,
            hard=why is not None,
            hard_why=why,
            pace_reliable=not treadmill,
        )

    @classmethod
    def from_activity(
        cls,
        activity: Activity,
        *,
        athlete: AthleteProfile,
        day: dt.date | None = None,
        rpe: int | None = None,
        treadmill_calibrated: bool = False,
        hard_rpe: int = HARD_RPE,
    ) -> RunRecord:
        """An imported file: its laps are the segments (rep laps of a track session show as
        fast laps); a treadmill file's distance is the watch's guess unless calibrated. `day` is
        the runner's own calendar day when the caller knows it (else the start's UTC date)."""
        segments = tuple(
            Segment(seconds=lap.timer_s, metres=lap.distance_m, avg_hr=lap.avg_hr)
            for lap in activity.laps
            if lap.timer_s
        )
        duration = activity.timer_s or activity.elapsed_s
        if not segments and duration:
            segments = (
                Segment(seconds=duration, metres=activity.distance_m, avg_hr=activity.avg_hr),
            )
        treadmill = (activity.sub_sport or "").lower() in _TREADMILL_SUB_SPORTS
        running = activity.sport is Sport.RUNNING
        why = _why_hard(segments, athlete, rpe, hard_rpe, running=running)
        return cls(
            day=day or activity.start.date(),
            start=activity.start,
            sport=activity.sport,
            distance_m=activity.distance_m,
            duration_s=duration,
            avg_hr=activity.avg_hr,
            rpe=rpe,
            source="imported",
            name=activity.name,
            hard=why is not None,
            hard_why=why,
            pace_reliable=not treadmill or treadmill_calibrated,
            segments=segments,
        )

    @classmethod
    def from_session(
        cls,
        day: dt.date,
        workout: ResolvedWorkout,
        summary: SessionSummary | None,
        *,
        start: dt.datetime | None = None,
        venue: Venue | str = Venue.TRACK,
        rpe: int | None = None,
        hard_rpe: int = HARD_RPE,
    ) -> RunRecord:
        """A finished live session: its reps as run, and the other steps it reached as planned.

        The summary keeps the work reps only, so warm-up, recoveries and cool-down count with
        their planned time and the distance their target pace gives (steps after the last rep
        count only when the session ran to its end).
        """
        segments = _session_segments(workout, summary)
        hard = ran_hard(workout, summary)
        why = f"{workout.workout.name or 'a session'} run" if hard else None
        if not hard and rpe is not None and rpe >= hard_rpe:
            hard, why = True, f"RPE {rpe}"
        seconds = sum(s.seconds for s in segments)
        metres = sum(s.metres or 0.0 for s in segments)
        beats = [(s.seconds, s.avg_hr) for s in segments if s.avg_hr is not None]
        avg_hr = None
        if beats and sum(t for t, _ in beats) > 0:
            avg_hr = sum(t * hr for t, hr in beats) / sum(t for t, _ in beats)
        return cls(
            day=day,
            start=start,
            sport=Sport.RUNNING,
            distance_m=metres or None,
            duration_s=seconds or None,
            avg_hr=avg_hr,
            rpe=rpe,
            source="live",
            name=workout.workout.name,
            hard=hard,
            hard_why=why,
            pace_reliable=True,  # track marks, a footpod or the belt: the venue's own distance
            segments=segments,
        )


def _why_hard(
    segments: tuple[Segment, ...],
    athlete: AthleteProfile,
    rpe: int | None,
    hard_rpe: int,
    *,
    running: bool,
) -> str | None:
    """Why a run was hard: its segments (running only, where pace and heart rate say it), else
    the effort the runner gave it."""
    why = None
    if running:
        why = segments_hard(((s.seconds, s.metres, s.avg_hr) for s in segments), athlete)
    if why is None and rpe is not None and rpe >= hard_rpe:
        return f"RPE {rpe}"
    return why


def _session_segments(
    workout: ResolvedWorkout, summary: SessionSummary | None
) -> tuple[Segment, ...]:
    reps = {} if summary is None else {rep.index: rep for rep in summary.reps}
    if summary is None:
        last = len(workout.steps) - 1
    else:
        ran_all = summary.completed_steps + summary.skipped_steps >= summary.total_steps
        last = len(workout.steps) - 1 if ran_all else max(reps, default=-1)
    segments = []
    for step in workout.steps[: last + 1]:
        rep = reps.get(step.index)
        if rep is not None:
            if not rep.skipped:
                run = (
                    rep.metres
                    if rep.pace_s_per_km is None
                    else rep.seconds / rep.pace_s_per_km * 1000
                )
                segments.append(Segment(seconds=rep.seconds, metres=run, avg_hr=rep.hr_avg))
        elif step.kind is not StepKind.WORK or summary is None:
            seconds = step.planned_seconds or step.estimated_seconds
            if seconds:
                segments.append(
                    Segment(seconds=seconds, metres=step.estimated_metres or step.planned_metres)
                )
    return tuple(segments)
