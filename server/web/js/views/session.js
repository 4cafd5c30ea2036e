// The live session: a large countdown, the rep, target and current pace, heart rate and the
// distance in the step, a big lap button and the commands. Cues are spoken, beeped and vibrated
// at their due times; the socket reconnects by itself and a reload repeats nothing.
//
// For screen readers the last cue is the one live region: the clock and the tiles change every
// moment and are read when asked, never announced.

import { ApiError, api } from "../api.js";
import { ActedCues, CuePlayer, Sound, WakeLock } from "../cues.js";
import { liveDisplay } from "../display.js";
import { h, show, toast } from "../dom.js";
import { distance, pace, speedToPace } from "../format.js";
import { LiveConnection, LiveError } from "../live.js";
import { sessionUnits } from "../verdict.js";
import { problemBox, unitsOf } from "./common.js";

const CONFIRM_MS = 4000; // "End" asks for a second tap within this long
const NOT_SENT_VIBRATION = [60, 60, 60, 60, 60]; // a press that did not reach the server
const STATUS_WORDS = {
  idle: "Connecting…",
  connecting: "Connecting…",
  open: "Live",
  waiting: "Reconnecting…",
  closed: "Offline",
};

export const sessionView = {
  name: "session",
  title: "Session",
  fullScreen: true,

  async enter(root, { id }) {
    const screen = h("section", { class: "live", "aria-label": "Live session" });
    root.append(screen);
    show(screen, h("p", { class: "loading" }, "Opening the session…"));
    let session;
    let me;
    try {
      [session, me] = await Promise.all([api.session(id), api.me()]);
    } catch (error) {
      show(
        screen,
        problemBox(
          error instanceof ApiError && error.status === 404
            ? "This session cannot be opened: it does not exist, or it is not yours."
            : error instanceof ApiError
              ? error.explain()
              : String(error),
        ),
        h("a", { class: "button secondary", href: "#/today" }, "Back to today"),
      );
      return null;
    }
    return runSession(screen, session, me);
  },
};

