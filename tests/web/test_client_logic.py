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


# Reps as the engine stores them (`SessionSummary.reps`): the verdict deliberately disagrees with
# what comparing the numbers would say, so a screen that recomputed it would show the wrong one.
VERDICT_REPS = """
  const rep = (extra) => ({
    index: 0, rep: 1, reps: 4, block: "Main set", target_text: "I", seconds: 94, metres: 400,
    pace_s_per_km: 235, target_pace: [234, 237], judged_pace: [233, 238], verdict: "on_target",
    on_target: true, hr_avg: 170, hr_max: 176, recovery_hr_drop: 30, skipped: false,
    main_set: true, ...extra,
  });
  const reps = [
    rep({ block: "Warm-up", rep: 1, pace_s_per_km: 200, target_pace: null, judged_pace: null,
          verdict: null, on_target: null, main_set: false }),
    rep({ block: "Warm-up", rep: 2, pace_s_per_km: 201, verdict: "fast", on_target: false,
          main_set: false }),  // a stride the engine judged: still not the main set's count
    rep({ rep: 1, pace_s_per_km: 239.5 }),  // outside the band, on target by the engine's say
    rep({ rep: 2, pace_s_per_km: 235, verdict: "fast", on_target: false }),
    rep({ rep: 3, pace_s_per_km: 236, verdict: "slow", on_target: false }),
    rep({ rep: 4, seconds: 20, pace_s_per_km: null, verdict: null, on_target: null,
          skipped: true }),
  ];
"""


def test_a_rep_is_coloured_and_worded_by_its_verdict_not_by_its_numbers(phone: Phone) -> None:
    result = run(
        phone,
        f"""async () => {{
          const v = await import("/app/js/verdict.js");
          const {{ repChart }} = await import("/app/js/chart.js");
          {VERDICT_REPS}
          const chart = repChart(reps.slice(2, 5), "km");
          return {{
            marks: reps.map((r) => v.repMark(r)),
            bars: [...chart.querySelectorAll("rect.bar")].map((bar) => bar.getAttribute("class")),
            titles: [...chart.querySelectorAll("rect.bar title")].map((t) => t.textContent),
            // Results stored before verdicts were typed: the judgement had no direction.
            old: [true, false, null].map((on) => v.repMark({{ on_target: on, skipped: false }})),
            unknown: v.repMark({{ verdict: "sideways", skipped: false }}),
          }};
        }}""",
    )
    assert [(m["key"], m["word"]) for m in result["marks"]] == [
        ("unjudged", "not judged"),
        ("fast", "fast"),
        ("on", "on target"),
        ("fast", "fast"),
        ("slow", "slow"),
        ("skipped", "skipped"),
    ]
    assert result["bars"] == ["bar on", "bar fast", "bar slow"]
    assert result["titles"][0] == "Rep 1: 4:00 /km, on target"  # 239.5 s/km, outside the band
    assert [(m["key"], m["word"]) for m in result["old"]] == [
        ("on", "on target"),
        ("off", "off target"),
        ("unjudged", "not judged"),
    ]
    assert result["unknown"] == {"key": "unjudged", "word": "not judged"}


def test_on_target_counts_the_main_sets_judged_reps_only(phone: Phone) -> None:
    result = run(
        phone,
        f"""async () => {{
          const v = await import("/app/js/verdict.js");
          {VERDICT_REPS}
          const counts = v.tally(reps);
          // An old result: no main_set; strides were never judged, the main set was.
          const old = reps.map(({{ main_set, verdict, ...rest }}) => rest);
          old[1].on_target = null;
          const unjudged = v.tally([reps[0]]);
          return {{
            counts, text: v.tallyText(counts), short: v.tallyText(counts, {{ details: false }}),
            flags: v.mainSetFlags(reps), oldFlags: v.mainSetFlags(old),
            oldText: v.tallyText(v.tally(old)),
            noneJudged: v.tallyText(unjudged), stridesOnlyFlags: v.mainSetFlags(old.slice(0, 2)),
          }};
        }}""",
    )
    assert result["counts"] == {
        "main": 4,
        "strides": 2,
        "judged": 3,
        "onTarget": 1,
        "fast": 1,
        "slow": 1,
        "off": 0,
        "skipped": 1,
    }
    assert result["text"] == "1 of 3 on target · 1 fast · 1 slow · 1 skipped"
    assert result["short"] == "1 of 3 on target"
    assert result["flags"] == [False, False, True, True, True, True]
    assert result["oldFlags"] == [False, False, True, True, True, True]
    assert result["oldText"] == "1 of 3 on target · 2 off target · 1 skipped"
    assert result["noneJudged"] is None
    assert result["stridesOnlyFlags"] == [True, True]  # nothing judged: every rep is the set


