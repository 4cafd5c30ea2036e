"""Watch files of simulated interval sessions, with the live engine's results beside them.

A simulated runner runs a plan through the live engine (tests/engine/harness.py); what the
runner's watch would have written is built from the same run: a record a second (distance,
speed, heart rate, cadence, with the runner's own noise), and laps as the runner or the watch
made them. The live run's summary is what an imported run of it must reproduce.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from device.simulation import RunnerProfile
from server.engine import EngineSettings, Sample, SessionSummary
from server.engine.summary import StepRecord, is_main_set
from server.files.activity import Activity, ActivityLap, LapTrigger, Record, Sport
from server.workouts import ResolvedWorkout
from tests.engine.harness import plan_for, run_session

START = dt.datetime(2026, 3, 3, 6, 30, tzinfo=dt.UTC)
RUNNER = RunnerProfile(noise=0.03, hr_drift_per_min=0.2, seed=11)


def interval_plan(reps: int) -> ResolvedWorkout:
    """The library's 6 x 400 m session with `reps` reps: warm-up, drills, strides, cool-down."""
    return plan_for(
        f"""# {reps} x 400 m at I pace
Warmup
- 15m E Pace
- Drills 8m
  4x
  - Stride 20s R Pace
  - Walk 40s

Main set {reps}x
- 400mtr I Pace splits 200mtr
- Jog 400mtr E Pace

Cooldown
- 10m E Pace
"""
    )


@dataclass(frozen=True)
class LiveRun:
    """A session as run live: the plan, its summary, each step's span and the watch's records."""

    plan: ResolvedWorkout
    summary: SessionSummary
    steps: tuple[StepRecord, ...]
    records: list[Record]

    def main_reps(self) -> list[StepRecord]:
        return [r for r in self.steps if is_main_set(self.plan.steps[r.index], self.plan.steps)]


def run_live(plan: ResolvedWorkout, profile: RunnerProfile = RUNNER) -> LiveRun:
    """Run `plan` live with a simulated runner; keep what a watch on their wrist would record."""
    run = run_session(plan, profile, EngineSettings())
    by_time: dict[float, dict[str, float | int | None]] = {}
    for event in run.events:
        if isinstance(event, Sample):
            row = by_time.setdefault(event.t, {})
            if event.source == "footpod":
                row.update(distance=event.distance, speed=event.speed, cadence=event.cadence)
            elif event.hr is not None:
                row["hr"] = event.hr
    records = [
        Record(
            time=START + dt.timedelta(seconds=t),
            distance_m=row.get("distance"),
            speed_mps=row.get("speed"),
            heart_rate=int(hr) if (hr := row.get("hr")) is not None else None,
            cadence_spm=row.get("cadence"),
        )
        for t, row in sorted(by_time.items())
        if row.get("distance") is not None
    ]
    return LiveRun(plan, run.engine.summary(), run.engine.records(), records)


def _distance_at(records: list[Record], at: dt.datetime) -> float:
    before = [r for r in records if r.time <= at]
    return (before[-1].distance_m or 0.0) if before else 0.0


def laps_between(
    records: list[Record], times: list[float], trigger: Callable[[int], LapTrigger]
) -> list[ActivityLap]:
    """Laps from one instant to the next (seconds after START), as a watch sums them."""
    laps = []
    for i, (a, b) in enumerate(pairwise(times)):
        start, end = START + dt.timedelta(seconds=a), START + dt.timedelta(seconds=b)
        metres = _distance_at(records, end) - _distance_at(records, start)
        inside = [r.heart_rate for r in records if start < r.time <= end and r.heart_rate]
        laps.append(
            ActivityLap(
                start=start,
                distance_m=round(metres, 2),
                timer_s=b - a,
                elapsed_s=b - a,
                avg_hr=sum(inside) / len(inside) if inside else None,
                max_hr=max(inside) if inside else None,
                avg_speed_mps=metres / (b - a) if b > a else None,
                trigger=trigger(i),
            )
        )
    return laps


def end_of(records: list[Record]) -> float:
    return (records[-1].time - START).total_seconds()


def pressed_laps(live: LiveRun, *, forget_end_of_rep: int | None = None) -> list[ActivityLap]:
    """A runner's presses: one lap for the warm-up, one per rep and jog, one for the cool-down.

    `forget_end_of_rep`: the runner did not press at the end of that rep (1-based), so its lap
    holds the rep and the jog after it.
    """
    in_set = [r for r in live.steps if live.plan.steps[r.index].block == "Main set"]
    times = [0.0, *(r.started_at for r in in_set)]
    cooldown_start = in_set[-1].ended_at
    assert cooldown_start is not None
    times += [cooldown_start, end_of(live.records)]
    if forget_end_of_rep is not None:
        # The press at the end of that rep would have started its jog's lap.
        rep = next(r for r in live.main_reps() if live.plan.steps[r.index].rep == forget_end_of_rep)
        times.remove(next(r.started_at for r in in_set if r.index == rep.index + 1))
    times = sorted(set(times))
    return laps_between(
        live.records,
        times,
        lambda i: LapTrigger.SESSION_END if i == len(times) - 2 else LapTrigger.MANUAL,
    )


def auto_laps(live: LiveRun, every_m: float = 1000.0) -> list[ActivityLap]:
    """A watch's auto-lap: a lap every `every_m` metres, the rest in a last lap."""
    times = [0.0]
    mark = every_m
    for record in live.records:
        if record.distance_m is not None and record.distance_m >= mark:
            times.append((record.time - START).total_seconds())
            mark += every_m
    times.append(end_of(live.records))
    return laps_between(
        live.records,
        times,
        lambda i: LapTrigger.SESSION_END if i == len(times) - 2 else LapTrigger.DISTANCE,
    )


def watch_file(live: LiveRun, laps: list[ActivityLap]) -> Activity:
    """The activity a FIT file of this run would import as."""
    records = live.records
    return Activity(
        format="fit",
        sport=Sport.RUNNING,
        start=START,
        distance_m=records[-1].distance_m,
        timer_s=end_of(records),
        elapsed_s=end_of(records),
        laps=laps,
        records=records,
    )
