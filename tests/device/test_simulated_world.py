"""The simulated world runs on the session clock: how late it wakes never changes a reading.

A scripted clock stands in for the bridge's estimate of the session clock; its rate is so high
that every wait is a few microseconds, so the script, not the machine, says when the world
wakes. The same runner woken every second or twice in half a minute takes the same readings at
the same session seconds, and the devices say when each was measured.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from device.gatt import parse_rsc_measurement, uuids
from device.simulation import Aim, RunnerProfile, SimulatedWorld

RUNNING = Aim(4.0, True, (2, 100.0), in_step=True)


class ScriptedClock:
    """Answers `now()` from a script, then stands at its last time."""

    rate = 1e6  # session seconds per real second: each wait is microseconds

    def __init__(self, times: Sequence[float | None]) -> None:
        self.times = list(times)
        self.asked = 0
        self.done = asyncio.Event()

    def now(self) -> float | None:
        self.asked += 1
        if self.asked >= len(self.times):
            self.done.set()
            return self.times[-1]
        return self.times[self.asked - 1]


async def run_through(world: SimulatedWorld, clock: ScriptedClock) -> None:
    task = asyncio.create_task(world.run(clock))
    try:
        async with asyncio.timeout(30):
            await clock.done.wait()
    finally:
        task.cancel()


def running_world() -> SimulatedWorld:
    world = SimulatedWorld(RunnerProfile(seed=3))
    world.follow(lambda: RUNNING)
    return world


@pytest.mark.asyncio
async def test_a_late_wake_up_delays_readings_and_never_changes_what_they_say() -> None:
    on_time, late = running_world(), running_world()
    await run_through(on_time, ScriptedClock([100.0 + second for second in range(31)]))
    await run_through(late, ScriptedClock([100.0, 100.4, 117.9, 130.0]))
    assert [t for t, _ in late.path] == [100.0 + second for second in range(31)]
    assert late.path == on_time.path
    assert late.readings == on_time.readings


@pytest.mark.asyncio
async def test_each_notification_says_the_session_second_it_was_measured_at() -> None:
    world = running_world()
    measured: list[tuple[float | None, float]] = []
    world.footpod.attach(lambda: None)

    def notified(data: bytearray) -> None:
        distance = parse_rsc_measurement(data).distance_m
        measured.append((world.measured_at(), distance or 0.0))

    world.footpod.subscribe(uuids.RSC_MEASUREMENT, notified)
    await run_through(world, ScriptedClock([50.0, 58.5, 61.0]))
    assert [t for t, _ in measured] == [50.0 + second for second in range(12)]
    assert [metres for _, metres in measured] == [round(d, 1) for _, d in world.path]
    assert world.measured_at() is None  # outside a notification nobody can say
    assert world.sensor_seconds() == pytest.approx(12.0)  # the sensors' own clock


@pytest.mark.asyncio
async def test_before_the_session_clock_is_known_readings_are_unstamped() -> None:
    world = running_world()
    await run_through(world, ScriptedClock([None, None, 5.0, 7.0]))
    assert [t for t, _ in world.path] == [5.0, 6.0, 7.0]
    assert len(world.readings) > len(world.path)  # readings were taken before, unstamped


@pytest.mark.asyncio
async def test_the_world_follows_the_clock_back_when_it_is_anchored_anew() -> None:
    world = running_world()
    # The bridge's estimate ran ahead before the start, then the session clock says 20.
    await run_through(world, ScriptedClock([90.0, 95.0, 20.0, 24.0]))
    times = [t for t, _ in world.path]
    assert times == sorted(times) and times[-5:] == [20.0, 21.0, 22.0, 23.0, 24.0]
    assert max(times) == 24.0


def test_the_yardstick_reads_the_runner_path_over_the_step_own_session_seconds() -> None:
    world = running_world()
    for second in range(1, 41):
        world.step(1.0, at=100.0 + second)
    assert world.step_starts == {2: 100.0}
    truth = world.truth(2, 30.0)
    assert truth is not None
    assert truth.metres == pytest.approx(world.distance_at(130.0) - world.distance_at(100.0))
    # Between readings the runner's speed is steady: the path is a straight line there.
    middle = (world.distance_at(120.0) + world.distance_at(121.0)) / 2
    assert world.distance_at(120.5) == pytest.approx(middle)
    assert world.truth(7, 30.0) is None  # a step the runner never heard of
