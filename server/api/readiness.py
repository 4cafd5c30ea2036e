"""Readiness for the API: the coach's rules under the names the plan and preview routes use.

The rules live in `server.coach` (pure, tested there); this module only keeps the names the
routes and their tests import, so the move changed no caller.
"""

from __future__ import annotations

from server.coach.readiness import (
    HARD_RPE,
    QUALITY_SECONDS,
    HardDay,
    Note,
    is_hard,
    notes,
    quality_seconds,
    ran_hard,
)

__all__ = [
    "HARD_RPE",
    "QUALITY_SECONDS",
    "HardDay",
    "Note",
    "is_hard",
    "notes",
    "quality_seconds",
    "ran_hard",
]
