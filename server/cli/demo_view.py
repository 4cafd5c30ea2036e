"""How the demo shows itself: a live Rich view for people, plain lines for logs and CI.

Both take the same events (`event(kind, data)`) from the bridge, the phone and the demo, so
what the plain log says is what the live view showed.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from server.cli.output import console
from server.workouts.units import format_clock, format_pace

__all__ = ["LiveView", "PlainView", "describe_fatigue", "describe_step", "results_table"]

FATIGUE_ADVICE = {
    "ease": "pace faded {amount} from the first reps: ease into the next ones",
    "stop": "pace faded {amount}: a good time to stop the set",
    "recover": "heart rate is drifting up by {amount}: take the recoveries in full",
}


def describe_fatigue(verdict: str | None) -> str:
    """The engine's fatigue verdict (`ease: 3.4 %`) in words."""
    if not verdict:
        return "no sign of fading: the set was well judged"
    advice, _, amount = verdict.partition(":")
    template = FATIGUE_ADVICE.get(advice.strip())
    return template.format(amount=amount.strip()) if template else verdict


def _pace(speed: float | None) -> str:
    return format_pace(1000 / speed) if speed and speed > 0.3 else "-"


def describe_step(plan: dict[str, Any], state: dict[str, Any]) -> str:
    """`Main set · rep 3 of 6 · work · I Pace`, from the state and the plan."""
    status = state.get("status")
    if status != "running" and status != "paused":
        return str(status or "waiting")
    steps = plan.get("steps") or []
    index = state.get("step_index")
    if not isinstance(index, int) or not 0 <= index < len(steps):
        return str(status)
    step = steps[index]
    parts = [str(step.get("block") or "")]
    if state.get("rep"):
        parts.append(f"rep {state['rep']} of {state['reps']}")
    parts.append("counting in" if state.get("phase") == "lead_in" else str(step.get("kind")))
    if step.get("target_text"):
        parts.append(str(step["target_text"]))
    if status == "paused":
        parts.append("PAUSED")
    return " · ".join(part for part in parts if part)


def _progress(state: dict[str, Any]) -> tuple[float, float, str]:
    """(done, total, label) of the current step: a countdown or the metres run."""
    if state.get("remaining_s") is not None:
        active = float(state.get("active_s") or 0.0)
        remaining = float(state["remaining_s"])
        return active, active + remaining, f"{format_clock(remaining)} to go"
    if state.get("target_metres"):
        metres = float(state.get("metres") or 0.0)
        target = float(state["target_metres"])
        return min(metres, target), target, f"{metres:.0f} of {target:.0f} m"
    active = float(state.get("active_s") or 0.0)
    return 0.0, 1.0, format_clock(active)


def _vibration(pattern: list[int] | None) -> str:
    return "" if not pattern else " vibrate " + "-".join(str(ms) for ms in pattern)


def results_table(results: dict[str, Any]) -> Table:
    """Every rep against its target: time, pace, heart rate, recovery."""
    table = Table(title="Results", title_justify="left", header_style="bold")
    for column in ("set", "rep", "target", "time", "pace", "HR", "max", "recovery", "on target"):
        table.add_column(column)
    for rep in results.get("reps", []):
        if rep.get("skipped"):
            verdict = "skipped"
        else:
            verdict = {True: "yes", False: "no", None: "-"}[rep.get("on_target")]
        pace = rep.get("pace_s_per_km")
        hr = "-" if rep.get("hr_avg") is None else f"{rep['hr_avg']:.0f}"
        drop = rep.get("recovery_hr_drop")
        # The heart rate's change over the recovery after the rep: "-28 bpm" fell by 28.
        recovery = "-" if drop is None else f"{-drop:+d} bpm"
        table.add_row(
            str(rep.get("block") or ""),
            f"{rep.get('rep')}/{rep.get('reps')}",
            str(rep.get("target_text") or ""),
            format_clock(float(rep["seconds"]), decimals=1),
            format_pace(pace) if pace else "-",
            hr,
            str(rep.get("hr_max") or "-"),
            recovery,
            verdict,
        )
    return table


