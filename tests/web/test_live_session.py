"""The live session in a real browser: the built-in 6 x 400 m on a fast clock, from the sign-in
to the results, with what the phone says and vibrates recorded and compared with the cues the
server sent."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable

import httpx
from playwright.sync_api import Page, expect

from tests.web.browser import CLOCK_RATE, Phone, Recording, make_athlete, sign_in

# The screen in one read, so that the step and its clock belong together.
SHOWN = """() => ({
  title: document.getElementById("step-title").textContent,
  clock: document.getElementById("countdown").textContent,
})"""


def seconds_shown(page: Page) -> int:
    """The big countdown as seconds ("0:17" is 17)."""
    return as_seconds(page.locator("#countdown").inner_text())


def as_seconds(text: str) -> int:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def wait_until(
    phone: Phone, condition: Callable[[], bool], what: str, timeout: float = 20.0
) -> None:
    """Poll `condition` (between short waits of the page) until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        phone.page.wait_for_timeout(50)


def wait_for_speech(phone: Phone, text: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while text not in phone.recording.spoken:
        assert time.monotonic() < deadline, f"never said {text!r}: {phone.recording.spoken}"
        phone.page.wait_for_timeout(50)


def test_the_six_by_four_hundred_is_run_with_every_cue_said_once_across_reloads(
    phone: Phone,
) -> None:
    page = phone.page
    athlete = make_athlete(phone.server, "ana")
    sign_in(phone, athlete)

    # Today: nothing planned, so the library is offered; the 6 x 400 m shows its lap times.
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    expect(page.locator("#workout-name")).to_have_text("6 x 400 m at I pace")
    expect(page.locator("table.targets")).to_contain_text("1:34")
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url(re.compile(r".*#/session/\w+$"))
    expect(page.locator(".connection")).to_have_text("Live")

    page.get_by_role("button", name="Start").click()
    expect(page.locator("#step-title")).to_have_text("Warm up")
    page.get_by_role("button", name="Skip").click()  # the 15 min jog
    expect(page.locator("#step-title")).to_have_text("Drills")
    page.get_by_role("button", name="Skip").click()  # the drills: then the strides, timed

    # A timed rep counts down, then the walk, then the rep number changes.
    expect(page.locator("#step-title")).to_have_text("Rep 1 of 4")
    expect(page.locator("#caption")).to_have_text("to go")
    first = seconds_shown(page)
    page.wait_for_function(
        """(first) => {
          const [minutes, seconds] = document.getElementById("countdown").textContent.split(":");
          const shown = Number(minutes) * 60 + Number(seconds);
          return document.getElementById("step-title").textContent === "Rep 1 of 4"
            && shown < first;
        }""",
        arg=first,
    )
    expect(page.locator("#step-title")).to_have_text("Walk")

    # A reload in the walk, once "10 seconds." has been said: the welcome lists that cue again
    # (it is still ahead on the engine's clock), and the page must not say it twice. Through the
    # walk the screen shows the next rep, in the words the preview said 15 s before its end.
    wait_for_speech(phone, "10 seconds.")
    expect(page.locator("#splits")).to_have_text(re.compile(r"^Next, rep 2 of 4: 20 seconds"))
    page.reload()
    expect(page.locator(".connection")).to_have_text("Live")
    expect(page.locator("#step-title")).to_have_text("Rep 2 of 4", timeout=15_000)
    assert phone.recording.spoken.count("10 seconds.") == 1
    assert len(phone.recording.welcomes()) == 2  # the first, and the one after the reload

    # +30 s in a timed rest: the countdown grows by half a minute (then the walk is skipped).
    # The session clock runs CLOCK_RATE times faster than ours, so what is compared is the
    # countdown plus the session time that passed since it was read (timed from before that
    # read, so never too little): 30 s more than before, whenever the page shows it, however
    # slow the machine. Without the extension it would be no more than `before`.
    page.get_by_role("button", name="Skip").click()
    expect(page.locator("#step-title")).to_have_text("Walk")
    read_at = time.monotonic()
    before = seconds_shown(page)
    page.get_by_role("button", name="+30 s").click()
    expect(page.locator("#last-cue")).to_contain_text("Plus 30 seconds")

    def extended() -> bool:
        shown = page.evaluate(SHOWN)
        passed = CLOCK_RATE * (time.monotonic() - read_at)
        return shown["title"] == "Walk" and as_seconds(shown["clock"]) + passed >= before + 27

    wait_until(phone, extended, "the walk's countdown to grow by 30 s")
    expect(page.get_by_role("button", name="+30 s")).to_be_enabled()

    # The rest of the warm-up skipped, the main set is run by lap presses. Each skip is waited
    # for (the screen shows another step) before the next press.
    screen = page.locator("section.live")
    while page.locator("#step-title").inner_text() != "Rep 1 of 6":
        step = screen.get_attribute("data-step")
        assert step is not None
        page.get_by_role("button", name="Skip").click()
        expect(screen).not_to_have_attribute("data-step", step)
    expect(page.locator("#target")).to_contain_text("400 m in 1:34")
    expect(page.get_by_role("button", name="+30 s")).to_be_disabled()  # not in a rep
    for rep in range(1, 7):
        expect(page.locator("#step-title")).to_have_text(f"Rep {rep} of 6")
        expect(page.locator("#caption")).to_have_text("elapsed")
        if rep == 3:
            page.get_by_role("button", name="Pause").click()
            expect(page.locator("#caption")).to_have_text("Paused")
            page.get_by_role("button", name="Resume").click()
            expect(page.locator("#caption")).to_have_text("elapsed")
        if rep == 4:  # a reload mid-rep: the same rep, its time still running
            expect(page.locator("#countdown")).not_to_have_text(re.compile(r"^0:0[01]$"))
            elapsed = seconds_shown(page)
            page.reload()
            expect(page.locator(".connection")).to_have_text("Live")
            expect(page.locator("#step-title")).to_have_text("Rep 4 of 6")
            assert seconds_shown(page) >= elapsed
        page.get_by_role("button", name="Lap").click()
        expect(page.locator("#step-title")).to_have_text("Jog")
        page.get_by_role("button", name="Lap").click()
    expect(page.locator("#step-title")).to_have_text("Cool down")
    page.get_by_role("button", name="End").click()
    page.get_by_role("button", name="Tap again to end").click()
    page.get_by_role("link", name="See results").click()
    table = page.locator("#results-table")
    expect(table.locator("tbody tr:not(.block)")).to_have_count(10)  # 4 strides and 6 reps
    expect(table).to_contain_text("Main set")
    expect(page.locator(".chart")).to_be_visible()

    # The training log, for this session.
    page.get_by_role("radio", name="RPE 7").click()
    page.get_by_role("button", name="Add soreness").click()
    page.get_by_label("Where it is sore").fill("left calf")
    page.get_by_label("Feelings").fill("smooth, last two hard")
    page.get_by_role("button", name="Save to the log").click()
    expect(page.locator("#log-saved")).to_contain_text("RPE 7")

    session_id = page.url.rsplit("/", 1)[1]
    log = httpx.get(f"{phone.server.url}/v1/log", headers=athlete.headers).json()
    assert [(entry["session_id"], entry["rpe"]) for entry in log] == [(session_id, 7)]
    assert log[0]["soreness"] == [{"where": "left calf", "severity": 3}]

    recording = phone.recording
    laps = [m for m in recording.sent if m["type"] == "lap"]
    assert len(laps) == 12
    commands = [m["action"] for m in recording.sent if m["type"] == "command"]
    assert {"start", "skip", "extend", "pause", "resume", "end"} <= set(commands)
    cancelled = recording.cancelled()
    due = [
        cue["text"]
        for cue in recording.cues()
        if cue["kind"] != "cancel" and cue["text"] and cue["id"] not in cancelled
    ]
    assert Counter(recording.spoken) == Counter(due)
    ten = next(
        cue
        for cue in recording.cues()
        if cue["text"] == "10 seconds." and cue["id"] not in cancelled
    )
    assert ten["id"] in [cue["id"] for cue in recording.welcomes()[1]["cues"]]
    # The rep is announced in the seconds before it (wording.preview_text), once across reloads.
    assert sum(text.startswith("Next, rep 2 of 4:") for text in recording.spoken) == 1
    check_count_ins_and_buzzes(recording)


def check_count_ins_and_buzzes(recording: Recording) -> None:
    """What the engine says before a rep, and what the hand feels (default cue preferences)."""
    cancelled = recording.cancelled()
    cues = [c for c in recording.cues() if c["kind"] != "cancel" and c["id"] not in cancelled]
    spoken = recording.spoken

    # After a skip (the strides) and a lap-ended jog (the main set) a rep gets a count-in of
    # 7 s: its preview, 4 s for the words, then 3, 2, 1 and "Go." alone at zero.
    for preview in ("Next, rep 1 of 4:", "Next, rep 1 of 6:", "Last rep: 400 metres"):
        at = next(i for i, text in enumerate(spoken) if text.startswith(preview))
        assert spoken[at + 1 : at + 5] == ["3", "2", "1", "Go."], spoken[at : at + 5]
    for rep in range(1, 7):
        assert sum(text.startswith(f"Next, rep {rep} of 6:") for text in spoken) == (rep < 6)
    goes = [c for c in cues if c["kind"] == "step_start" and c["text"].startswith("Go")]
    assert goes and {c["text"] for c in goes} == {"Go."}
    previews = {c["step_index"]: c for c in cues if c["kind"] == "preview"}
    count_ins = [g for g in goes if g["due"] - previews[g["step_index"]]["due"] < 14]
    assert len(count_ins) >= 7  # the first stride, the six reps of the main set
    assert {round(g["due"] - previews[g["step_index"]]["due"], 3) for g in count_ins} == {7.0}

    # Buzzes: "Go." and "10 seconds." do; the seconds of a countdown do not (countdown_buzz is
    # off by default), nor does a rep's end, which falls with the next step's own buzz.
    for cue in cues:
        if cue["kind"] == "countdown":
            assert cue["vibration"] == ([] if cue["text"].isdigit() else [80]), cue
        if cue["kind"] in ("step_end", "preview"):
            assert cue["vibration"] == [], cue
    assert all(c["vibration"] == [400] for c in goes)
    # The page buzzed exactly what it was sent, once each (as it said each text once).
    sent = [tuple(c["vibration"]) for c in cues if c["vibration"]]
    assert Counter(tuple(v) for v in recording.vibrations) == Counter(sent)
    assert (80,) in sent and (400,) in sent and (200, 100, 200) in sent
