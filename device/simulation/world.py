"""The simulated world: a runner wearing the devices, in the air the bridge scans, in time.

The world lives on the session clock the server and the bridge share (the bridge's estimate of
it, at the session's clock rate). Each reading is taken at a session second and says where the
runner was at that second; the devices notify it at once, and the bridge stamps it with that
second (`measured_at`), not with the moment it happened to run. A late wake-up on a loaded
machine takes the readings that fell due since, each at its own second: it delays readings and
never changes what they say. So the runner's path is a function of session time alone, and the
yardstick for stored results (`truth`) is read off that path over the step's own session times.
"""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from device.simulation.athlete import Aim
from device.simulation.backend import SimulatedAir, SimulatedBleakClient, SimulatedBleakScanner
from device.simulation.peripheral import SimulatedPeripheral
from device.simulation.runner import RunnerProfile, RunnerReading, SimulatedRunner
from device.simulation.sensors import (
    Footpod,
    HeartRateStrap,
    SimulatedTreadmill,
    SimulatedWatch,
)

__all__ = ["SessionTime", "SimulatedWorld", "StepTruth"]

STANDING = Aim(0.0, False, (None, None))
CLOCK_POLL_S = 0.01  # how often a world without a session clock looks for one (real seconds)


class SessionTime(Protocol):
    """The session clock as the bridge knows it (`device.session_clock.SessionClock`)."""

    rate: float  # session seconds per real second

    def now(self) -> float | None:
        """The session time now; None before the server has said anything."""
        ...


@dataclass(frozen=True, slots=True)
class StepTruth:
    """What the runner really did over a stretch of session time: the yardstick for results."""

    metres: float
    seconds: float

    @property
    def pace_s_per_km(self) -> float | None:
        """The true pace over the stretch."""
        return self.seconds * 1000 / self.metres if self.metres > 0 else None


class SimulatedWorld:
    """A runner with a strap, a footpod and a watch, and the session clock to move them by."""

    def __init__(
        self,
        profile: RunnerProfile | None = None,
        *,
        reading_every_s: float = 1.0,
        treadmill: bool = False,
    ) -> None:
        self.runner = SimulatedRunner(profile)
        self.strap = HeartRateStrap()
        self.footpod = Footpod()
        self.watch = SimulatedWatch()
        # On a treadmill the runner keeps up with the belt, and the belt follows the plan.
        self.treadmill = SimulatedTreadmill() if treadmill else None
        devices: list[SimulatedPeripheral] = [self.strap, self.footpod, self.watch]
        if self.treadmill is not None:
            devices.append(self.treadmill)
        self.air = SimulatedAir(devices)
        self.reading_every_s = reading_every_s
        self.readings: list[RunnerReading] = []
        self.time: float | None = None  # the session time of the last reading
        self.path: list[tuple[float, float]] = []  # (session time, true metres) per reading
        self.step_starts: dict[int, float] = {}  # step index -> its start, as the state said
        self._measuring: float | None = None
        self._aim: Callable[[], Aim] = lambda: STANDING
        self._step_key: tuple[int | None, float | None] = (None, None)
        self._in_rep = False

    @property
    def scanner_kwargs(self) -> dict[str, Any]:
        """What `BleakScanner` needs to hear this world."""
        return {"backend": SimulatedBleakScanner, "air": self.air}

    @property
    def client_kwargs(self) -> dict[str, Any]:
        """What `BleakClient` needs to connect in this world."""
        return {"backend": SimulatedBleakClient}

    def follow(self, aim: Callable[[], Aim]) -> None:
        """Where the runner learns what to run (the session's state, as the bridge hears it)."""
        self._aim = aim

    # --- what the bridge asks the simulation (`device.bridge.SensorTime`) -------------------

    def measured_at(self) -> float | None:
        """The session time of the reading being notified right now (None outside a reading,
        or before the session clock is known): a real sensor cannot say, the simulation can."""
        return self._measuring

    def sensor_seconds(self) -> float:
        """The sensors' own clock, in session seconds: it moves by each reading's interval,
        so a footpod's metres per second are checked against the time the runner ran."""
        return self.runner.elapsed

    # --- moving the world ----------------------------------------------------------------

    def step(self, seconds: float, at: float | None = None) -> RunnerReading:
        """Move the world on by `seconds` of session time, to session time `at` when the clock
        is known; the devices notify what they measured."""
        aim = self._aim()
        if aim.step_key != self._step_key:
            if self._in_rep:
                self.runner.end_rep()
            if aim.in_rep:
                self.runner.start_rep()
            self._in_rep = aim.in_rep
            self._step_key = aim.step_key
        index, started_at = aim.step_key
        if aim.in_step and index is not None and started_at is not None:
            self.step_starts[index] = started_at
        speed = aim.speed if self.treadmill is None else self.treadmill.belt_mps
        reading = self.runner.advance(seconds, speed)
        self.readings.append(reading)
        if at is not None:
            self.path.append((at, reading.distance))
        self._measuring = at
        try:
            self.strap.publish(reading)
            self.footpod.publish(reading)
            if self.treadmill is not None:
                self.treadmill.publish(seconds)
        finally:
            self._measuring = None
        return reading

    async def run(self, clock: SessionTime) -> None:
        """Take a reading at every `reading_every_s` of session time, until cancelled.

        Readings fall due on the session clock: however late this task wakes, it takes each
        due reading at its own session time. Before the clock is known the runner stands and
        the sensors notify unstamped, once a reading interval at the clock's rate, while the
        world looks for the clock often. When the estimate moves back by more than a reading
        (the bridge re-anchors it as the session starts), the world follows it; a smaller move
        back only waits.
        """
        every = self.reading_every_s
        loop = asyncio.get_running_loop()
        unstamped_at = float("-inf")
        while True:
            now = clock.now()
            if now is None:
                if loop.time() - unstamped_at >= every / max(clock.rate, 1e-3):
                    unstamped_at = loop.time()
                    self.step(every)
                await asyncio.sleep(CLOCK_POLL_S)
                continue
            if self.time is None or now < self.time - every:
                self._restart_at(now - every)
            assert self.time is not None
            while self.time + every <= now:
                self.time += every
                self.step(every, at=self.time)
            await asyncio.sleep((self.time + every - now) / max(clock.rate, 1e-3))

    def _restart_at(self, t: float) -> None:
        """The session clock is known anew: readings go on from `t`; the path keeps no time
        after it, so it stays in order."""
        self.time = t
        del self.path[bisect.bisect_right(self.path, (t, float("inf"))) :]

    # --- the yardstick ---------------------------------------------------------------------

    def distance_at(self, t: float) -> float:
        """The runner's true metres at session time `t`: speed is steady between readings, so
        the path between two of them is a straight line."""
        path = self.path
        if not path:
            return 0.0
        after = bisect.bisect_left(path, (t, float("-inf")))
        if after == 0:
            return path[0][1]
        if after == len(path):
            return path[-1][1]
        (t0, d0), (t1, d1) = path[after - 1], path[after]
        return d0 + (d1 - d0) * (t - t0) / (t1 - t0) if t1 > t0 else d1

    def truth(self, index: int, seconds: float) -> StepTruth | None:
        """What the runner really ran in the `seconds` after step `index` started on the
        session clock (when the state said it started), or None if the runner never heard of
        that step. The stored result and this are read over the same session seconds."""
        started = self.step_starts.get(index)
        if started is None or seconds <= 0:
            return None
        metres = self.distance_at(started + seconds) - self.distance_at(started)
        return StepTruth(metres=metres, seconds=seconds)
