// Results: every rep against its target (time, pace, heart rate, recovery), a pace and heart
// rate chart, and the training-log form: how hard it felt, what is sore, notes.

import { ApiError, api } from "../api.js";
import { repChart } from "../chart.js";
import { field, h, show, toast } from "../dom.js";
import { clock, day as dayText, pace, targetSeconds } from "../format.js";
import { compactPaceRange, heading, problemBox, unitsOf } from "./common.js";

const STATUS_WORDS = { ready: "not started", running: "running", paused: "paused", finished: "done" };

/** The engine's fatigue verdict ("stop: 9.6 %") as advice a runner reads after the session. */
export function fatigueAdvice(verdict) {
  const match = /^(\w+): ([\d.]+) %$/.exec(verdict || "");
  if (!match) return verdict || null;
  const [, advice, amount] = match;
  if (advice === "ease") return `Pace faded ${amount} % over the set: ease the next session's reps.`;
  if (advice === "stop") return `Pace faded ${amount} %: the set had run its course. Ending a set while form holds is good training.`;
  if (advice === "recover") return `Heart rate drifted up ${amount} % at the same pace: take fuller recoveries.`;
  return verdict;
}

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
    const units = unitsOf(me);
    const name = session.snapshot.workout.name || "Session";
    root.prepend(heading(name, `${dayText(session.day)} · ${STATUS_WORDS[session.status] || session.status}`));
    if (!session.results) {
      show(
        body,
        h("p", {}, "This session has not finished yet."),
        h("a", { class: "button primary", href: `#/session/${session.id}` }, "Open the session"),
      );
      return;
    }
    const results = session.results;
    const reps = results.reps;
    const judged = reps.filter((rep) => rep.on_target !== null);
    const onTarget = judged.filter((rep) => rep.on_target).length;
    const entries = await api.log(session.day, session.day).catch(() => []);
    const logged = entries.filter((entry) => entry.session_id === session.id);
    show(
      body,
      h(
        "section",
        { class: "card summary" },
        h(
          "p",
          { class: "score" },
          h("span", { class: "big-number" }, judged.length ? `${onTarget}/${judged.length}` : `${reps.length}`),
          h(
            "span",
            {},
            judged.length ? "reps on target" : "reps run",
            h("small", {}, `${results.completed_steps} of ${results.total_steps} steps done`),
          ),
        ),
        results.fatigue && h("p", { class: "warning" }, fatigueAdvice(results.fatigue)),
      ),
      resultsTable(reps, session.snapshot.steps, units),
      h("section", { class: "card" }, h("h2", {}, "Pace and heart rate"),
        repChart(charted(reps), units),
        h("p", { class: "legend" },
          h("span", { class: "key on" }, "on target"), " ",
          h("span", { class: "key off" }, "off target"), " ",
          h("span", { class: "key band" }, "target"), " ",
          h("span", { class: "key hr" }, "heart rate"))),
      logSection(session, logged),
    );
  },
};

/** The reps by block, the blocks judged against a pace first: the main set before the strides. */
function mainFirst(reps) {
  const blocks = [];
  for (const rep of reps) {
    let block = blocks.find((item) => item.name === rep.block);
    if (!block) {
      block = { name: rep.block, reps: [], judged: false };
      blocks.push(block);
    }
    block.reps.push(rep);
    block.judged ||= rep.on_target !== null;
  }
  return [...blocks.filter((b) => b.judged), ...blocks.filter((b) => !b.judged)].flatMap(
    (block) => block.reps,
  );
}

function resultsTable(allReps, steps, units) {
  if (!allReps.length) return h("p", {}, "No reps were run.");
  const reps = mainFirst(allReps);
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
          h("th", { scope: "col" }, "Pace"),
          h("th", { scope: "col" }, "HR"),
          h("th", { scope: "col", title: "heart rate drop in the recovery after" }, "Rec"),
        ),
      ),
      h(
        "tbody",
        {},
        reps.map((rep, i) => [
          (i === 0 || reps[i - 1].block !== rep.block) &&
            h("tr", { class: "block" }, h("th", { colspan: "5", scope: "rowgroup" }, rep.block || "Reps")),
          repRow(rep, steps, units),
        ]),
      ),
    ),
  );
}

/** The reps worth a bar: those judged against a pace (strides and skipped reps are not). */
function charted(reps) {
  const judged = reps.filter((rep) => rep.on_target !== null && rep.pace_s_per_km);
  return judged.length ? judged : reps.filter((rep) => rep.pace_s_per_km && !rep.skipped);
}

function repRow(rep, steps, units) {
  const step = steps[rep.index];
  const due = targetSeconds(step);
  const delta = due && !rep.skipped ? rep.seconds - due : null;
  const verdict = rep.on_target === true ? "on" : rep.on_target === false ? "off" : "";
  const signed = delta === null ? "" : ` ${delta >= 0 ? "+" : "−"}${Math.abs(delta).toFixed(1)}`;
  return h(
    "tr",
    { class: rep.skipped ? "skipped" : verdict },
    h("th", { scope: "row" }, rep.rep ? String(rep.rep) : "–"),
    h(
      "td",
      { class: "number" },
      rep.skipped ? "skipped" : clock(rep.seconds, { tenths: true }),
      due && h("small", {}, `${clock(due)}${signed}`),
    ),
    h(
      "td",
      { class: "number" },
      rep.pace_s_per_km ? pace(rep.pace_s_per_km, units, { unit: false }) : "–",
      rep.target_pace && h("small", {}, compactPaceRange(...rep.target_pace, units)),
    ),
    h(
      "td",
      { class: "number" },
      rep.hr_avg ? String(Math.round(rep.hr_avg)) : "–",
      rep.hr_max && h("small", {}, `max ${rep.hr_max}`),
    ),
    h(
      "td",
      { class: "number" },
      rep.recovery_hr_drop === null
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
