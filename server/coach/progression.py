"""Progress over weeks for one workout, and what to do next time.

Sessions are compared over weeks, not judged alone: a set is made harder only after it has been
run under control more than once, and one thing changes at a time (a rep more, or a second or two
per 400 m faster, never both), so that the runner and the log can tell what the change did.
A run that was not under control is repeated; a set that keeps beating the runner is eased.
Thresholds and their sources are in `docs/coaching.md`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from server.coach.main_set import MainSet, find_main_set, shift_pace, with_reps
from server.engine.summary import RepResult, SessionSummary
from server.engine.verdict import Verdict
from server.workouts import NamedPace, Workout, format_workout
from server.workouts.units import format_number

__all__ = [
    "Progress",
    "ProgressRow",
    "ProgressionSettings",
    "Suggestion",
    "SuggestionKind",
    "WorkoutRun",
    "progress",
    "rep_ceiling",
    "row_of",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ProgressionSettings(_Frozen):
    """When a run counts as controlled, and how big one step of progression is."""

    controlled_runs_to_progress: Annotated[int, Field(ge=2, le=3)] = 2
    max_fade_pct: Annotated[float, Field(gt=0, le=10)] = 2.0
    bad_fade_pct: Annotated[float, Field(gt=0, le=20)] = 5.0
    max_hr_drift_pct: Annotated[float, Field(gt=0, le=15)] = 3.0
    max_rpe: Annotated[int, Field(ge=1, le=10)] = 7
    faster_s_per_400m: Annotated[float, Field(ge=1, le=2)] = 1.0
    slower_s_per_400m: Annotated[float, Field(ge=1, le=5)] = 2.0
    min_reps: Annotated[int, Field(ge=1)] = 3
    max_reps: Annotated[int, Field(ge=2, le=100)] = 12
    default_weekly_km: Annotated[float, Field(gt=0)] = 40.0


_SHARE_OF_WEEK = {NamedPace.REPETITION: 0.05, NamedPace.INTERVAL: 0.08, NamedPace.THRESHOLD: 0.10}
"""Daniels' caps on one session's quality running, as a share of the week's distance."""
_SESSION_CAP_M = {NamedPace.REPETITION: 8000.0, NamedPace.INTERVAL: 10000.0}


class WorkoutRun(_Frozen):
    """One run of the workout: its day, its results, and how hard it felt if the runner said."""

    day: date
    summary: SessionSummary
    rpe: Annotated[int, Field(ge=1, le=10)] | None = None


class ProgressRow(_Frozen):
    """One run as the progress view shows it."""

    day: date
    reps: int = Field(description="main-set reps run")
    rep_seconds: tuple[float, ...]
    rep_paces_s_per_km: tuple[float | None, ...]
    target_pace: tuple[float, float] | None = Field(description="s/km, fast first")
    on_target: int
    judged: int
    fade_pct: float | None = Field(description="speed lost by the last rep against the first two")
    hr_at_pace: float | None = Field(description="mean heart rate over the main-set reps")
    hr_drift_pct: float | None
    recovery_hr_drop: float | None = Field(description="mean bpm lost in the recoveries")
    rpe: int | None
    controlled: bool | None = Field(description="null when no rep was judged")
    reasons: tuple[str, ...] = Field(description="why the run was not controlled")


class SuggestionKind(StrEnum):
    """What to do with the workout next time."""

    ADD_REP = "add_rep"
    FASTER = "faster"
    REPEAT = "repeat"
    EASE = "ease"


class Suggestion(_Frozen):
    """The next step, in words and as a workout in the text format (the next version)."""

    kind: SuggestionKind
    text: str
    workout_text: str


class Progress(_Frozen):
    """Every run of one workout over the weeks, oldest first, and the suggestion."""

    rows: tuple[ProgressRow, ...]
    suggestion: Suggestion | None


def _main(summary: SessionSummary) -> list[RepResult]:
    return [rep for rep in summary.reps if rep.main_set]


