"""What happened in a session: each step as run, each rep against its target, and the verdict.

The summary is typed all the way to the wire: the API stores and returns it as it is, the phone
and the CLI read `verdict` and `fatigue.advice` instead of parsing words. Fatigue and the
session's verdict are judged on the main set (`main_set` reps), never on warm-up strides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from server.engine.fatigue import Advice
from server.engine.settings import Units, Venue
from server.engine.verdict import Verdict, judge_pace
from server.workouts import DistanceDuration, ExpandedStep, ResolvedPace, StepKind

__all__ = [
    "FatigueNote",
    "RepResult",
    "SessionSummary",
    "StepRecord",
    "is_controlled",
    "is_main_set",
    "is_warmup_or_cooldown",
    "summarize",
    "takeaway_for",
]

JUDGED_AFTER_S = 30.0
"""Reps shorter than this (strides, short bursts) are about feel: their pace is not judged."""

_WARMUP_OR_COOLDOWN = {"warmup", "warm up", "cooldown", "cool down"}


def is_main_set(step: ExpandedStep, steps: tuple[ExpandedStep, ...]) -> bool:
    """A work step outside the warm-up and cool-down sections (where strides live).

    A workout with no work outside those sections counts all its work steps, so a session of
    strides alone still has a main set.
    """
    if step.kind is not StepKind.WORK:
        return False
    if not is_warmup_or_cooldown(step.block):
        return True
    return all(is_warmup_or_cooldown(s.block) for s in steps if s.kind is StepKind.WORK)


def is_warmup_or_cooldown(block: str | None) -> bool:
    """Whether a block's name makes it a warm-up or cool-down section."""
    return (block or "").lower().replace("-", " ").strip() in _WARMUP_OR_COOLDOWN


def is_controlled(main: list[RepResult], fatigue: FatigueNote | None) -> bool | None:
    """Every judged main-set rep on target, nothing skipped, no fatigue advice (None: nothing
    was judged)."""
    judged = [rep.verdict for rep in main if rep.verdict is not None]
    if not judged:
        return None
    return (
        all(verdict is Verdict.ON_TARGET for verdict in judged)
        and fatigue is None
        and not any(rep.skipped for rep in main)
    )


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


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FatigueNote(_Frozen):
    """Advice from comparing the set's reps, with the fade or drift behind it."""

    advice: Advice
    percent: Annotated[float, Field(description="pace fade or heart-rate drift, in percent")]
    block: str | None = None
    rep: int | None = Field(default=None, description="the rep after which it was judged")
    text: str = Field(description="the advice as a runner reads it after the session")


class RepResult(_Frozen):
    """One work step against its target."""

    index: int
    rep: int | None
    reps: int | None
    block: str | None
    target_text: str | None
    seconds: float
    metres: float = Field(description="by the track's marks (what the runner was asked to run)")
    pace_s_per_km: float | None = Field(description="over the metres actually run, in the lane")
    target_pace: tuple[float, float] | None = Field(description="the plan's range, fast first")
    judged_pace: tuple[float, float] | None = Field(
        description="the range the verdict used: the target widened by the athlete's tolerance"
    )
    verdict: Verdict | None = Field(description="null when not judged (short, skipped, no pace)")
    on_target: bool | None
    hr_avg: float | None
    hr_max: int | None
    recovery_hr_drop: int | None
    skipped: bool
    main_set: bool


class SessionSummary(_Frozen):
    """The session's results: reps, compliance, fatigue, and what to take from it."""

    reps: tuple[RepResult, ...]
    completed_steps: int
    skipped_steps: int = 0
    total_steps: int
    compliance: float | None = Field(description="share of judged main-set reps on target")
    fatigue: FatigueNote | None
    controlled: bool | None = Field(
        default=None,
        description="every judged main-set rep on target with no fatigue advice; null if unjudged",
    )
    takeaway: str = ""
    units: Units = Units.KM
    venue: Venue = Venue.TRACK


