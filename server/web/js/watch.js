// The watch view (/watch): the live session in a watch browser. Countdown, rep, target and a lap
// button; cues arrive as vibrations (speech and beeps only with ?voice=1 / ?beeps=1, since most
// watches have no useful speaker). It joins as role=watch, which may press lap but not command.
// A token the server no longer takes (401) brings the sign-in back; a lap pressed while the
// socket is down buzzes and says "Not sent".

import { ApiError, api, token } from "./api.js";
import { ActedCues, CuePlayer, Sound } from "./cues.js";
import { liveDisplay } from "./display.js";
import { h, show } from "./dom.js";
import { clock, pace } from "./format.js";
import { LiveConnection } from "./live.js";
import { sessionUnits } from "./verdict.js";

const LOOK_AGAIN_MS = 10000;
const NOT_SENT_MS = 2000; // how long the lap button says "Not sent"
const NOT_SENT_VIBRATION = [60, 60, 60, 60, 60];
const root = document.getElementById("watch");
const params = new URLSearchParams(location.search);
let leave = null; // ends the session shown, when there is one
let lookAgain = null;

function stopRunning() {
  clearTimeout(lookAgain);
  lookAgain = null;
  if (leave) leave();
  leave = null;
}

// The API answered 401 to a request made with our token (api.js forgot it): sign in again.
window.addEventListener("trackcue:signed-out", () => signIn());

function signIn() {
  stopRunning();
  const name = h("input", { name: "name", autocomplete: "username", autocapitalize: "none", "aria-label": "Name" });
  const password = h("input", { name: "password", type: "password", autocomplete: "current-password", "aria-label": "Password" });
  const problem = h("p", { class: "problem", role: "alert" });
  show(
    root,
    h(
      "form",
      {
        class: "stack",
        onsubmit: async (event) => {
          event.preventDefault();
          try {
            await api.signIn(name.value.trim(), password.value);
            boot();
          } catch (error) {
            problem.textContent = error instanceof ApiError ? error.explain() : String(error);
          }
        },
      },
      name,
      password,
      problem,
      h("button", { type: "submit", class: "primary" }, "Sign in"),
    ),
  );
}

/** The session under way, else the one about to start; null when there is none. */
async function findSession() {
  try {
    return (await api.sessionToJoin()).id;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

async function boot() {
  if (!token()) {
    signIn();
    return;
  }
  stopRunning();
  let id = params.get("session");
  try {
    id = id || (await findSession());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signIn();
    else showProblem(error);
    return;
  }
  if (!id) {
    show(root, h("p", { class: "watch-wait" }, "No session yet. Start one on the phone."));
    lookAgain = setTimeout(boot, LOOK_AGAIN_MS);
    return;
  }
  try {
    const [session, me] = await Promise.all([api.session(id), api.me()]);
    // The session's own units first (it keeps what it was run with), the profile's for old ones.
    leave = run(session, sessionUnits(session, (me.profile && me.profile.units) || "km"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signIn();
    else showProblem(error);
  }
}

/** A problem in one sentence; "Try again" when trying again may help. */
function showProblem(error) {
  const text =
    error instanceof ApiError && (error.status === 403 || error.status === 404)
      ? "No such session."
      : error && typeof error.explain === "function"
        ? error.explain()
        : String(error);
  const again = !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
  show(
    root,
    h("p", { class: "problem", role: "alert" }, text),
    again && h("button", { type: "button", class: "secondary", onclick: () => boot() }, "Try again"),
  );
}

function run(session, units) {
  const steps = session.snapshot.steps;
  const live = new LiveConnection(session.id, { role: "watch" });
  const sound = new Sound();
  const player = new CuePlayer({
    clock: live.clock,
    acted: new ActedCues(`${session.id}.watch`),
    sound,
    preferences: { voice: params.get("voice") === "1", beeps: params.get("beeps") === "1", vibration: true },
  });
  let state = null;
  const rep = h("p", { id: "watch-rep", class: "watch-rep" }, "");
  const big = h("p", { id: "watch-countdown", class: "watch-countdown" }, "–");
  const caption = h("p", { id: "watch-caption", class: "watch-caption" }, "");
  const target = h("p", { id: "watch-target", class: "watch-target" }, "");
  const dot = h("span", { class: "connection", "data-status": "idle", "aria-label": "connection" });
  let notSent = null;
  const lap = h(
    "button",
    {
      type: "button",
      id: "watch-lap",
      class: "lap",
      onclick: () => {
        sound.unlock();
        if (live.send({ type: "lap" })) return;
        // Not connected: the press is lost, so say so on the wrist and on the button.
        if (typeof navigator.vibrate === "function") navigator.vibrate(NOT_SENT_VIBRATION);
        lap.textContent = "Not sent";
        lap.classList.add("unsent");
        clearTimeout(notSent);
        notSent = setTimeout(() => {
          lap.textContent = "Lap";
          lap.classList.remove("unsent");
        }, NOT_SENT_MS);
      },
    },
    "Lap",
  );
  show(root, h("div", { class: "watch-top" }, rep, dot), big, caption, target, lap);
  const draw = () => {
    const shown = liveDisplay(state, steps, live.clock.sessionAt(), units);
    root.dataset.phase = shown.phase;
    rep.textContent = shown.step && shown.step.rep ? `${shown.step.rep}/${shown.step.reps}` : shown.title;
    big.textContent = shown.big;
    caption.textContent = shown.caption;
    target.textContent = shown.step ? shortTarget(shown.step, units) : shown.caption;
    lap.hidden = !(state && (state.status === "running" || state.status === "paused"));
  };
  live.addEventListener("status", (event) => {
    dot.dataset.status = event.detail;
  });
  live.addEventListener("welcome", (event) => {
    state = event.detail.state;
    player.reconcile(event.detail.cues);
    player.accept(event.detail.cues);
  });
  live.addEventListener("state", (event) => {
    state = event.detail;
  });
  live.addEventListener("cues", (event) => player.accept(event.detail));
  live.addEventListener("fatal", (event) => {
    const error = event.detail;
    if (error instanceof ApiError && error.status === 401) {
      signIn();
      return;
    }
    stopRunning();
    showProblem(error);
  });
  live.start();
  const frame = setInterval(draw, 100);
  return () => {
    clearInterval(frame);
    clearTimeout(notSent);
    player.clear();
    live.stop();
  };
}

/** "1:34 · 3:55": the rep's time and the middle of its pace, in as few characters as fit. */
function shortTarget(step, units) {
  const parts = [];
  const seconds =
    step.duration && step.duration.type === "time" ? step.duration.seconds : step.estimated_seconds;
  if (seconds) parts.push(clock(seconds));
  if (step.target && step.target.type === "pace") {
    const middle = (step.target.fast_s_per_km + step.target.slow_s_per_km) / 2;
    parts.push(pace(middle, units, { unit: false }));
  } else if (step.target_text) {
    parts.push(step.target_text);
  }
  return parts.join(" · ");
}

boot();
