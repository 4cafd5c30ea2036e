"""From the reps found in a run to a span for every step of the plan.

The reps are the anchors; every other step lies in a gap between them (or before the first, or
after the last). A gap with one step gives it the whole gap. A gap with several takes the
runner's lap presses inside it when there is one per boundary, else the plan's own lengths when
they are all easy running (a jog of 400 m ends where 400 m were run, the cool-down takes the
rest), else its first step takes the gap and the rest count as not run: strides the watch did
not mark are never invented. A planned rep that was not found is skipped, and so are the
recoveries that belonged to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from server.engine.summary import is_main_set
from server.files.align_plan import Span, planned_length
from server.files.align_series import Series
from server.workouts import (
    ExpandedStep,
    ResolvedWorkout,
    StepKind,
)

__all__ = ["Filled", "fill_spans"]


@dataclass(frozen=True, slots=True)
class Filled:
    """A span per step (None: skipped), and the blocks whose steps were run as one."""

    spans: list[Span | None]
    collapsed: list[str]


def _skipped_with_missing(plan: ResolvedWorkout, reps: dict[int, Span]) -> set[int]:
    """Missing main-set reps, and the non-main steps after each in its own block."""
    skipped: set[int] = set()
    previous_main: ExpandedStep | None = None
    for step in plan.steps:
        if is_main_set(step, plan.steps):
            previous_main = step
            if step.index not in reps:
                skipped.add(step.index)
        elif (
            previous_main is not None
            and previous_main.index not in reps
            and previous_main.block_index == step.block_index
        ):
            skipped.add(step.index)
    return skipped


def _planned_end(step: ExpandedStep, start: float, series: Series) -> float | None:
    metres, seconds = planned_length(step)
    if seconds is not None:
        return start + seconds
    if metres is not None:
        return series.time_at_distance(series.distance_at(start) + metres, start)
    return None


def _fill_gap(
    plan: ResolvedWorkout,
    steps: list[int],
    gap: Span,
    series: Series,
    presses: list[float],
    spans: list[Span | None],
    collapsed: list[str],
) -> None:
    if not steps:
        return
    if len(steps) == 1:
        spans[steps[0]] = gap
        return
    inside = [p for p in presses if gap.start < p < gap.end]
    cuts: list[float] | None = None
    if len(inside) == len(steps) - 1:
        cuts = inside
    elif all(plan.steps[i].kind is not StepKind.WORK for i in steps):
        cuts = []
        at = gap.start
        for index in steps[:-1]:
            end = _planned_end(plan.steps[index], at, series)
            at = min(max(end if end is not None else at, at), gap.end)
            cuts.append(at)
    if cuts is None:
        spans[steps[0]] = gap
        name = plan.steps[steps[0]].block or "part"
        if name not in collapsed:
            collapsed.append(name)
        return
    edges = [gap.start, *cuts, gap.end]
    for index, (a, b) in zip(steps, pairwise(edges), strict=True):
        spans[index] = Span(a, b)


def fill_spans(
    plan: ResolvedWorkout, reps: dict[int, Span], series: Series, presses: list[float]
) -> Filled:
    """A span for every step that was run, from the reps found and the gaps between them."""
    skipped = _skipped_with_missing(plan, reps)
    spans: list[Span | None] = [None] * len(plan.steps)
    collapsed: list[str] = []
    ordered = sorted(reps)
    gap_steps: list[int] = []
    gap_start: float | None = None  # None: before the first rep
    for step in plan.steps:
        if step.index in reps:
            span = reps[step.index]
            start = series.t0 if gap_start is None else gap_start
            _fill_gap(plan, gap_steps, Span(start, span.start), series, presses, spans, collapsed)
            spans[step.index] = span
            gap_steps, gap_start = [], span.end
        elif step.index not in skipped:
            gap_steps.append(step.index)
    if ordered:
        end = max(series.end, reps[ordered[-1]].end)
        _fill_gap(
            plan, gap_steps, Span(reps[ordered[-1]].end, end), series, presses, spans, collapsed
        )
    return Filled(spans, collapsed)
