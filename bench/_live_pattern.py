"""The load pattern of `bench.live`: the workouts, the simulated runner, and how cues are sorted.

Kept apart from the load generator so that the rules the figures rest on read on their own.

**The workouts.** Two rotations of one pattern, given to sessions in turn, so that both kinds
of rep are under way in any window of a few seconds: a timed rep of 30 s and a distance rep of
120 m (about 29 s, split calls every 40 m), each followed by a 20 s jog, on the road (the GPS
stream's distance ends a distance rep at the instant it passes the mark). Both reps are longer
than the alert grace periods (15 s for pace, 20 s for heart rate, `EngineSettings`), and carry
a heart-rate ceiling (150-165 bpm) beside the I pace.

**The runner.** Starts each rep 1 % faster than the middle of the target pace and slows by 8 %
of it over the rep's planned length, so the 10 s mean leaves the slow bound by more than the
1.5 % hysteresis after about 18 s: one pace alert a rep (the cooldown is 20 s). Heart rate
starts a rep at 152 and climbs 0.9 bpm/s, so its 5 s mean is above 165 + 1 % at the end of the
20 s grace: one heart-rate alert a rep (the cooldown is 30 s); it falls 1.35 bpm/s while
jogging. Samples carry the GPS total distance, speed, heart rate and cadence of that runner,
4 a second. The runner follows the plan on its own clock (the engine's 7 s count-in before the
first rep, timed steps by time, distance steps by its own distance), not the server's state,
so the load does not depend on how fast the server is.

**How a cue is classified**, from its `emitted` (the session time the engine decided it) and
`due`, and the plan:

- *timed*: `emitted < due`, announced ahead (countdowns, previews, a step start known in
  advance). Counted in `timed_cue_early_pct`: the share received before `due`.
- *reactive*: `emitted >= due` and decided on a sample: a split, a pace, heart-rate or cadence
  alert, a heart-rate-ended recovery's "ready" (only samples produce these kinds); a step end,
  halfway call or fatigue note of a distance step (its `step_index` is a distance step); a step
  start or preview of the step right after a distance step; the session end after a last step
  that is a distance step. A distance rep's end is due at the crossing interpolated between two
  samples, so `due` may be a little before `emitted`. Counted in `reactive_cue_p99_ms`.
- *deadline*: every other cue with `emitted >= due`: decided at a deadline (a timed rep's end)
  or on a command (the session start and its count-in preview).

Every cue counts in `cue_lateness_*` (the phone's session time at receipt minus `due`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "LEAD_IN_S",
    "WORKOUTS",
    "CueClass",
    "PlanStep",
    "Runner",
    "classify",
    "plan_steps",
]

_REPS = 20
WORKOUTS = (
    "# Load, timed first\n"
    f"Main set {_REPS}x\n"
    "- Rep 30s I Pace 150-165bpm HR\n"
    "- Jog 20s\n"
    "- Rep 120mtr I Pace 150-165bpm HR splits 40mtr\n"
    "- Jog 20s\n",
    "# Load, distance first\n"
    f"Main set {_REPS}x\n"
    "- Rep 120mtr I Pace 150-165bpm HR splits 40mtr\n"
    "- Jog 20s\n"
    "- Rep 30s I Pace 150-165bpm HR\n"
    "- Jog 20s\n",
)
"""The workout texts, given to sessions in turn (session i runs `WORKOUTS[i % 2]`)."""

LEAD_IN_S = 7.0
"""The engine's count-in before a first rep: the rep's details (4 s), then 3, 2, 1."""

_START_FASTER = 0.01
_FADE = 0.08  # of the target speed, over the rep's planned length
_HR_START = 152.0
_HR_RISE = 0.9  # bpm per second of a rep
_HR_FALL = 1.35  # bpm per second of a recovery
_HR_FLOOR = 140.0
_JOG_MPS = 2.8
_ROLL_MPS = 1.0  # walking to the line during the count-in
_WORK_SPM, _JOG_SPM = 182, 164
_DEFAULT_MPS = 4.0

SAMPLE_KINDS = frozenset({"split", "pace_alert", "hr_alert", "cadence_alert", "hr_ready"})
"""Kinds only a sample produces."""
_ENDING_KINDS = frozenset({"step_end", "halfway", "fatigue"})
_FOLLOWING_KINDS = frozenset({"step_start", "preview"})

CueClass = str
"""'timed', 'reactive' or 'deadline'."""


@dataclass(frozen=True, slots=True)
class PlanStep:
    """What the runner and the classifier need of a resolved step."""

    work: bool
    seconds: float | None  # a timed step
    metres: float | None  # a distance step
    speed: float  # the middle of the pace target, m/s (a default without one)

    @property
    def nominal_s(self) -> float:
        """The step's planned length in seconds (a distance at the target speed)."""
        if self.seconds is not None:
            return self.seconds
        return (self.metres or 0.0) / self.speed