def test_the_judged_range_shows_when_the_tolerance_widened_the_target(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const v = await import("/app/js/verdict.js");
          const rep = (target, judged) => ({ target_pace: target, judged_pace: judged });
          return [
            v.judgedRangeText(rep([234, 237], [233, 238]), "km"),
            v.judgedRangeText(rep([234, 237], [233, 238]), "mi"),
            v.judgedRangeText(rep([234, 237], [233.5, 237.5]), "km"),
            v.judgedRangeText(rep([234, 237], [232, 238]), "km"),
            v.judgedRangeText(rep([234, 237], [234, 237]), "km"),
            v.judgedRangeText(rep(null, null), "km"),
            v.isWidened(rep([234, 237], [233, 238])),
            v.isWidened(rep([234, 237], [234, 237])),
          ];
        }""",
    )
    assert result == [
        "3:53–3:58 /km (±1 s)",
        "6:15–6:23 /mi (±1.6 s)",  # the runner in miles reads the tolerance per mile too
        "3:54–3:58 /km (±0.5 s)",
        "3:52–3:58 /km (−2 / +1 s)",
        None,
        None,
        True,
        False,
    ]


def test_fatigue_advice_reads_the_typed_note_and_old_results_strings(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const v = await import("/app/js/verdict.js");
          const { fatigueAdvice } = await import("/app/js/views/results.js");
          const typed = {
            advice: "stop", percent: 9.6, block: "Main set", rep: 4,
            text: "Pace faded 9.6 % by rep 4: the set had run its course.",
          };
          return [
            v.fatigueText(typed),
            v.fatigueText({ ...typed, text: "" }),
            v.fatigueText("stop: 9.6 %"),
            v.fatigueText("ease: 3.4 %"),
            v.fatigueText("recover: 5.2 %"),
            v.fatigueText("something new"),
            v.fatigueText(null),
            fatigueAdvice === v.fatigueText,
          ];
        }""",
    )
    assert result[0] == "Pace faded 9.6 % by rep 4: the set had run its course."
    assert result[1] == result[2]
    assert result[2].startswith("Pace faded 9.6 %: the set had run its course.")
    assert result[3] == "Pace faded 3.4 % over the set: ease the next session's reps."
    assert result[4].startswith("Heart rate drifted up 5.2 %")
    assert result[5:] == ["something new", None, True]


