"""How the demo shows itself: a live Rich view for people, plain lines for logs and CI.

Both take the same events (`event(kind, data)`) from the bridge, the phone and the demo, so
what the plain log says is what the live view showed. The results at the end are the engine's
typed summary: each rep's verdict is read, never worked out again from its pace (decision 14).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from server.cli.output import console
from server.workouts.units import PaceUnit, format_clock, format_pace

__all__ = [
    "LiveView",
    "Model",
    "PlainView",
    "describe_fatigue",
    "describe_step",
    "results_lines",
    "results_table",
    "units_of",
]


@runtime_checkable
class Model(Protocol):
    """A typed value of the engine's results (`SessionSummary`, `FatigueNote`): read as the JSON
    it serialises to, so the typed value and the API's answer go through one reading."""

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        """The value as JSON-ready data."""
        ...


Results = Model | Mapping[str, Any]
"""The typed summary, or its JSON as the API returns it (stored results may be older)."""

FATIGUE_ADVICE = {
    "ease": "pace faded {amount} from the first reps: ease into the next ones",
    "stop": "pace faded {amount}: a good time to stop the set",
    "recover": "heart rate is drifting up by {amount}: take the recoveries in full",
}
NO_FATIGUE = "no sign of fading: the set was well judged"

# The engine's verdicts (`server.engine.verdict.Verdict`) by their wire values.
VERDICT_WORDS = {"on_target": "on target", "fast": "fast", "slow": "slow"}


def describe_fatigue(fatigue: Model | Mapping[str, Any] | str | None) -> str:
    """The fatigue advice in words: the engine's own (`fatigue.text`) when the note is typed,
    or an old result's `ease: 3.4 %` put into words."""
    if not fatigue:
        return NO_FATIGUE
    if isinstance(fatigue, str):
        advice, _, amount = fatigue.partition(":")
        template = FATIGUE_ADVICE.get(advice.strip())
        return template.format(amount=amount.strip()) if template else fatigue
    note = fatigue.model_dump(mode="json") if isinstance(fatigue, Model) else fatigue
    if note.get("text"):
        return str(note["text"])
    template = FATIGUE_ADVICE.get(str(note.get("advice")))
    percent = note.get("percent")
    if template is None or not isinstance(percent, int | float):
        return NO_FATIGUE
    return template.format(amount=f"{percent:.1f} %")


def units_of(results: Results, fallback: str = "km") -> PaceUnit:
    """The pace unit the session was run with (its results keep it), else `fallback`."""
    stored = _as_json(results).get("units") or fallback
    return PaceUnit.MILE if stored == "mi" else PaceUnit.KM


def _as_json(results: Results) -> Mapping[str, Any]:
    # One reading for both: a typed summary is looked at as the JSON the API would return.
    if isinstance(results, Model):
        return results.model_dump(mode="json")
    return results


def _settings_units(settings: Mapping[str, Any] | None) -> PaceUnit:
    """The pace unit a session keeps in its settings (km when it has none)."""
    return PaceUnit.MILE if (settings or {}).get("units") == "mi" else PaceUnit.KM


def _pace(speed: float | None, units: PaceUnit = PaceUnit.KM) -> str:
    return format_pace(1000 / speed, units) if speed and speed > 0.3 else "-"


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


def _verdict_word(rep: Mapping[str, Any]) -> str:
    """The rep's verdict as the engine gave it; an old result's judgement has no direction."""
    if rep.get("skipped"):
        return "skipped"
    if "verdict" in rep:
        # null is not judged (a stride, no pace); so is a verdict this CLI does not know yet.
        return VERDICT_WORDS.get(str(rep["verdict"]), "not judged")
    judged = rep.get("on_target")
    if judged is None:
        return "not judged"
    return "on target" if judged else "off target"


def _main_set(reps: Sequence[Mapping[str, Any]]) -> list[bool]:
    """Which reps are the main set: the engine marks them; for old results, the blocks with a
    judged rep are (and every rep when none was judged)."""
    if all(isinstance(rep.get("main_set"), bool) for rep in reps):
        return [bool(rep["main_set"]) for rep in reps]
    judged = {rep.get("block") for rep in reps if _verdict_word(rep) not in _UNJUDGED}
    return [not judged or rep.get("block") in judged for rep in reps]


_UNJUDGED = ("skipped", "not judged")


