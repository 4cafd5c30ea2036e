// Pieces several screens share: headings, problems, the plan of a resolved workout.

import { h } from "../dom.js";
import { clock, pace, stepLength, stepName, targetSeconds, targetText } from "../format.js";

/** Where a session is run, as the API names it, and as the runner reads it. */
export const VENUES = [
  ["track", "Track"],
  ["road", "Road"],
  ["treadmill", "Treadmill"],
];

export function heading(title, subtitle = null, { inline = false } = {}) {
  return h(
    "header",
    { class: inline ? "screen-head inline" : "screen-head" },
    h("h1", {}, title),
    subtitle && h("p", {}, subtitle),
  );
}

export function problemBox(message) {
  return h("p", { class: "problem", role: "alert" }, message);
}

/** The units the athlete reads paces in ("km" or "mi"), from GET /v1/me. */
export function unitsOf(me) {
  return (me && me.profile && me.profile.units) || "km";
}

function signature(step) {
  return JSON.stringify([step.kind, step.cue, step.duration, step.target, step.lap_seconds]);
}

/**
 * The work steps of a resolved workout as rows of a table, identical reps in a row grouped:
 * [{block, reps: "1–6", length, time, pace, splits}].
 */
export function repRows(steps, units) {
  const rows = [];
  for (const step of steps) {
    if (step.kind !== "work") continue;
    const last = rows[rows.length - 1];
    const key = signature(step);
    if (last && last.key === key && last.block === step.block && last.to === step.rep - 1) {
      last.to = step.rep;
      continue;
    }
    rows.push({
      key,
      block: step.block || "",
      from: step.rep,
      to: step.rep,
      length: stepLength(step),
      time: targetSeconds(step),
      lap: step.lap_seconds,
      pace:
        step.target && step.target.type === "pace"
          ? compactPaceRange(step.target.fast_s_per_km, step.target.slow_s_per_km, units)
          : targetText(step, units),
      splits: (step.splits || [])
        .slice(0, -1)
        .map((split) => `${Math.round(split.track_metres)} m ${clock(split.seconds)}`)
        .join(", "),
      name: step.cue,
    });
  }
  return rows;
}

/** "3:53–58" when both ends share the minute, else "3:53–4:02"; one pace when they agree. */
export function compactPaceRange(fast, slow, units) {
  const a = pace(fast, units, { unit: false });
  const b = pace(slow, units, { unit: false });
  if (a === b) return a;
  const [am, as] = a.split(":");
  const [bm, bs] = b.split(":");
  return am === bm ? `${am}:${as}–${bs}` : `${a}–${b}`;
}

/** A table of the reps with their target times, paces and splits, block by block. */
export function repTable(steps, units) {
  const rows = repRows(steps, units);
  if (!rows.length) return h("p", { class: "hint" }, "No reps: an easy run. Enjoy it.");
  return h(
    "table",
    { class: "targets" },
    h("caption", {}, "Targets per rep"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "Reps"),
        h("th", { scope: "col" }, "Each"),
        h("th", { scope: "col", class: "number" }, "Time"),
        h("th", { scope: "col", class: "number" }, `Pace /${units}`),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map((row, i) => [
        (i === 0 || rows[i - 1].block !== row.block) &&
          row.block &&
          h("tr", { class: "block" }, h("th", { colspan: "4", scope: "rowgroup" }, row.block)),
        h(
          "tr",
          {},
          h(
            "th",
            { scope: "row" },
            row.from === row.to ? String(row.from ?? "") : `${row.from}–${row.to}`,
          ),
          h("td", {}, row.length, row.name && h("small", {}, row.name)),
          h(
            "td",
            { class: "number" },
            row.time ? clock(row.time) : "–",
            row.splits && h("small", {}, row.splits),
          ),
          h("td", { class: "number" }, row.pace || "–"),
        ),
      ]),
    ),
  );
}

/** The other steps in order, in a line: "Warm up 15 min · Drills 8 min · …". */
export function stepsLine(steps) {
  const parts = [];
  let previous = null;
  for (const step of steps) {
    if (step.kind === "work") {
      previous = null;
      continue;
    }
    const text = `${stepName(step)} ${stepLength(step)}`;
    if (text !== previous) parts.push(text);
    previous = text;
  }
  return [...new Set(parts)].join(" · ");
}
