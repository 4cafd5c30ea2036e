// The workout builder: write the text format, see the steps it expands to with their lap times
// as you type, and every error at its line and column.

import { ApiError, api, localDay } from "../api.js";
import { h, show, toast } from "../dom.js";
import { clock, stepLength, stepName, targetText } from "../format.js";
import { go } from "../router.js";
import { heading, unitsOf } from "./common.js";
import { chooseForToday } from "./today.js";

const DRAFT_KEY = "trackcue.draft";
const WAIT_MS = 350; // after the last keystroke: a preview per pause, not per letter

const EXAMPLE = `# 5 x 1 km at I pace
Warmup
- 15m E Pace

Main set 5x
- 1km I Pace splits 200mtr
- Jog 2m30s

Cooldown
- 10m E Pace
`;

export const builderView = {
  name: "builder",
  title: "Workout builder",

  enter(root) {
    let units = "km";
    api.me().then((me) => {
      units = unitsOf(me);
    }, () => {});
    const editor = h("textarea", {
      id: "workout-text",
      class: "code",
      spellcheck: "false",
      autocapitalize: "none",
      autocomplete: "off",
      wrap: "off",
      rows: "12",
      "aria-describedby": "builder-status",
    });
    editor.value = localStorage.getItem(DRAFT_KEY) || EXAMPLE;
    const gutter = h("div", { class: "gutter", "aria-hidden": "true" });
    const status = h("div", { id: "builder-status", class: "builder-status", role: "status", "aria-live": "polite" });
    const preview = h("section", { class: "stack preview", "aria-label": "Preview" });
    const save = h("button", { type: "button", class: "primary" }, "Save workout");
    let timer = null;
    let asked = 0;
    let errorLines = new Set();

    const drawGutter = () => {
      const count = editor.value.split("\n").length;
      const numbers = [];
      for (let line = 1; line <= count; line += 1) {
        numbers.push(
          h("span", { class: errorLines.has(line) ? "error" : null, dataset: { line: String(line) } }, String(line)),
        );
      }
      show(gutter, numbers);
      gutter.scrollTop = editor.scrollTop;
    };

    const refresh = async () => {
      const mine = ++asked;
      const text = editor.value;
      localStorage.setItem(DRAFT_KEY, text);
      if (!text.trim()) {
        errorLines = new Set();
        show(status, "Write a workout: one step a line, starting with “- ”.");
        show(preview);
        drawGutter();
        return;
      }
      try {
        const reply = await api.preview({ text, day: localDay() });
        if (mine !== asked) return;
        errorLines = new Set();
        editor.removeAttribute("aria-invalid");
        show(
          status,
          h("span", { class: "ok" }, "Reads well."),
          reply.warnings.map((warning) => h("p", { class: "warning" }, warning)),
        );
        showSteps(preview, reply.snapshot, units);
      } catch (error) {
        if (mine !== asked) return;
        if (!(error instanceof ApiError)) throw error;
        const located = error.errors.filter((item) => item.line);
        errorLines = new Set(located.map((item) => item.line));
        editor.setAttribute("aria-invalid", located.length ? "true" : "false");
        show(
          status,
          error.errors.length
            ? error.errors.map((item) =>
                h(
                  "p",
                  { class: "problem", role: "alert" },
                  item.line
                    ? h("strong", {}, `Line ${item.line}, column ${item.column}: `)
                    : h("strong", {}, `${error.detail}: `),
                  item.what,
                ),
              )
            : h("p", { class: "problem", role: "alert" }, error.explain()),
        );
        show(preview);
      }
      drawGutter();
    };

    editor.addEventListener("input", () => {
      drawGutter();
      clearTimeout(timer);
      timer = setTimeout(refresh, WAIT_MS);
    });
    editor.addEventListener("scroll", () => {
      gutter.scrollTop = editor.scrollTop;
    });
    save.addEventListener("click", async () => {
      save.disabled = true;
      try {
        const saved = await api.saveWorkout(editor.value);
        chooseForToday({ workout_id: saved.id, lane: 1 });
        toast(`Saved “${saved.name}” and set it for today.`);
        go("today");
      } catch (error) {
        show(status, h("p", { class: "problem", role: "alert" }, error instanceof ApiError ? error.explain() : String(error)));
      } finally {
        save.disabled = false;
      }
    });

    root.append(
      heading("Builder", "Write a workout; the preview follows as you type."),
      h(
        "div",
        { class: "stack" },
        h("label", { for: "workout-text", class: "label" }, "Workout text"),
        h("div", { class: "editor" }, gutter, editor),
        status,
        h(
          "div",
          { class: "row" },
          save,
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              onclick: () => {
                editor.value = EXAMPLE;
                editor.dispatchEvent(new Event("input"));
              },
            },
            "Example",
          ),
        ),
        h(
          "details",
          { class: "help" },
          h("summary", {}, "How to write it"),
          h(
            "ul",
            {},
            h("li", {}, "# Title on the first line names the workout."),
            h("li", {}, "- 400mtr I Pace is a step: metres are mtr, m is minutes."),
            h("li", {}, "Main set 6x, then steps below it, repeats them; leave a blank line after a block."),
            h("li", {}, "Targets: I Pace, 5k Pace, 3:55/km Pace, 1:32/400m Pace, Z2 HR, RPE 7."),
            h("li", {}, "splits 200mtr asks for a split call every 200 m."),
          ),
        ),
        preview,
      ),
    );
    drawGutter();
    refresh();
    return () => clearTimeout(timer);
  },
};

function showSteps(preview, snapshot, units) {
  const steps = snapshot.steps;
  show(
    preview,
    h("h2", {}, snapshot.workout.name || "Untitled workout"),
    h(
      "ol",
      { class: "steps" },
      steps.map((step) =>
        h(
          "li",
          { class: `step kind-${step.kind}` },
          h("span", { class: "step-name" }, stepName(step)),
          h(
            "span",
            { class: "step-length" },
            stepLength(step),
            step.duration.type === "distance" && step.estimated_seconds
              ? ` in ${clock(step.estimated_seconds)}`
              : "",
          ),
          h("span", { class: "step-target" }, targetText(step, units)),
          step.lap_seconds &&
            h("span", { class: "step-lap" }, `lap ${clock(step.lap_seconds)}`),
        ),
      ),
    ),
  );
}
