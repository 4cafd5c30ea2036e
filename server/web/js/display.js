// What the live screens show, worked out from the state, the session's steps and the clock.
// Pure functions: the phone and the watch draw the same numbers.

import { clock, countdown, distance, paceRange, stepLength, stepName } from "./format.js";

/**
 * The live numbers at session time `now` (seconds; null when the clock is not yet known).
 * Returns {phase, title, big, caption, target, detail, progress, step}.
 *
 * `preview` is the last `preview` cue heard (the next rep in the engine's words, said 15 s
 * before a timed recovery ends): in a recovery or rest before that rep its words take the
 * detail line, where a rep shows its splits, so the runner can glance at what comes next.
 */
export function liveDisplay(state, steps, now, units = "km", preview = null) {
  if (!state) return { phase: "connecting", title: "Connecting…", big: "–", caption: "" };
  const step = state.step_index !== null && state.step_index !== undefined
    ? steps[state.step_index]
    : null;
  const at = now ?? state.now;
  const target = step ? stepTarget(step, units) : "";
  const detail = upNext(state, preview) || (step ? splitsText(step) : "");
  const base = { step, target, detail, progress: null };
  if (state.status === "ready") {
    return { ...base, phase: "ready", title: "Ready", big: "Start", caption: firstStepText(steps) };
  }
  if (state.status === "finished") {
    return { ...base, phase: "finished", title: "Session complete", big: "Done", caption: "" };
  }
  const title = stepName(step);
  if (state.status === "paused") {
    const frozen = state.remaining_s ?? state.active_s;
    return {
      ...base,
      phase: "paused",
      title,
      big: state.remaining_s !== null ? countdown(frozen) : clock(frozen),
      caption: "Paused",
    };
  }
  if (state.phase === "lead_in") {
    const left = Math.max(0, (state.next_deadline ?? at) - at);
    return {
      ...base,
      phase: "lead_in",
      title,
      big: String(Math.max(1, Math.ceil(left - 1e-6))),
      caption: "Get ready",
    };
  }
  if (state.next_deadline !== null && state.next_deadline !== undefined) {
    const left = Math.max(0, state.next_deadline - at);
    const total = step && step.duration && step.duration.type === "time"
      ? step.duration.seconds + (state.extension_s || 0)
      : null;
    return {
      ...base,
      phase: step ? step.kind : "step",
      title,
      big: countdown(left),
      caption: "to go",
      progress: total ? Math.min(1, Math.max(0, 1 - left / total)) : null,
    };
  }
  const elapsed = (state.active_s || 0) + Math.max(0, at - state.now);
  // The lap time is worth a line only when the rep is longer than a lap; for a 400 m rep it is
  // the rep's own time, already in the target line.
  const longer = step && step.lap_seconds && (step.planned_metres || 0) > 400;
  const lap = longer ? `elapsed · lap at ${clock(step.lap_seconds)}` : "elapsed";
  return {
    ...base,
    phase: step ? step.kind : "step",
    title,
    big: clock(elapsed),
    caption: lap,
    progress:
      state.target_metres ? Math.min(1, Math.max(0, state.metres / state.target_metres)) : null,
  };
}

/** The preview's words while resting before the rep they announce; "" otherwise. */
export function upNext(state, preview) {
  if (!preview || !preview.text || state.status === "finished") return "";
  const resting = state.phase === "step" && (state.kind === "recovery" || state.kind === "rest");
  const ahead = preview.step_index === null || preview.step_index === undefined
    ? false
    : preview.step_index > state.step_index;
  return resting && ahead ? preview.text : "";
}

/** "400 m in 1:34 · 3:53–3:58 /km" */
export function stepTarget(step, units = "km") {
  const parts = [];
  const length = stepLength(step);
  const pace = step.target && step.target.type === "pace"
    ? paceRange(step.target.fast_s_per_km, step.target.slow_s_per_km, units)
    : step.target_text || "";
  if (step.duration && step.duration.type === "distance" && step.estimated_seconds) {
    parts.push(`${length} in ${clock(step.estimated_seconds)}`);
  } else if (length) {
    parts.push(length);
  }
  if (pace) parts.push(pace);
  return parts.join(" · ");
}

/** "200 m 0:47 · 400 m 1:34" for a rep with split calls. */
export function splitsText(step) {
  if (!step.splits || step.splits.length < 2) return "";
  return step.splits.map((split) => `${distance(split.track_metres)} ${clock(split.seconds)}`).join(" · ");
}

function firstStepText(steps) {
  return steps.length ? `First: ${stepName(steps[0])}, ${stepLength(steps[0])}` : "";
}
