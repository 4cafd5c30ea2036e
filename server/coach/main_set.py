"""A workout's main set, found and changed the way a coach changes it: one rep more or fewer, or
the same reps a second or two per lap faster or slower.

Progression and the season plan both change sessions, and both must change only the main set:
the warm-up, drills and strides stay as the runner knows them. Changes are made on the parsed
`Workout` (never on its text), so the result is a workout the text format writes and reads back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from server.engine.summary import is_warmup_or_cooldown
from server.workouts import (
    NamedPace,
    NamedPaceTarget,
    PaceTarget,
    Repeat,
    Section,
    SpeedTarget,
    Step,
    StepKind,
    Workout,
)
from server.workouts.model import Target
from server.workouts.targets import PACE_FAMILY
from server.workouts.units import PaceUnit, SpeedUnit, quantize

__all__ = [
    "MainSet",
    "find_main_set",
    "is_preparation",
    "shift_pace",
    "with_reps",
]

_LAP = PaceUnit.LAP


@dataclass(frozen=True, slots=True)
class MainSet:
    """The repeat a coach would add a rep to, where it sits, and what one rep is."""

    repeat: Repeat
    top: int
    inner: int | None
    rep_metres: float | None
    rep_seconds: float | None
    pace: NamedPace | None

    @property
    def count(self) -> int:
        """Reps in the set."""
        return self.repeat.count


_PREPARATION = {"drills", "strides"}


def is_preparation(name: str | None) -> bool:
    """Warm-up, cool-down, drills and strides: never the set a coach progresses."""
    return is_warmup_or_cooldown(name) or (name or "").lower().strip() in _PREPARATION


def _work_step(repeat: Repeat) -> Step | None:
    for item in repeat.steps:
        if isinstance(item, Step) and item.kind is StepKind.WORK:
            return item
    return None


def _candidates(workout: Workout) -> list[tuple[Repeat, int, int | None]]:
    found: list[tuple[Repeat, int, int | None]] = []
    for top, item in enumerate(workout.items):
        if isinstance(item, Repeat) and not is_preparation(item.name):
            found.append((item, top, None))
        elif isinstance(item, Section) and not is_preparation(item.name):
            for inner, block in enumerate(item.steps):
                if isinstance(block, Repeat):
                    found.append((block, top, inner))
    return [entry for entry in found if _work_step(entry[0]) is not None]


def find_main_set(workout: Workout) -> MainSet | None:
    """The repeat with the most reps outside the warm-up and cool-down (the first of equals);
    None for a workout without one (a ladder, a steady run), which can only get faster."""
    candidates = _candidates(workout)
    if not candidates:
        return None
    repeat, top, inner = max(candidates, key=lambda entry: entry[0].count)
    step = _work_step(repeat)
    assert step is not None
    duration = step.duration
    metres = getattr(duration, "metres", None)
    estimate = getattr(duration, "estimate", None)
    if metres is None and estimate is not None:
        metres = getattr(estimate, "metres", None)
    seconds = getattr(duration, "seconds", None)
    target = step.target
    pace = target.pace if isinstance(target, NamedPaceTarget) else None
    return MainSet(repeat, top, inner, metres, seconds, pace)


def _replace_repeat(workout: Workout, main: MainSet, repeat: Repeat) -> Workout:
    items = list(workout.items)
    if main.inner is None:
        items[main.top] = repeat
    else:
        section = items[main.top]
        assert isinstance(section, Section)
        blocks = list(section.steps)
        blocks[main.inner] = repeat
        items[main.top] = section.model_copy(update={"steps": tuple(blocks)})
    return Workout.model_validate(workout.model_copy(update={"items": tuple(items)}).model_dump())


def with_reps(workout: Workout, count: int) -> Workout:
    """The workout with `count` reps in its main set, its title following ("6 x 400" -> "7 x").

    ValueError when there is no main set to change.
    """
    main = find_main_set(workout)
    if main is None:
        raise ValueError("the workout has no repeated main set to add a rep to or take one from")
    changed = _replace_repeat(workout, main, main.repeat.model_copy(update={"count": count}))
    if workout.name is not None:
        pattern = re.compile(rf"(?<!\d){main.count}(\s*[xX]\s)")
        name = pattern.sub(lambda m: f"{count}{m.group(1)}", workout.name, count=1)
        changed = changed.model_copy(update={"name": name})
    return Workout.model_validate(changed.model_dump())


def _shift_target(target: Target, per_km: float, fallback: tuple[float, float] | None) -> Target:
    """One pace target shifted by `per_km` s/km (negative is faster), written in its own form
    where the format has one: a named pace gets an offset per 400 m, an absolute pace moves,
    a speed moves. Percent-of-threshold and zone targets become the absolute pace they came to
    in the last run (`fallback`, s/km) shifted, since the format cannot shift a zone."""
    if isinstance(target, NamedPaceTarget):
        lap = quantize(_LAP.from_per_km(target.offset_per_km + per_km), 1)
        if lap == 0:
            return NamedPaceTarget(pace=target.pace)
        return NamedPaceTarget(pace=target.pace, offset=lap, offset_unit=_LAP)
    if isinstance(target, PaceTarget):
        shift = target.unit.from_per_km(per_km)
        return PaceTarget(fast=target.fast + shift, slow=target.slow + shift, unit=target.unit)
    if isinstance(target, SpeedTarget):

        def moved(speed: float) -> float:
            pace = 1000.0 / target.unit.to_mps(speed) + per_km
            mps = 1000.0 / pace
            return round(mps * 3.6 if target.unit is SpeedUnit.KMH else mps, 2)

        return SpeedTarget(low=moved(target.low), high=moved(target.high), unit=target.unit)
    if fallback is None:
        raise ValueError("a pace zone or percent-of-threshold target needs the pace it came to")
    fast, slow = (_LAP.from_per_km(value + per_km) for value in fallback)
    return PaceTarget(fast=round(fast, 1), slow=round(slow, 1), unit=_LAP)


def _shift_step(step: Step, per_km: float, fallback: tuple[float, float] | None) -> Step:
    primary = step.target
    if step.kind is not StepKind.WORK or not isinstance(primary, PACE_FAMILY):
        return step
    if fallback is None and not isinstance(primary, NamedPaceTarget | PaceTarget | SpeedTarget):
        return step
    targets = tuple(
        _shift_target(target, per_km, fallback) if target is primary else target
        for target in step.targets
    )
    return Step.model_validate({**step.model_dump(), "targets": [t.model_dump() for t in targets]})


def _shift_block(
    item: Step | Repeat, per_km: float, fallback: tuple[float, float] | None
) -> Step | Repeat:
    if isinstance(item, Step):
        return _shift_step(item, per_km, fallback)
    steps = tuple(_shift_block(block, per_km, fallback) for block in item.steps)
    return item.model_copy(update={"steps": steps})


def shift_pace(
    workout: Workout, s_per_400m: float, fallback: tuple[float, float] | None = None
) -> Workout:
    """Every main-set work step's pace moved by `s_per_400m` (negative is faster).

    The main set is every work step outside the warm-up and cool-down, so a ladder gets faster
    as a whole. Steps without a pace target (by feel) are left as they are.
    """
    per_km = s_per_400m * 1000.0 / 400.0
    items: list[Step | Repeat | Section] = []
    for item in workout.items:
        if isinstance(item, Section):
            if is_preparation(item.name):
                items.append(item)
                continue
            steps = tuple(_shift_block(block, per_km, fallback) for block in item.steps)
            items.append(item.model_copy(update={"steps": steps}))
        elif isinstance(item, Repeat) and is_preparation(item.name):
            items.append(item)
        else:
            items.append(_shift_block(item, per_km, fallback))
    data = workout.model_dump()
    data["items"] = [item.model_dump() for item in items]
    return Workout.model_validate(data)
