"""`trackcue workout list|show`: the built-in library, and any workout expanded for an athlete."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from server.cli.output import console, fail, print_json
from server.workouts import (
    LIBRARY,
    AthleteProfile,
    ExpandedStep,
    ResolvedCadence,
    ResolvedHeartRate,
    ResolvedPace,
    ResolvedPower,
    ResolvedWorkout,
    WorkoutError,
    WorkoutParseError,
    get_template,
    parse,
    resolve,
)
from server.workouts.resolve import ResolvedTarget
from server.workouts.text_steps import format_duration
from server.workouts.units import format_clock, format_number, format_pace

__all__ = ["app", "load_workout", "render_resolved", "resolved_report"]

app = typer.Typer(help="Built-in workouts and workout files.", no_args_is_help=True)

Athlete5k = Annotated[
    str | None, typer.Option("--athlete-5k", help="the athlete's 5 km time (19:57) for named paces")
]


def load_workout(source: str) -> tuple[Any, list[str]]:
    """A workout from a built-in key or a text file, with the text's warnings."""
    path = Path(source)
    if path.is_file():
        try:
            parsed = parse(path.read_text(encoding="utf-8-sig"), name=path.stem)
        except WorkoutParseError as error:
            fail(f"{path}:{error.line}:{error.column}: {error.message}\n{error.pointer()}")
        except (OSError, UnicodeDecodeError) as error:
            fail(f"cannot read {path}: {error}")
        return parsed.workout, [f"{path}:{warning}" for warning in parsed.warnings]
    try:
        return get_template(source).workout, []
    except KeyError:
        keys = ", ".join(entry.key for entry in LIBRARY)
        fail(f"{source!r} is neither a workout file nor a built-in workout ({keys})", code=2)


def athlete_from_options(
    athlete_5k: str | None,
    vdot: float | None,
    max_hr: int | None,
    resting_hr: int | None,
    lthr: int | None,
) -> AthleteProfile:
    """An athlete profile from command-line numbers; bad numbers end the command with the reason."""
    try:
        if athlete_5k is not None:
            return AthleteProfile.from_race(
                "5k", athlete_5k, max_hr=max_hr, resting_hr=resting_hr, lthr=lthr
            )
        return AthleteProfile(vdot=vdot, max_hr=max_hr, resting_hr=resting_hr, lthr=lthr)
    except ValueError as error:
        fail(f"athlete: {error}", code=2)


def _target_json(step: ExpandedStep) -> dict[str, Any] | None:
    if step.target is None:
        return None
    data: dict[str, Any] = {"text": step.target_text, **step.target.model_dump()}
    return data


def _targets_json(step: ExpandedStep) -> list[dict[str, Any]]:
    """Every target of the step in the order written; `target_text` writes them all."""
    return [target.model_dump() for target in step.targets]


def resolved_report(resolved: ResolvedWorkout, warnings: list[str]) -> dict[str, Any]:
    """JSON-ready data for `workout show --json`."""
    return {
        "name": resolved.workout.name,
        "vdot": resolved.athlete.vdot,
        "lane": resolved.lane,
        "steps": [
            {
                "index": step.index,
                "path": step.path,
                "kind": step.kind.value,
                "duration": step.duration.model_dump(),
                "target": _target_json(step),
                "targets": _targets_json(step),
                "target_text": step.target_text,
                "cue": step.cue,
                "rep": step.rep,
                "reps": step.reps,
                "lap_seconds": step.lap_seconds,
                "splits": [
                    {"at_m": split.track_metres, "seconds": split.seconds} for split in step.splits
                ],
            }
            for step in resolved.steps
        ],
        "totals": resolved.totals.model_dump(),
        "warnings": warnings,
    }


def _describe_one(target: ResolvedTarget) -> str:
    if isinstance(target, ResolvedPace):
        fast = format_pace(target.fast_s_per_km).removesuffix("/km")
        return f"{fast}-{format_pace(target.slow_s_per_km)}"
    if isinstance(target, ResolvedHeartRate):
        return f"{target.low_bpm}-{target.high_bpm} bpm"
    if isinstance(target, ResolvedCadence):
        return f"{target.low_spm}-{target.high_spm} spm"
    if isinstance(target, ResolvedPower) and target.low_watts is not None:
        return f"{target.low_watts}-{target.high_watts} w"
    return ""