def _seconds(amount: float) -> str:
    rounded = round(amount, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def _judged_range(rep: Mapping[str, Any], units: PaceUnit) -> str | None:
    """`3:53-3:58/km (±1 s)` when the athlete's tolerance widened the target (the phone shows
    the same); the tolerance is per km inside, per mile for a runner in miles."""
    judged, target = rep.get("judged_pace"), rep.get("target_pace")
    if not judged or not target:
        return None
    faster, slower = target[0] - judged[0], judged[1] - target[1]
    if abs(faster) < 1e-6 and abs(slower) < 1e-6:
        return None
    fast, slow = units.from_per_km(faster), units.from_per_km(slower)
    widened = (
        f"±{_seconds(fast)} s"
        if abs(faster - slower) < 1e-6
        else f"-{_seconds(fast)} / +{_seconds(slow)} s"
    )
    return (
        f"{format_clock(units.from_per_km(judged[0]))}-{format_pace(judged[1], units)} ({widened})"
    )


def results_table(results: Results, units: PaceUnit | None = None) -> Table:
    """Every rep against its target: time, pace in the session's units, the engine's verdict,
    heart rate and recovery; the main set first, then the warm-up strides in a section of
    their own (they are about feel, so their verdict column says `stride`)."""
    data = _as_json(results)
    unit = units or units_of(results)
    reps: list[Mapping[str, Any]] = list(data.get("reps") or [])
    flags = _main_set(reps)
    main_set = [rep for rep, main in zip(reps, flags, strict=True) if main]
    strides = [rep for rep, main in zip(reps, flags, strict=True) if not main]
    table = Table(title="Results", title_justify="left", header_style="bold")
    table.add_column("set", no_wrap=True)
    for column in ("rep", "target", "time", f"pace {unit.value}", "HR", "max", "recovery"):
        table.add_column(column)
    table.add_column("verdict", no_wrap=True)
    ranges = set()
    for rep in main_set:
        table.add_row(*_cells(rep, unit, _verdict_word(rep)))
        judged = _judged_range(rep, unit)
        if judged:
            ranges.add(judged)
    if main_set and strides:
        table.add_section()
    for rep in strides:
        table.add_row(*_cells(rep, unit, "skipped" if rep.get("skipped") else "stride"))
    if ranges:
        table.caption = "judged within " + "; ".join(sorted(ranges))
        table.caption_justify = "left"
    return table


def _cells(rep: Mapping[str, Any], unit: PaceUnit, verdict: str) -> list[str]:
    pace = rep.get("pace_s_per_km")
    drop = rep.get("recovery_hr_drop")
    skipped = bool(rep.get("skipped"))
    return [
        str(rep.get("block") or ""),
        f"{rep.get('rep')}/{rep.get('reps')}",
        str(rep.get("target_text") or ""),
        "-" if skipped else format_clock(float(rep["seconds"]), decimals=1),
        format_clock(unit.from_per_km(pace)) if pace and not skipped else "-",
        "-" if rep.get("hr_avg") is None else f"{rep['hr_avg']:.0f}",
        str(rep.get("hr_max") or "-"),
        # The heart rate's change over the recovery after the rep: "-28 bpm" fell by 28.
        "-" if drop is None else f"{-drop:+d} bpm",
        verdict,
    ]


def results_lines(results: Results) -> list[str]:
    """What follows the table: the main set's count, the fatigue advice and the takeaway."""
    data = _as_json(results)
    reps: list[Mapping[str, Any]] = list(data.get("reps") or [])
    words = [_verdict_word(rep) for rep, main in zip(reps, _main_set(reps), strict=True) if main]
    judged = [word for word in words if word not in _UNJUDGED]
    lines = []
    if judged:
        counted = f"{judged.count('on target')} of {len(judged)} on target"
        others = [
            f"{words.count(word)} {word}"
            for word in ("fast", "slow", "off target", "skipped")
            if words.count(word)
        ]
        lines.append("Main set: " + ", ".join([counted, *others]))
    else:
        lines.append("Main set: no rep judged against a pace target")
    lines.append(f"Fatigue: {describe_fatigue(data.get('fatigue'))}")
    takeaway = data.get("takeaway")
    # With fatigue advice the engine's takeaway is that advice: said once.
    if takeaway and takeaway != describe_fatigue(data.get("fatigue")):
        lines.append(f"Takeaway: {takeaway}")
    return lines


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
        self.units = PaceUnit.KM
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
            self.units = _settings_units(data.get("settings"))
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
                    f"{format_pace(step_target['fast_s_per_km'], self.units)}"
                    f"-{format_pace(step_target['slow_s_per_km'], self.units)}"
                )
        figures = Table.grid(padding=(0, 3))
        figures.add_row(
            f"target {target or '-'}",
            f"pace {_pace(self.readings.get('speed'), self.units)}",
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
