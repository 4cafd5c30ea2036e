"""Finding a session's reps from pace, for runs whose laps do not say where the reps were.

A watch that laps every kilometre, or a runner who forgot to press, leaves laps that are no
help; the speed still shows the reps. A rep is a stretch clearly faster than what surrounds it
(20 % at least) and than the run's usual pace, whose distance or time fits the planned rep it is
matched to. Many speed thresholds are tried and the one whose stretches match most planned reps
(in order, with the smallest misfit) wins, so neither a hilly warm-up nor a fading last rep
decides alone. Each rep's edges are then set where the speed crosses halfway between the rep and
its surroundings, its end where the planned distance or time was reached when the data agrees,
and both on a lap press where the runner pressed within a few seconds.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from server.files.align_plan import RepSpec, Span, misfit
from server.files.align_series import Series

__all__ = ["FoundReps", "find_reps"]

CONTRAST = 1.2  # a rep is at least this much faster than its surroundings
ABOVE_USUAL = 1.1  # ... and than the run's median moving speed (unless it is at the target)
MOVING_MPS = 1.0
SURROUND_S = 45
MIN_REP_S = 8
MERGE_GAP_S = 6
PRESS_SNAP_S = 8.0
FIT_TOLERANCE = 0.2
SET_BREAK_S = 600.0
"""Found reps further apart than this (or three times the plan's spacing) are not one set."""


def _one_set(
    pairs: list[tuple[int, int]], stretches: list[_Stretch], specs: list[RepSpec]
) -> list[tuple[int, int]]:
    """The largest run of matched reps spaced as the plan spaces them (one session's set)."""
    runs: list[list[tuple[int, int]]] = []
    for pair in pairs:
        if runs:
            si, pj = runs[-1][-1]
            planned = [spec.period_s for spec in specs[pj : pair[1]]]
            limit = SET_BREAK_S
            if all(p is not None for p in planned):
                limit = max(limit, 3 * sum(p for p in planned if p is not None))
            if stretches[pair[0]].span.start - stretches[si].span.start <= limit:
                runs[-1].append(pair)
                continue
        runs.append([pair])
    return max(runs, key=len, default=[])


@dataclass(frozen=True, slots=True)
class FoundReps:
    """Reps found from pace: planned step index -> span, and how many more rep-like stretches
    the set had that were not matched to a planned rep."""

    reps: dict[int, Span]
    extra: int
    threshold_mps: float


@dataclass(frozen=True, slots=True)
class _Stretch:
    span: Span
    speed: float
    contrast: float


def _stretches(series: Series, threshold: float) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, v in enumerate(series.speed):
        if v >= threshold and start is None:
            start = i
        elif v < threshold and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(series.speed)))
    merged: list[tuple[int, int]] = []
    for run in runs:
        if merged and run[0] - merged[-1][1] <= MERGE_GAP_S:
            merged[-1] = (merged[-1][0], run[1])
        else:
            merged.append(run)
    return [run for run in merged if run[1] - run[0] >= MIN_REP_S]


def _refine(series: Series, i0: int, i1: int) -> _Stretch:
    """Edges where the speed crosses halfway between the stretch and its surroundings."""
    t = series.t0
    inner = series.mean_speed(t + i0, t + i1 - 1)
    before = (t + max(i0 - SURROUND_S, 0), t + i0)
    after = (t + i1 - 1, t + min(i1 - 1 + SURROUND_S, len(series.speed) - 1))
    spans = [span for span in (before, after) if span[1] > span[0]]
    seconds = sum(b - a for a, b in spans)
    metres = sum(series.distance_at(b) - series.distance_at(a) for a, b in spans)
    around = metres / seconds if seconds > 0 else 0.0
    half = (inner + around) / 2
    speed = series.speed
    a = i0
    while a > 0 and a > i0 - 10 and speed[a - 1] >= half:
        a -= 1
    while a < i1 - 1 and speed[a] < half:
        a += 1
    b = i1 - 1
    while b + 1 < len(speed) and b < i1 + 9 and speed[b + 1] >= half:
        b += 1
    while b > a and speed[b] < half:
        b -= 1
    start = t + _crossing(speed, a - 1, half)
    end = t + _crossing(speed, b, half)
    contrast = inner / around if around > 0.3 else 10.0
    return _Stretch(Span(start, end), inner, contrast)


def _crossing(speed: list[float], i: int, level: float) -> float:
    """When (in grid seconds) the speed crossed `level` between points i and i + 1."""
    if i < 0:
        return 0.0
    if i + 1 >= len(speed) or speed[i] == speed[i + 1]:
        return float(i)
    fraction = (level - speed[i]) / (speed[i + 1] - speed[i])
    return i + min(max(fraction, 0.0), 1.0)


