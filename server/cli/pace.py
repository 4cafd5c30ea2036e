"""`trackcue pace RACE TIME`: VDOT, training paces and equivalent race times from one result."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from server.cli.output import console, fail, print_json
from server.workouts.races import RACES, Race, parse_race
from server.workouts.units import PaceUnit, format_clock, format_pace, parse_clock
from server.workouts.vdot import (
    TrainingPaces,
    equivalent_times,
    riegel_times,
    training_paces,
    vdot_from_race,
)

__all__ = ["pace_command", "pace_report"]


def pace_report(race: Race, seconds: float) -> dict[str, Any]:
    """Everything `pace` shows, as JSON-ready data (times in seconds, paces in s/km)."""
    vdot = vdot_from_race(race.metres, seconds)
    paces = training_paces(vdot)
    return {
        "race": {"name": race.name, "metres": race.metres, "seconds": seconds},
        "vdot": round(vdot, 2),
        "paces": {
            "E": [round(paces.easy[0], 1), round(paces.easy[1], 1)],
            "M": round(paces.marathon, 1),
            "T": round(paces.threshold, 1),
            "I": round(paces.interval, 1),
            "R": round(paces.repetition, 1),
        },
        "equivalents": {name: round(t, 1) for name, t in equivalent_times(vdot).items()},
        "riegel": {name: round(t, 1) for name, t in riegel_times(race.metres, seconds).items()},
    }


def _pace_cells(seconds_per_km: float) -> list[str]:
    return [format_pace(seconds_per_km, unit) for unit in (PaceUnit.KM, PaceUnit.MILE)] + [
        format_clock(PaceUnit.LAP.from_per_km(seconds_per_km))
    ]


def _paces_table(paces: TrainingPaces) -> Table:
    table = Table(title=f"Training paces for VDOT {paces.vdot:.1f}", title_justify="left")
    table.add_column("pace")
    for column in ("per km", "per mile", "per 400 m"):
        table.add_column(column, justify="right")
    slow, fast = paces.easy
    table.add_row(
        "E easy",
        *(
            f"{a.split('/')[0]}-{b}"
            for a, b in zip(_pace_cells(fast), _pace_cells(slow), strict=True)
        ),
    )
    for label, value in (
        ("M marathon", paces.marathon),
        ("T threshold", paces.threshold),
        ("I interval", paces.interval),
        ("R repetition", paces.repetition),
    ):
        table.add_row(label, *_pace_cells(value))
    return table


def pace_command(
    race: Annotated[
        str,
        typer.Argument(help="1500m, mile, 3000m, 2mile, 5k, 10k, 15k, half, marathon, or 8000m"),
    ],
    time: Annotated[str, typer.Argument(help="finishing time: 19:57 or 1:31:35")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON for other programs")] = False,
) -> None:
    """VDOT, Daniels training paces and equivalent race times from one race result."""
    try:
        parsed_race = parse_race(race)
        seconds = parse_clock(time)
        report = pace_report(parsed_race, seconds)
    except ValueError as error:
        fail(str(error), code=2)
    if as_json:
        print_json(report)
        return
    paces = training_paces(report["vdot"])
    console.print(
        f"{parsed_race.name} in {format_clock(seconds)} gives VDOT {report['vdot']:.1f}",
        style="bold",
    )
    console.print(_paces_table(paces))
    table = Table(title="Equivalent race times", title_justify="left")
    table.add_column("race")
    table.add_column("Daniels (VDOT)", justify="right")
    table.add_column("Riegel (t x d^1.06)", justify="right")
    for known in RACES:
        table.add_row(
            known.name,
            format_clock(report["equivalents"][known.name]),
            format_clock(report["riegel"][known.name]),
        )
    console.print(table)
