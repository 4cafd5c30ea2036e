"""What the runner is told about an alignment: why laps were or were not used, which edges were
found from the pace, and how many reps were run. Plain sentences, one fact each, so a runner can
check the results against what they remember of the run.
"""

from __future__ import annotations

from server.files.activity import Activity, LapTrigger
from server.files.align_plan import RepSpec, Span
from server.workouts import ResolvedWorkout
from server.workouts.units import METRES_PER_MILE

__all__ = ["counted", "laps_not_used", "press_notes", "rep_name", "section_note"]

_FROM_PACE = "so the reps were found from your pace."


def rep_name(plan: ResolvedWorkout, index: int) -> str:
    """ "rep 3", as the plan numbers it."""
    step = plan.steps[index]
    return f"rep {step.rep}" if step.rep is not None else f"step {index + 1}"


def _regular(values: list[float], every: float, tolerance: float) -> bool:
    return bool(values) and all(abs(v - every) <= tolerance * every for v in values)


def laps_not_used(activity: Activity) -> str:
    """Why the watch's laps could not say where the reps were."""
    laps = activity.laps
    if len(laps) < 2:
        return f"Your watch recorded no laps, {_FROM_PACE}"
    if any(lap.trigger is LapTrigger.MANUAL for lap in laps):
        return (
            "Your lap presses did not match the plan's steps one for one, so the reps were found"
            " from your pace, on your presses where you pressed."
        )
    whole = laps[:-1]
    distances = [lap.distance_m for lap in whole if lap.distance_m is not None]
    if len(distances) == len(whole) and _regular(distances, 1000.0, 0.03):
        return f"Your watch lapped every kilometre, {_FROM_PACE}"
    if len(distances) == len(whole) and _regular(distances, METRES_PER_MILE, 0.03):
        return f"Your watch lapped every mile, {_FROM_PACE}"
    times = [lap.timer_s for lap in whole if lap.timer_s is not None]
    if len(times) == len(whole) and times and _regular(times, times[0], 0.02):
        minutes = times[0] / 60
        every = f"{minutes:g} minutes" if minutes >= 1 else f"{times[0]:g} seconds"
        return f"Your watch lapped every {every}, {_FROM_PACE}"
    return f"Your watch's laps did not mark the reps, {_FROM_PACE}"


def press_notes(
    plan: ResolvedWorkout, reps: dict[int, Span], presses: list[float]
) -> tuple[int, int, list[str]]:
    """Edges of the reps found, how many sit on a press, and a note for each rep that does not."""
    if not presses:
        return 2 * len(reps), 0, []
    pressed = set(presses)
    notes = []
    on = 0
    for index in sorted(reps):
        span = reps[index]
        missed = [
            edge for edge, t in (("start", span.start), ("end", span.end)) if t not in pressed
        ]
        on += 2 - len(missed)
        if missed:
            which = " and ".join(missed)
            notes.append(
                f"No lap press marked the {which} of {rep_name(plan, index)}, so"
                f" {'they were' if len(missed) == 2 else 'it was'} found from your pace."
            )
    return 2 * len(reps), on, notes


def counted(
    plan: ResolvedWorkout, specs: list[RepSpec], reps: dict[int, Span], extra: int
) -> list[str]:
    """How many reps were run against the plan, and what became of the missing or extra ones."""
    planned, found = len(specs), len(reps)
    notes = []
    if found < planned:
        missing = [rep_name(plan, spec.step) for spec in specs if spec.step not in reps]
        verb = "counts" if len(missing) == 1 else "count"
        notes.append(
            f"You ran {found} of {planned} planned reps; {', '.join(missing)} {verb} as skipped."
        )
    if extra:
        which = "the last one" if extra == 1 else f"the last {extra}"
        notes.append(
            f"You ran {planned + extra} reps where the plan had {planned}: the first {planned}"
            f" are judged, and {which} counts as running after the set."
        )
    return notes


def section_note(name: str) -> str:
    """A warm-up or cool-down with no lap presses between its steps."""
    return (
        f"Your {name.lower()} had no lap presses between its steps, so it counts as its first"
        " step; the plan's other steps in it (such as drills or strides) are not in the results."
    )