def _change(first: list[float], last: float) -> float:
    baseline = sum(first) / len(first)
    return (baseline - last) / baseline * 100


def row_of(run: WorkoutRun, settings: ProgressionSettings) -> ProgressRow:
    """The progress row of one run, judged by the settings."""
    main = _main(run.summary)
    paced = [rep for rep in main if rep.pace_s_per_km and not rep.skipped]
    fade = drift = None
    if len(paced) >= 3:
        speeds = [1000.0 / (rep.pace_s_per_km or 1.0) for rep in paced]
        fade = round(_change(speeds[:2], speeds[-1]), 1)
    hrs = [rep.hr_avg for rep in paced if rep.hr_avg is not None]
    if len(hrs) >= 3 and len(hrs) == len(paced):
        drift = round(-_change(hrs[:2], hrs[-1]), 1)
    drops = [rep.recovery_hr_drop for rep in main if rep.recovery_hr_drop is not None]
    judged = [rep for rep in main if rep.verdict is not None]
    on_target = sum(1 for rep in judged if rep.verdict is Verdict.ON_TARGET)
    reasons: list[str] = []
    if len(judged) > on_target:
        reasons.append(f"{len(judged) - on_target} of {len(judged)} reps off target")
    if any(rep.skipped for rep in main):
        reasons.append("reps skipped")
    if fade is not None and fade > settings.max_fade_pct:
        reasons.append(f"pace faded {fade:.1f} %")
    if drift is not None and drift > settings.max_hr_drift_pct:
        reasons.append(f"heart rate drifted up {drift:.1f} %")
    if run.rpe is not None and run.rpe > settings.max_rpe:
        reasons.append(f"felt like RPE {run.rpe}")
    if run.summary.fatigue is not None and not reasons:
        reasons.append(run.summary.fatigue.text)
    return ProgressRow(
        day=run.day,
        reps=len([rep for rep in main if not rep.skipped]),
        rep_seconds=tuple(rep.seconds for rep in main),
        rep_paces_s_per_km=tuple(rep.pace_s_per_km for rep in main),
        target_pace=next((rep.target_pace for rep in main if rep.target_pace), None),
        on_target=on_target,
        judged=len(judged),
        fade_pct=fade,
        hr_at_pace=round(sum(hrs) / len(hrs), 1) if hrs else None,
        hr_drift_pct=drift,
        recovery_hr_drop=round(sum(drops) / len(drops), 1) if drops else None,
        rpe=run.rpe,
        controlled=None if not judged else not reasons,
        reasons=tuple(reasons),
    )


