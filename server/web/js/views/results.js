// Results: every rep against its target (time, pace, the engine's verdict, heart rate,
// recovery), a pace and heart rate chart, what to take from the session, and the training-log
// form: how hard it felt, what is sore, notes. Colours and words come from each rep's `verdict`
// (see verdict.js); paces are in the units the session was run with.

import { ApiError, api } from "../api.js";
import { repChart } from "../chart.js";
import { field, h, show, toast } from "../dom.js";
import { clock, day as dayText, pace, targetSeconds } from "../format.js";
import {
  fatigueText,
  judgedRangeText,
  mainSetFlags,
  repMark,
  sessionUnits,
  tally,
  tallyText,
} from "../verdict.js";
import { uploadCard } from "../upload.js";
import { compactPaceRange, heading, problemBox, unitsOf } from "./common.js";

const STATUS_WORDS = { ready: "not started", running: "running", paused: "paused", finished: "done" };

/** The fatigue advice in words, from the typed advice or an old result's "stop: 9.6 %". */
export const fatigueAdvice = fatigueText;

export const resultsView = {
  name: "results",
  title: "Results",

  async enter(root, { id }) {
    const body = h("div", { class: "stack" }, h("p", { class: "loading" }, "Loading results…"));
    root.append(body);
    let session;
    let me;
    try {
      [session, me] = await Promise.all([api.session(id), api.me()]);
    } catch (error) {
      show(
        body,
        problemBox(
          error instanceof ApiError && error.status === 404
            ? "These results cannot be opened: the session does not exist, or it is not yours."
            : error instanceof ApiError
              ? error.explain()
              : String(error),
        ),
      );
      return;
    }
    const units = sessionUnits(session, unitsOf(me));
    const name = session.snapshot.workout.name || "Session";
    root.prepend(heading(name, `${dayText(session.day)} · ${STATUS_WORDS[session.status] || session.status}`));
    const reload = () => {
      root.replaceChildren();
      resultsView.enter(root, { id });
    };
    const watchFile = uploadCard({
      title: "Ran it with your watch?",
      hint: "Upload the watch's file of this session: its laps give the session its results.",
      onDone: reload,
    });
    if (!session.results) {
      show(
        body,
        h("p", {}, "This session has not finished yet."),
        h("a", { class: "button primary", href: `#/session/${session.id}` }, "Open the session"),
        watchFile,
      );
      return;
    }
    const results = session.results;
    const reps = results.reps;
    const flags = mainSetFlags(reps);
    const entries = await api.log(session.day, session.day).catch(() => []);
    const logged = entries.filter((entry) => entry.session_id === session.id);
    show(
      body,
      summaryCard(results, reps),
      resultsTable(reps, flags, session.snapshot.steps, units),
      h("section", { class: "card" }, h("h2", {}, "Pace and heart rate"),
        repChart(charted(reps, flags), units),
        h("p", { class: "legend" },
          h("span", { class: "key on" }, "on target"), " ",
          h("span", { class: "key fast" }, "fast"), " ",
          h("span", { class: "key slow" }, "slow"), " ",
          h("span", { class: "key unjudged" }, "not judged"), " ",
          h("span", { class: "key band" }, "target"), " ",
          h("span", { class: "key hr" }, "heart rate"))),
      logSection(session, logged),
      watchFile,
    );
  },
};

/** The score (main-set reps on target), the steps done, the fatigue advice and the takeaway. */
function summaryCard(results, reps) {
  const counts = tally(reps);
  const fatigue = fatigueText(results.fatigue);
  const takeaway = results.takeaway && results.takeaway !== fatigue ? results.takeaway : null;
  const details = tallyText(counts);
  const skipped = results.skipped_steps ? ` · ${results.skipped_steps} skipped` : "";
  return h(
    "section",
    { class: "card summary", id: "results-summary" },
    h(
      "p",
      { class: "score" },
      h("span", { class: "big-number" }, counts.judged ? `${counts.onTarget}/${counts.judged}` : `${counts.main}`),
      h(
        "span",
        {},
        counts.judged ? "main-set reps on target" : "reps run",
        h("small", {}, `${results.completed_steps} of ${results.total_steps} steps done${skipped}`),
      ),
    ),
    details && h("p", { class: "tally", id: "results-tally" }, details),
    fatigue && h("p", { class: "warning", id: "results-fatigue" }, fatigue),
    takeaway && h("p", { class: "takeaway", id: "results-takeaway" }, takeaway),
  );
}

