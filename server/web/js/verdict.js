// How a session's results read on the phone. The engine decides each rep's verdict once (on
// target, fast, slow, or not judged) and every screen reads `rep.verdict` from the results:
// nothing here compares a pace with a target, so the colour, the word and the count always agree
// with what the runner heard and with what the CLI, the exports and the coaching read.
//
// Results stored before verdicts were typed are still read: a rep then has only `on_target`
// (the engine's judgement at the time, without a direction), no `main_set`, and the fatigue
// advice is a string such as "stop: 9.6 %".

import { paceRange } from "./format.js";

const METRES_PER_MILE = 1609.344;

/** The words for each verdict; "off" is an old result's judgement that had no direction. */
export const VERDICT_WORDS = {
  on_target: "on target",
  fast: "fast",
  slow: "slow",
  off: "off target",
};

/** The CSS class of each verdict: the row's and the bar's colour. */
const VERDICT_KEYS = { on_target: "on", fast: "fast", slow: "slow", off: "off" };

/** The rep's verdict: "on_target", "fast", "slow", "off" (old results) or null (not judged). */
export function verdictOf(rep) {
  if (rep.skipped) return null;
  if ("verdict" in rep) return rep.verdict in VERDICT_KEYS ? rep.verdict : null;
  if (rep.on_target === true) return "on_target";
  if (rep.on_target === false) return "off";
  return null;
}

/** How a rep is shown: `key` names its colour class, `word` says it. */
export function repMark(rep) {
  if (rep.skipped) return { key: "skipped", word: "skipped" };
  const verdict = verdictOf(rep);
  if (verdict === null) return { key: "unjudged", word: "not judged" };
  return { key: VERDICT_KEYS[verdict], word: VERDICT_WORDS[verdict] };
}

/**
 * Which reps are the main set. The engine marks them (`main_set`); for old results, the blocks
 * with a judged rep are the main set, and when none was judged every rep is.
 */
export function mainSetFlags(reps) {
  if (reps.every((rep) => typeof rep.main_set === "boolean")) return reps.map((rep) => rep.main_set);
  const judgedBlocks = new Set(reps.filter((rep) => verdictOf(rep) !== null).map((rep) => rep.block));
  return reps.map((rep) => !judgedBlocks.size || judgedBlocks.has(rep.block));
}

/** The counts a summary shows, over the main set only: strides are about feel, not pace. */
export function tally(reps) {
  const flags = mainSetFlags(reps);
  const main = reps.filter((_, i) => flags[i]);
  const verdicts = main.map(verdictOf);
  const count = (verdict) => verdicts.filter((v) => v === verdict).length;
  return {
    main: main.length,
    strides: reps.length - main.length,
    judged: verdicts.filter((v) => v !== null).length,
    onTarget: count("on_target"),
    fast: count("fast"),
    slow: count("slow"),
    off: count("off"),
    skipped: main.filter((rep) => rep.skipped).length,
  };
}

/** "5 of 6 on target", then "· 1 fast · 1 slow · 1 skipped" when there are; null if none judged. */
export function tallyText(counts, { details = true } = {}) {
  if (!counts.judged) return null;
  const parts = [`${counts.onTarget} of ${counts.judged} on target`];
  if (details) {
    if (counts.fast) parts.push(`${counts.fast} fast`);
    if (counts.slow) parts.push(`${counts.slow} slow`);
    if (counts.off) parts.push(`${counts.off} off target`);
    if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  }
  return parts.join(" · ");
}

function secondsText(amount) {
  const rounded = Math.round(amount * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** Whether the verdict used a range wider than the plan's target (the athlete's tolerance). */
export function isWidened(rep) {
  const judged = rep.judged_pace;
  const target = rep.target_pace;
  if (!judged || !target) return false;
  return Math.abs(target[0] - judged[0]) > 1e-6 || Math.abs(judged[1] - target[1]) > 1e-6;
}

/**
 * The range the verdict used, when the athlete's tolerance widened the target:
 * "3:53–3:58 /km (±1 s)"; null when it is the target itself (or there is none).
 */
export function judgedRangeText(rep, units = "km") {
  const judged = rep.judged_pace;
  const target = rep.target_pace;
  if (!judged) return null;
  const range = paceRange(judged[0], judged[1], units);
  if (!target) return range;
  if (!isWidened(rep)) return null;
  const faster = target[0] - judged[0];
  const slower = judged[1] - target[1];
  // The tolerance is seconds per km inside; a runner in miles reads it per mile.
  const perUnit = (s) => (units === "mi" ? (s * METRES_PER_MILE) / 1000 : s);
  const widened =
    Math.abs(faster - slower) < 1e-6
      ? `±${secondsText(perUnit(faster))} s`
      : `−${secondsText(perUnit(faster))} / +${secondsText(perUnit(slower))} s`;
  return `${range} (${widened})`;
}

const OLD_FATIGUE = {
  ease: (amount) => `Pace faded ${amount} % over the set: ease the next session's reps.`,
  stop: (amount) =>
    `Pace faded ${amount} %: the set had run its course. Ending a set while form holds is good training.`,
  recover: (amount) => `Heart rate drifted up ${amount} % at the same pace: take fuller recoveries.`,
};

/**
 * The fatigue advice a runner reads after the session: the engine's own words (`fatigue.text`),
 * or, for results stored before it was typed, the old "stop: 9.6 %" turned into words.
 */
export function fatigueText(fatigue) {
  if (!fatigue) return null;
  if (typeof fatigue === "string") {
    const match = /^(\w+): ([\d.]+) %$/.exec(fatigue);
    const words = match && OLD_FATIGUE[match[1]];
    return words ? words(match[2]) : fatigue;
  }
  if (fatigue.text) return fatigue.text;
  const words = OLD_FATIGUE[fatigue.advice];
  return words && typeof fatigue.percent === "number" ? words(fatigue.percent.toFixed(1)) : null;
}

/**
 * The units a session's paces are shown in: those it was run with (its results, else the
 * settings it keeps from its creation), so a session reads the same after the runner changes
 * their profile. `fallback` is the profile's, for a reply without either.
 */
export function sessionUnits(session, fallback = "km") {
  const stored =
    (session && session.results && session.results.units) ||
    (session && session.settings && session.settings.units);
  return stored === "mi" || stored === "km" ? stored : fallback;
}