def _match(
    stretches: list[_Stretch], specs: list[RepSpec], series: Series
) -> tuple[int, float, list[tuple[int, int]]]:
    """The in-order matching of stretches to planned reps with most matches, then least misfit."""
    n, m = len(stretches), len(specs)
    best: list[list[tuple[int, float]]] = [[(0, 0.0)] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        stretch = stretches[i - 1]
        seconds, metres = _measure(stretch, series)
        for j in range(1, m + 1):
            options = [best[i - 1][j], best[i][j - 1]]
            error = misfit(specs[j - 1], seconds, metres)
            if error <= FIT_TOLERANCE:
                count, total = best[i - 1][j - 1]
                options.append((count + 1, total + error))
            best[i][j] = max(options, key=lambda o: (o[0], -o[1]))
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i][j] == best[i - 1][j]:
            i -= 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    pairs.reverse()
    count, total = best[n][m]
    # Of the matchings with most reps, the earliest: a runner who ran one rep too many ran
    # the plan first, then the extra one.
    greedy: list[tuple[int, int]] = []
    error = 0.0
    for i, stretch in enumerate(stretches):
        if len(greedy) == m:
            break
        j = len(greedy)
        miss = misfit(specs[j], *_measure(stretch, series))
        if miss <= FIT_TOLERANCE:
            greedy.append((i, j))
            error += miss
    if len(greedy) == count:
        return count, error, greedy
    return count, total, pairs


def _measure(stretch: _Stretch, series: Series) -> tuple[float, float]:
    """Seconds and metres of a stretch."""
    span = stretch.span
    return span.end - span.start, series.distance_at(span.end) - series.distance_at(span.start)


def _near_target(spec: RepSpec, speed: float) -> bool:
    if spec.fast_mps is None or spec.slow_mps is None:
        return False
    return spec.slow_mps * 0.85 <= speed <= spec.fast_mps * 1.15


def find_reps(series: Series, specs: list[RepSpec], presses: list[float]) -> FoundReps | None:
    """The planned reps found in the series (possibly fewer, never out of order), or None."""
    if not specs:
        return None
    moving = sorted(v for v in series.speed if v >= MOVING_MPS)
    if len(moving) < 30:
        return None
    usual = statistics.median(moving)
    best: tuple[int, float, float, list[_Stretch], list[tuple[int, int]]] | None = None
    for percent in range(30, 98, 2):
        threshold = moving[len(moving) * percent // 100]
        stretches = [_refine(series, a, b) for a, b in _stretches(series, threshold)]
        stretches = [
            s
            for s in stretches
            if s.contrast >= CONTRAST
            and (s.speed >= ABOVE_USUAL * usual or any(_near_target(p, s.speed) for p in specs))
        ]
        _, error, pairs = _match(stretches, specs, series)
        pairs = _one_set(pairs, stretches, specs)
        count = len(pairs)
        if count and (best is None or (count, -error) > (best[0], -best[1])):
            best = (count, error, threshold, stretches, pairs)
    if best is None:
        return None
    _, _, threshold, stretches, pairs = best
    reps: dict[int, Span] = {}
    for si, pi in pairs:
        reps[specs[pi].step] = _settle(series, stretches[si].span, specs[pi], presses)
    used = {si for si, _ in pairs}
    first = stretches[pairs[0][0]].span.start - SET_BREAK_S
    last = stretches[pairs[-1][0]].span.end + SET_BREAK_S
    extra = sum(
        1
        for i, stretch in enumerate(stretches)
        if i not in used
        and first <= stretch.span.start <= last
        and any(misfit(spec, *_measure(stretch, series)) <= FIT_TOLERANCE for spec in specs)
    )
    return FoundReps(reps, extra, threshold)


def _settle(series: Series, span: Span, spec: RepSpec, presses: list[float]) -> Span:
    """The rep's end where its planned length was reached (when the data agrees), then both
    edges on the runner's own presses nearby."""
    start, end = _snap(span.start, presses), span.end
    planned_end: float | None = None
    if spec.metres is not None:
        planned_end = series.time_at_distance(series.distance_at(start) + spec.metres, start)
    elif spec.seconds is not None:
        planned_end = start + spec.seconds
    if planned_end is not None and abs(planned_end - end) <= max(8.0, 0.15 * (end - start)):
        end = planned_end
    end = _snap(end, presses)
    return Span(start, max(end, start))


def _snap(t: float, presses: list[float]) -> float:
    nearest = min(presses, key=lambda p: abs(p - t), default=None)
    if nearest is not None and abs(nearest - t) <= PRESS_SNAP_S:
        return nearest
    return t
