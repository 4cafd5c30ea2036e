"""One verdict rule: whether a rep (or a split) was on target, fast or slow.

The voice, the stored results, the phone, the watch and the CLI all read what this module
decides, so a rep can never be "slower than the target" in the ear and "on target" in the log.
A pace is judged against the target range widened by the athlete's tolerance; a time over a
known distance is judged by the same range, turned into seconds for that distance. The bounds
are inclusive and compared unrounded, and what is said is derived from the verdict (never the
other way round), so the words agree with the colour at every boundary.
"""

from __future__ import annotations

import math
from enum import StrEnum

__all__ = ["Verdict", "judge_pace", "judge_time", "say_verdict"]


class Verdict(StrEnum):
    """A rep against its target."""

    ON_TARGET = "on_target"
    FAST = "fast"
    SLOW = "slow"


def judge_pace(pace_s_per_km: float, fast: float, slow: float, tolerance: float = 0.0) -> Verdict:
    """A pace (s/km) against a range `fast`..`slow` (s/km), widened by `tolerance` each side."""
    if pace_s_per_km < fast - tolerance:
        return Verdict.FAST
    if pace_s_per_km > slow + tolerance:
        return Verdict.SLOW
    return Verdict.ON_TARGET


def judge_time(
    seconds: float,
    metres: float,
    fast: float,
    slow: float,
    tolerance: float = 0.0,
    *,
    whole_seconds: bool = False,
) -> tuple[Verdict, float]:
    """A time over `metres` against the pace range; also how far outside it is, in seconds.

    A split is said in whole seconds ("200 in 52"), so with `whole_seconds` the time is rounded
    and the range widened outward to whole seconds: what is judged is what the runner hears.
    """
    quickest = metres * (fast - tolerance) / 1000
    slowest = metres * (slow + tolerance) / 1000
    if whole_seconds:
        seconds, quickest, slowest = round(seconds), math.floor(quickest), math.ceil(slowest)
        fast, slow = quickest / metres * 1000, slowest / metres * 1000
        tolerance = 0.0
    # The verdict through the pace, as the stored results compute it: no rounding difference
    # between "seconds over metres" and "metres at a pace" can split them at a boundary.
    verdict = judge_pace(seconds / metres * 1000, fast, slow, tolerance)
    if verdict is Verdict.FAST:
        return verdict, max(quickest - seconds, 0.0)
    if verdict is Verdict.SLOW:
        return verdict, max(seconds - slowest, 0.0)
    return verdict, 0.0


def _seconds(amount: float) -> str:
    # Never "0 seconds fast": below a second, say tenths; else whole seconds, rounded up so that
    # a rep 1.2 s outside the range is not called "1 second" while one 0.6 s outside is "0.6".
    if amount < 1:
        return f"{max(math.ceil(amount * 10) / 10, 0.1):.1f} seconds"
    whole = math.ceil(amount - 1e-9)
    return f"{whole} second{'s' if whole != 1 else ''}"


def say_verdict(verdict: Verdict, outside_s: float | None = None) -> str:
    """ "on target", "fast", or "2 seconds slow" when the distance from the range is known."""
    if verdict is Verdict.ON_TARGET:
        return "on target"
    word = "fast" if verdict is Verdict.FAST else "slow"
    if outside_s is None:
        return f"{word}er than the target"
    return f"{_seconds(outside_s)} {word}"
