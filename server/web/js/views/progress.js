// Progress over weeks for one workout (GET /v1/progress): every run of it with its rep paces,
// fade, heart rate at pace, recovery drop, RPE and whether it was controlled, and the coach's
// suggestion for next time, which can be saved as the workout's next version.

import { ApiError, api } from "../api.js";
import { coach } from "../coach-api.js";
import { h, show, toast } from "../dom.js";
import { pace } from "../format.js";
import { shortDay } from "../load-chart.js";
import { meanPace, progressChart } from "../progress-chart.js";
import { heading, problemBox, unitsOf } from "./common.js";

const KINDS = {
  add_rep: { symbol: "+", word: "One more rep" },
  faster: { symbol: "↑", word: "A little faster" },
  repeat: { symbol: "=", word: "Repeat it" },
  ease: { symbol: "↓", word: "Ease it" },
};

/** "✓ controlled", "✕ not controlled", "– not judged": a symbol and a word, never colour only. */
export function controlledText(row) {
  if (row.controlled === true) return "✓ controlled";
  if (row.controlled === false) return "✕ not controlled";
  return "– not judged";
}

const pct = (value) => (value === null || value === undefined ? "–" : `${Number(value).toFixed(1)}%`);
const bpm = (value) => (value ? String(Math.round(value)) : "–");

export const progressView = {
  name: "progress",
  title: "Progress",

  async enter(root, { kind, id }) {
    const ref = kind === "workout" ? { workout_id: id } : { template: id };
    const body = h("div", { class: "stack" }, h("p", { class: "loading" }, "Loading your runs of it…"));
    const head = heading("Progress", "Loading…");
    root.append(head, body);
    let progress;
    let me;
    let name = id;
    let own = null;
    try {
      const named =
        kind === "workout"
          ? coach.workout(id).then((workout) => {
              own = workout;
              return workout.name;
            })
          : api.library().then((entries) => (entries.find((entry) => entry.key === id) || { name: id }).name);
      [progress, me, name] = await Promise.all([coach.progress(ref), api.me(), named]);
    } catch (error) {
      head.querySelector("p").textContent = "";
      show(body, problemBox(error instanceof ApiError ? error.explain() : String(error)));
      return;
    }
    head.querySelector("p").textContent = name;
    const units = unitsOf(me);
    const rows = progress.rows || [];
    if (!rows.length) {
      show(
        body,
        h("p", { class: "card" }, "No runs of this workout yet. Run it (or upload your watch's file of it) and each run shows here, week by week."),
        suggestionCard(progress.suggestion, { ref, own, name }),
      );
      return;
    }
    show(
      body,
      suggestionCard(progress.suggestion, { ref, own, name }),
      h(
        "section",
        { class: "card stack", "aria-labelledby": "progress-chart-title" },
        h("h2", { id: "progress-chart-title" }, "Rep pace and heart rate"),
        progressChart(rows, units),
        h(
          "p",
          { class: "legend" },
          h("span", { class: "legend-item" }, h("span", { class: "dot-symbol", "aria-hidden": "true" }, "●"), " a rep's pace (higher is faster)"),
          h("span", { class: "legend-item" }, h("span", { class: "line-symbol", "aria-hidden": "true" }, "—"), " mean pace"),
          h("span", { class: "legend-item" }, h("span", { class: "hr-symbol", "aria-hidden": "true" }, "■"), " heart rate at pace"),
          h("span", { class: "key band" }, "target"),
        ),
      ),
      h(
        "div",
        { class: "table-scroll" },
        h(
          "table",
          { class: "progress-table", id: "progress-table" },
          h("caption", {}, "Every run, newest first"),
          h(
            "thead",
            {},
            h("tr", {}, ["Day", "Reps", "Pace", "Fade", "HR", "Drop"].map((t) => h("th", { scope: "col" }, t))),
          ),
          h(
            "tbody",
            {},
            [...rows].reverse().flatMap((row) => [
              h(
                "tr",
                { class: row.controlled === false ? "uncontrolled" : "" },
                h("td", {}, shortDay(row.day)),
                h("td", { class: "number" }, row.judged ? `${row.on_target}/${row.judged}` : String(row.reps)),
                h("td", { class: "number" }, pace(meanPace(row), units, { unit: false })),
                h("td", { class: "number" }, pct(row.fade_pct)),
                h("td", { class: "number" }, bpm(row.hr_at_pace)),
                h("td", { class: "number" }, row.recovery_hr_drop ? `${Math.round(row.recovery_hr_drop)}` : "–"),
              ),
              h(
                "tr",
                { class: "verdict-row" },
                h(
                  "td",
                  { colspan: "6" },
                  h("span", { class: row.controlled ? "controlled" : row.controlled === false ? "not-controlled" : "" }, controlledText(row)),
                  (row.reasons || []).length ? `: ${row.reasons.join("; ")}` : "",
                  row.rpe ? ` · RPE ${row.rpe}` : "",
                ),
              ),
            ]),
          ),
        ),
      ),
      h("p", { class: "hint" }, `Reps on target of those judged; pace the mean of the main-set reps, per ${units}; fade the speed lost by the last rep; HR the mean heart rate over the reps; drop the heart rate lost in the recoveries (bpm); RPE how hard it felt.`),
    );
  },
};

function suggestionCard(suggestion, { ref, own, name }) {
  if (!suggestion) return null;
  const about = KINDS[suggestion.kind] || { symbol: "•", word: suggestion.kind };
  const text = suggestion.workout; // the next version as workout text
  const status = h("p", { class: "problem", role: "alert" });
  const save = text
    ? h(
        "button",
        { type: "button", class: "primary", id: "save-next-version" },
        own ? "Save as the next version" : "Save as my workout",
      )
    : null;
  if (save) {
    save.addEventListener("click", async () => {
      save.disabled = true;
      try {
        const saved = await coach.acceptProgress(ref);
        toast(`Saved: ${saved.name}.`);
        save.replaceWith(
          h("p", { class: "logged", id: "saved-version" }, own && saved.version ? `✓ Saved as version ${saved.version} of ${saved.name}.` : `✓ Saved as ${saved.name} in your workouts.`),
        );
      } catch (error) {
        save.disabled = false;
        status.textContent = error instanceof ApiError ? error.explain() : String(error);
      }
    });
  }
  return h(
    "section",
    { class: "card stack suggestion", id: "suggestion", "data-kind": suggestion.kind, "aria-labelledby": "suggestion-title" },
    h("p", { class: "eyebrow" }, "Next time"),
    h("h2", { id: "suggestion-title" }, h("span", { "aria-hidden": "true" }, `${about.symbol} `), about.word),
    h("p", {}, suggestion.text),
    text && h("details", { class: "help more" }, h("summary", {}, `The next version of ${name}`), h("pre", { class: "workout-text" }, text)),
    save,
    status,
  );
}