def _describe_target(step: ExpandedStep) -> str:
    text = (step.target_text or "open").removesuffix(" Pace")
    numbers = " · ".join(shown for shown in map(_describe_one, step.targets) if shown)
    return f"{text} {numbers}" if numbers else text


def _step_label(step: ExpandedStep) -> str:
    label = f"rep {step.rep}/{step.reps}" if step.rep is not None else step.kind.value
    if step.cue and step.cue.lower() != step.kind.value:
        label += f" {step.cue.lower()}"
    return f"{step.block}: {label}" if step.block else label


def render_resolved(resolved: ResolvedWorkout) -> None:
    """Print a resolved workout as a table a runner can take to the track."""
    table = Table(title=resolved.workout.name or "Workout", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("step")
    table.add_column("for")
    table.add_column("target")
    table.add_column("lap", justify="right")
    table.add_column("splits")
    for step in resolved.steps:
        splits = " ".join(format_clock(split.seconds) for split in step.splits)
        table.add_row(
            str(step.index + 1),
            _step_label(step),
            format_duration(step.duration),
            _describe_target(step),
            format_clock(step.lap_seconds, decimals=1) if step.lap_seconds else "",
            splits if step.kind.value == "work" else "",
        )
    console.print(table)
    totals = resolved.totals
    estimated = "" if totals.complete else " (some steps could not be estimated)"
    console.print(
        f"Total: about {totals.distance_m / 1000:.1f} km in {format_clock(totals.duration_s)}"
        f" (as written: {format_number(totals.planned_metres / 1000, 2)} km by distance and"
        f" {format_clock(totals.planned_seconds)} by time){estimated}."
    )
    console.print(
        f"Lap: target time per 400 m lap in lane {resolved.lane}; splits: at each split call."
    )


@app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for other programs")] = False,
) -> None:
    """List the built-in workouts with the reason a coach would prescribe each."""
    if as_json:
        print_json(
            [
                {"key": entry.key, "name": entry.workout.name, "rationale": entry.rationale}
                for entry in LIBRARY
            ]
        )
        return
    table = Table(title="Built-in workouts", title_justify="left", show_lines=True)
    table.add_column("key", style="bold")
    table.add_column("workout")
    table.add_column("why")
    for entry in LIBRARY:
        table.add_row(entry.key, entry.workout.name or "", entry.rationale)
    console.print(table)


@app.command("show")
def show_command(
    source: Annotated[str, typer.Argument(help="a built-in key (see `workout list`) or a file")],
    athlete_5k: Athlete5k = None,
    vdot: Annotated[float | None, typer.Option(help="the athlete's VDOT instead of a 5k")] = None,
    max_hr: Annotated[int | None, typer.Option(help="max heart rate, bpm")] = None,
    resting_hr: Annotated[int | None, typer.Option(help="resting heart rate, bpm")] = None,
    lthr: Annotated[int | None, typer.Option(help="lactate-threshold heart rate, bpm")] = None,
    lane: Annotated[int, typer.Option(min=1, max=9, help="track lane for lap times")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for other programs")] = False,
) -> None:
    """Expand a workout: every step with its resolved target, lap and split times, and totals."""
    workout, warnings = load_workout(source)
    athlete = athlete_from_options(athlete_5k, vdot, max_hr, resting_hr, lthr)
    try:
        resolved = resolve(workout, athlete, lane=lane)
    except (WorkoutError, ValueError) as error:
        needs_vdot = athlete.vdot is None and "race result" in str(error)
        hint = " (pass --athlete-5k TIME or --vdot N)" if needs_vdot else ""
        fail(f"{error}{hint}")
    if as_json:
        print_json(resolved_report(resolved, warnings))
        return
    for warning in warnings:
        console.print(f"warning: {warning}", style="yellow")
    render_resolved(resolved)
