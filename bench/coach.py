"""Training load and readiness over years of history, the work behind the Today screen.

Usage: `uv run python -m bench.coach [--years Y] [--rounds R]`

The history is built once in memory: about 400 runs a year for a VDOT 50 athlete (easy runs
logged by hand, imported road runs with laps and heart rate, a weekly track session run live,
a long run at the weekend), about 2,000 over five years. Each timed round computes what the
API will for Today and the load chart: a load per run, the daily and weekly series over the
whole history, and readiness for today's 6 x 400 m. The baseline, in the same run, is a plain
loop summing the same (precomputed) loads, so the ratio says what the coach's work costs over
merely touching every run once.

Times are the process's CPU time (`time.process_time`), with the wall time beside them: on a
shared machine whose load is above its core count, wall time is mostly waiting for a core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
from collections.abc import Sequence

from bench._measure import measure
from server.coach.history import RunRecord
from server.coach.inputs import LogRecord, PlannedSession, Race, Soreness
from server.coach.load import activity_loads, training_load
from server.coach.readiness import readiness
from server.files.activity import Activity, ActivityLap, Sport
from server.workouts import AthleteProfile, get_template, resolve

ATHLETE = AthleteProfile(vdot=50, max_hr=190, resting_hr=50)
TODAY = dt.date(2026, 12, 6)


def _imported(day: dt.date, km: float, rng: random.Random) -> RunRecord:
    start = dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC)
    laps = [
        ActivityLap(start=start, distance_m=1000, timer_s=rng.uniform(300, 340), avg_hr=145)
        for _ in range(int(km))
    ]
    activity = Activity(
        format="fit",
        sport=Sport.RUNNING,
        start=start,
        distance_m=km * 1000,
        timer_s=sum(lap.timer_s or 0 for lap in laps),
        avg_hr=145,
        laps=laps,
    )
    return RunRecord.from_activity(activity, athlete=ATHLETE)


def build_history(years: int, seed: int = 1) -> list[RunRecord]:
    """About 400 runs a year up to yesterday, oldest first."""
    rng = random.Random(seed)
    session = PlannedSession.from_resolved(TODAY, resolve(get_template("6x400").workout, ATHLETE))
    runs: list[RunRecord] = []
    for n in range(365 * years, 0, -1):
        day = TODAY - dt.timedelta(days=n)
        weekday = day.weekday()
        if weekday == 2:
            runs.append(
                RunRecord(
                    day=day,
                    distance_m=session.distance_m,
                    duration_s=session.duration_s,
                    source="live",
                    hard=True,
                    segments=session.segments,
                )
            )
        elif weekday == 6:
            runs.append(_imported(day, rng.uniform(16, 24), rng))
        else:
            km = rng.uniform(6, 12)
            runs.append(RunRecord.manual(day, "running", km * 1000, km * 330, athlete=ATHLETE))
        if rng.random() < 0.11:  # a second, short run on some days
            runs.append(RunRecord.manual(day, "running", 5000, 5 * 340, athlete=ATHLETE))
    return runs


def time_coach(history: list[RunRecord]) -> tuple[float, float]:
    planned = PlannedSession.from_resolved(TODAY, resolve(get_template("6x400").workout, ATHLETE))
    log = [
        LogRecord(day=TODAY - dt.timedelta(days=1), soreness=(Soreness(where="calf", severity=2),))
    ]
    races = [Race(day=TODAY + dt.timedelta(days=30), distance_m=10_000)]
    started, cpu = time.perf_counter(), time.process_time()
    loads = activity_loads(history, ATHLETE)
    training_load(history, history[0].day, TODAY, ATHLETE, loads=loads)
    readiness(history, log, planned, races, athlete=ATHLETE, loads=loads)
    return time.process_time() - cpu, time.perf_counter() - started


def time_baseline(loads: list[float]) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    total = 0.0
    for load in loads:
        total += load
    elapsed = time.process_time() - cpu, time.perf_counter() - started
    assert total > 0
    return elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--years", type=int, default=5, help="years of history")
    parser.add_argument("--rounds", type=int, default=7, help="timed rounds (at least 3)")
    args = parser.parse_args(argv)
    if args.years < 1 or args.rounds < 3:
        parser.error("need at least one year and three rounds")
    history = build_history(args.years)
    loads = activity_loads(history, ATHLETE)
    coach_times = measure(lambda: time_coach(history), args.rounds)
    baseline_times = measure(lambda: time_baseline(loads), args.rounds)
    cpu = [c for c, _ in coach_times]
    wall = [w for _, w in coach_times]
    best, median = min(cpu), statistics.median(cpu)
    baseline_best = min(c for c, _ in baseline_times)
    print(f"python: {platform.python_version()} ({sys.implementation.name}), one process, one core")
    print(f"years: {args.years}, activities: {len(history)}, rounds: {args.rounds}")
    print(f"coach cpu min_ms: {best * 1000:.2f}, median_ms: {median * 1000:.2f}")
    wall_best, wall_median = min(wall) * 1000, statistics.median(wall) * 1000
    print(f"coach wall min_ms: {wall_best:.2f}, median_ms: {wall_median:.2f}")
    print(f"baseline cpu min_ms: {baseline_best * 1000:.4f} (a plain loop summing the same loads)")
    print(f"load_5y_ms: {best * 1000:.2f}")
    print(f"load_ratio: {best / baseline_best:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