function runSession(screen, session, me) {
  // The units the session keeps (decision 13), so the screen agrees with what the voice says.
  const units = sessionUnits(session, unitsOf(me));
  const steps = session.snapshot.steps;
  // The cue preferences the session keeps, like its units; the profile's for an older reply.
  const preferences = (session.settings && session.settings.cues) || (me.profile && me.profile.cues) || {};
  const live = new LiveConnection(session.id, { role: "phone" });
  const sound = new Sound();
  const player = new CuePlayer({
    clock: live.clock,
    acted: new ActedCues(session.id),
    sound,
    preferences,
  });
  const wakeLock = new WakeLock();
  let state = null;
  let preview = null; // the last `preview` cue heard: the next rep, shown through the recovery
  let frame = null;
  let endArmed = null;

  // --- the screen ------------------------------------------------------------------------------
  const connection = h("span", { class: "connection", "data-status": "idle" }, "Connecting…");
  const stepTitle = h("h1", { id: "step-title", class: "step-title" }, "");
  const big = h("p", { id: "countdown", class: "countdown", "aria-live": "off" }, "–");
  const caption = h("p", { id: "caption", class: "caption" }, "");
  const bar = h("div", { class: "progress", role: "presentation" }, h("span", {}));
  const target = h("p", { id: "target", class: "target" }, "");
  const splits = h("p", { id: "splits", class: "splits" }, "");
  const paceNow = h("span", { id: "pace-now" }, "–");
  const heart = h("span", { id: "heart-rate" }, "–");
  const metres = h("span", { id: "step-distance" }, "–");
  const lastCue = h("p", { id: "last-cue", class: "last-cue", role: "status", "aria-live": "polite" }, "");
  const soundBanner = h(
    "button",
    { type: "button", class: "sound-banner", hidden: true, onclick: () => unlock() },
    "Tap to turn sound on",
  );
  const problem = h("div", { class: "live-problem" });
  const startButton = h("button", { type: "button", id: "start", class: "primary lap" }, "Start");
  const lapButton = h("button", { type: "button", id: "lap", class: "lap", hidden: true }, "Lap");
  const resultsButton = h(
    "a",
    { id: "see-results", class: "button primary lap", href: `#/results/${session.id}`, hidden: true },
    "See results",
  );
  const pauseButton = h("button", { type: "button", id: "pause", class: "control" }, "Pause");
  const skipButton = h("button", { type: "button", id: "skip", class: "control" }, "Skip");
  const extendButton = h("button", { type: "button", id: "extend", class: "control" }, "+30 s");
  const endButton = h("button", { type: "button", id: "end", class: "control danger" }, "End");
  const controls = h("div", { class: "controls", role: "group", "aria-label": "Session controls" },
    pauseButton, skipButton, extendButton, endButton);

  show(
    screen,
    h(
      "header",
      { class: "live-head" },
      h("a", { href: "#/today", class: "back", "aria-label": "Leave the session screen" }, "‹"),
      h("p", { class: "workout-name" }, session.snapshot.workout.name || "Session"),
      connection,
    ),
    problem,
    soundBanner,
    h("div", { class: "display" }, stepTitle, big, caption, bar, target, splits),
    h(
      "dl",
      { class: "tiles" },
      h("div", {}, h("dt", {}, `Pace /${units}`), h("dd", {}, paceNow)),
      h("div", {}, h("dt", {}, "Heart rate"), h("dd", {}, heart)),
      h("div", {}, h("dt", {}, "Step"), h("dd", {}, metres)),
    ),
    lastCue,
    startButton,
    lapButton,
    resultsButton,
    controls,
  );

  // --- drawing ---------------------------------------------------------------------------------
  const draw = () => {
    const shown = liveDisplay(state, steps, live.clock.sessionAt(), units, preview);
    screen.dataset.phase = shown.phase;
    screen.dataset.step = String(state?.step_index ?? ""); // which step (for tests and styles)
    stepTitle.textContent = shown.title;
    big.textContent = shown.big;
    caption.textContent = shown.caption;
    target.textContent = shown.target || "";
    splits.textContent = shown.detail || "";
    bar.hidden = shown.progress === null || shown.progress === undefined;
    if (!bar.hidden) bar.firstChild.style.width = `${Math.round(shown.progress * 100)}%`;
  };

  // Ten frames a second: smooth enough for a countdown in whole seconds, kind to the battery.
  const tick = () => {
    frame = setInterval(draw, 100);
  };

  const update = () => {
    const status = state ? state.status : "connecting";
    const readings = (state && state.readings) || {};
    paceNow.textContent = readings.speed
      ? pace(speedToPace(readings.speed), units, { unit: false })
      : "–";
    heart.textContent = readings.hr ? `${Math.round(readings.hr)}` : "–";
    metres.textContent =
      state && state.phase === "step" && (state.metres > 0 || state.target_metres)
        ? distance(Math.max(0, state.metres))
        : "–";
    startButton.hidden = status !== "ready";
    lapButton.hidden = !(status === "running" || status === "paused");
    resultsButton.hidden = status !== "finished";
    controls.hidden = !(status === "running" || status === "paused");
    pauseButton.textContent = status === "paused" ? "Resume" : "Pause";
    pauseButton.setAttribute("aria-pressed", String(status === "paused"));
    const extendable =
      status === "running" &&
      state.phase === "step" &&
      (state.kind === "recovery" || state.kind === "rest") &&
      state.next_deadline !== null;
    extendButton.disabled = !extendable;
    skipButton.disabled = status !== "running";
    soundBanner.hidden =
      !(status === "running" || status === "paused") ||
      sound.ready ||
      !(preferences.beeps !== false || preferences.voice !== false) ||
      navigator.userActivation?.hasBeenActive === true;
    if (status === "running" || status === "paused") wakeLock.hold();
    else wakeLock.release();
    draw();
  };

  // --- input -----------------------------------------------------------------------------------
  const unlock = () => {
    sound.unlock();
    soundBanner.hidden = true;
  };

  /** Send a message; false (and the runner is told, by a toast and a buzz) when not connected. */
  const send = (message) => {
    unlock();
    if (live.send(message)) return true;
    toast("Not sent: not connected. Reconnecting…", { kind: "warning" });
    if (preferences.vibration !== false && typeof navigator.vibrate === "function") {
      navigator.vibrate(NOT_SENT_VIBRATION);
    }
    return false;
  };

  document.addEventListener("pointerdown", unlock); // any tap lets the page make sound
  startButton.addEventListener("click", () => send({ type: "command", action: "start" }));
  lapButton.addEventListener("click", () => {
    if (!send({ type: "lap" })) return; // no press animation for a lap that was not sent
    lapButton.classList.remove("pressed");
    void lapButton.offsetWidth; // restart the press animation
    lapButton.classList.add("pressed");
  });
  pauseButton.addEventListener("click", () =>
    send({ type: "command", action: state && state.status === "paused" ? "resume" : "pause" }),
  );
  skipButton.addEventListener("click", () => send({ type: "command", action: "skip" }));
  extendButton.addEventListener("click", () =>
    send({ type: "command", action: "extend", seconds: 30 }),
  );
  endButton.addEventListener("click", () => {
    if (endArmed === null) {
      endButton.textContent = "Tap again to end";
      endButton.classList.add("armed");
      endArmed = setTimeout(() => {
        endArmed = null;
        endButton.textContent = "End";
        endButton.classList.remove("armed");
      }, CONFIRM_MS);
      return;
    }
    clearTimeout(endArmed);
    endArmed = null;
    endButton.textContent = "End";
    endButton.classList.remove("armed");
    send({ type: "command", action: "end" });
  });

  // --- the socket ------------------------------------------------------------------------------
  live.addEventListener("status", (event) => {
    connection.dataset.status = event.detail;
    connection.textContent = STATUS_WORDS[event.detail] || event.detail;
  });
  live.addEventListener("welcome", (event) => {
    state = event.detail.state;
    // After a reload a preview already heard is not played again; when the welcome still lists
    // it, the screen takes its words from there.
    const heard = event.detail.cues.filter(
      (cue) => cue.kind === "preview" && player.acted.has(cue.id),
    );
    if (heard.length) preview = heard[heard.length - 1];
    player.reconcile(event.detail.cues);
    player.accept(event.detail.cues);
    show(problem);
    update();
  });
  live.addEventListener("state", (event) => {
    state = event.detail;
    update();
  });
  live.addEventListener("cues", (event) => player.accept(event.detail));
  live.addEventListener("problem", (event) => toast(event.detail.message, { kind: "warning" }));
  live.addEventListener("fatal", (event) => {
    const error = event.detail;
    show(
      problem,
      problemBox(
        error.status === 404
          ? "This session cannot be opened: it does not exist, or it is not yours."
          : error.explain(),
      ),
      // The server refused the socket, or never welcomed it: the runner may try again.
      error instanceof LiveError &&
        h(
          "button",
          {
            type: "button",
            id: "try-again",
            class: "secondary",
            onclick: () => {
              show(problem);
              live.restart();
            },
          },
          "Try again",
        ),
    );
  });
  player.addEventListener("cue", (event) => {
    lastCue.textContent = event.detail.text || lastCue.textContent;
    if (event.detail.kind === "preview") preview = event.detail;
  });

  live.start();
  tick();
  update();

  return () => {
    clearInterval(frame);
    document.removeEventListener("pointerdown", unlock);
    clearTimeout(endArmed);
    player.clear();
    live.stop();
    wakeLock.release();
  };
}
