"""The runner's cue preferences are applied in the engine, once, for every client."""

from __future__ import annotations

from server.engine import Cue, CueKind, CuePreferences, EngineSettings, SessionEngine, Start, Tick
from server.protocol import CueMessage
from tests.engine.harness import plan_for

REST_THEN_REP = "Main set 2x\n- 1m I Pace\n- Rest 1m\n"


def cues_with(cues: CuePreferences) -> list[Cue]:
    engine = SessionEngine(plan_for(REST_THEN_REP), EngineSettings(cues=cues))
    said = engine.handle(Start(t=0))
    while (deadline := engine.next_deadline()) is not None:
        said += engine.handle(Tick(t=deadline))
    return said


def test_countdown_seconds_are_for_the_ear_and_the_warning_and_go_buzz() -> None:
    said = cues_with(CuePreferences())
    seconds = [cue for cue in said if cue.kind is CueKind.COUNTDOWN and cue.text.isdigit()]
    assert seconds and all(cue.vibration == () and cue.beep is not None for cue in seconds)
    (warning,) = [cue for cue in said if cue.text == "10 seconds."]
    assert warning.vibration
    goes = [cue for cue in said if cue.text == "Go."]
    assert goes and all(cue.vibration for cue in goes)


def test_a_runner_who_wants_every_second_on_the_wrist_gets_it() -> None:
    said = cues_with(CuePreferences(countdown_buzz=True))
    seconds = [cue for cue in said if cue.kind is CueKind.COUNTDOWN and cue.text.isdigit()]
    assert seconds and all(cue.vibration for cue in seconds)


def test_vibration_and_beeps_switched_off_leave_the_words() -> None:
    said = cues_with(CuePreferences(vibration=False, beeps=False))
    assert all(cue.vibration == () and cue.beep is None for cue in said)
    assert "Go." in [cue.text for cue in said]


def test_a_rep_end_does_not_buzz_twice_with_the_step_that_follows() -> None:
    said = cues_with(CuePreferences())
    (end, *_) = [cue for cue in said if cue.kind is CueKind.STEP_END]
    beside = [cue for cue in said if cue.due == end.due and cue.kind is CueKind.STEP_START]
    assert end.vibration == () and beside and beside[0].vibration


def test_the_watch_shows_words_not_countdown_seconds() -> None:
    from device.watch_alerts import worth_reading

    def message(kind: str, text: str) -> CueMessage:
        return CueMessage(id="c1", kind=kind, due=0, priority=3, text=text)

    assert not worth_reading(message("countdown", "3"))
    assert worth_reading(message("countdown", "10 seconds."))
    assert worth_reading(message("preview", "Last rep: 400 metres in 94 seconds."))
    assert worth_reading(message("a_kind_from_a_newer_server", "Hello."))
