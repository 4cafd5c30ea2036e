"""Events per second through the session engine on one core.

Usage: `uv run python -m bench.engine [--sessions N] [--rounds R]`

Each session runs the built-in 6 x 400 m for a VDOT 50 athlete: footpod and heart-rate samples at
4 Hz, ticks at every deadline, a lap press at the end of every distance step, and a pause and
resume. The streams are recorded once, then replayed through fresh engines, interleaved across
sessions as the live scheduler would. The baseline pushes the same events through a handler
that only reads their time, in the same run, so the ratio says what the engine itself costs.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections.abc import Sequence

from bench._measure import measure
from server.engine import (
    Command,
    CommandAction,
    EngineSettings,
    Event,
    Lap,
    Sample,
    SessionEngine,
    SessionStatus,
    Start,
    Tick,
)
from server.engine.engine import Phase
from server.workouts import AthleteProfile, DistanceDuration, ResolvedWorkout, get_template, resolve

SAMPLE_HZ = 4


def record_session(plan: ResolvedWorkout, seed: int) -> list[Event]:
    """Drive one engine like a steady runner would and keep every event it accepted."""
    engine = SessionEngine(plan, EngineSettings())
    events: list[Event] = []

    def feed(event: Event) -> None:
        engine.handle(event)
        events.append(event)

    feed(Start(t=0.0))
    t, distance, in_step, pause_at = 0.0, 0.0, 0.0, 1200.0 + seed
    dt = 1 / SAMPLE_HZ
    while engine.status is not SessionStatus.FINISHED and t < 4 * 3600:
        t = round(t + dt, 6)
        if (deadline := engine.next_deadline()) is not None and deadline <= t:
            feed(Tick(t=t))  # the scheduler wakes it; the engine acts on each deadline itself
        state = engine.state()
        if state.status is SessionStatus.FINISHED:
            break
        if pause_at <= t and state.status is SessionStatus.RUNNING and pause_at > 0:
            feed(Command(t=t, action=CommandAction.PAUSE))
            feed(Command(t=t + 20, action=CommandAction.RESUME))
            t += 20
            pause_at = -1
            continue
        step = plan.steps[state.step_index] if state.step_index is not None else None
        speed = 0.0 if step is None or state.phase is not Phase.STEP else 4.2 + (seed % 5) * 0.01
        distance += speed * dt
        in_step = in_step + speed * dt if state.phase is Phase.STEP else 0.0
        feed(Sample(t=t, source="footpod", speed=speed, cadence=180, distance=distance))
        feed(Sample(t=t, source="hrm", hr=140 + seed % 20))
        if (
            step is not None
            and isinstance(step.duration, DistanceDuration)
            and in_step >= min(400 * (state.laps_in_step + 1), step.duration.metres)
        ):
            feed(Lap(t=t))
    return events


def interleave(streams: Sequence[list[Event]], sessions: int) -> list[tuple[int, Event]]:
    """Session k replays stream k mod len(streams); events are merged in time order."""
    merged = [
        (event.t, k, n, event)
        for k in range(sessions)
        for n, event in enumerate(streams[k % len(streams)])
    ]
    merged.sort(key=lambda row: (row[0], row[1], row[2]))
    return [(k, event) for _, k, _, event in merged]


def time_engine(plan: ResolvedWorkout, schedule: list[tuple[int, Event]], sessions: int) -> float:
    engines = [SessionEngine(plan) for _ in range(sessions)]
    started = time.perf_counter()
    for k, event in schedule:
        engines[k].handle(event)
    return time.perf_counter() - started


def time_baseline(schedule: list[tuple[int, Event]], sessions: int) -> float:
    clocks = [0.0] * sessions
    started = time.perf_counter()
    for k, event in schedule:
        clocks[k] = event.t
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=100, help="sessions replayed at once")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (at least 3)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.rounds < 3:
        parser.error("need at least one session and three rounds")
    plan = resolve(get_template("6x400").workout, AthleteProfile(vdot=50))
    streams = [record_session(plan, seed) for seed in range(min(args.sessions, 20))]
    schedule = interleave(streams, args.sessions)
    count = len(schedule)
    engine_times = measure(lambda: time_engine(plan, schedule, args.sessions), args.rounds)
    baseline_times = measure(lambda: time_baseline(schedule, args.sessions), args.rounds)
    best, median = min(engine_times), statistics.median(engine_times)
    baseline_best = min(baseline_times)
    print(f"python: {platform.python_version()} ({sys.implementation.name}), one process, one core")
    print(f"sessions: {args.sessions}, events: {count}, rounds: {args.rounds}")
    print(f"engine min_s: {best:.4f}, median_s: {median:.4f}")
    print(f"baseline min_s: {baseline_best:.4f} (events dispatched to a handler that reads t)")
    print(f"events_per_s_median: {count / median:.0f}")
    print(f"baseline_events_per_s: {count / baseline_best:.0f}")
    print(f"engine_to_baseline_ratio: {baseline_best / best:.4f}")
    print(f"events_per_s: {count / best:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
