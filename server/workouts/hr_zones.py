"""Heart-rate zones from max and resting HR (Karvonen) or from lactate-threshold HR (Friel).

Karvonen puts zones on the heart-rate reserve (max - resting) in five bands of 10 %, from 50 %.
Friel's LTHR zones for running are the seven that intervals.icu uses by default (Z5 split in
a/b/c as Z5-Z7): below 85 %, 85-89 %, 90-94 %, 95-99 %, 100-102 %, 103-106 %, above 106 % of LTHR.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["HeartRateZone", "karvonen_zones", "lthr_zones", "percent_of_reserve"]

_KARVONEN_BANDS = ((0.50, 0.60), (0.60, 0.70), (0.70, 0.80), (0.80, 0.90), (0.90, 1.00))
_FRIEL_BANDS = (
    (0.0, 0.85),
    (0.85, 0.90),
    (0.90, 0.95),
    (0.95, 1.00),
    (1.00, 1.03),
    (1.03, 1.07),
    (1.07, None),
)


@dataclass(frozen=True, slots=True)
class HeartRateZone:
    """Zone `number` spans `low`..`high` bpm (rounded to whole beats, high exclusive)."""

    number: int
    low: int
    high: int


def percent_of_reserve(fraction: float, max_hr: int, resting_hr: int) -> float:
    """Heart rate at a fraction of the heart-rate reserve (Karvonen)."""
    return resting_hr + fraction * (max_hr - resting_hr)


def karvonen_zones(max_hr: int, resting_hr: int) -> tuple[HeartRateZone, ...]:
    """Five zones on the heart-rate reserve."""
    if not 30 <= resting_hr < max_hr <= 230:
        raise ValueError(
            f"need 30 <= resting HR < max HR <= 230, got resting {resting_hr}, max {max_hr}"
        )
    return tuple(
        HeartRateZone(
            number,
            round(percent_of_reserve(low, max_hr, resting_hr)),
            round(percent_of_reserve(high, max_hr, resting_hr)),
        )
        for number, (low, high) in enumerate(_KARVONEN_BANDS, start=1)
    )


def lthr_zones(lthr: int, max_hr: int | None = None) -> tuple[HeartRateZone, ...]:
    """Seven zones on lactate-threshold heart rate; the top zone ends at max HR when known."""
    if not 80 <= lthr <= 220:
        raise ValueError(f"lactate-threshold HR must be 80-220 bpm, got {lthr}")
    top = max_hr if max_hr is not None else 230
    # Nobody's heart beats above its max: zones past it shrink to nothing (low == high).
    return tuple(
        HeartRateZone(
            number,
            min(round(lthr * low), top),
            min(round(lthr * high), top) if high else top,
        )
        for number, (low, high) in enumerate(_FRIEL_BANDS, start=1)
    )