def test_a_session_is_shown_in_the_units_it_was_run_with(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const v = await import("/app/js/verdict.js");
          const { repChart } = await import("/app/js/chart.js");
          const reps = [{ rep: 1, pace_s_per_km: 235, verdict: "on_target" }];
          const axis = [...repChart(reps, "mi").querySelectorAll("text.axis")];
          return {
            units: [
              v.sessionUnits({ results: { units: "mi" }, settings: { units: "km" } }, "km"),
              v.sessionUnits({ results: null, settings: { units: "mi" } }, "km"),
              v.sessionUnits({ results: { reps: [] } }, "mi"),
              v.sessionUnits({ results: { units: "furlongs" } }),
            ],
            axis: axis.map((t) => t.textContent),
          };
        }""",
    )
    assert result["units"] == ["mi", "mi", "mi", "km"]
    assert result["axis"][:2] == ["6:10", "6:26"]  # 3:50 and 4:00 /km: the pace and a margin


def test_a_cue_whose_timer_fires_too_late_is_missed_not_said(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const { SessionClock } = await import("/app/js/clock.js");
          const { ActedCues, CuePlayer } = await import("/app/js/cues.js");
          // Our clock, moved by hand: a jump is a page that was frozen or throttled meanwhile.
          let now = 1000;
          const clock = new SessionClock(() => now);
          clock.roughly(0, 1, now);
          const said = [];
          const speech = { say: (text, priority) => said.push([text, priority]) };
          const player = new CuePlayer({ clock, acted: new ActedCues("late"), speech });
          const missed = [];
          player.addEventListener("missed", (event) => missed.push(event.detail.id));
          const cue = (id, due, priority = 3) =>
            ({ id, kind: "countdown", due, priority, text: id, vibration: [80] });
          const wait = (ms) => new Promise((done) => setTimeout(done, ms));
          player.accept([cue("asleep", 0.05)]);
          now += 3000;  // the timer (50 ms) fires three seconds after the cue's time
          await wait(200);
          player.accept([cue("slow", 3.05, 1)]);
          now += 1500;  // late, but within the two seconds a cue may still be said
          await wait(200);
          // A reset clock (the page back in front) leaves cues waiting, unarmed...
          player.accept([cue("waits", 4.55)]);
          clock.reset();
          await wait(200);
          const waiting = player.upcoming.map((item) => item.id);
          // ...until the next estimate arms them again.
          clock.roughly(4.5, 1, now);
          await wait(200);
          const again = new CuePlayer({ clock, acted: new ActedCues("late"), speech });
          again.accept([cue("asleep", 0.05)]);  // after a reload: a missed cue stays missed
          const reloaded = again.upcoming.length;
          player.clear();
          again.clear();
          return { said, missed, waiting, reloaded };
        }""",
    )
    assert result == {
        "said": [["slow", 1], ["waits", 3]],
        "missed": ["asleep"],
        "waiting": ["waits"],
        "reloaded": 0,
    }
    assert phone.recording.vibrations == [[80], [80]]  # "slow" and "waits"; never "asleep"


def test_speech_drops_less_urgent_words_for_a_more_urgent_cue(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const { Speech } = await import("/app/js/cues.js");
          // A synthesizer that speaks until told it has finished.
          const synth = {
            queue: [], started: [], cancels: 0,
            get speaking() { return this.queue.length > 0; },
            get pending() { return this.queue.length > 1; },
            speak(utterance) { this.queue.push(utterance); this.started.push(utterance.text); },
            cancel() {
              this.cancels += 1;
              const cut = this.queue;
              this.queue = [];
              for (const utterance of cut) utterance.dispatchEvent(new Event("error"));
            },
            finish() { this.queue.shift().dispatchEvent(new Event("end")); },
          };
          const speech = new Speech(synth);
          speech.say("200 in 46, on pace", 1);  // spoken at once
          speech.say("Halfway.", 0);  // waits
          speech.say("Too fast.", 2);  // drops "Halfway.", cuts the split call
          const afterAlert = synth.cancels;
          speech.say("Heart rate 165.", 2);  // as urgent: waits its turn
          speech.say("Footpod calibrated.", 0);  // less urgent: waits too
          synth.finish();  // "Too fast." done
          synth.finish();  // "Heart rate 165." done
          speech.say("3", 3);  // cuts "Footpod calibrated."
          synth.finish();
          return { started: synth.started, afterAlert, cancels: synth.cancels };
        }""",
    )
    assert result == {
        "started": [
            "200 in 46, on pace",
            "Too fast.",
            "Heart rate 165.",
            "Footpod calibrated.",
            "3",
        ],
        "afterAlert": 1,
        "cancels": 2,
    }


# A socket the test drives: it opens, brings messages and closes when told to; the ticket
# request answers at once. Installed before live.js makes its first connection.
FAKE_SOCKETS = """
  window.sockets = [];
  window.WebSocket = class FakeSocket extends EventTarget {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    constructor(url) {
      super();
      this.url = url;
      this.readyState = 0;
      this.sent = [];
      this.closedWith = null;
      this.pongs = false;  // answer pings
      window.sockets.push(this);
    }
    send(data) {
      const message = JSON.parse(data);
      this.sent.push(message);
      if (this.pongs && message.type === "ping") {
        setTimeout(() => this.bring({
          type: "pong", client_time: message.client_time, session_time: 1, server_time: 0,
          clock_rate: 1,
        }), 5);
      }
    }
    close(code = 1000) {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.closedWith = code;
      setTimeout(() => this.dispatchEvent(new CloseEvent("close", { code: 1006 })), 0);
    }
    open() {
      this.readyState = 1;
      this.dispatchEvent(new Event("open"));
    }
    bring(message) {
      if (this.readyState !== 1) return;
      this.dispatchEvent(new MessageEvent("message", { data: JSON.stringify(message) }));
    }
    welcome(status = "running") {
      this.open();
      this.bring({
        type: "welcome", protocol: 1, session_id: "s", role: "phone", session_time: 1,
        server_time: 0, clock_rate: 1, state: { status, now: 1 }, cues: [],
      });
    }
    end(code, reason = "") {
      this.readyState = 3;
      this.dispatchEvent(new CloseEvent("close", { code, reason }));
    }
    pings() {
      return this.sent.filter((message) => message.type === "ping").length;
    }
  };
  window.fetch = async () => new Response(JSON.stringify({ ticket: "t" }), {
    status: 201, headers: { "content-type": "application/json" },
  });
  window.until = async (test, ms = 5000) => {
    const deadline = performance.now() + ms;
    while (!test()) {
      if (performance.now() > deadline) throw new Error(`timed out: ${test}`);
      await new Promise((done) => setTimeout(done, 10));
    }
  };
  window.pause = (ms) => new Promise((done) => setTimeout(done, ms));
