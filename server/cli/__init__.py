"""The `trackcue` command: one Typer app that later features add their commands to."""

from __future__ import annotations

import typer

from server.cli import workouts
from server.cli.bridge import bridge_command, pair_command, scan_command
from server.cli.demo import demo_command
from server.cli.files import export_command, import_command, workout_export_command
from server.cli.pace import pace_command
from server.cli.serve import serve_command, users

__all__ = ["app", "main"]

app = typer.Typer(
    name="trackcue",
    help="Interval timer for track sessions inside a road-training plan.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command("pace")(pace_command)
app.command("demo")(demo_command)
workouts.app.command("export")(workout_export_command)
app.add_typer(workouts.app, name="workout")
app.command("serve")(serve_command)
app.add_typer(users, name="user")
app.command("pair")(pair_command)
app.command("scan")(scan_command)
app.command("bridge")(bridge_command)
app.command("import")(import_command)
app.command("export")(export_command)


def main() -> None:
    """Console entry point."""
    app()
