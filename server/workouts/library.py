"""Built-in workouts: track sessions that fit inside a road-training plan, each with its reason.

They follow what good coaching teaches: a drilled warm-up before fast running, reps at controlled
paces derived from a recent race (not from ambition), recoveries long enough to hold form, a
cool-down, and easy days that stay easy. They are written in the text format, so they double as
examples of it and as a test that it reads what coaches write.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from server.workouts.model import Workout
from server.workouts.text_format import parse_workout

__all__ = ["LIBRARY", "LibraryEntry", "get_template"]


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """A built-in workout: a short key, the text, and why a coach would prescribe it."""

    key: str
    rationale: str
    text: str

    @property
    def workout(self) -> Workout:
        """The parsed workout (parsed once, then cached)."""
        return _parse(self.text)


@cache
def _parse(text: str) -> Workout:
    return parse_workout(text)


_WARMUP = """Warmup
- 15m E Pace
- Drills 8m
  4x
  - Stride 20s R Pace
  - Walk 40s"""

_COOLDOWN = """Cooldown
- 10m E Pace"""

LIBRARY: tuple[LibraryEntry, ...] = (
    LibraryEntry(
        key="6x400",
        rationale=(
            "VO2max work on the track: 400 m reps at I pace (about 5 km race pace) with equal"
            " jog recoveries, after drills and strides. Short enough to hold form in every rep;"
            " the last rep should feel like the first, not like a race."
        ),
        text=f"""# 6 x 400 m at I pace
{_WARMUP}

Main set 6x
- 400mtr I Pace splits 200mtr
- Jog 400mtr E Pace

{_COOLDOWN}
""",
    ),
    LibraryEntry(
        key="10x200",
        rationale=(
            "Turnover: 200 m at R pace with full 200 m jogs. Fast but relaxed, for running"
            " economy and leg speed; the long recovery keeps it speed work, not a lactate session."
        ),
        text=f"""# 10 x 200 m for turnover
{_WARMUP}

Main set 10x
- 200mtr R Pace
- Jog 200mtr E Pace

{_COOLDOWN}
""",
    ),
    LibraryEntry(
        key="5x1k",
        rationale=(
            "The classic VO2max session: 1 km at I pace, jog recoveries a little shorter than"
            " the reps. Three to five minutes of work per rep is where aerobic power is built."
        ),
        text=f"""# 5 x 1 km at I pace
{_WARMUP}

Main set (skip last recovery) 5x
- 1km I Pace splits 200mtr
- Jog 2m30s

{_COOLDOWN}
""",
    ),
    LibraryEntry(
        key="3x1mile",
        rationale=(
            "Cruise intervals: 1 mile at T pace with one minute of rest. Comfortably hard,"
            " never a race; it raises the threshold that every road race from 10 km up rides on."
        ),
        text="""# 3 x 1 mile at T pace
Warmup
- 15m E Pace
- Drills 8m

Main set (skip last recovery) 3x
- 1mi T Pace splits 400mtr
- Rest 1m

Cooldown
- 10m E Pace
""",
    ),
    LibraryEntry(
        key="ladder",
        rationale=(
            "A ladder up and down: 400-800-1200-800-400 m, short reps at I pace, the long one at"
            " T pace, jogging half the distance. Variety that keeps the effort honest."
        ),
        text=f"""# Ladder 400-800-1200-800-400
{_WARMUP}

Main set
- Rep 400mtr I Pace
- Jog 200mtr E Pace
- Rep 800mtr I Pace splits 200mtr
- Jog 400mtr E Pace
- Rep 1200mtr T Pace splits 400mtr
- Jog 600mtr E Pace
- Rep 800mtr I Pace splits 200mtr
- Jog 400mtr E Pace
- Rep 400mtr I Pace

{_COOLDOWN}
""",
    ),
    LibraryEntry(
        key="road-tempo",
        rationale=(
            "The bad-weather substitute for a track session: the same threshold effort on the"
            " road, by feel and heart rate instead of pace, because wind, rain and hills make"
            " pace meaningless. Same stimulus, no heroics against the weather."
        ),
        text="""# Road tempo (bad-weather track substitute)
Warmup
- 15m E Pace

Main set (skip last recovery) 4x
- Tempo 6m RPE 7
- Jog 1m

Cooldown
- 10m E Pace
""",
    ),
    LibraryEntry(
        key="strides",
        rationale=(
            "An easy run finished with strides: short, fast, relaxed accelerations with full"
            " recovery. Keeps leg speed on easy days without adding fatigue."
        ),
        text="""# Easy run with strides
- 30m E Pace

Strides 6x
- Stride 20s R Pace
- Walk 60s
""",
    ),
    LibraryEntry(
        key="easy",
        rationale=(
            "A recovery run: truly easy, conversational pace, heart rate low. It lets the hard"
            " days be hard; 48 hours between quality sessions is what makes them work."
        ),
        text="""# Easy recovery run
- 40m E Pace
""",
    ),
)


def get_template(key: str) -> LibraryEntry:
    """The built-in workout with this key; KeyError lists the keys that exist."""
    for entry in LIBRARY:
        if entry.key == key.lower():
            return entry
    raise KeyError(f"no built-in workout {key!r}; built-ins: {', '.join(e.key for e in LIBRARY)}")
