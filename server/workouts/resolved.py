"""A workout resolved for one athlete: the snapshot a session keeps, and what each step aims at.

A session keeps these numbers even if the athlete's profile changes later, so a session replays
the same way forever; snapshots stored before steps had several targets still load.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from server.workouts.athlete import AthleteProfile
from server.workouts.model import Duration, StepKind, Workout
from server.workouts.track import Split

__all__ = [
    "ExpandedStep",
    "ResolvedCadence",
    "ResolvedHeartRate",
    "ResolvedPace",
    "ResolvedPower",
    "ResolvedRpe",
    "ResolvedTarget",
    "ResolvedWorkout",
    "Totals",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ResolvedPace(_Frozen):
    """A pace range in seconds per km (fast <= slow)."""

    type: Literal["pace"] = "pace"
    fast_s_per_km: float
    slow_s_per_km: float

    @property
    def middle_s_per_km(self) -> float:
        """The pace the runner aims at: the middle of the range, as runners read it."""
        return (self.fast_s_per_km + self.slow_s_per_km) / 2.0


class ResolvedHeartRate(_Frozen):
    """A heart-rate range in bpm."""

    type: Literal["heart_rate"] = "heart_rate"
    low_bpm: int
    high_bpm: int


class ResolvedCadence(_Frozen):
    """A cadence range in steps per minute."""

    type: Literal["cadence"] = "cadence"
    low_spm: int
    high_spm: int


class ResolvedRpe(_Frozen):
    """A perceived-effort range on the 1-10 scale."""

    type: Literal["rpe"] = "rpe"
    low: int
    high: int


class ResolvedPower(_Frozen):
    """Run power: watts when they are known, else the zones or percent of FTP as written.

    Nothing measures power in a session yet; keeping what is known lets a later power meter
    check it, and lets the plan show it now. At least one pair is set.
    """

    type: Literal["power"] = "power"
    low_watts: int | None = None
    high_watts: int | None = None
    low_zone: int | None = None
    high_zone: int | None = None
    low_percent_ftp: float | None = None
    high_percent_ftp: float | None = None

    @model_validator(mode="after")
    def _something_known(self) -> ResolvedPower:
        pairs = (
            (self.low_watts, self.high_watts),
            (self.low_zone, self.high_zone),
            (self.low_percent_ftp, self.high_percent_ftp),
        )
        if any((low is None) != (high is None) for low, high in pairs):
            raise ValueError("a power range needs both ends")
        if all(low is None for low, _ in pairs):
            raise ValueError("a resolved power target needs watts, zones or percent of FTP")
        return self


AnyResolved = ResolvedPace | ResolvedHeartRate | ResolvedCadence | ResolvedRpe | ResolvedPower
ResolvedTarget = Annotated[AnyResolved, Field(discriminator="type")]


def primary_resolved(targets: tuple[AnyResolved, ...]) -> AnyResolved | None:
    """The pace if the step has one, else its first target: what the engine runs the step by."""
    for target in targets:
        if isinstance(target, ResolvedPace):
            return target
    return targets[0] if targets else None


class ExpandedStep(_Frozen):
    """One step as the session runs it, with its numbers and its place in the workout.

    `targets` holds every target in the order written; `target` (also in the JSON, for readers
    of one target) is the primary one; `target_text` writes them all.
    """

    index: int
    path: str
    kind: StepKind
    duration: Duration
    target_text: str | None
    targets: tuple[ResolvedTarget, ...] = ()
    ramp: bool
    cue: str | None
    note: str | None
    block: str | None = Field(description="the top-level block's name, if any")
    block_index: int = Field(description="which top-level item of the workout the step is in")
    rep: int | None = Field(description="1-based number among the block's work steps")
    reps: int | None = Field(description="work steps in the block")
    planned_seconds: float | None
    planned_metres: float | None
    estimated_seconds: float | None
    estimated_metres: float | None
    lap_seconds: float | None = Field(description="target time per lap in the session's lane")
    splits: tuple[Split, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _single_target_of_old(cls, data: Any) -> Any:
        # Snapshots stored before steps had several targets carry only `target`; newer ones
        # carry `target` too, derived from `targets`, so it is dropped when `targets` is there.
        if isinstance(data, dict) and "target" in data:
            data = dict(data)
            single = data.pop("target")
            if "targets" not in data:
                data["targets"] = () if single is None else (single,)
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def target(self) -> ResolvedTarget | None:
        """The primary target: the pace if any, else the first target, else None."""
        return primary_resolved(self.targets)


class Totals(_Frozen):
    """Totals as planned (durations as written) and as estimated from target paces."""

    planned_seconds: float
    planned_metres: float
    duration_s: float
    distance_m: float
    complete: bool = Field(
        description="false when a step's time or distance could not be estimated"
    )


class ResolvedWorkout(_Frozen):
    """A workout resolved for one athlete: the snapshot a session keeps."""

    workout: Workout
    athlete: AthleteProfile
    lane: int
    steps: tuple[ExpandedStep, ...]
    totals: Totals