/** The main set first, block by block, then the warm-up (and cool-down) strides apart. */
function ordered(reps, flags) {
  const blocks = [];
  reps.forEach((rep, i) => {
    const main = flags[i];
    let block = blocks.find((item) => item.name === rep.block && item.main === main);
    if (!block) {
      block = { name: rep.block, main, reps: [] };
      blocks.push(block);
    }
    block.reps.push(rep);
  });
  return [...blocks.filter((b) => b.main), ...blocks.filter((b) => !b.main)];
}

function resultsTable(reps, flags, steps, units) {
  if (!reps.length) return h("p", {}, "No reps were run.");
  const blocks = ordered(reps, flags);
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { class: "results", id: "results-table" },
      h("caption", {}, "Every rep against its target"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Rep"),
          h("th", { scope: "col" }, "Time"),
          h("th", { scope: "col" }, `Pace /${units}`),
          h("th", { scope: "col" }, "Verdict"),
          h("th", { scope: "col" }, "HR"),
          h("th", { scope: "col", title: "heart rate drop in the recovery after" }, "Rec"),
        ),
      ),
      h(
        "tbody",
        {},
        blocks.map((block) => {
          // A block's reps usually share one judged range: said once, in the block's heading.
          const ranges = new Set(block.reps.map((rep) => judgedRangeText(rep, units)));
          const shared = ranges.size === 1 ? [...ranges][0] : null;
          return [
            h(
              "tr",
              { class: block.main ? "block" : "block strides" },
              h(
                "th",
                { colspan: "6", scope: "rowgroup" },
                block.name || "Reps",
                !block.main && h("small", {}, " · warm-up strides, not judged on pace"),
                shared && h("small", { class: "judged" }, `judged within ${shared}`),
              ),
            ),
            block.reps.map((rep) => repRow(rep, block.main, steps, units, !shared)),
          ];
        }),
      ),
    ),
  );
}

/** The reps worth a bar: the main set's (strides are about feel); skipped reps have no pace. */
function charted(reps, flags) {
  const main = reps.filter((rep, i) => flags[i] && !rep.skipped && rep.pace_s_per_km);
  return main.length ? main : reps.filter((rep) => rep.pace_s_per_km && !rep.skipped);
}

function repRow(rep, main, steps, units, ownRange) {
  const step = steps[rep.index];
  const due = targetSeconds(step);
  const delta = due && !rep.skipped ? rep.seconds - due : null;
  const mark = repMark(rep);
  const signed = delta === null ? "" : ` ${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(1)}`;
  const judged = judgedRangeText(rep, units);
  return h(
    "tr",
    {
      class: `rep ${mark.key}${main ? "" : " stride"}`,
      "data-verdict": mark.key,
      title: judged ? `judged within ${judged}` : null,
    },
    h("th", { scope: "row" }, rep.rep ? String(rep.rep) : "–"),
    h(
      "td",
      { class: "number" },
      rep.skipped ? "–" : clock(rep.seconds, { tenths: true }),
      due && h("small", {}, `${clock(due)}${signed}`),
    ),
    h(
      "td",
      { class: "number pace" },
      rep.pace_s_per_km && !rep.skipped ? pace(rep.pace_s_per_km, units, { unit: false }) : "–",
      rep.target_pace && h("small", {}, compactPaceRange(...rep.target_pace, units)),
      ownRange && judged && h("small", { class: "judged" }, `judged ${judged}`),
    ),
    h("td", { class: "verdict" }, mark.word),
    h(
      "td",
      { class: "number" },
      rep.hr_avg ? String(Math.round(rep.hr_avg)) : "–",
      rep.hr_max && h("small", {}, `max ${rep.hr_max}`),
    ),
    h(
      "td",
      { class: "number" },
      rep.recovery_hr_drop === null || rep.recovery_hr_drop === undefined
        ? "–"
        : rep.recovery_hr_drop >= 0
          ? `−${rep.recovery_hr_drop}`
          : `+${-rep.recovery_hr_drop}`,
    ),
  );
}

