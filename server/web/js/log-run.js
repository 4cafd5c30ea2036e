// "Log a run" on History: a run without a file (POST /v1/activities), so that the road running a
// watch did not record still counts in the training load and in readiness.

import { ApiError, api, localDay } from "./api.js";
import { coach } from "./coach-api.js";
import { field, h, toast } from "./dom.js";
import { METRES_PER_MILE, day as dayText } from "./format.js";

const SPORTS = [
  ["running", "Run"],
  ["walking", "Walk"],
  ["hiking", "Hike"],
  ["cycling", "Ride"],
  ["swimming", "Swim"],
  ["rowing", "Row"],
  ["other", "Other"],
];

/** "45", "45:30", "1:05:00" as seconds (a bare number is minutes); null when it does not read. */
export function parseDuration(text) {
  const value = String(text || "").trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 60);
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, hours, minutes, seconds] = match;
  if (Number(seconds) >= 60 || (hours && Number(minutes) >= 60)) return null;
  return Number(hours || 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** A distance typed in km (or miles) as metres: "10", "10.5", "10,5". */
export function parseDistance(text, units = "km") {
  const value = Number(String(text || "").trim().replace(",", "."));
  if (!Number.isFinite(value) || value <= 0) return null;
  return Math.round(value * (units === "mi" ? METRES_PER_MILE : 1000));
}

/** The card: folded under its button until the runner opens it; distances in the athlete's
 * units (km unless the profile says miles). */
export function logRunCard({ units: given = null, onDone = () => {} } = {}) {
  let units = given || "km";
  const day = h("input", { name: "day", type: "date", value: localDay(), max: localDay(), required: true });
  const sport = h("select", { name: "sport" }, SPORTS.map(([value, label]) => h("option", { value }, label)));
  const distanceInput = h("input", { name: "distance", inputmode: "decimal", placeholder: "10", autocomplete: "off", required: true });
  const time = h("input", { name: "duration", inputmode: "numeric", placeholder: "45:00", autocomplete: "off", required: true });
  const hr = h("input", { name: "avg_hr", type: "number", min: "30", max: "250", inputmode: "numeric", autocomplete: "off" });
  const rpe = h(
    "select",
    { name: "rpe" },
    h("option", { value: "" }, "Not said"),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => h("option", { value: String(n) }, String(n))),
  );
  const name = h("input", { name: "name", placeholder: "Sunday long run", autocomplete: "off", maxlength: "200" });
  const treadmill = h("input", { type: "checkbox", name: "treadmill" });
  const problem = h("p", { class: "problem", role: "alert" });
  const done = h("p", { class: "logged", id: "log-run-done", hidden: true });
  const submit = h("button", { type: "submit", class: "primary", id: "log-run-save" }, "Save run");
  const distanceField = field(`Distance (${units === "mi" ? "mi" : "km"})`, distanceInput);
  if (!given) {
    api
      .me()
      .then((me) => {
        units = (me.profile && me.profile.units) || "km";
        distanceField.querySelector("label").textContent = `Distance (${units === "mi" ? "mi" : "km"})`;
      })
      .catch(() => {});
  }
  const form = h(
    "form",
    {
      class: "stack",
      id: "log-run-form",
      hidden: true,
      novalidate: true,
      onsubmit: async (event) => {
        event.preventDefault();
        problem.textContent = "";
        const metres = parseDistance(distanceInput.value, units);
        const seconds = parseDuration(time.value);
        if (!metres) {
          problem.textContent = `Distance: type it in ${units === "mi" ? "miles" : "km"}, such as 10 or 10.5.`;
          distanceInput.focus();
          return;
        }
        if (!seconds) {
          problem.textContent = "Time: type minutes (45) or h:mm:ss (1:05:00).";
          time.focus();
          return;
        }
        const run = { day: day.value, sport: sport.value, distance_m: metres, duration_s: seconds, treadmill: treadmill.checked };
        if (hr.value) run.avg_hr = Number(hr.value);
        if (rpe.value) run.rpe = Number(rpe.value);
        if (name.value.trim()) run.name = name.value.trim();
        submit.disabled = true;
        done.hidden = true;
        try {
          await coach.logRun(run);
          done.textContent = `✓ Logged: ${distanceInput.value.trim()} ${units === "mi" ? "mi" : "km"} on ${dayText(run.day)}.`;
          done.hidden = false;
          toast("Run logged: it counts in your training load.");
          form.reset();
          day.value = localDay();
          onDone();
        } catch (error) {
          problem.textContent = error instanceof ApiError ? error.explain() : String(error);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h("div", { class: "start-row" }, field("Day", day), field("Sport", sport)),
    h("div", { class: "start-row" }, distanceField, field("Time (min or h:mm:ss)", time)),
    h("div", { class: "start-row" }, field("Average HR (optional)", hr), field("How hard (RPE)", rpe)),
    field("Name (optional)", name),
    h("label", { class: "switch wide" }, treadmill, "On a treadmill"),
    problem,
    submit,
  );
  const open = h(
    "button",
    {
      type: "button",
      class: "secondary",
      id: "log-run",
      "aria-expanded": "false",
      "aria-controls": "log-run-form",
      onclick: () => {
        form.hidden = !form.hidden;
        open.setAttribute("aria-expanded", String(!form.hidden));
      },
    },
    "Log a run by hand",
  );
  return h(
    "section",
    { class: "card stack", id: "log-run-card" },
    h("h2", {}, "A run without a file"),
    h("p", { class: "hint" }, "Ran without your watch? Log it: it counts in your training load and readiness."),
    open,
    done,
    form,
  );
}
