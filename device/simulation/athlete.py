"""What a sensible runner aims at, from the session's plan and the state the server sends.

The simulated runner listens to the session as a real one listens to the phone: it learns the
step from the state (`step_index`, `phase`, `status`) and runs the step's target from the
plan the session resolved (the snapshot's `steps`). Plain data in, a speed out: no server code.
A treadmill sets its belt from the same targets (`device.step_targets`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from device.step_targets import target_speed

__all__ = ["Aim", "aim_for"]

ROLLING_TO_THE_LINE = 1.5  # m/s during the 3-2-1 lead-in
# Untargeted steps: what a runner does by feel.
BY_KIND = {
    "work": 4.6,
    "recovery": 2.2,
    "rest": 0.0,
    "warmup": 2.9,
    "cooldown": 2.8,
    "drills": 1.8,
    "strides": 5.5,
}


@dataclass(frozen=True, slots=True)
class Aim:
    """The speed to run now, and whether this is a rep (start-fast and fade apply to reps)."""

    speed: float
    in_rep: bool
    step_key: tuple[int | None, float | None]  # changes when a new step starts
    in_step: bool = False  # running a step of the plan (not waiting, counting in or paused)


def aim_for(plan: dict[str, Any], state: dict[str, Any]) -> Aim:
    """The runner's aim for this state of the session."""
    index = state.get("step_index")
    key = (index, state.get("step_started_at"))
    steps = plan.get("steps") or []
    if state.get("status") != "running" or index is None or not 0 <= index < len(steps):
        return Aim(0.0, False, key)
    if state.get("phase") == "lead_in":
        return Aim(ROLLING_TO_THE_LINE, False, key)
    step = steps[index]
    if step.get("kind") == "rest":
        return Aim(0.0, False, key, in_step=True)
    speed = target_speed(step)
    if speed is None:
        speed = BY_KIND.get(str(step.get("kind")), 2.5)
    return Aim(speed, step.get("kind") == "work", key, in_step=True)
