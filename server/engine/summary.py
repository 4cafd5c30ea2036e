"""What happened in a session: each step as run, each rep against its target, and compliance."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.workouts import DistanceDuration, ExpandedStep, ResolvedPace, StepKind

__all__ = ["RepResult", "SessionSummary", "StepRecord", "summarize"]

_JUDGED_AFTER_S = 30.0


@dataclass(slots=True)
class StepRecord:
    """The facts of one step as it was run; filled in by the engine as events arrive."""

    index: int
    started_at: float
    ended_at: float | None = None
    active_s: float = 0.0
    metres: float = 0.0
    skipped: bool = False
    hr_sum: float = 0.0
    hr_count: int = 0
    hr_max: int | None = None
    hr_last: int | None = None
    laps: list[float] = field(default_factory=list)

    def add_hr(self, bpm: int) -> None:
        """Count one heart-rate reading."""
        self.hr_sum += bpm
        self.hr_count += 1
        self.hr_last = bpm
        if self.hr_max is None or bpm > self.hr_max:
            self.hr_max = bpm

    @property
    def hr_avg(self) -> float | None:
        """Mean heart rate over the step."""
        return self.hr_sum / self.hr_count if self.hr_count else None


@dataclass(frozen=True, slots=True, kw_only=True)
class RepResult:
    """One work step against its target."""

    index: int
    rep: int | None
    reps: int | None
    block: str | None
    target_text: str | None
    seconds: float
    metres: float  # by the track's marks (what the runner was asked to run)
    pace_s_per_km: float | None  # over the metres actually run, in the session's lane
    target_pace: tuple[float, float] | None
    hr_avg: float | None
    hr_max: int | None
    recovery_hr_drop: int | None
    on_target: bool | None
    skipped: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionSummary:
    """The session's results: reps, compliance and the fatigue verdict."""

    reps: tuple[RepResult, ...]
    completed_steps: int
    total_steps: int
    compliance: float | None
    fatigue: str | None


def _pace(record: StepRecord, step: ExpandedStep, lane_factor: float) -> tuple[float, float | None]:
    """Metres by the marks, and the pace over the metres actually run in the lane."""
    metres = record.metres
    if isinstance(step.duration, DistanceDuration) and not record.skipped:
        metres = step.duration.metres
    run = metres * lane_factor
    pace = record.active_s / run * 1000 if run > 0 and record.active_s > 0 else None
    return metres, pace


def summarize(
    steps: tuple[ExpandedStep, ...],
    records: list[StepRecord],
    fatigue: str | None,
    pace_tolerance_s_per_km: float = 0.0,
    lane_factor: float = 1.0,
) -> SessionSummary:
    """Results for every work step run so far, and how many hit their pace target."""
    reps: list[RepResult] = []
    for position, record in enumerate(records):
        step = steps[record.index]
        if step.kind is not StepKind.WORK:
            continue
        metres, pace = _pace(record, step, lane_factor)
        following = records[position + 1] if position + 1 < len(records) else None
        drop = None
        if (
            following is not None
            and steps[following.index].kind in (StepKind.RECOVERY, StepKind.REST)
            and record.hr_last is not None
            and following.hr_last is not None
        ):
            drop = record.hr_last - following.hr_last
        target = step.target
        target_pace = None
        on_target = None
        if isinstance(target, ResolvedPace):
            target_pace = (target.fast_s_per_km, target.slow_s_per_km)
            # Strides and other short bursts are about feel; their pace includes getting going.
            if pace is not None and not record.skipped and record.active_s >= _JUDGED_AFTER_S:
                on_target = (
                    target.fast_s_per_km - pace_tolerance_s_per_km
                    <= pace
                    <= target.slow_s_per_km + pace_tolerance_s_per_km
                )
        reps.append(
            RepResult(
                index=record.index,
                rep=step.rep,
                reps=step.reps,
                block=step.block,
                target_text=step.target_text,
                seconds=record.active_s,
                metres=metres,
                pace_s_per_km=pace,
                target_pace=target_pace,
                hr_avg=record.hr_avg,
                hr_max=record.hr_max,
                recovery_hr_drop=drop,
                on_target=on_target,
                skipped=record.skipped,
            )
        )
    judged = [rep.on_target for rep in reps if rep.on_target is not None]
    return SessionSummary(
        reps=tuple(reps),
        completed_steps=sum(1 for record in records if record.ended_at is not None),
        total_steps=len(steps),
        compliance=sum(judged) / len(judged) if judged else None,
        fatigue=fatigue,
    )