"""


def run_live(phone: Phone, body: str) -> Any:
    """Run `body` (the inside of an async function) with fake sockets and `LiveConnection`."""
    return run(
        phone,
        f"""async () => {{
          {FAKE_SOCKETS}
          const {{ LiveConnection, LiveError }} = await import("/app/js/live.js");
          {body}
        }}""",
    )


def test_close_codes_that_refuse_stop_the_retries_and_others_reconnect(phone: Phone) -> None:
    result = run_live(
        phone,
        """
          const outcome = {};
          for (const code of [1008, 1003, 1009, 1006, 1011, 1012, 1013]) {
            window.sockets = [];
            const live = new LiveConnection("s", { timing: { firstDelayMs: 20 } });
            const fatal = [];
            live.addEventListener("fatal", (event) => fatal.push(event.detail));
            live.start();
            await until(() => sockets.length === 1);
            sockets[0].welcome();
            sockets[0].end(code, code === 1008 ? "not allowed" : "");
            await until(() => sockets.length === 2 || live.status === "closed");
            await pause(200);  // and nothing more: a retry would have come within 20 ms
            outcome[code] = {
              sockets: sockets.length,
              status: live.status,
              fatal: fatal.map((e) => [e instanceof LiveError, e.code, e.explain()]),
            };
            live.stop();
          }
          return outcome;
        """,
    )
    refused = "The server refused this connection to the session: not allowed."
    assert result["1008"] == {"sockets": 1, "status": "closed", "fatal": [[True, 1008, refused]]}
    for code in ("1003", "1009"):
        assert result[code]["sockets"] == 1 and result[code]["status"] == "closed", code
        [[is_live_error, closed_with, text]] = result[code]["fatal"]
        assert is_live_error and str(closed_with) == code and "Reload the app" in text
    for code in ("1006", "1011", "1012", "1013"):  # a blip, a crash, a restart, try later
        assert result[code]["sockets"] == 2 and result[code]["fatal"] == [], code


def test_a_ping_without_a_pong_ends_the_socket_and_opens_another(phone: Phone) -> None:
    result = run_live(
        phone,
        """
          const live = new LiveConnection("s", {
            timing: { firstDelayMs: 20, pingsOnOpen: 1, pongTimeoutMs: 500 },
          });
          live.start();
          await until(() => sockets.length === 1);
          const silent = sockets[0];
          silent.welcome();  // then never a pong: a connection that died without a close
          await until(() => sockets.length === 2);
          const first = { pings: silent.pings(), closedWith: silent.closedWith };
          // A connection that answers is kept, however long it lasts.
          const answering = sockets[1];
          answering.pongs = true;
          answering.welcome();
          await pause(1500);
          const kept = { sockets: sockets.length, status: live.status };
          // Back in front (or online again): a ping at once, and a dead socket found as quickly.
          answering.pongs = false;
          const before = answering.pings();
          document.dispatchEvent(new Event("visibilitychange"));
          const clockKnown = live.clock.known;  // forgotten until a pong measures it again
          await until(() => sockets.length === 3);
          const woken = { pings: answering.pings() - before, clockKnown };
          live.stop();
          return { first, kept, woken, visibility: document.visibilityState };
        """,
    )
    assert result["first"] == {"pings": 1, "closedWith": 4000}
    assert result["kept"] == {"sockets": 2, "status": "open"}
    assert result["visibility"] == "visible"
    assert result["woken"] == {"pings": 1, "clockKnown": False}


def test_the_backoff_starts_again_only_after_a_healthy_connection(phone: Phone) -> None:
    result = run_live(
        phone,
        """
          const live = new LiveConnection("s", { timing: { firstDelayMs: 20, healthyMs: 400 } });
          live.start();
          const attempts = [];
          for (let i = 0; i < 3; i += 1) {
            await until(() => sockets.length === i + 1);
            sockets[i].welcome();  // welcomed, then dropped at once: a flapping server
            sockets[i].end(1012);
            attempts.push(live.attempt);
          }
          await until(() => sockets.length === 4);
          sockets[3].pongs = true;
          sockets[3].welcome();
          const welcomed = live.attempt;
          await until(() => live.attempt === 0);  // healthy for healthyMs
          live.stop();
          return { attempts, welcomed };
        """,
    )
    assert result == {"attempts": [1, 2, 3], "welcomed": 3}


def test_sockets_that_never_bring_a_welcome_are_given_up_and_tried_again_on_request(
    phone: Phone,
) -> None:
    result = run_live(
        phone,
        """
          const live = new LiveConnection("s", {
            timing: { firstDelayMs: 10, maxDelayMs: 40, welcomeTimeoutMs: 200, giveUpAfter: 4 },
          });
          const fatal = [];
          const statuses = [];
          live.addEventListener("fatal", (event) => fatal.push(event.detail.explain()));
          live.addEventListener("status", (event) => statuses.push(event.detail));
          live.start();
          await until(() => sockets.length === 1);
          sockets[0].open();
          sockets[0].end(1006);  // opened, no welcome
          await until(() => sockets.length === 2);
          sockets[1].end(1006);  // refused at the handshake
          await until(() => sockets.length === 3);
          sockets[2].open();  // opened, then nothing: the welcome's timeout ends it
          await until(() => sockets.length === 4);
          sockets[3].end(1006);
          await until(() => fatal.length === 1);
          await pause(200);
          const given = {
            sockets: sockets.length, status: live.status, stuck: sockets[2].closedWith,
          };
          live.restart();  // the runner's "Try again"
          await until(() => sockets.length === 5);
          sockets[4].welcome();
          const again = { status: live.status, unwelcomed: live.unwelcomed };
          live.stop();
          return { fatal, given, again, last: statuses.slice(-1)[0] };
        """,
    )
    assert len(result["fatal"]) == 1 and "no welcome after 4 tries" in result["fatal"][0]
    assert result["given"] == {"sockets": 4, "status": "closed", "stuck": 4000}
    assert result["again"] == {"status": "open", "unwelcomed": 0}


def test_new_cue_kinds_follow_the_preferences_and_unknown_ones_are_plain_cues(
    phone: Phone,
) -> None:
    result = run(
        phone,
        """async () => {
          const { SessionClock } = await import("/app/js/clock.js");
          const { ActedCues, CuePlayer, priorityOf } = await import("/app/js/cues.js");
          const clock = new SessionClock();
          clock.roughly(0, 1, performance.now());
          const said = [];
          const speech = { say: (text, priority) => said.push([text, priority]) };
          const shown = [];
          const play = async (id, preferences, cues) => {
            const player = new CuePlayer({ clock, acted: new ActedCues(id), speech, preferences });
            player.addEventListener("cue", (event) => shown.push(event.detail.kind));
            player.accept(cues);
            await new Promise((done) => setTimeout(done, 300));
            player.clear();
          };
          const at = () => clock.sessionAt() + 0.05;
          const cadence = { id: "k", kind: "cadence_alert", priority: 2, vibration: [100],
                            text: "Cadence 160. Quicker steps: 170 to 180." };
          await play("quiet", { pace_alerts: false }, [{ ...cadence, due: at() }]);
          await play("loud", {}, [
            { ...cadence, due: at() },
            { id: "p", kind: "preview", priority: 3, due: at(), vibration: [],
              text: "Next, rep 3 of 6: 400 metres in 94 seconds." },
            { id: "w", kind: "wind_call", priority: 1, due: at(), vibration: [50],
              text: "Headwind on the back straight." },
          ]);
          return {
            said,
            shown,
            priorities: [{ priority: 3 }, { priority: 0 }, {}, { priority: 7 }].map(priorityOf),
          };
        }""",
    )
    # Pace alerts off: the cadence alert is neither said, shown nor felt. The three cues fall
    # due within a millisecond of each other, so the order their timers fire in is the
    # machine's: what each is said at, and that each is said once, is the point.
    assert sorted(result["said"]) == [
        ["Cadence 160. Quicker steps: 170 to 180.", 2],
        ["Headwind on the back straight.", 1],  # a kind from a newer server, said as it comes
        ["Next, rep 3 of 6: 400 metres in 94 seconds.", 3],  # as urgent as a step change
    ]
    assert sorted(result["shown"]) == ["cadence_alert", "preview", "wind_call"]
    assert result["priorities"] == [3, 0, 1, 1]
    assert phone.recording.vibrations == [[100], [50]]


def test_the_next_rep_is_shown_through_the_recovery_before_it(phone: Phone) -> None:
    result = run(
        phone,
        """async () => {
          const { liveDisplay } = await import("/app/js/display.js");
          const steps = [
            { kind: "work", rep: 1, reps: 2, duration: { type: "distance", value: 400 },
              planned_metres: 400, estimated_seconds: 94,
              splits: [{ track_metres: 200, seconds: 47 }, { track_metres: 400, seconds: 94 }] },
            { kind: "recovery", cue: "Jog", duration: { type: "time", seconds: 90 } },
            { kind: "work", rep: 2, reps: 2, duration: { type: "distance", value: 400 },
              planned_metres: 400, estimated_seconds: 94 },
          ];
          const preview = { kind: "preview", step_index: 2,
                            text: "Last rep: 400 metres in 94 seconds." };
          const state = (step_index, kind, extra = {}) => ({
            status: "running", phase: "step", step_index, kind, now: 100, active_s: 10,
            remaining_s: 80, next_deadline: 180, metres: 0, target_metres: null, ...extra });
          return [
            liveDisplay(state(1, "recovery"), steps, 100, "km", preview).detail,
            liveDisplay(state(1, "recovery", { status: "paused" }), steps, 100, "km", preview)
              .detail,
            liveDisplay(state(1, "recovery"), steps, 100, "km", null).detail,
            // In the rep itself its splits are back; a preview of a rep already run is not next.
            liveDisplay(state(0, "work", { next_deadline: null }), steps, 100, "km",
              { ...preview, step_index: 0 }).detail,
            liveDisplay(state(2, "work", { next_deadline: null }), steps, 100, "km", preview)
              .detail,
          ];
        }""",
    )
    assert result == [
        "Last rep: 400 metres in 94 seconds.",
        "Last rep: 400 metres in 94 seconds.",
        "",
        "200 m 0:47 · 400 m 1:34",
        "",
    ]