function logSection(session, logged) {
  const section = h("section", { class: "card stack", "aria-labelledby": "log-title" });
  const done = logged.map((entry) =>
    h(
      "p",
      { class: "logged" },
      `Logged: RPE ${entry.rpe ?? "–"}`,
      entry.soreness.length ? ` · sore: ${entry.soreness.map((s) => `${s.where} ${s.severity}/10`).join(", ")}` : "",
      entry.feelings ? ` · ${entry.feelings}` : "",
    ),
  );
  let rpe = null;
  const rpeButtons = [];
  const rpeGroup = h("div", { class: "rpe", role: "radiogroup", "aria-labelledby": "rpe-label" });
  for (let value = 1; value <= 10; value += 1) {
    const button = h(
      "button",
      {
        type: "button",
        role: "radio",
        "aria-checked": "false",
        "aria-label": `RPE ${value}`,
        onclick: () => {
          rpe = value;
          for (const other of rpeButtons) other.setAttribute("aria-checked", String(other === button));
        },
      },
      String(value),
    );
    rpeButtons.push(button);
    rpeGroup.append(button);
  }
  const soreList = h("div", { class: "stack" });
  const addSore = () => {
    const where = h("input", { name: "where", maxlength: "64", placeholder: "left calf", "aria-label": "Where it is sore" });
    const severity = h(
      "select",
      { name: "severity", "aria-label": "How sore, 0 to 10" },
      Array.from({ length: 11 }, (_, i) => h("option", { value: String(i), selected: i === 3 }, `${i}/10`)),
    );
    const row = h("div", { class: "row sore" }, where, severity);
    row.append(h("button", { type: "button", class: "secondary small", "aria-label": "Remove", onclick: () => row.remove() }, "✕"));
    soreList.append(row);
    where.focus();
  };
  const feelings = h("input", { name: "feelings", maxlength: "2000", placeholder: "strong, a bit flat…" });
  const notes = h("textarea", { name: "notes", rows: "3", maxlength: "10000" });
  const problem = h("p", { class: "problem", role: "alert" });
  const save = h("button", { type: "submit", class: "primary" }, "Save to the log");
  const form = h(
    "form",
    {
      class: "stack",
      onsubmit: async (event) => {
        event.preventDefault();
        problem.textContent = "";
        const soreness = [...soreList.querySelectorAll(".sore")]
          .map((row) => ({
            where: row.querySelector("input").value.trim(),
            severity: Number(row.querySelector("select").value),
          }))
          .filter((item) => item.where);
        save.disabled = true;
        try {
          const entry = await api.writeLog({
            day: session.day,
            session_id: session.id,
            rpe,
            soreness,
            feelings: feelings.value.trim() || null,
            notes: notes.value.trim() || null,
          });
          toast("Saved to your training log.");
          form.replaceWith(h("p", { class: "logged", id: "log-saved" }, `Logged: RPE ${entry.rpe ?? "–"}. Rest well.`));
        } catch (error) {
          problem.textContent = error instanceof ApiError ? error.explain() : String(error);
        } finally {
          save.disabled = false;
        }
      },
    },
    h("p", { class: "label", id: "rpe-label" }, "How hard was it? (RPE: 1 easy, 10 all out)"),
    rpeGroup,
    h("p", { class: "label" }, "Anything sore?"),
    soreList,
    h("button", { type: "button", class: "secondary", onclick: addSore }, "Add soreness"),
    field("Feelings", feelings),
    field("Notes", notes),
    problem,
    save,
  );
  show(section, h("h2", { id: "log-title" }, "Training log"), done, form);
  return section;
}
