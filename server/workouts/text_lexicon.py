"""The words of the workout text that more than one reader needs: numbers, times, distances.

The model refuses a notes line that the parser would read as a step, so both must agree on what a
step line is; keeping the patterns here, in one place, is what makes them agree.
"""

from __future__ import annotations

import re

__all__ = ["CLOCK", "DISTANCE", "NUM", "TIME", "is_duration_word", "is_step_line"]

# Digit runs are bounded: numbers stay in range for int() and float(), and matching stays linear.
NUM = r"\d{1,6}(?:\.\d{1,3})?"
CLOCK = r"\d{1,2}:\d{2}(?:\.\d{1,3})?"
TIME = re.compile(
    rf"^(?:(?P<h>{NUM})h)?(?:(?P<m>{NUM})m)?(?:(?P<s>{NUM})s)?$"
    rf"|^(?P<m2>\d{{1,4}})m(?P<s2>\d{{1,2}}(?:\.\d{{1,3}})?)$"
    rf"|^(?:(?P<m3>{NUM})')?(?:(?P<s3>{NUM})\")?$",
    re.IGNORECASE | re.ASCII,
)
DISTANCE = re.compile(rf"^(?P<v>{NUM})(?P<u>mtr|km|mi)$", re.IGNORECASE | re.ASCII)
_SPACED_STEP = re.compile(r"^-(?:\s|$)")


def is_duration_word(word: str) -> bool:
    """Whether one word is a time (`90s`, `2'`) or a distance (`400mtr`) as a step's length."""
    return bool(word) and bool(DISTANCE.match(word) or TIME.match(word))


def is_step_line(stripped: str) -> bool:
    """Whether a line (without its indentation) is a step.

    `- ` starts a step; so does a dash glued to a duration (`-2' Z2 Pace`), which intervals.icu
    accepts and people paste. A dash before anything else (`-5 degrees`) stays free text.
    """
    if _SPACED_STEP.match(stripped):
        return True
    if not stripped.startswith("-"):
        return False
    first = stripped[1:].split(maxsplit=1)
    return bool(first) and first[0][0].isdigit() and is_duration_word(first[0])