def _judge(
    record: StepRecord, step: ExpandedStep, lane_factor: float, tolerance: float
) -> tuple[float, float | None, Verdict | None, tuple[float, float] | None]:
    """Metres by the marks, pace over the metres run in the lane, and the one verdict."""
    metres = max(record.metres, 0.0) + 0.0  # never -0.0
    if isinstance(step.duration, DistanceDuration) and not record.skipped:
        metres = step.duration.metres
    run = metres * lane_factor
    pace = record.active_s / run * 1000 if run > 0 and record.active_s > 0 else None
    target = step.target
    if not isinstance(target, ResolvedPace):
        return metres, pace, None, None
    judged = (target.fast_s_per_km - tolerance, target.slow_s_per_km + tolerance)
    if pace is None or record.skipped or record.active_s < JUDGED_AFTER_S:
        return metres, pace, None, judged
    verdict = judge_pace(pace, target.fast_s_per_km, target.slow_s_per_km, tolerance)
    return metres, pace, verdict, judged


def rep_verdict(
    record: StepRecord, step: ExpandedStep, lane_factor: float, tolerance: float
) -> Verdict | None:
    """The verdict of one finished rep (what the voice says and the results keep)."""
    return _judge(record, step, lane_factor, tolerance)[2]


def summarize(
    steps: tuple[ExpandedStep, ...],
    records: list[StepRecord],
    fatigue: FatigueNote | None,
    *,
    pace_tolerance_s_per_km: float = 0.0,
    lane_factor: float = 1.0,
    units: Units = Units.KM,
    venue: Venue = Venue.TRACK,
) -> SessionSummary:
    """Results for every work step run so far, and how many of the main set hit their target."""
    reps: list[RepResult] = []
    for position, record in enumerate(records):
        step = steps[record.index]
        if step.kind is not StepKind.WORK:
            continue
        metres, pace, verdict, judged = _judge(record, step, lane_factor, pace_tolerance_s_per_km)
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
                target_pace=(target.fast_s_per_km, target.slow_s_per_km)
                if isinstance(target, ResolvedPace)
                else None,
                judged_pace=judged,
                verdict=verdict,
                on_target=None if verdict is None else verdict is Verdict.ON_TARGET,
                hr_avg=record.hr_avg,
                hr_max=record.hr_max,
                recovery_hr_drop=drop,
                skipped=record.skipped,
                main_set=is_main_set(step, steps),
            )
        )
    main = [rep for rep in reps if rep.main_set]
    judged_main = [rep.verdict for rep in main if rep.verdict is not None]
    on_target = sum(1 for verdict in judged_main if verdict is Verdict.ON_TARGET)
    compliance = on_target / len(judged_main) if judged_main else None
    skipped = sum(1 for record in records if record.skipped)
    return SessionSummary(
        reps=tuple(reps),
        completed_steps=sum(1 for r in records if r.ended_at is not None and not r.skipped),
        skipped_steps=skipped,
        total_steps=len(steps),
        compliance=compliance,
        fatigue=fatigue,
        controlled=is_controlled(main, fatigue),
        takeaway=takeaway_for(main, judged_main, fatigue),
        units=units,
        venue=venue,
    )


def takeaway_for(main: list[RepResult], judged: list[Verdict], fatigue: FatigueNote | None) -> str:
    """What to take from the session, in a sentence: controlled pace over heroics."""
    if fatigue is not None:
        return fatigue.text
    if not judged:
        return "Nothing to judge against a pace target today: how it felt is the record."
    fast = judged.count(Verdict.FAST)
    slow = judged.count(Verdict.SLOW)
    skipped = sum(1 for rep in main if rep.skipped)
    if not fast and not slow:
        if skipped:
            return (
                f"Every rep you ran was on target, but {skipped} of {len(main)} were skipped:"
                " repeat this session in full before making it harder."
            )
        return "Every rep on target and no fade: a controlled session. Well done."
    if fast > slow:
        return (
            f"{fast} of {len(judged)} reps faster than the target: run them at the target and"
            " the session does its job without costing the next one."
        )
    if skipped:
        return "Reps were skipped: repeat this session before making it harder."
    return (
        f"{slow} of {len(judged)} reps slower than the target: repeat this session at the same"
        " paces before making it harder."
    )
