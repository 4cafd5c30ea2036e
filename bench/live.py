"""Live sessions under load: K sessions, each a bridge at 4 Hz, a phone and a watch.

Usage: `uv run python -m bench.live [--sessions K] [--seconds S] [--rounds R] [--burst]
[--processes N]`

The server (`trackcue serve`, SQLite in a temporary directory, the default limits but for the
sign-in and pairing rates) and the load generator (`bench._live_load`) run in separate
processes on 127.0.0.1; the server is stopped at the end of each round. Sessions run a workout
whose pace and heart-rate alerts fire, with timed and distance reps, for a runner who fades in
every rep (`bench._live_pattern` says how, and how cues are classified). Phones and watches
sign in four sessions to a token and bridges pair eight to a device, as the server's caps of
8 live sockets per token allow. Starts are spread over the first rep (`--burst`: all at once),
and the `S` measured seconds begin after the last start.

Headline figures (the last lines, `name: value`):

- `cue_lateness_p50_ms`, `_p99_ms`, `_max_ms`: the phone's session time at receipt minus the
  cue's due time, every cue; cues announced ahead arrive early, so most are negative.
- `timed_cue_early_pct`: of the cues announced ahead (`emitted < due`), the share received
  before their due time.
- `reactive_cue_p99_ms`: for cues that react to a sample, the bridge's send of that sample to
  the phone's receipt.
- `messages_per_s`: frames sent and received by all clients per second, median of the rounds;
  `baseline_messages_per_s` the same against the bare fan-out (`bench._live_baseline`), driven
  the same way in the same round; `throughput_ratio` the first over the second.
- `rss_per_session_kib`: (the server's RSS at the end of the measurement, every session
  running, minus its RSS before the first socket opened) / K.
- `server_cpu_pct`: the server's CPU time over the measured seconds, in % of one core.
- with `--processes N`: `scale_ratio`, messages/s with N server processes (sessions split
  between them, the load generator still one process) over messages/s with one, same round.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Coroutine
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from bench._live_baseline import run_baseline
from bench._live_load import SAMPLE_PERIOD_S, drive, raise_file_limit
from bench._live_pattern import WORKOUTS, PlanStep
from bench._live_servers import (
    free_port,
    setup_sessions,
    start_trackcue,
    stop,
    wait_until_listening,
)

T = TypeVar("T")


def _run_driver(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the load generator in its own process, so its CPU is not the server's or ours."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "bench.live", "--drive", handle.name],
            capture_output=True,
            text=True,
            timeout=spec["stagger_s"] + spec["seconds"] + 900,
            check=False,
        )
        # A file, not stdout: the event loop may leave stdout non-blocking, and a result of
        # a few hundred KiB written to a full pipe then arrives cut.
        result = Path(handle.name + ".result")
        if finished.returncode != 0 or not result.exists():
            raise RuntimeError(f"the load generator failed: {finished.stderr[-3000:]}")
        return dict(json.loads(result.read_text()))
    finally:
        Path(handle.name).unlink(missing_ok=True)
        Path(handle.name + ".result").unlink(missing_ok=True)


def _spec(
    sessions: list[dict[str, Any]],
    plans: list[list[PlanStep]],
    pids: list[int | None],
    args: argparse.Namespace,
) -> dict[str, Any]:
    first_rep = plans[0][0].nominal_s if plans and plans[0] else 30.0
    return {
        "sessions": sessions,
        "plans": [[asdict(step) for step in plan] for plan in plans],
        "pids": pids,
        "seconds": args.seconds,
        "stagger_s": first_rep,
        "burst": args.burst,
    }


def _measure_trackcue(args: argparse.Namespace, processes: int) -> dict[str, Any]:
    """One round against `processes` servers, the sessions split evenly between them."""
    with ExitStack() as stack:
        servers = []
        for _ in range(processes):
            data = stack.enter_context(tempfile.TemporaryDirectory())
            server, port = start_trackcue(data)
            stack.callback(stop, server)
            servers.append((server, port))
        per_server: list[list[dict[str, Any]]] = []
        plans: list[list[PlanStep]] = [[], []]
        made_so_far = 0
        for n, (_, port) in enumerate(servers):
            count = args.sessions // processes + (1 if n < args.sessions % processes else 0)
            made, made_plans = setup_sessions(port, count, made_so_far)
            made_so_far += count
            per_server.append(made)
            plans = [old or new for old, new in zip(plans, made_plans, strict=True)]
        # Interleaved, so that the staggered starts alternate between the servers.
        sessions = [
            entry
            for row in itertools.zip_longest(*per_server)
            for entry in row
            if entry is not None
        ]
        spec = _spec(sessions, plans, [server.pid for server, _ in servers], args)
        return {**_run_driver(spec), "plans": spec["plans"], "stagger_s": spec["stagger_s"]}


def _measure_baseline(
    args: argparse.Namespace, template: dict[str, Any], cue_every_s: float, cues_per_frame: int
) -> dict[str, Any]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.live",
            "--baseline-server",
            json.dumps({"port": port, "cue_every_s": cue_every_s, "cues": cues_per_frame}),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port, server)
        sessions = [
            {
                "id": f"s{n}",
                "plan": n % len(WORKOUTS),
                "url": f"ws://127.0.0.1:{port}/s{n}/",
                "athlete": {},
                "device": {},
            }
            for n in range(args.sessions)
        ]
        spec = {**template, "sessions": sessions, "pids": [server.pid]}
        return _run_driver(spec)
    finally:
        stop(server)


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _rate(run: dict[str, Any]) -> float:
    return float(run["received"] + run["sent"]) / float(run["elapsed"])


def _cue_pattern(run: dict[str, Any]) -> tuple[float, int]:
    """Seconds between cue messages per session, and cues per message, as trackcue sent them."""
    frames = max(int(run["cue_frames"]), 1)
    cues = sum(len(values) for values in run["lateness_ms"].values())
    per_session_s = frames / max(int(run["sessions"]), 1) / float(run["elapsed"])
    return 1 / per_session_s if per_session_s > 0 else 60.0, max(1, round(cues / frames))


def _report(
    args: argparse.Namespace,
    ours: list[dict[str, Any]],
    base: list[dict[str, Any]],
    scaled: list[dict[str, Any]],
) -> None:
    lateness = [v for run in ours for values in run["lateness_ms"].values() for v in values]
    by_class = {
        kind: [v for run in ours for v in run["lateness_ms"][kind]]
        for kind in ("timed", "deadline", "reactive")
    }
    timed = len(by_class["timed"])
    early = sum(int(run["timed_early"]) for run in ours)
    reactive = [v for run in ours for v in run["reactive_ms"]]
    rates = [_rate(run) for run in ours]
    base_rates = [_rate(run) for run in base]
    rss = [(run["rss_after_kib"] - run["rss_before_kib"]) / args.sessions for run in ours]
    cpu = [run["cpu_s"] / run["elapsed"] * 100 for run in ours]
    kinds: dict[str, int] = {}
    for run in ours:
        for key, value in run["kinds"].items():
            kinds[key] = kinds.get(key, 0) + value
    try:
        import uvloop  # noqa: F401

        loop = "uvloop"
    except ImportError:
        loop = "asyncio"
    print(
        f"python: {platform.python_version()}, server: trackcue serve (uvicorn),"
        f" load generator: one process ({loop}), baseline: websockets ({loop}), 127.0.0.1,"
        f" {os.cpu_count()} CPUs"
    )
    print(
        f"rounds: {args.rounds}, seconds: {args.seconds}, starts: "
        f"{'all at once' if args.burst else 'spread over the first rep'},"
        f" a sample every {SAMPLE_PERIOD_S} s per session"
    )
    connect_s = ", ".join(f"{run['connect_s']:.1f}" for run in ours)
    print(f"seconds to connect every socket, per round: {connect_s}")
    print(
        "sessions that failed to connect or start: "
        f"{sum(run['failed_sessions'] + run['unstarted_sessions'] for run in ours)};"
        f" sockets the server closed: {sum(run['closed'] for run in ours)}"
        f" (baseline: {sum(run['closed'] for run in base)});"
        f" clients that ignored their end: {sum(run['stuck_tasks'] for run in ours + base)}"
    )
    closes: dict[str, int] = {}
    for run in ours:
        for key, value in run["closes"].items():
            closes[key] = closes.get(key, 0) + value
    if closes:
        print(
            "closed by the server, by role and code: "
            + ", ".join(f"{key}: {value}" for key, value in sorted(closes.items()))
        )
    print(f"messages_per_s min: {min(rates):.0f}, baseline min: {min(base_rates):.0f}")
    for kind, values in by_class.items():
        print(
            f"{kind} cues: {len(values)}, lateness p50 {_percentile(values, 0.5):.1f} ms,"
            f" p99 {_percentile(values, 0.99):.1f} ms"
        )
    acks = [v for run in ours for v in run["ack_ms"]]
    base_acks = [v for run in base for v in run["ack_ms"]]
    print(
        f"a sample's send to its ack: p50 {_percentile(acks, 0.5):.1f} ms,"
        f" p99 {_percentile(acks, 0.99):.1f} ms"
        f" (baseline p99 {_percentile(base_acks, 0.99):.1f} ms)"
    )
    print("cues by class and kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(
        f"reactive cues, sample sent to phone: p50 {_percentile(reactive, 0.5):.1f} ms,"
        f" max {max(reactive) if reactive else float('nan'):.1f} ms"
    )
    if scaled:
        print(
            f"messages_per_s with {args.processes} processes: "
            + ", ".join(f"{_rate(run):.0f}" for run in scaled)
        )
    print(f"sessions: {args.sessions}")
    print(f"cue_lateness_p50_ms: {_percentile(lateness, 0.5):.1f}")
    print(f"cue_lateness_p99_ms: {_percentile(lateness, 0.99):.1f}")
    print(f"cue_lateness_max_ms: {max(lateness) if lateness else float('nan'):.1f}")
    print(f"timed_cue_early_pct: {early / timed * 100 if timed else float('nan'):.2f}")
    print(f"reactive_cue_p99_ms: {_percentile(reactive, 0.99):.1f}")
    print(f"messages_per_s: {statistics.median(rates):.0f}")
    print(f"baseline_messages_per_s: {statistics.median(base_rates):.0f}")
    base_rate = statistics.median(base_rates)
    ratio = statistics.median(rates) / base_rate if base_rate > 0 else float("nan")
    print(f"throughput_ratio: {ratio:.3f}")
    print(f"rss_per_session_kib: {statistics.median(rss):.1f}")
    print(f"server_cpu_pct: {statistics.median(cpu):.1f}")
    if scaled:
        scale = statistics.median(_rate(run) for run in scaled) / statistics.median(rates)
        print(f"scale_ratio: {scale:.3f}")


def _run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on uvloop when it is installed, as uvicorn does for the server."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="live sessions under load")
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each (at least 3)")
    parser.add_argument("--burst", action="store_true", help="start every session at once")
    parser.add_argument(
        "--processes", type=int, default=1, help="also run N server processes: scale_ratio"
    )
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--baseline-server", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive:
        spec = json.loads(Path(args.drive).read_text())
        Path(args.drive + ".result").write_text(json.dumps(_run_async(drive(spec))))
        return 0
    if args.baseline_server:
        raise_file_limit()
        options = json.loads(args.baseline_server)
        _run_async(run_baseline(options["port"], options["cue_every_s"], options["cues"]))
        return 0
    if args.sessions < 1 or args.seconds <= 0 or args.rounds < 3 or args.processes < 1:
        parser.error("need sessions >= 1, seconds > 0, processes >= 1 and at least 3 rounds")
    raise_file_limit()
    ours, base, scaled = [], [], []
    for _ in range(args.rounds):
        run = _measure_trackcue(args, 1)
        ours.append(run)
        if args.processes > 1:
            scaled.append(_measure_trackcue(args, args.processes))
        cue_every_s, cues_per_frame = _cue_pattern(run)
        template = {
            **_spec([], [], [], args),
            "plans": run["plans"],
            "stagger_s": run["stagger_s"],
        }
        base.append(_measure_baseline(args, template, cue_every_s, cues_per_frame))
    _report(args, ours, base, scaled)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
