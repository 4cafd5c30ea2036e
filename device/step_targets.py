"""The speed a step of the session's plan asks for, read from the plan as the server sends it.

A treadmill is set to it at each step change, and the simulated runner aims at it. The plan
is plain data (the session snapshot's `steps`): the bridge never imports the server's model.
"""

from __future__ import annotations

from typing import Any

__all__ = ["step_at", "target_speed"]


def step_at(plan: dict[str, Any], state: dict[str, Any]) -> dict[str, Any] | None:
    """The plan's step the state is in, or None (not started, finished, counting in)."""
    steps = plan.get("steps") or []
    index = state.get("step_index")
    if not isinstance(index, int) or not 0 <= index < len(steps):
        return None
    step: dict[str, Any] = steps[index]
    return step


def target_speed(step: dict[str, Any]) -> float | None:
    """The middle of the step's pace range in m/s; None when the step has no pace target."""
    target = step.get("target") or {}
    if target.get("type") != "pace":
        return None
    middle = (float(target["fast_s_per_km"]) + float(target["slow_s_per_km"])) / 2
    return 1000 / middle if middle > 0 else None
