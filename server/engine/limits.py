"""The limits of a plausible sample, in one place for the bridge, the protocol and the engine.

A reading outside these is a sensor glitch or a forged message, never a runner: the bridge drops
it before numbering it, the protocol refuses it with an error that names the field, and the
engine refuses an event built from it. All three read these numbers, so they cannot disagree.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CADENCE_SPM", "DISTANCE_M", "HR_BPM", "MAX_SESSION_S", "SPEED_MPS"]

HR_BPM: Final = (20, 250)
SPEED_MPS: Final = (0.0, 15.0)
CADENCE_SPM: Final = (0, 300)
DISTANCE_M: Final = (0.0, 1_000_000.0)
MAX_SESSION_S: Final = 7 * 24 * 3600.0
"""The session clock never goes past a week."""
