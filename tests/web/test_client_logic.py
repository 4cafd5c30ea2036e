"""The app's own logic, run in the browser it ships to: the clock offset, cue scheduling and
deduplication, and how numbers read. The modules are imported as the page imports them."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.web.browser import Phone


def run(phone: Phone, script: str) -> Any:
    phone.page.goto("/")
    expect(phone.page.get_by_role("button", name="Sign in")).to_be_visible()
    return phone.page.evaluate(script)


def test_the_clock_keeps_the_estimate_of_the_shortest_round_trip(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const { SessionClock } = await import("/app/js/clock.js");
          // The server's session clock runs at rate 2: session = 10 + 2 * (t - 1000) / 1000.
          const truth = (t) => 10 + (2 * (t - 1000)) / 1000;
          const clock = new SessionClock(() => 0);
          clock.roughly(99, 2, 900);  // a welcome: only used until a pong comes
          const rough = clock.sessionAt(900);
          clock.pong(1000, truth(1150), 2, 1200);  // 200 ms round trip, slow on the way out
          const first = clock.sessionAt(3000) - truth(3000);
          clock.pong(2000, truth(2005), 2, 2010);  // 10 ms: the best
          clock.pong(2500, truth(2900), 2, 2950);  // 450 ms: ignored
          clock.roughly(0, 2, 3000);  // a rough estimate never replaces a measured one
          return {
            rough,
            first,
            best: clock.sessionAt(3000) - truth(3000),
            back: clock.clientAt(truth(3000)),
            uncertainty: clock.uncertaintyMs,
          };
        }""",
    )
    assert result["rough"] == 99
    assert abs(result["first"]) > 0.05  # the asymmetric round trip misleads by its half
    assert abs(result["best"]) < 0.011  # the 10 ms ping bounds the error to 5 ms (10 ms at 2x)
    assert abs(result["back"] - 3000) < 6
    assert result["uncertainty"] == 5


def test_cues_are_acted_on_once_at_their_time_and_cancelled_ones_never(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const { SessionClock } = await import("/app/js/clock.js");
          const { ActedCues, CuePlayer } = await import("/app/js/cues.js");
          const clock = new SessionClock();
          clock.roughly(0, 1, performance.now());
          const cue = (id, due, text, extra = {}) =>
            ({ id, kind: "countdown", due, priority: 3, text, vibration: [80], ...extra });
          const player = new CuePlayer({
            clock,
            acted: new ActedCues("s1"),
            preferences: { split_calls: false },
          });
          const missed = [];
          player.addEventListener("missed", (event) => missed.push(event.detail.text));
          player.accept([
            cue("a", 0.05, "3"),
            cue("b", 0.1, "2"),
            cue("c", 0.15, "1"),
            cue("s", 0.12, "200 in 46, on pace", { kind: "split", vibration: [] }),
            cue("old", -5, "too late"),
          ]);
          const cancel = cue("x", 0.11, "", { kind: "cancel", cancels: ["c"] });
          player.accept([cue("a", 0.05, "3"), cancel]);
          await new Promise((done) => setTimeout(done, 400));
          // After a reload: a new player for the same session, the same cues in the welcome.
          const again = new CuePlayer({ clock, acted: new ActedCues("s1") });
          again.accept([cue("a", 0.05, "3"), cue("b", 0.1, "2")]);
          const waiting = again.upcoming.length;
          // Another session remembers nothing of this one.
          const other = new CuePlayer({ clock, acted: new ActedCues("s2") });
          other.accept([cue("a", 10, "3")]);
          const otherWaiting = other.upcoming.length;
          other.clear();
          return { missed, waiting, otherWaiting };
        }""",
    )
    assert phone.recording.spoken == ["3", "2"]
    assert phone.recording.vibrations == [[80], [80]]
    assert result == {"missed": ["too late"], "waiting": 0, "otherWaiting": 1}


def test_a_welcome_unschedules_what_was_withdrawn_while_away(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const { SessionClock } = await import("/app/js/clock.js");
          const { ActedCues, CuePlayer } = await import("/app/js/cues.js");
          const clock = new SessionClock();
          clock.roughly(0, 1, performance.now());
          const cue = (id, due) => ({ id, kind: "countdown", due, priority: 3, text: id });
          const player = new CuePlayer({ clock, acted: new ActedCues("s3") });
          player.accept([cue("c1", 30), cue("c2", 31)]);
          player.reconcile([cue("c2", 31), cue("c9", 40)]);  // c1 was cancelled meanwhile
          player.accept([cue("c2", 31), cue("c9", 40)]);
          const ids = player.upcoming.map((item) => item.id);
          player.clear();
          return ids;
        }""",
    )
    assert result == ["c2", "c9"]


def test_numbers_read_as_runners_read_them(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const f = await import("/app/js/format.js");
          return [
            f.clock(94.02), f.clock(3723), f.clock(93.44, { tenths: true }), f.countdown(0.2),
            f.countdown(20), f.pace(235, "km"), f.pace(235, "mi"), f.paceRange(232.5, 237.5),
            f.distance(400), f.distance(5000), f.distance(1609.344 * 3, "mi"), f.duration(150),
            f.duration(900), f.speedToPace(4.0),
          ];
        }""",
    )
    assert result == [
        "1:34",
        "1:02:03",
        "1:33.4",
        "0:01",
        "0:20",
        "3:55 /km",
        "6:18 /mi",
        "3:53–3:58 /km",
        "400 m",
        "5 km",
        "3 mi",
        "2 min 30 s",
        "15 min",
        250,
    ]
