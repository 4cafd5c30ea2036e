"""A simulated runner around a real engine: the test's two ends, the athlete and the session.

`run_session` drives the engine as the live scheduler would (a tick at every deadline, samples
every `dt` seconds), follows each step's target with a `SimulatedRunner`, presses the lap button
at the line on the track, and records every event so a test can replay it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from device.simulation import RunnerProfile, SimulatedRunner
from server.engine import (
    Command,
    Cue,
    CueKind,
    EngineSettings,
    Event,
    Lap,
    Phase,
    Sample,
    SessionEngine,
    SessionStatus,
    Start,
    Tick,
)
from server.workouts import (
    AthleteProfile,
    DistanceDuration,
    ExpandedStep,
    ResolvedPace,
    ResolvedWorkout,
    StepKind,
    get_template,
    parse_workout,
    resolve,
)
from server.workouts.track import lane_lap_metres

ATHLETE = AthleteProfile.from_race("5k", "19:57", max_hr=190, resting_hr=50)


def plan_for(key_or_text: str, athlete: AthleteProfile = ATHLETE, lane: int = 1) -> ResolvedWorkout:
    if "\n" in key_or_text:
        return resolve(parse_workout(key_or_text), athlete, lane=lane)
    return resolve(get_template(key_or_text).workout, athlete, lane=lane)


def target_speed(step: ExpandedStep, athlete: AthleteProfile) -> float:
    """The speed a sensible runner aims at in this step."""
    if step.kind is StepKind.REST:
        return 0.0
    if isinstance(step.target, ResolvedPace):
        return 1000 / step.target.middle_s_per_km
    paces = athlete.paces()
    assert paces is not None
    if step.kind is StepKind.WORK:
        return 1000 / paces.interval
    easy = 2000 / (paces.easy[0] + paces.easy[1])
    return easy * 0.75 if step.kind is StepKind.RECOVERY else easy


@dataclass
class Run:
    """What happened: the engine at the end, every event fed, every cue given."""

    engine: SessionEngine
    events: list[Event] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)

    def feed(self, event: Event) -> list[Cue]:
        cues = self.engine.handle(event)
        self.events.append(event)
        self.cues.extend(cues)
        return cues

    def texts(self, kind: CueKind) -> list[str]:
        return [cue.text for cue in self.cues if cue.kind is kind]

    def of(self, kind: CueKind) -> list[Cue]:
        return [cue for cue in self.cues if cue.kind is kind]


def finished(engine: SessionEngine) -> bool:
    """Whether the session is over (a function, so a type checker does not pin the status)."""
    return engine.status is SessionStatus.FINISHED


def run_session(
    plan: ResolvedWorkout,
    profile: RunnerProfile | None = None,
    settings: EngineSettings | None = None,
    *,
    dt: float = 1.0,
    press_laps: bool = True,
    footpod: bool = True,
    commands: list[Command] | None = None,
    max_seconds: float = 6 * 3600,
) -> Run:
    """Run `plan` start to finish with a simulated runner; commands fire at their times."""
    runner = SimulatedRunner(profile)
    run = Run(SessionEngine(plan, settings))
    pending = sorted(commands or [], key=lambda command: command.t)
    lane_factor = lane_lap_metres(plan.lane) / 400
    t = 0.0
    run.feed(Start(t=t))
    step_key: tuple[int | None, float | None] = (None, None)
    step_start_distance = 0.0
    t_previous, previous_distance = 0.0, 0.0
    while run.engine.status is not SessionStatus.FINISHED and t < max_seconds:
        t_next = round(t + dt, 6)
        deadline = run.engine.next_deadline()
        if deadline is not None and deadline <= t_next:
            # Wake the engine as the scheduler would: it acts on every deadline up to then,
            # each at its own instant (a wake-up at the latest, never one per deadline).
            run.feed(Tick(t=min(t_next, max(deadline, run.engine.now))))
        while pending and pending[0].t <= t_next:
            run.feed(pending.pop(0))
        if finished(run.engine):
            break
        state = run.engine.state()
        key = (state.step_index, state.step_started_at)
        if key != step_key:
            if step_key[1] is not None and plan.steps[step_key[0] or 0].kind is StepKind.WORK:
                runner.end_rep()
            if state.phase is Phase.STEP and state.kind is StepKind.WORK:
                runner.start_rep()
            step_key = key
            step_start_distance = runner.distance
            started = state.step_started_at
            if started is not None and t_previous < started < t:
                # The step began between two samples: where was the runner then?
                fraction = (started - t_previous) / (t - t_previous)
                step_start_distance = previous_distance + fraction * (
                    runner.distance - previous_distance
                )
        step = plan.steps[state.step_index] if state.step_index is not None else None
        paused = state.status is SessionStatus.PAUSED
        if step is None or paused:
            aim = 0.0
        elif state.phase is Phase.LEAD_IN:
            aim = 1.5  # rolling to the line
        else:
            aim = target_speed(step, plan.athlete)
        ran_before = runner.distance - step_start_distance
        t_previous, previous_distance = t, runner.distance
        reading = runner.advance(t_next - t, aim)
        t_before, t = t, t_next
        if (
            press_laps
            and step is not None
            and not paused
            and state.phase is Phase.STEP
            and isinstance(step.duration, DistanceDuration)
        ):
            ran = runner.distance - step_start_distance
            laps_done = run.engine.state().laps_in_step
            next_mark = min((laps_done + 1) * 400, step.duration.metres) * lane_factor
            if ran >= next_mark:
                # The runner presses at the line, between two samples.
                crossed = t_before + (next_mark - ran_before) / (ran - ran_before) * (t - t_before)
                run.feed(Lap(t=max(crossed, run.engine.state().now)))
        if footpod:
            run.feed(
                Sample(
                    t=t,
                    source="footpod",
                    speed=reading.footpod_speed,
                    cadence=reading.cadence,
                    distance=reading.footpod_distance,
                )
            )
        run.feed(Sample(t=t, source="hrm", hr=reading.hr))
    return run
