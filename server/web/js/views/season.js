// The season to a race (POST/GET /v1/season): a form to plan one (race, date, goal time, runs a
// week, long-run day, track day), then its phases and its weeks, each day's entry with what to
// run and why. An entry in the plan can be moved to another day of its week (delete and plan
// again) or swapped to its road or treadmill version (POST /v1/plan/{id}/substitute).

import { ApiError, api, localDay } from "../api.js";
import { coach } from "../coach-api.js";
import { append, field, h, show, toast } from "../dom.js";
import { addDays, clock, day as dayText, titleOf } from "../format.js";
import { shortDay } from "../load-chart.js";
import { heading, problemBox } from "./common.js";

const RACES = [
  ["5k", "5 km"],
  ["10k", "10 km"],
  ["half", "Half marathon"],
  ["marathon", "Marathon"],
  ["1500m", "1500 m"],
  ["mile", "Mile"],
  ["3000m", "3000 m"],
  ["15k", "15 km"],
];
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const PHASES = { base: "Base", build: "Build", peak: "Peak", taper: "Taper" };
/** Each kind of day in a word and a symbol, so the calendar never leans on colour. */
const KINDS = {
  track: { symbol: "◆", word: "Track" },
  tempo: { symbol: "▲", word: "Tempo" },
  easy: { symbol: "○", word: "Easy" },
  long: { symbol: "●", word: "Long run" },
  rest: { symbol: "–", word: "Rest" },
  race: { symbol: "★", word: "Race" },
};
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

const MOVED_KEY = "trackcue.season.moved";

// The API moves a plan entry by deleting it and planning it again, under a new id, while the
// season keeps the old one: the phone remembers where each entry went (old id -> new id).
function movedIds() {
  try {
    return JSON.parse(localStorage.getItem(MOVED_KEY) || "{}") || {};
  } catch {
    return {};
  }
}

function rememberMove(from, to) {
  const moved = movedIds();
  for (const [key, value] of Object.entries(moved)) if (value === from) moved[key] = to;
  moved[from] = to;
  localStorage.setItem(MOVED_KEY, JSON.stringify(moved));
}

const SWAPPED_KEY = "trackcue.season.swapped";

// GET /v1/plan does not say an entry's venue: the phone remembers the entries it swapped.
function swappedVenues() {
  try {
    return JSON.parse(localStorage.getItem(SWAPPED_KEY) || "{}") || {};
  } catch {
    return {};
  }
}

function rememberSwap(id, venue) {
  localStorage.setItem(SWAPPED_KEY, JSON.stringify({ ...swappedVenues(), [id]: venue }));
}

/** The plan entry a season entry is now: itself, or where it was moved to. */
export function currentEntry(id, planned, moved = movedIds()) {
  if (!id) return null;
  return planned.get(id) || (moved[id] ? planned.get(moved[id]) || null : null);
}

export const seasonView = {
  name: "season",
  title: "Season",

  async enter(root) {
    const body = h("div", { class: "stack" }, h("p", { class: "loading" }, "Loading your season…"));
    root.append(heading("Season"), body);
    const reload = () => {
      root.replaceChildren();
      return seasonView.enter(root);
    };
    let season = null;
    try {
      season = await coach.season();
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        show(body, problemBox(error instanceof ApiError ? error.explain() : String(error)));
        return;
      }
    }
    if (!season) {
      show(body, h("p", {}, "Plan the weeks from today to a race: base, build, peak and taper, with the track day, an easy run after it and the long run where you want them."), seasonForm(reload));
      return;
    }
    // The plan's own entries: where an entry was moved or swapped, the plan says where it is now.
    let planned = new Map();
    try {
      const last = season.race_date < addDays(localDay(), 365) ? season.race_date : addDays(localDay(), 365);
      const first = season.weeks.length ? season.weeks[0].week_start : localDay();
      const entries = await api.plan(first, last > first ? last : first);
      planned = new Map(entries.map((entry) => [entry.id, entry]));
    } catch {
      // the calendar still shows the season as planned
    }
    show(body, seasonCalendar(season, planned, reload));
  },
};

