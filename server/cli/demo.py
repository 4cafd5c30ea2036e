"""`trackcue demo`: today's track session for a sample athlete, every rep with its lap time."""

from __future__ import annotations

from typing import Annotated

import typer

from server.cli.output import console, fail, print_json
from server.cli.workouts import render_resolved, resolved_report
from server.workouts import AthleteProfile, get_template, resolve
from server.workouts.units import format_clock, format_pace

__all__ = ["demo_command"]

SAMPLE_5K = "19:57"


def demo_command(
    athlete_5k: Annotated[
        str, typer.Option("--athlete-5k", help="the sample athlete's 5 km time")
    ] = SAMPLE_5K,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for other programs")] = False,
) -> None:
    """Show the built-in 6 x 400 m session for a sample athlete, with every rep's lap time."""
    entry = get_template("6x400")
    try:
        athlete = AthleteProfile.from_race("5k", athlete_5k, max_hr=190, resting_hr=50)
    except ValueError as error:
        fail(f"athlete: {error}", code=2)
    resolved = resolve(entry.workout, athlete)
    if as_json:
        print_json(resolved_report(resolved, []))
        return
    paces = athlete.paces()
    assert paces is not None
    console.print(
        f"Sample athlete: 5 km in {athlete_5k} -> VDOT {athlete.vdot:.1f};"
        f" I pace {format_pace(paces.interval)}, E {format_pace(paces.easy[1])}"
        f"-{format_pace(paces.easy[0])}"
    )
    console.print(entry.rationale + "\n", style="italic")
    render_resolved(resolved)
    console.print("\nRep targets", style="bold")
    for step in resolved.steps:
        if step.block == "Main set" and step.rep is not None and step.lap_seconds is not None:
            splits = ", ".join(
                f"{split.track_metres:g} m in {format_clock(split.seconds, decimals=1)}"
                for split in step.splits
            )
            console.print(
                f"  Rep {step.rep} of {step.reps}: 400 m in"
                f" {format_clock(step.lap_seconds, decimals=1)} ({splits})"
            )
