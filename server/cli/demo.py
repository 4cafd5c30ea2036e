"""`trackcue demo`: the whole system end to end on one machine, with no hardware.

A real server on loopback, a simulated runner wearing a simulated strap, footpod and watch
(reached through bleak's real classes), the bridge streaming over the real websocket protocol,
and a phone starting the session, all on a sped-up session clock. It ends with the results and
exits 0 only when the session completed and what was stored matches what the runner did.
"""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from server.cli.output import console, fail, print_json

__all__ = ["demo_command"]


def _demo_dir(given: Path | None) -> Path:
    if given is not None:
        return given
    base = os.environ.get("TRACKCUE_DATA_DIR")
    if base:
        return Path(base) / "demo"
    home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(home) / "trackcue" / "demo"


def demo_command(
    speed: Annotated[
        float,
        typer.Option(help="session seconds per real second (1 is real time)", min=1, max=100),
    ] = 60.0,
    scenario: Annotated[str, typer.Option(help="steady, fast-start, fade or link-loss")] = "steady",
    no_tui: Annotated[
        bool, typer.Option("--no-tui", help="plain lines instead of the live view")
    ] = False,
    serve: Annotated[
        bool, typer.Option("--serve", help="keep the server running afterwards (Ctrl-C ends)")
    ] = False,
    athlete_5k: Annotated[
        str, typer.Option("--athlete-5k", help="the demo runner's 5 km time")
    ] = "19:57",
    units: Annotated[str, typer.Option(help="the demo runner's units for paces: km or mi")] = "km",
    data_dir: Annotated[
        Path | None,
        typer.Option(help="where the demo keeps its data [TRACKCUE_DATA_DIR/demo]"),
    ] = None,
    port: Annotated[int | None, typer.Option(help="the server's port (default: any free)")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="plain lines while running, then the outcome as JSON")
    ] = False,
) -> None:
    """Run today's 6 x 400 m session end to end: server, bridge, simulated runner, phone."""
    from server.cli.demo_run import DemoOptions, DemoOutcome, Scenario, run_demo
    from server.cli.demo_view import LiveView, PlainView

    try:
        chosen = Scenario(scenario)
    except ValueError:
        names = ", ".join(item.value for item in Scenario)
        fail(f"no scenario {scenario!r}: choose one of {names}", code=2)
    if units not in ("km", "mi"):
        fail(f"no units {units!r}: choose km or mi", code=2)
    options = DemoOptions(
        data_dir=_demo_dir(data_dir),
        speed=speed,
        scenario=chosen,
        athlete_5k=athlete_5k,
        units=units,
        port=port,
    )

    async def keep_serving(outcome: DemoOutcome) -> None:
        report(outcome, as_json=as_json)
        console.print(f"\nserver still running at {outcome.server_url}/ (Ctrl-C to stop)")
        await asyncio.Event().wait()

    def run(view: Any) -> DemoOutcome:
        return asyncio.run(run_demo(options, view, keep_serving=keep_serving if serve else None))

    try:
        if as_json:  # the lines go to stderr, so stdout holds the JSON document alone
            outcome = run(PlainView(Console(stderr=True, highlight=False, markup=False)))
        elif no_tui or not console.is_terminal:
            outcome = run(PlainView())
        else:
            with LiveView(speed=speed, scenario=chosen.value) as live:
                outcome = run(live)
    except KeyboardInterrupt:
        console.print("stopped")
        raise typer.Exit(130) from None
    except (RuntimeError, OSError, TimeoutError) as error:
        fail(f"the demo could not run: {error}")
    if not serve:
        report(outcome, as_json=as_json)
    if not outcome.passed:
        failed = "; ".join(f"{name}: {detail}" for name, ok, detail in outcome.checks if not ok)
        fail(f"the demo's checks failed: {failed or 'nothing was checked'}")


def report(outcome: Any, *, as_json: bool) -> None:
    """The end of the demo: results, verdict, checks, where things are."""
    from server.cli.demo_run import DEMO_NAME, DEMO_PASSWORD
    from server.cli.demo_view import results_lines, results_table

    if as_json:
        print_json(
            {
                "session_id": outcome.session_id,
                "server": outcome.server_url,
                "database": str(outcome.database),
                "results": outcome.results,
                "samples": outcome.samples,
                "link_drops": outcome.link_drops,
                "watch_alerts": outcome.watch_alerts,
                "watch_alert_kinds": {"buzz": outcome.watch_buzzes, "text": outcome.watch_texts},
                "checks": [
                    {"name": name, "ok": ok, "detail": detail}
                    for name, ok, detail in outcome.checks
                ],
                "passed": outcome.passed,
            }
        )
        return
    console.print()
    console.print(results_table(outcome.results))
    for line in results_lines(outcome.results):
        console.print(line, soft_wrap=True)
    console.print()
    for name, ok, detail in outcome.checks:
        console.print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
    console.print(watch_line(outcome))
    samples = ", ".join(f"{count} {source}" for source, count in outcome.samples.items())
    console.print(f"Samples stored once each: {samples}; link drops: {outcome.link_drops}")
    console.print(f"Data: {outcome.database} (session {outcome.session_id})")
    console.print(
        f"Phone app: {outcome.server_url}/ (sign in as {DEMO_NAME},"
        f" password {json.dumps(DEMO_PASSWORD)}; `--serve` keeps it running)"
    )


def watch_line(outcome: Any) -> str:
    """What the simulated watch received, counted on the watch: `watch   12 alerts in the
    session (6 buzzes, 12 texts)`; a buzz and its words are two alerts to the watch."""
    return (
        f"watch   {outcome.watch_alerts} alerts in the session"
        f" ({outcome.watch_buzzes} buzzes, {outcome.watch_texts} texts)"
    )