class PlainView:
    """One line per thing that happened: for logs, CI and `--no-tui`."""

    def __init__(self, out: Console | None = None) -> None:
        self.out = out or console
        self.plan: dict[str, Any] = {}
        self._step: tuple[Any, ...] = ()

    def event(self, kind: str, data: dict[str, Any]) -> None:
        """Print what a runner or an operator would want to know."""
        line = self._line(kind, data)
        if line:
            self.out.print(line, soft_wrap=True)

    def _line(self, kind: str, data: dict[str, Any]) -> str | None:
        if kind == "starting":
            return f"server  {data['url']} (data in {data['data_dir']})"
        if kind == "session" and "plan" in data:
            self.plan = data["plan"]
            return f"session {data['id']}: {self.plan.get('workout', {}).get('name', '')}"
        if kind == "found":
            return f"found   {data['kind']}: {data['name']} ({data['rssi']} dBm)"
        if kind == "device":
            return f"device  {data['kind']} {data['status']}"
        if kind == "cue":
            at = format_clock(float(data["due"]))
            return f"cue     {at}  {data['text']}{_vibration(data.get('vibration'))}"
        if kind == "watch":
            return f"watch   {data['text']}"
        if kind == "network":
            return f"network down for {data['down_s']:.0f} session seconds"
        if kind == "treadmill":
            return f"treadmill {data['request']}: {data['result']}"
        if kind == "phone":
            state = data["state"]
            key = (state.get("status"), state.get("step_index"), state.get("phase"))
            if key != self._step:
                self._step = key
                return f"step    {describe_step(self.plan, state)}"
        return None


class LiveView:
    """The live terminal view: the step, its countdown, pace and HR, the cues as they fire."""

    def __init__(self, *, speed: float, scenario: str) -> None:
        self.speed = speed
        self.scenario = scenario
        self.plan: dict[str, Any] = {}
        self.state: dict[str, Any] = {}
        self.readings: dict[str, Any] = {}
        self.devices: dict[str, str] = {}
        self.cues: deque[str] = deque(maxlen=8)
        self.watch: deque[str] = deque(maxlen=3)
        self.watch_count = 0
        self.notes: deque[str] = deque(maxlen=2)
        self.live = Live(self.render(), console=console, refresh_per_second=8, transient=False)

    def __enter__(self) -> LiveView:
        self.live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.update(self.render())
        self.live.__exit__(None, None, None)

    def event(self, kind: str, data: dict[str, Any]) -> None:
        """Take in an event and redraw."""
        if kind == "session" and "plan" in data:
            self.plan = data["plan"]
        elif kind == "phone":
            self.state = data["state"]
        elif kind == "reading":
            self.readings.update({k: v for k, v in data.items() if k in ("hr", "speed")})
        elif kind == "device":
            self.devices[data["kind"]] = data["status"]
        elif kind == "cue" and data.get("text"):
            at = format_clock(float(data["due"]))
            self.cues.append(f"{at}  {data['text']}{_vibration(data.get('vibration'))}")
        elif kind == "watch":
            self.watch_count += 1
            self.watch.append(str(data["text"]))
        elif kind == "network":
            self.notes.append(f"network down for {data['down_s']:.0f} session seconds")
        elif kind == "starting":
            self.notes.append(f"server {data['url']}")
        self.live.update(self.render())

    def render(self) -> RenderableType:
        """The whole view, drawn from what is known now."""
        state = self.state
        title = Text.assemble(
            ("trackcue demo", "bold"), f"  {self.speed:g}x  scenario {self.scenario}"
        )
        done, total, label = _progress(state) if state else (0.0, 1.0, "")
        steps = self.plan.get("steps") or []
        index = state.get("step_index")
        target = ""
        if isinstance(index, int) and 0 <= index < len(steps):
            step_target = steps[index].get("target") or {}
            if step_target.get("type") == "pace":
                target = (
                    f"{format_pace(step_target['fast_s_per_km'])}"
                    f"-{format_pace(step_target['slow_s_per_km'])}"
                )
        figures = Table.grid(padding=(0, 3))
        figures.add_row(
            f"target {target or '-'}",
            f"pace {_pace(self.readings.get('speed'))}",
            f"HR {self.readings.get('hr', '-')}",
            f"session {format_clock(float(state.get('now') or 0.0))}",
        )
        devices = "  ".join(f"{kind} {status}" for kind, status in sorted(self.devices.items()))
        cues = Text("\n".join(self.cues) or "no cue yet", style="cyan")
        watch = f"watch: {self.watch_count} alerts" + (
            f", last: {self.watch[-1]}" if self.watch else ""
        )
        body = Group(
            Text(
                describe_step(self.plan, state) if state else "waiting for the session",
                style="bold",
            ),
            ProgressBar(total=max(total, 1e-6), completed=done, width=50),
            Text(label),
            figures,
            Text(devices or "devices: scanning", style="dim"),
            Text("cues", style="bold"),
            cues,
            Text(watch, style="magenta"),
            Text("\n".join(self.notes), style="yellow"),
        )
        return Panel(body, title=title, title_align="left")
