// Training load: fitness, fatigue and form over the last twelve weeks (GET /v1/load), and the
// distance, time, load and hard sessions of each week. Everything the runner ran counts: live
// sessions, runs from a watch and runs logged by hand.

import { ApiError, api, localDay } from "../api.js";
import { coach } from "../coach-api.js";
import { h, show } from "../dom.js";
import { METRES_PER_MILE, addDays } from "../format.js";
import { SERIES, legendSwatch, loadChart, shortDay, volumeChart } from "../load-chart.js";
import { heading, problemBox, unitsOf } from "./common.js";

const DAYS = 84;

/** What a form (TSB) value means, in a few words. */
export function formWords(tsb) {
  if (tsb > 15) return "very fresh: fitness may be fading";
  if (tsb > 5) return "fresh";
  if (tsb >= -10) return "balanced";
  if (tsb >= -30) return "training hard";
  return "a heavy block: take it easy";
}

/** A week's distance in km or miles with one decimal: "42.3 km". */
export function longDistance(metres, units = "km", { unit = true } = {}) {
  const per = units === "mi" ? METRES_PER_MILE : 1000;
  const value = ((Number(metres) || 0) / per).toFixed(1);
  return unit ? `${value} ${units === "mi" ? "mi" : "km"}` : value;
}

/** "3:47" for three hours 47 minutes. */
export function hoursMinutes(seconds) {
  const minutes = Math.round((Number(seconds) || 0) / 60);
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

const whole = (value) => {
  const n = Math.round(Number(value) || 0);
  return n < 0 ? `−${-n}` : String(n);
};

export const loadView = {
  name: "load",
  title: "Training load",

  async enter(root) {
    const body = h("div", { class: "stack" }, h("p", { class: "loading" }, "Loading your training…"));
    root.append(heading("Training load", "The last 12 weeks"), body);
    let load;
    let me;
    try {
      [load, me] = await Promise.all([coach.load(localDay(1 - DAYS), localDay()), api.me()]);
    } catch (error) {
      show(body, problemBox(error instanceof ApiError ? error.explain() : String(error)));
      return;
    }
    const units = unitsOf(me);
    // A history younger than the range starts where the runs do (a week before the first).
    const all = load.days || [];
    const first = all.findIndex((d) => d.load > 0 || d.ctl > 0 || d.atl > 0);
    const days = first > 7 ? all.slice(first - 7) : all;
    const since = first >= 0 ? all[first].date : null;
    const weeks = (load.weeks || []).filter((week) => !since || addDays(week.week, 6) >= since);
    const last = days[days.length - 1];
    if (!days.some((day) => day.load > 0)) {
      show(
        body,
        h("p", { class: "card" }, "No runs in the last 12 weeks yet. Run a session, upload a watch file or log a run on History."),
        h("a", { class: "button secondary", href: "#/history" }, "Log a run"),
      );
      return;
    }
    show(
      body,
      h(
        "section",
        { class: "card stack", "aria-labelledby": "load-title", id: "load-card" },
        h("h2", { id: "load-title" }, "Fitness, fatigue and form"),
        last &&
          h(
            "dl",
            { class: "tiles load-now" },
            SERIES.map((series) =>
              h("div", { class: series.className }, h("dt", {}, series.name), h("dd", {}, whole(last[series.key]))),
            ),
          ),
        last && h("p", { class: "takeaway", id: "form-words" }, `Form ${whole(last.tsb)}: ${formWords(Number(last.tsb) || 0)}.`),
        loadChart(days),
        h(
          "p",
          { class: "legend" },
          SERIES.map((series) =>
            h("span", { class: "legend-item" }, legendSwatch(series.className), ` ${series.name} (${series.short})`),
          ),
          h("span", { class: "legend-item" }, h("span", { class: "hard-symbol", "aria-hidden": "true" }, "▲"), " hard day"),
        ),
        h(
          "p",
          { class: "hint" },
          "Fitness is your load over the last six weeks, fatigue over the last week; form is fitness minus fatigue. Below zero you are carrying fatigue.",
        ),
        h(
          "details",
          { class: "help more" },
          h("summary", {}, "Days as a table"),
          h(
            "div",
            { class: "table-scroll" },
            h(
              "table",
              { class: "load-table" },
              h("thead", {}, h("tr", {}, ["Day", "Load", "Fitness", "Fatigue", "Form"].map((t) => h("th", { scope: "col" }, t)))),
              h(
                "tbody",
                {},
                days
                  .filter((day) => day.load > 0)
                  .reverse()
                  .map((day) =>
                    h(
                      "tr",
                      {},
                      h("td", {}, shortDay(day.date), day.hard ? " ▲" : ""),
                      [day.load, day.ctl, day.atl, day.tsb].map((v) => h("td", { class: "number" }, whole(v))),
                    ),
                  ),
              ),
            ),
          ),
        ),
      ),
      h(
        "section",
        { class: "card stack", "aria-labelledby": "volume-title", id: "volume-card" },
        h("h2", { id: "volume-title" }, "Weekly volume"),
        volumeChart(weeks.slice(-12), { units }),
        h(
          "div",
          { class: "table-scroll" },
          h(
            "table",
            { class: "volume-table" },
            h("caption", {}, `Each week, Monday to Sunday: distance (${units === "mi" ? "mi" : "km"}), time (h:mm), load and hard sessions`),
            h("thead", {}, h("tr", {}, ["Week of", units === "mi" ? "mi" : "km", "Time", "Load", "Hard"].map((t) => h("th", { scope: "col" }, t)))),
            h(
              "tbody",
              {},
              weeks
                .slice(-12)
                .reverse()
                .map((week) =>
                  h(
                    "tr",
                    {},
                    h("td", {}, shortDay(week.week)),
                    h("td", { class: "number" }, longDistance(week.distance_m, units, { unit: false })),
                    h("td", { class: "number" }, hoursMinutes(week.duration_s)),
                    h("td", { class: "number" }, whole(week.load)),
                    h("td", { class: "number" }, String(week.hard_sessions || 0)),
                  ),
                ),
            ),
          ),
        ),
      ),
    );
  },
};
