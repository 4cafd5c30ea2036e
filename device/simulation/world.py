"""The simulated world: a runner wearing the devices, in the air the bridge scans, in time.

Every simulated second the runner takes a step toward what the session asks (`follow`), and
each device notifies what it measured. Time runs at the session clock's rate, so a demo at
50x finishes a 45-minute session in under a minute and every reading still lands in the right
second of the session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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

__all__ = ["SimulatedWorld", "StepTruth"]

STANDING = Aim(0.0, False, (None, None))


@dataclass(slots=True)
class StepTruth:
    """What the runner really did in one step of the plan: the yardstick for stored results."""

    metres: float = 0.0
    seconds: float = 0.0

    @property
    def pace_s_per_km(self) -> float | None:
        """The true pace over the step."""
        return self.seconds * 1000 / self.metres if self.metres > 0 else None


class SimulatedWorld:
    """A runner with a strap, a footpod and a watch, and a clock to move them by."""

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
        self.truth: dict[int, StepTruth] = {}  # by step index
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

    def step(self, seconds: float) -> RunnerReading:
        """Move the world on by `seconds` of session time; the devices notify."""
        aim = self._aim()
        if aim.step_key != self._step_key:
            if self._in_rep:
                self.runner.end_rep()
            if aim.in_rep:
                self.runner.start_rep()
            self._in_rep = aim.in_rep
            self._step_key = aim.step_key
        speed = aim.speed if self.treadmill is None else self.treadmill.belt_mps
        before = self.runner.distance
        reading = self.runner.advance(seconds, speed)
        self.readings.append(reading)
        index = aim.step_key[0]
        if aim.in_step and index is not None:
            truth = self.truth.setdefault(index, StepTruth())
            truth.metres += reading.distance - before
            truth.seconds += seconds
        self.strap.publish(reading)
        self.footpod.publish(reading)
        if self.treadmill is not None:
            self.treadmill.publish(seconds)
        return reading

    async def run(self, clock_rate: Callable[[], float]) -> None:
        """Step the world in time with the session clock, until cancelled."""
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            next_at += self.reading_every_s / max(clock_rate(), 1e-3)
            await asyncio.sleep(max(0.0, next_at - loop.time()))
            self.step(self.reading_every_s)