def plan_steps(snapshot: dict[str, Any]) -> list[PlanStep]:
    """The steps of a resolved plan (a session's `snapshot`), as the load generator reads them."""
    steps = []
    for step in snapshot["steps"]:
        duration = step["duration"]
        target = step.get("target") or {}
        speed = _DEFAULT_MPS
        if target.get("type") == "pace":
            speed = 2000 / (target["fast_s_per_km"] + target["slow_s_per_km"])
        steps.append(
            PlanStep(
                work=step["kind"] == "work",
                seconds=float(duration["seconds"]) if duration["type"] == "time" else None,
                metres=float(step["planned_metres"]) if duration["type"] == "distance" else None,
                speed=speed,
            )
        )
    return steps


def classify(cue: dict[str, Any], steps: list[PlanStep]) -> CueClass:
    """Sort a received cue as the module docstring says."""
    emitted = cue.get("emitted")
    if emitted is None:
        return "deadline"  # a server that does not say when it decided a cue
    if emitted < cue["due"]:
        return "timed"
    kind = cue["kind"]
    if kind in SAMPLE_KINDS:
        return "reactive"
    index = cue.get("step_index")

    def by_distance(i: int | None) -> bool:
        return i is not None and 0 <= i < len(steps) and steps[i].metres is not None

    if kind in _ENDING_KINDS and by_distance(index):
        return "reactive"
    if kind in _FOLLOWING_KINDS and index is not None and by_distance(index - 1):
        return "reactive"
    if kind == "session_end" and by_distance(len(steps) - 1):
        return "reactive"
    return "deadline"


@dataclass(slots=True)
class Runner:
    """A runner who follows the plan on the session clock and fades in every rep.

    `advance(t)` moves it to session time `t` (seconds since the start) and returns what its
    GPS and chest strap read then.
    """

    steps: list[PlanStep]
    index: int = -1  # -1: the count-in before the first step
    step_started: float = 0.0
    step_metres: float = 0.0
    distance: float = 0.0
    hr: float = _HR_START
    last_t: float = 0.0
    finished: bool = field(default=False)

    def _speed(self, t: float) -> float:
        if self.index < 0 or self.finished:
            return _ROLL_MPS
        step = self.steps[self.index]
        if not step.work:
            return _JOG_MPS
        active = max(t - self.step_started, 0.0)
        fade = _FADE * min(active / step.nominal_s, 1.5)
        return step.speed * (1 + _START_FASTER - fade)

    def _begin(self, index: int, at: float, overshoot: float = 0.0) -> None:
        self.index = index
        self.step_started = at
        self.step_metres = overshoot
        if index >= len(self.steps):
            self.finished = True
        elif self.steps[index].work:
            self.hr = max(self.hr, _HR_START)

    def advance(self, t: float) -> tuple[float, float, int, int]:
        """(distance m, speed m/s, heart rate bpm, cadence spm) at session time `t`."""
        if self.index < 0 and not self.finished:
            first = self.steps[0] if self.steps else None
            if first is None:
                self.finished = True
            elif not first.work:
                self._begin(0, 0.0)
            elif t >= LEAD_IN_S:
                self._begin(0, LEAD_IN_S)
        dt = max(t - self.last_t, 0.0)
        self.last_t = t
        speed = self._speed(t)
        self.distance += speed * dt
        working = not self.finished and self.index >= 0 and self.steps[self.index].work
        if working:
            self.hr = min(self.hr + _HR_RISE * dt, 195.0)
        else:
            self.hr = max(self.hr - _HR_FALL * dt, _HR_FLOOR)
        if not self.finished and self.index >= 0:
            step = self.steps[self.index]
            self.step_metres += speed * dt
            if step.seconds is not None and t >= self.step_started + step.seconds:
                self._begin(self.index + 1, self.step_started + step.seconds)
            elif step.metres is not None and self.step_metres >= step.metres:
                over = self.step_metres - step.metres
                self._begin(self.index + 1, t - over / max(speed, 0.1), over)
        cadence = _WORK_SPM if working else _JOG_SPM
        return self.distance, speed, round(self.hr), cadence
