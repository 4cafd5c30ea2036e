"""Daniels-Gilbert running maths: VDOT from a race, training paces and equivalent race times.

The oxygen cost of running at v m/min and the fraction of VO2max a runner sustains for t minutes
(Daniels & Gilbert, *Oxygen Power*, 1979) give VDOT = cost / fraction. Training intensities are
fixed fractions of VDOT chosen to reproduce the tables of *Daniels' Running Formula* (3rd ed.):
T at 88 % and I at 97.5 % match Table 5.2 within a second per km; E spans 63.3-72.9 % and R
is 108.1 % (both within about 2 s per km and per 400 m of the table).
M is the marathon race pace for the VDOT. Riegel's power law is offered beside it for comparison.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from server.workouts.races import RACES

__all__ = [
    "RIEGEL_EXPONENT",
    "VDOT_RANGE",
    "TrainingPaces",
    "equivalent_times",
    "race_time_for_vdot",
    "riegel_time",
    "riegel_times",
    "training_paces",
    "vdot_from_race",
    "velocity_for_vo2",
    "vo2_cost",
    "vo2max_fraction",
]

RIEGEL_EXPONENT = 1.06

VDOT_RANGE = (10.0, 100.0)
"""VDOTs with training paces. `vdot_from_race` reads results run at 4.8-30 km/h: at 4.8 km/h
that is VDOT 10.5 (800 m) to 13.3 (marathon), so paces reach down to 10. Below Daniels' printed
tables (VDOT 30) the same equations give them; they are monotonic in VDOT and stay in the order
E > M > T > I > R."""

_EASY_SLOW = 0.633
_EASY_FAST = 0.729
_THRESHOLD = 0.88
_INTERVAL = 0.975
_REPETITION = 1.081


def vo2_cost(metres_per_minute: float) -> float:
    """Oxygen cost (ml/kg/min) of running at a velocity in metres per minute."""
    v = metres_per_minute
    return -4.60 + 0.182258 * v + 0.000104 * v * v


def velocity_for_vo2(vo2: float) -> float:
    """The velocity (m/min) whose oxygen cost is `vo2`: the positive root of the cost curve."""
    a, b, c = 0.000104, 0.182258, -4.60 - vo2
    return float((-b + math.sqrt(b * b - 4 * a * c)) / (2 * a))


def vo2max_fraction(minutes: float) -> float:
    """Fraction of VO2max a runner can sustain for a race lasting `minutes`."""
    return (
        0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)
    )


def vdot_from_race(metres: float, seconds: float) -> float:
    """VDOT of a race result; ValueError for a result outside what the equations describe."""
    if metres <= 0 or seconds <= 0 or not (math.isfinite(metres) and math.isfinite(seconds)):
        raise ValueError("a race needs a positive distance and time")
    minutes = seconds / 60.0
    speed = metres / minutes
    if not 80 <= speed <= 500:
        raise ValueError(
            f"{metres:g} m in {seconds:g} s is {speed * 0.06:.1f} km/h; "
            "VDOT is defined for running speeds between 4.8 and 30 km/h"
        )
    return vo2_cost(speed) / vo2max_fraction(minutes)


def race_time_for_vdot(vdot: float, metres: float) -> float:
    """Seconds a runner of this VDOT is predicted to need for `metres` (by bisection)."""
    if vdot <= 0:
        raise ValueError("VDOT must be positive")
    # VDOT falls monotonically as the time grows, so bisection on the time is safe.
    low, high = metres / 500.0, metres / 50.0  # minutes at 30 km/h and at 3 km/h
    for _ in range(100):
        middle = (low + high) / 2
        if vo2_cost(metres / middle) / vo2max_fraction(middle) > vdot:
            low = middle
        else:
            high = middle
    return (low + high) / 2 * 60.0


def equivalent_times(vdot: float) -> dict[str, float]:
    """Predicted times (s) for every standard race distance at this VDOT."""
    return {race.name: race_time_for_vdot(vdot, race.metres) for race in RACES}


def riegel_time(metres: float, seconds: float, target_metres: float) -> float:
    """Riegel's prediction: t2 = t1 * (d2 / d1) ** 1.06."""
    return float(seconds * (target_metres / metres) ** RIEGEL_EXPONENT)


def riegel_times(metres: float, seconds: float) -> dict[str, float]:
    """Riegel's predictions for every standard race distance from one result."""
    return {race.name: riegel_time(metres, seconds, race.metres) for race in RACES}


def _pace_at(vdot: float, fraction: float) -> float:
    """Seconds per km at the velocity whose oxygen cost is `fraction` of VDOT."""
    return 60_000.0 / velocity_for_vo2(vdot * fraction)


@dataclass(frozen=True, slots=True)
class TrainingPaces:
    """Daniels training paces in seconds per kilometre; easy is a range (slow, fast)."""

    vdot: float
    easy: tuple[float, float]
    marathon: float
    threshold: float
    interval: float
    repetition: float

    def as_dict(self) -> dict[str, float | tuple[float, float]]:
        """Paces by their letters, E as a (slow, fast) pair, for reports and JSON."""
        return {
            "E": self.easy,
            "M": self.marathon,
            "T": self.threshold,
            "I": self.interval,
            "R": self.repetition,
        }


def training_paces(vdot: float) -> TrainingPaces:
    """The five Daniels training paces for a VDOT."""
    low, high = VDOT_RANGE
    if not low <= vdot <= high:
        raise ValueError(
            f"VDOT {vdot:.1f} is outside {low:g}-{high:g}, where the equations give paces"
        )
    return TrainingPaces(
        vdot=vdot,
        easy=(_pace_at(vdot, _EASY_SLOW), _pace_at(vdot, _EASY_FAST)),
        marathon=race_time_for_vdot(vdot, 42195.0) / 42.195,
        threshold=_pace_at(vdot, _THRESHOLD),
        interval=_pace_at(vdot, _INTERVAL),
        repetition=_pace_at(vdot, _REPETITION),
    )