function seasonForm(done, season = null) {
  const race = h(
    "select",
    { name: "race" },
    RACES.map(([value, label]) => h("option", { value, selected: season ? season.race === value : value === "10k" }, label)),
  );
  const raceDate = h("input", { name: "race_date", type: "date", required: true, min: addDays(localDay(), 21), value: addDays(localDay(), 84) });
  const goal = h("input", { name: "goal_time", placeholder: "40:00", inputmode: "numeric", autocomplete: "off" });
  const runs = h(
    "select",
    { name: "runs_per_week" },
    [3, 4, 5, 6, 7].map((n) => h("option", { value: String(n), selected: n === 4 }, `${n} runs`)),
  );
  const dayPicker = (name, chosen) =>
    h("select", { name }, WEEKDAYS.map((d) => h("option", { value: d, selected: d === chosen }, capital(d))));
  const longDay = dayPicker("long_run_day", "sunday");
  const trackDay = dayPicker("track_day", "tuesday");
  const problem = h("p", { class: "problem", role: "alert" });
  const submit = h("button", { type: "submit", class: "primary", id: "create-season" }, "Plan my season");
  const form = h(
    "form",
    {
      class: "card stack",
      id: "season-form",
      onsubmit: async (event) => {
        event.preventDefault();
        problem.textContent = "";
        submit.disabled = true;
        const body = {
          race: race.value,
          race_date: raceDate.value,
          runs_per_week: Number(runs.value),
          long_run_day: longDay.value,
          track_day: trackDay.value,
        };
        if (goal.value.trim()) body.goal_time = goal.value.trim();
        try {
          await coach.createSeason(body);
          toast("Season planned.");
          await done();
        } catch (error) {
          submit.disabled = false;
          problem.textContent = error instanceof ApiError ? error.explain() : String(error);
        }
      },
    },
    h("h2", {}, "Plan a season"),
    h("div", { class: "start-row" }, field("Race", race), field("Race day", raceDate)),
    field("Goal time (optional)", goal, "h:mm:ss or mm:ss; left empty, your race results set the paces."),
    h("div", { class: "start-row" }, field("Runs a week", runs), field("Track day", trackDay)),
    h("div", { class: "start-row" }, field("Long-run day", longDay)),
    problem,
    submit,
  );
  return form;
}

function seasonCalendar(season, planned, reload) {
  const today = localDay();
  const race = RACES.find(([value]) => value === season.race);
  const goal = season.goal_time_s ? ` · goal ${clock(season.goal_time_s)}` : "";
  const current = season.weeks.findIndex((week) => week.week_start <= today && today <= addDays(week.week_start, 6));
  const replan = h("div", { class: "stack", hidden: true });
  const again = h(
    "button",
    {
      type: "button",
      class: "secondary",
      "aria-expanded": "false",
      onclick: () => {
        replan.hidden = !replan.hidden;
        again.setAttribute("aria-expanded", String(!replan.hidden));
        if (!replan.firstChild) replan.append(seasonForm(reload, season));
      },
    },
    "Plan again",
  );
  return [
    h(
      "section",
      { class: "card stack", id: "season-summary" },
      h("p", { class: "eyebrow" }, "Race"),
      h("h2", {}, `${race ? race[1] : season.race} on ${dayText(season.race_date)}`),
      h("p", {}, `${season.weeks.length} weeks${goal}`),
      h(
        "ol",
        { class: "phases" },
        season.phases.map((span) =>
          h(
            "li",
            { "data-phase": span.phase },
            h("strong", {}, PHASES[span.phase] || span.phase),
            ` ${shortDay(span.start)} – ${shortDay(span.end)}`,
          ),
        ),
      ),
      (season.notes || []).map((note) => h("p", { class: "hint" }, note)),
    ),
    h(
      "ol",
      { class: "weeks", id: "season-weeks" },
      season.weeks.map((week, i) => weekCard(week, i, { current: i === current, planned, reload })),
    ),
    again,
    replan,
  ];
}

function weekCard(week, index, { current, planned, reload }) {
  const days = [...week.entries]
    .map((entry) => {
      const plan = currentEntry(entry.plan_entry_id, planned);
      return { entry, plan, day: plan ? plan.day : entry.day };
    })
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const phase = PHASES[week.phase] || week.phase;
  return h(
    "li",
    { class: current ? "card week current" : "card week", "data-phase": week.phase, id: `week-${index + 1}` },
    h(
      "details",
      { open: current || undefined },
      h(
        "summary",
        {},
        h("span", { class: "week-name" }, `Week ${index + 1} · ${phase}`, current ? " · this week" : ""),
        h(
          "span",
          { class: "week-detail" },
          `from ${shortDay(week.week_start)} · ${Number(week.volume_km).toFixed(0)} km`,
          week.recovery ? " · lighter week" : "",
        ),
      ),
      h("ul", { class: "season-days" }, days.map((item) => dayItem(item, week, reload))),
    ),
  );
}

