"""The sessions a season plan writes: track blocks, road tempos, race-pace work, easy and long runs.

Each quality session is kept as a few numbers (a family, a rep count, a pace and its offset) and
written out in the text format from them, so the plan can progress a family week by week and
follow the runner's accepted progressions without reading its own text back.
"""

from __future__ import annotations

import math
import re

from pydantic import BaseModel, ConfigDict

from server.workouts import NamedPace
from server.workouts.units import METRES_PER_MILE, format_clock, format_number

__all__ = [
    "QualitySession",
    "easy_text",
    "long_text",
    "race_pace_name",
    "session_text",
]

_WARMUP = """Warmup
- 15m E Pace
- Drills 8m
  4x
  - Stride 20s R Pace
  - Walk 40s"""

_ROAD_WARMUP = """Warmup
- 15m E Pace"""

_COOLDOWN = """Cooldown
- 10m E Pace"""

_RECOVERY = {
    "200mtr": "- Jog 200mtr E Pace",
    "400mtr": "- Jog 400mtr E Pace",
    "1km": "- Jog 400mtr E Pace",
    "2km": "- Jog 3m E Pace",
    "3km": "- Jog 3m E Pace",
    "1mi": "- Rest 1m",
}
_CLOCK_PACE = re.compile(r"^(\d+):(\d\d(?:\.\d)?)/km$")


class QualitySession(BaseModel):
    """A quality session as numbers: `family` names what progresses ("I 400mtr"), `pace` is a
    named pace ("I", "10k") or a goal pace ("4:00/km"), `offset_s_per_400m` shifts it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    family: str
    road: bool
    reps: int
    rep: str
    pace: str
    offset_s_per_400m: float = 0.0

    def with_reps(self, reps: int) -> QualitySession:
        """The same session with another rep count."""
        return self.model_copy(update={"reps": reps})


def race_pace_name(race_metres: float) -> str:
    """The named pace nearest a race distance (by ratio), for race-pace reps without a goal."""
    named = {
        NamedPace.R1500: 1500.0,
        NamedPace.MILE: METRES_PER_MILE,
        NamedPace.THREE_K: 3000.0,
        NamedPace.FIVE_K: 5000.0,
        NamedPace.EIGHT_K: 8000.0,
        NamedPace.TEN_K: 10000.0,
        NamedPace.FIFTEEN_K: 15000.0,
        NamedPace.HALF_MARATHON: 21097.5,
        NamedPace.MARATHON: 42195.0,
    }
    return min(named, key=lambda pace: abs(math.log(named[pace] / race_metres))).value


def _target(pace: str, offset_s_per_400m: float) -> str:
    match = _CLOCK_PACE.match(pace)
    if match is not None:
        seconds = int(match.group(1)) * 60 + float(match.group(2)) + offset_s_per_400m * 2.5
        return f"{format_clock(seconds, decimals=1)}/km Pace"
    if offset_s_per_400m == 0:
        return f"{pace} Pace"
    return f"{pace}{offset_s_per_400m:+g}s/400m Pace"


def _label(pace: str) -> str:
    return f"{pace} pace" if not _CLOCK_PACE.match(pace) else "goal pace"


def _shown(rep: str) -> str:
    for unit, word in (("mtr", "m"), ("km", "km"), ("mi", "mile"), ("m", "min")):
        if rep.endswith(unit):
            return f"{rep[: -len(unit)]} {word}"
    return rep


def session_text(session: QualitySession) -> str:
    """The session in the text format: a drilled warm-up before track reps, a plain one on the
    road, the set, and a cool-down."""
    target = _target(session.pace, session.offset_s_per_400m)
    rep = session.rep
    shown = _shown(rep)
    title = f"# {session.reps} x {shown} at {_label(session.pace)}"
    cue = "Tempo " if session.road else ""
    name = "Tempo" if session.road else "Main set"
    splits = " splits 200mtr" if rep in ("400mtr", "1km") and not session.road else ""
    return "\n".join(
        [
            title,
            _ROAD_WARMUP if session.road else _WARMUP,
            "",
            f"{name} (skip last recovery) {session.reps}x",
            f"- {cue}{rep} {target}{splits}",
            _RECOVERY.get(rep, "- Jog 1m E Pace"),
            "",
            _COOLDOWN,
            "",
        ]
    )


def easy_text(km: float, strides: bool = False) -> str:
    """An easy run of `km`, with strides after it when asked (leg speed without fatigue)."""
    lines = [
        "# Easy run" + (" with strides" if strides else ""),
        f"- {format_number(km, 1)}km E Pace",
    ]
    if strides:
        lines += ["", "Strides 6x", "- Stride 20s R Pace", "- Walk 60s"]
    return "\n".join([*lines, ""])


def long_text(km: float) -> str:
    """A long run of `km` at easy pace: time on the feet, not a race."""
    return f"# Long run\n- {format_number(km, 1)}km E Pace\n"
