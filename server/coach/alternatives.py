"""Concrete sessions to offer instead of the one planned, written as workout text.

A warning without an alternative leaves the runner to improvise, usually by running the session
anyway. So each alternative is a session the phone can start: the same workout with fewer reps
(same paces: the quality is kept, the dose is cut), the taper version (about half the volume at
the same pace, the shape of taper the studies favour), an easy run, rest with mobility, or the
same session on another day that keeps 48 hours from hard days.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Literal

from server.coach.inputs import Alternative, PlannedSession
from server.coach.main_set import is_preparation
from server.coach.settings import CoachSettings
from server.workouts import (
    AthleteProfile,
    DistanceDuration,
    Repeat,
    Section,
    Step,
    StepKind,
    TimeDuration,
    Workout,
    format_workout,
)

__all__ = ["easy_run", "mobility", "move", "scaled_workout", "shortened", "taper"]

_EASY_KINDS = {StepKind.WARMUP, StepKind.COOLDOWN, StepKind.DRILLS}


def _scale_repeat(block: Repeat, keep: float) -> Repeat:
    count = max(1, round(block.count * keep))
    return block.model_copy(update={"count": count}) if count < block.count else block


def _scale_step(step: Step, keep: float) -> Step:
    if step.kind is not StepKind.WORK:
        return step
    duration = step.duration
    if isinstance(duration, TimeDuration):
        minutes = max(1, round(duration.seconds * keep / 60))
        return step.model_copy(update={"duration": TimeDuration(seconds=minutes * 60.0)})
    if isinstance(duration, DistanceDuration):
        grain = 100.0 if duration.unit.metres == 1 else 0.5
        value = max(grain, round(duration.value * keep / grain) * grain)
        new = DistanceDuration(value=value, unit=duration.unit)
        return step.model_copy(update={"duration": new, "splits": None})
    return step


def _scale_items(items: Iterable[object], keep: float, by_reps: bool) -> tuple[list[object], bool]:
    """Cut repeat counts (by_reps) or work-step lengths in the main set; report a change."""
    result: list[object] = []
    changed = False
    for item in items:
        new = item
        if isinstance(item, Repeat) and not is_preparation(item.name) and by_reps:
            new = _scale_repeat(item, keep)
        elif isinstance(item, Section) and not is_preparation(item.name):
            steps, inner = _scale_items(item.steps, keep, by_reps)
            new = item.model_copy(update={"steps": tuple(steps)}) if inner else item
        elif isinstance(item, Step) and not by_reps and item.kind not in _EASY_KINDS:
            new = _scale_step(item, keep)
        changed = changed or new is not item
        result.append(new)
    return result, changed


def scaled_workout(workout: Workout, keep: float, label: str) -> Workout | None:
    """The workout with its main set cut to about `keep` of it: fewer reps where it repeats,
    shorter work steps where it does not (a tempo). None when there is nothing to cut."""
    items, changed = _scale_items(workout.items, keep, by_reps=True)
    if not changed:
        items, changed = _scale_items(workout.items, keep, by_reps=False)
    if not changed:
        return None
    name = _renamed(workout, items, label)
    return workout.model_copy(update={"items": tuple(items), "name": name})


def _renamed(workout: Workout, items: list[object], label: str) -> str:
    """The name with its rep count brought up to date ("6 x 400 m" cut to "4 x 400 m")."""
    name = workout.name or "Session"
    counts = [
        (old.count, new.count)
        for old, new in zip(workout.items, items, strict=True)
        if isinstance(old, Repeat) and isinstance(new, Repeat) and new.count != old.count
    ]
    if len(counts) == 1:
        old, new = counts[0]
        name = re.sub(rf"^{old}\s*x\b", f"{new} x", name)
    return f"{name} ({label})"


def shortened(planned: PlannedSession, settings: CoachSettings, why: str) -> Alternative | None:
    """The same session with about a third of the reps taken off, at the same paces."""
    return _cut(planned, settings.shorten_keep, "shortened", why)


def taper(planned: PlannedSession, settings: CoachSettings, why: str) -> Alternative | None:
    """The taper version: about half the reps, the paces unchanged."""
    return _cut(planned, settings.taper_keep, "taper", why)


def _cut(
    planned: PlannedSession, keep: float, kind: Literal["shortened", "taper"], why: str
) -> Alternative | None:
    """The planned workout cut to `keep`, offered as `kind` (also the label its name gets)."""
    if planned.workout is None:
        return None
    cut = scaled_workout(planned.workout, keep, kind)
    if cut is None:
        return None
    text = format_workout(cut)
    return Alternative(kind=kind, day=planned.day, title=cut.name or "", text=text, why=why)


def easy_run(
    day: dt.date, athlete: AthleteProfile, settings: CoachSettings, why: str, *, strides: bool
) -> Alternative:
    """An easy run at E pace (or by feel without a VDOT), with strides when legs need waking."""
    target = "E Pace" if athlete.vdot is not None else "RPE 3"
    lines = ["# Easy run", f"- {settings.easy_minutes}m {target}"]
    if strides:
        fast = "R Pace" if athlete.vdot is not None else "RPE 7"
        lines += ["", "Strides 4x", f"- Stride 20s {fast}", "- Walk 60s"]
    title = "Easy run with strides" if strides else "Easy run"
    return Alternative(kind="easy_run", day=day, title=title, text="\n".join(lines) + "\n", why=why)


def mobility(day: dt.date, why: str) -> Alternative:
    """No running: rest, walking and gentle mobility."""
    return Alternative(
        kind="mobility",
        day=day,
        title="Rest, walk and mobility",
        text=None,
        why=why,
    )


def move(planned: PlannedSession, day: dt.date, why: str) -> Alternative:
    """The same session on another day."""
    text = format_workout(planned.workout) if planned.workout is not None else None
    title = f"{planned.name or 'This session'} on {day:%A}"
    return Alternative(kind="move", day=day, title=title, text=text, why=why)
