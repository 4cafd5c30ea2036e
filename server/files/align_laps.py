"""Mapping a watch's laps onto a plan's steps one for one.

When the runner pressed lap at every step (or the watch ran the workout and lapped at each step),
the laps are the truth about where each step began and ended, better than anything read from
the pace. They map when a run of consecutive laps fits a run of consecutive steps covering the
whole main set: each rep's lap within 15 % of the rep's planned distance or time, recoveries
roughly their planned length, and every rep faster than the recoveries beside it. Laps before and
after may be the runner's own warm-up and cool-down; a warm-up or cool-down section of the plan
may be one lap (its first step then takes the lap, the rest count as not run), or no lap at all.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from server.engine.summary import is_main_set, is_warmup_or_cooldown
from server.files.align_plan import RepSpec, Span, misfit, planned_length, rep_specs
from server.workouts import (
    ResolvedWorkout,
    StepKind,
)

__all__ = ["LapSpan", "LapsMatch", "match_laps", "sections"]

REP_TOLERANCE = 0.15
MAX_LAPS = 300
REP_FASTER = 1.1


@dataclass(frozen=True, slots=True)
class LapSpan:
    """One lap as the aligner needs it: when, how far, how fast."""

    span: Span
    metres: float
    seconds: float

    @property
    def speed(self) -> float:
        """Average speed over the lap's moving time."""
        return self.metres / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class LapsMatch:
    """Each plan step's span (None: not in the file), and sections that were a single lap."""

    spans: list[Span | None]
    collapsed: list[str]


def sections(plan: ResolvedWorkout) -> list[tuple[str | None, list[int]]]:
    """Consecutive steps in one warm-up or cool-down block, named; every other step alone."""
    out: list[tuple[str | None, list[int]]] = []
    for step in plan.steps:
        if is_warmup_or_cooldown(step.block) and not is_main_set(step, plan.steps):
            if out and out[-1][0] == step.block and out[-1][1][-1] == step.index - 1:
                out[-1][1].append(step.index)
                continue
            out.append((step.block, [step.index]))
        else:
            out.append((None, [step.index]))
    return out


def _units(plan: ResolvedWorkout) -> list[list[tuple[list[int], str | None]]]:
    """Every way of reading the plan as laps: each section as one lap or a lap per step."""
    groups = sections(plan)
    choices: list[list[list[tuple[list[int], str | None]]]] = []
    for name, steps in groups:
        expanded: list[tuple[list[int], str | None]] = [([index], None) for index in steps]
        if name is not None and len(steps) > 1:
            choices.append([expanded, [(steps, name)]])
        else:
            choices.append([expanded])
    variants = []
    for combo in itertools.islice(itertools.product(*choices), 16):
        variants.append([unit for part in combo for unit in part])
    return variants


def _fits(plan: ResolvedWorkout, unit: list[int], lap: LapSpan, specs: dict[int, RepSpec]) -> float:
    """The misfit of a lap for a unit of the plan (a rep's matters), or infinity."""
    if len(unit) == 1 and unit[0] in specs:
        error = misfit(specs[unit[0]], lap.seconds, lap.metres)
        return error if error <= REP_TOLERANCE else float("inf")
    steps = [plan.steps[index] for index in unit]
    if len(unit) == 1:
        metres, seconds = planned_length(steps[0])
        if metres is not None and not 0.6 <= lap.metres / metres <= 1.6:
            return float("inf")
        if seconds is not None and not 0.6 <= lap.seconds / seconds <= 1.6:
            return float("inf")
        return 0.0
    total = sum(step.planned_seconds or step.estimated_seconds or 0.0 for step in steps)
    if total > 0 and not 0.4 <= lap.seconds / total <= 2.5:
        return float("inf")
    return 0.0


def _faster_than_recoveries(
    plan: ResolvedWorkout, units: list[list[int]], laps: list[LapSpan], specs: dict[int, RepSpec]
) -> bool:
    for position, unit in enumerate(units):
        if len(unit) != 1 or unit[0] not in specs:
            continue
        for near in (position - 1, position + 1):
            if 0 <= near < len(units) and len(units[near]) == 1:
                kind = plan.steps[units[near][0]].kind
                easy = kind in (StepKind.RECOVERY, StepKind.REST)
                if easy and laps[position].speed < REP_FASTER * laps[near].speed:
                    return False
    return True


def _rep_left_out(outside: list[LapSpan], reps: list[LapSpan], specs: dict[int, RepSpec]) -> bool:
    """Whether a lap outside the mapping looks like one more rep: then it is not one for one."""
    slowest_rep = min((lap.speed for lap in reps), default=0.0)
    return any(
        lap.speed >= slowest_rep / REP_FASTER
        and any(misfit(spec, lap.seconds, lap.metres) <= REP_TOLERANCE for spec in specs.values())
        for lap in outside
    )


def match_laps(plan: ResolvedWorkout, laps: list[LapSpan]) -> LapsMatch | None:
    """The best one-for-one mapping of consecutive laps onto the plan, or None if none fits."""
    specs = {spec.step: spec for spec in rep_specs(plan)}
    if not specs or len(laps) < 2 or len(laps) > MAX_LAPS:
        return None
    best: tuple[float, LapsMatch] | None = None
    for variant in _units(plan):
        main = [i for i, (unit, _) in enumerate(variant) if any(s in specs for s in unit)]
        first, last = main[0], main[-1]
        for b in range(first + 1):
            for end in range(last + 1, len(variant) + 1):
                window = variant[b:end]
                k = len(window)
                for a in range(len(laps) - k + 1):
                    chosen = laps[a : a + k]
                    errors = [
                        _fits(plan, u, lap, specs)
                        for (u, _), lap in zip(window, chosen, strict=True)
                    ]
                    total = sum(errors)
                    if total == float("inf"):
                        continue
                    if not _faster_than_recoveries(plan, [u for u, _ in window], chosen, specs):
                        continue
                    reps = [
                        lap for (u, _), lap in zip(window, chosen, strict=True) if u[0] in specs
                    ]
                    if _rep_left_out(laps[:a] + laps[a + k :], reps, specs):
                        continue
                    score = total + 0.1 * (len(variant) - k) + 0.02 * (len(laps) - k)
                    if best is not None and score >= best[0]:
                        continue
                    spans: list[Span | None] = [None] * len(plan.steps)
                    collapsed = []
                    for (unit, name), lap in zip(window, chosen, strict=True):
                        spans[unit[0]] = lap.span
                        if name is not None:
                            collapsed.append(name)
                    best = (score, LapsMatch(spans, collapsed))
    return best[1] if best is not None else None