def rep_ceiling(main: MainSet, settings: ProgressionSettings, weekly_km: float | None) -> int:
    """The most reps the set should grow to: `max_reps`, and for R, I and T paces Daniels'
    cap on one session's running at that pace (a share of the week's distance)."""
    ceiling = settings.max_reps
    share = _SHARE_OF_WEEK.get(main.pace) if main.pace is not None else None
    if share is not None and main.rep_metres:
        cap = (weekly_km or settings.default_weekly_km) * 1000.0 * share
        cap = min(cap, _SESSION_CAP_M.get(main.pace, cap)) if main.pace is not None else cap
        ceiling = min(ceiling, max(int(cap // main.rep_metres), settings.min_reps))
    return ceiling


def _shape(row: ProgressRow) -> tuple[int, tuple[float, float] | None]:
    target = row.target_pace
    return row.reps, None if target is None else (round(target[0]), round(target[1]))


def _lap(seconds: float) -> str:
    return f"{format_number(seconds, 1)} s per 400 m"


def _faster(workout: Workout, rows: list[ProgressRow], settings: ProgressionSettings) -> Workout:
    fallback = rows[-1].target_pace
    return shift_pace(workout, -settings.faster_s_per_400m, fallback)


def _suggest(
    workout: Workout, rows: list[ProgressRow], settings: ProgressionSettings, weekly: float | None
) -> Suggestion | None:
    judged = [row for row in rows if row.controlled is not None]
    if not judged:
        return None
    main = find_main_set(workout)
    last = judged[-1]
    same = 'run it again as it is: "controlled" twice in a row is when it gets harder'
    if not last.controlled:
        previous = judged[-2] if len(judged) > 1 else None
        bad = last.fade_pct is not None and last.fade_pct >= settings.bad_fade_pct
        if bad or (previous is not None and not previous.controlled):
            return _ease(workout, main, rows, settings, bad)
        why = "; ".join(last.reasons)
        text = f"Last run not under control ({why}): {same}."
        return Suggestion(
            kind=SuggestionKind.REPEAT, text=text, workout_text=format_workout(workout)
        )
    streak = 0
    for row in reversed(judged):
        if not row.controlled or _shape(row) != _shape(last):
            break
        streak += 1
    need = settings.controlled_runs_to_progress
    if streak < need:
        text = (
            f"{streak} controlled run{'s' if streak != 1 else ''} at this set; {need} in a row"
            f" make it time for one step more. Run it again as it is."
        )
        return Suggestion(
            kind=SuggestionKind.REPEAT, text=text, workout_text=format_workout(workout)
        )
    lead = f"{streak} controlled runs in a row (every rep on target, little fade, moderate effort)"
    if main is not None and main.count < rep_ceiling(main, settings, weekly):
        text = f"{lead}: add one rep, {main.count + 1} instead of {main.count}, at the same pace."
        return Suggestion(
            kind=SuggestionKind.ADD_REP,
            text=text,
            workout_text=format_workout(with_reps(workout, main.count + 1)),
        )
    step = _lap(settings.faster_s_per_400m)
    where = f"{main.count} reps is the ceiling for this set" if main else "the set stays as it is"
    faster = _faster(workout, rows, settings)
    if faster == workout:  # nothing paced in the set: by feel, it stays as it is
        text = f"{lead}: {where} and it is run by feel, so run it again as it is."
        return Suggestion(
            kind=SuggestionKind.REPEAT, text=text, workout_text=format_workout(workout)
        )
    text = f"{lead}: {where}, so keep the reps and run them {step} faster."
    return Suggestion(kind=SuggestionKind.FASTER, text=text, workout_text=format_workout(faster))


def _ease(
    workout: Workout,
    main: MainSet | None,
    rows: list[ProgressRow],
    settings: ProgressionSettings,
    bad_fade: bool,
) -> Suggestion:
    last = rows[-1]
    why = f"pace faded {last.fade_pct:.1f} %" if bad_fade else "two runs in a row not under control"
    paces = last.rep_paces_s_per_km
    target = last.target_pace
    slow_from_start = (
        target is not None
        and len(paces) >= 2
        and all(p is not None and p > target[1] for p in paces[:2])
    )
    if main is not None and main.count > settings.min_reps and not slow_from_start:
        text = f"Ease it ({why}): one rep fewer, {main.count - 1} at the same pace."
        eased = with_reps(workout, main.count - 1)
    else:
        step = _lap(settings.slower_s_per_400m)
        text = f"Ease it ({why}): the same reps, {step} slower."
        eased = shift_pace(workout, settings.slower_s_per_400m, target)
    return Suggestion(kind=SuggestionKind.EASE, text=text, workout_text=format_workout(eased))


def progress(
    workout: Workout,
    runs: Sequence[WorkoutRun],
    settings: ProgressionSettings | None = None,
    *,
    weekly_km: float | None = None,
) -> Progress:
    """The runs of `workout` (its current version) oldest first, and what to do next time.

    `weekly_km` (the runner's recent weekly distance) sets the ceiling on reps; without it
    `settings.default_weekly_km` does. The suggested workout changes only the main set.
    """
    settings = settings or ProgressionSettings()
    ordered = sorted(runs, key=lambda run: run.day)
    rows = [row_of(run, settings) for run in ordered]
    return Progress(rows=tuple(rows), suggestion=_suggest(workout, rows, settings, weekly_km))
