"""A deterministic model of a runner: what the sensors would see while a workout is run.

Speed seeks the target with a short lag (nobody jumps to rep pace in zero seconds), with seeded
noise, optional over-eagerness at the start of each rep and a fade as reps accumulate. Heart rate
follows effort through a first-order response, slower to fall than to rise, plus cardiac drift.
Cadence follows speed. The same profile and seed always give the same readings.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

__all__ = ["RunnerProfile", "RunnerReading", "SimulatedRunner"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RunnerProfile:
    """How a simulated runner behaves."""

    max_hr: int = 190
    resting_hr: int = 50
    threshold_speed: float = 4.0  # m/s where HR sits near 90 % of reserve
    noise: float = 0.01  # relative speed noise per reading
    start_fast: float = 0.0  # fraction faster than target during the first seconds of a rep
    start_fast_s: float = 25.0
    fade_after_rep: int | None = None  # reps after this one get slower
    fade_per_rep: float = 0.03  # fraction of speed lost per faded rep
    hr_drift_per_min: float = 0.15  # bpm per minute of running
    footpod_bias: float = 1.0  # footpod distance = true distance * bias
    seed: int = 7


@dataclass(frozen=True, slots=True)
class RunnerReading:
    """What the sensors report after one step of simulated time."""

    speed: float  # true m/s
    hr: int
    cadence: int
    distance: float  # true metres since the start
    footpod_distance: float  # what a footpod with the profile's bias reports
    footpod_speed: float


class SimulatedRunner:
    """Advance it by `dt` seconds toward a target speed; it answers with sensor readings."""

    def __init__(self, profile: RunnerProfile | None = None) -> None:
        self.profile = profile or RunnerProfile()
        self._random = random.Random(self.profile.seed)
        self.speed = 0.0
        self.hr = float(self.profile.resting_hr + 30)
        self.distance = 0.0
        self.elapsed = 0.0
        self.reps_done = 0
        self._rep_elapsed: float | None = None

    def start_rep(self) -> None:
        """The runner sets off on a rep (for start-too-fast behaviour)."""
        self._rep_elapsed = 0.0

    def end_rep(self) -> None:
        """The rep is over; fatigue accumulates."""
        self._rep_elapsed = None
        self.reps_done += 1

    def _effective_target(self, target: float) -> float:
        profile = self.profile
        if self._rep_elapsed is None:
            return target
        if profile.fade_after_rep is not None and self.reps_done >= profile.fade_after_rep:
            faded = self.reps_done - profile.fade_after_rep + 1
            target *= 1 - profile.fade_per_rep * faded
        if self._rep_elapsed < profile.start_fast_s:
            target *= 1 + profile.start_fast
        return target

    def advance(self, dt: float, target_speed: float) -> RunnerReading:
        """Run for `dt` seconds aiming at `target_speed` (0 stands still)."""
        if dt <= 0:
            raise ValueError("time moves forward: dt must be positive")
        profile = self.profile
        aim = self._effective_target(target_speed)
        if aim > 0:
            aim *= 1 + self._random.gauss(0.0, profile.noise)
        lag = 1 - math.exp(-dt / 2.5)  # reaching pace takes a few seconds
        self.speed = max(0.0, self.speed + (aim - self.speed) * lag)
        self.distance += self.speed * dt
        self.elapsed += dt
        if self._rep_elapsed is not None:
            self._rep_elapsed += dt
        reserve = profile.max_hr - profile.resting_hr
        effort = min(1.15, self.speed / profile.threshold_speed) if self.speed > 0 else 0.0
        steady = profile.resting_hr + reserve * (0.35 + 0.55 * effort**1.6 if effort else 0.25)
        steady += profile.hr_drift_per_min * self.elapsed / 60
        steady = min(steady, profile.max_hr)
        tau = 25.0 if steady > self.hr else 45.0  # HR climbs faster than it recovers
        self.hr += (steady - self.hr) * (1 - math.exp(-dt / tau))
        cadence = 0 if self.speed < 0.5 else round(min(200, max(140, 150 + 8 * self.speed)))
        return RunnerReading(
            speed=self.speed,
            hr=round(self.hr),
            cadence=cadence,
            distance=self.distance,
            footpod_distance=self.distance * profile.footpod_bias,
            footpod_speed=self.speed * profile.footpod_bias,
        )