function dayItem({ entry, plan, day }, week, reload) {
  const kind = KINDS[entry.kind] || { symbol: "•", word: entry.kind };
  const name = titleOf(entry.workout_text) || kind.word;
  const distanceText = entry.distance_km ? ` · ${Number(entry.distance_km).toFixed(1)} km` : "";
  const where = plan ? plan.venue || swappedVenues()[plan.id] : null;
  const venue = where && where !== "track" ? ` · ${capital(where)} version` : "";
  const tools = h("div", { class: "stack entry-tools", hidden: true });
  const canChange = Boolean(entry.plan_entry_id && plan) && day >= localDay();
  const open = canChange
    ? h(
        "button",
        {
          type: "button",
          class: "secondary small change",
          "aria-expanded": "false",
          "aria-label": `Change ${name} on ${dayText(day)}: move or swap it`,
          onclick: () => {
            tools.hidden = !tools.hidden;
            open.setAttribute("aria-expanded", String(!tools.hidden));
            if (!tools.firstChild) append(tools, entryTools(entry, plan, day, week, reload));
          },
        },
        "Change",
      )
    : null;
  return h(
    "li",
    { class: "season-day", "data-kind": entry.kind, "data-day": day },
    h(
      "div",
      { class: "season-line" },
      h("span", { class: "kind-symbol", "aria-hidden": "true" }, kind.symbol),
      h(
        "div",
        { class: "season-what" },
        h("span", { class: "season-when" }, `${dayText(day)} · ${kind.word}${distanceText}${venue}`),
        h("span", { class: "choice-name" }, name),
        entry.note && h("span", { class: "choice-detail wrap" }, entry.note),
      ),
      open,
    ),
    tools,
  );
}

function entryTools(entry, plan, day, week, reload) {
  const problem = h("p", { class: "problem", role: "alert" });
  const first = week.week_start > localDay() ? week.week_start : localDay();
  const choices = [];
  for (let i = 0; i < 7; i += 1) {
    const d = addDays(week.week_start, i);
    if (d >= first) choices.push(d);
  }
  const moveTo = h(
    "select",
    { name: "move_to" },
    choices.map((d) => h("option", { value: d, selected: d === day }, dayText(d))),
  );
  const run = (action) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    problem.textContent = "";
    try {
      await action();
      await reload();
    } catch (error) {
      button.disabled = false;
      problem.textContent = error instanceof ApiError ? error.explain() : String(error);
    }
  };
  const move = h(
    "button",
    {
      type: "button",
      class: "secondary",
      onclick: run(async () => {
        if (moveTo.value === day) return;
        const ref = plan.workout_id ? { workout_id: plan.workout_id } : { template: plan.template };
        // Planned again first, so that a refusal leaves the entry where it was.
        const moved = await coach.schedule({ ...ref, day: moveTo.value, note: plan.note || entry.note || null });
        rememberMove(plan.id, moved.id);
        const swappedTo = swappedVenues()[plan.id];
        if (swappedTo) rememberSwap(moved.id, swappedTo);
        await coach.unschedule(plan.id);
        toast(`Moved to ${dayText(moveTo.value)}.`);
      }),
    },
    "Move",
  );
  const swapTo = (venue, label) =>
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        "data-venue": venue,
        onclick: run(async () => {
          const swapped = await coach.substitutePlan(plan.id, venue);
          rememberSwap(swapped.id || plan.id, swapped.venue || venue);
          toast(`Swapped to the ${label.toLowerCase()} version.`);
        }),
      },
      label,
    );
  const swappable = entry.kind === "track" || entry.kind === "tempo";
  return [
    h("div", { class: "row" }, field("Move to", moveTo), move),
    swappable && h("p", { class: "hint" }, "Bad weather? The same effort on the road or a treadmill:"),
    swappable && h("div", { class: "start-row" }, swapTo("road", "Road"), swapTo("treadmill", "Treadmill")),
    problem,
  ];
}
