// The watch view (/watch): the live session in a watch browser. Countdown, rep, target and a lap
// button; cues arrive as vibrations (speech and beeps only with ?voice=1 / ?beeps=1, since most
// watches have no useful speaker). It joins as role=watch, which may press lap but not command.

import { ApiError, api, token } from "./api.js";
import { ActedCues, CuePlayer, Sound } from "./cues.js";
import { liveDisplay } from "./display.js";
import { h, show } from "./dom.js";
import { clock, pace } from "./format.js";
import { LiveConnection } from "./live.js";

const LOOK_AGAIN_MS = 10000;
const root = document.getElementById("watch");
const params = new URLSearchParams(location.search);

function signIn() {
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
  let id = params.get("session");
  try {
    id = id || (await findSession());
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) signIn();
    else show(root, h("p", { class: "problem" }, error.explain ? error.explain() : String(error)));
    return;
  }
  if (!id) {
    show(root, h("p", { class: "watch-wait" }, "No session yet. Start one on the phone."));
    setTimeout(boot, LOOK_AGAIN_MS);
    return;
  }
  try {
    const [session, me] = await Promise.all([api.session(id), api.me()]);
    run(session, (me.profile && me.profile.units) || "km");
  } catch (error) {
    show(root, h("p", { class: "problem", role: "alert" }, error instanceof ApiError && error.status === 404 ? "No such session." : String(error)));
  }
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
  const lap = h(
    "button",
    {
      type: "button",
      id: "watch-lap",
      class: "lap",
      onclick: () => {
        sound.unlock();
        live.send({ type: "lap" });
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
  live.addEventListener("fatal", () => show(root, h("p", { class: "problem" }, "No such session.")));
  live.start();
  setInterval(draw, 100);
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
