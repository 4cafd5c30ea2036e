// Today: the planned workout (or one picked from the library, the plan or your own), why it is
// there, its targets per rep resolved for you now, any readiness warning, and the start button.
// A session already finished today shows first: its score from the engine's verdicts and what to
// take from it.

import { ApiError, api, localDay } from "../api.js";
import { field, h, show } from "../dom.js";
import { day as dayText, duration, distance } from "../format.js";
import { go } from "../router.js";
import { readinessCard } from "../readiness.js";
import { substitutionControl } from "../substitute.js";
import { fatigueText, tally, tallyText } from "../verdict.js";
import { VENUES, heading, problemBox, repTable, stepsLine, unitsOf } from "./common.js";

const CHOICE_KEY = "trackcue.choice";

function savedChoice() {
  try {
    const saved = JSON.parse(localStorage.getItem(CHOICE_KEY) || "null");
    return saved && saved.day === localDay() ? saved : null;
  } catch {
    return null;
  }
}

/** Remember what the runner picked for today (the builder uses it for a saved workout). */
export function chooseForToday(choice) {
  localStorage.setItem(CHOICE_KEY, JSON.stringify({ ...choice, day: localDay() }));
}

export const todayView = {
  name: "today",
  title: "Today",

  async enter(root) {
    const today = localDay();
    const body = h("div", { class: "stack" }, h("p", { class: "loading" }, "Loading today…"));
    root.append(heading("Today", dayText(today), { inline: true }), body);
    let me;
    let library;
    let plan;
    let workouts;
    let sessions;
    try {
      [me, library, plan, workouts, sessions] = await Promise.all([
        api.me(),
        api.library(),
        api.plan(today, localDay(6)),
        api.workouts(),
        api.sessions(localDay(-1), today),
      ]);
    } catch (error) {
      show(body, problemBox(error instanceof ApiError ? error.explain() : String(error)));
      return;
    }
    const units = unitsOf(me);
    const names = new Map(workouts.map((workout) => [workout.id, workout.name]));
    const byKey = new Map(library.map((entry) => [entry.key, entry]));
    const planned = plan.find((entry) => entry.day === today) || null;
    let choice = savedChoice();
    if (!choice && planned) choice = fromPlan(planned);
    let lane = choice && choice.lane ? choice.lane : 1;
    // Where this session is run: the profile's venue unless the runner picked another today
    // (it decides what measures a distance: lap presses on a track, GPS on the road, the belt).
    const usualVenue = (me.profile && me.profile.venue) || "track";
    let venue = choice && choice.venue ? choice.venue : usualVenue;

    const running = sessions.find((s) => s.status === "running" || s.status === "paused");
    const resume = running
      ? h(
          "a",
          { class: "button primary banner", href: `#/session/${running.id}` },
          `Resume ${running.snapshot.workout.name || "session"} (${running.status})`,
        )
      : null;

    const done = sessions
      .filter((s) => s.day === today && s.status === "finished" && s.results)
      .map((s) => doneCard(s));

    const workoutCard = h("section", { class: "card stack", "aria-labelledby": "workout-name" });
    const picker = h("section", { class: "stack picker", hidden: Boolean(choice) });

    const describe = (current) => {
      if (current.template) {
        const entry = byKey.get(current.template);
        return {
          name: entry ? entry.name : current.template,
          why: entry ? entry.rationale : "",
          source: current.planned ? "Planned" : "From the library",
        };
      }
      const name = names.get(current.workout_id) || current.name || "Your workout";
      return { name, why: "", source: current.planned ? "Planned" : "Yours" };
    };

    const render = async () => {
      if (!choice) {
        show(
          workoutCard,
          h("h2", { id: "workout-name" }, "Nothing planned today"),
          h("p", {}, "Pick a session below, or take a rest day: it counts too."),
        );
        picker.hidden = false;
        return;
      }
      const about = describe(choice);
      const laneSelect = h(
        "select",
        {
          name: "lane",
          onchange: () => {
            lane = Number(laneSelect.value);
            chooseForToday({ ...choice, lane, venue });
            render();
          },
        },
        [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) =>
          h("option", { value: String(n), selected: n === lane }, `Lane ${n}`),
        ),
      );
      const known = VENUES.some(([value]) => value === venue);
      const venueSelect = h(
        "select",
        {
          name: "venue",
          onchange: () => {
            venue = venueSelect.value;
            chooseForToday({ ...choice, lane, venue });
            render();
          },
        },
        // A venue from a newer server that this app does not name is still offered as it is.
        (known ? VENUES : [...VENUES, [venue, venue]]).map(([value, label]) =>
          h("option", { value, selected: value === venue }, label),
        ),
      );
      const start = h(
        "button",
        { class: "primary huge", type: "button", id: "start-session" },
        "Start session",
      );
      const targets = h("div", { class: "stack" }, h("p", { class: "loading" }, "Working out your targets…"));
      // Filled once the preview says the session is hard: an easy run needs no road version.
      const weather = h("div", { class: "stack" });
      laneSelect.title = "Lap times account for the lane you run in.";
      show(
        workoutCard,
        h("p", { class: "eyebrow" }, about.source),
        h("h2", { id: "workout-name" }, about.name),
        targets,
        h(
          "div",
          { class: "start-row" },
          field("Venue", venueSelect),
          // Off the track the lane changes nothing, so it is not asked.
          venue === "track" && field("Lane", laneSelect),
        ),
        start,
        about.why && h("p", { class: "rationale" }, h("strong", {}, "Why: "), about.why),
        choice.note && h("p", { class: "rationale" }, h("strong", {}, "Note: "), choice.note),
        weather,
        h(
          "a",
          { class: "button secondary", id: "progress-link", href: `#/progress/${progressPath(choice)}` },
          "Progress over weeks",
        ),
      );
      start.addEventListener("click", async () => {
        start.disabled = true;
        try {
          const session = await api.createSession({ ...request(choice), day: today, lane, venue });
          go(`session/${session.id}`);
        } catch (error) {
          start.disabled = false;
          targets.append(problemBox(error instanceof ApiError ? error.explain() : String(error)));
        }
      });
      try {
        const preview = await api.preview({ ...request(choice), day: today, lane, venue });
        const steps = preview.snapshot.steps;
        const totals = preview.snapshot.totals;
        show(
          targets,
          readinessCard(preview.readiness, { onSwap: swap, ref: request(choice), today, entryId: choice.entry_id }),
          repTable(steps, units),
          h(
            "p",
            { class: "totals" },
            preview.hard && h("span", { class: "badge" }, "Quality"),
            ` About ${duration(totals.duration_s)} · ${distance(totals.distance_m, units)}`,
          ),
          h("p", { class: "hint" }, stepsLine(steps)),
        );
        if (preview.hard && !choice.substitute) {
          show(weather, substitutionControl(request(choice), about.name, { onSwap: swap, entryId: choice.entry_id }));
        }
      } catch (error) {
        const message = error instanceof ApiError ? error.explain() : String(error);
        const needsProfile = error instanceof ApiError && error.status === 422;
        show(
          targets,
          problemBox(message),
          needsProfile &&
            h("a", { class: "button secondary", href: "#/settings" }, "Add a race result"),
        );
      }
    };

    const pick = (next) => {
      choice = { ...next, lane, venue };
      chooseForToday(choice);
      picker.hidden = true;
      render();
      workoutCard.scrollIntoView({ block: "start" });
    };

    // A session from the coach (an alternative, the road version) becomes today's in one step.
    const swap = (next) => {
      if (next.venue) venue = next.venue;
      pick(next);
    };

    const option = (label, detail, next) =>
      h(
        "li",
        {},
        h(
          "button",
          { type: "button", class: "choice", onclick: () => pick(next) },
          h("span", { class: "choice-name" }, label),
          detail && h("span", { class: "choice-detail" }, detail),
        ),
      );

    show(
      picker,
      h("h2", {}, "Choose a workout"),
      plan.length > 0 && h("h3", {}, "This week's plan"),
      plan.length > 0 &&
        h(
          "ul",
          { class: "choices" },
          plan.map((entry) =>
            option(
              entry.template
                ? (byKey.get(entry.template) || { name: entry.template }).name
                : names.get(entry.workout_id) || "Your workout",
              dayText(entry.day) + (entry.note ? ` · ${entry.note}` : ""),
              fromPlan(entry),
            ),
          ),
        ),
      h("h3", {}, "Library"),
      h(
        "ul",
        { class: "choices" },
        library.map((entry) => option(entry.name, entry.rationale, { template: entry.key })),
      ),
      workouts.length > 0 && h("h3", {}, "Your workouts"),
      workouts.length > 0 &&
        h(
          "ul",
          { class: "choices" },
          workouts.map((workout) => option(workout.name, null, { workout_id: workout.id })),
        ),
    );

    const another = h(
      "button",
      {
        type: "button",
        class: "secondary",
        "aria-expanded": "false",
        onclick: () => {
          picker.hidden = !picker.hidden;
          another.setAttribute("aria-expanded", String(!picker.hidden));
          if (!picker.hidden) picker.scrollIntoView({ block: "start" });
        },
      },
      "Choose another workout",
    );
    show(body, resume, done, workoutCard, another, picker);
    await render();
  },
};

/** A session finished today: main-set reps on target, and the sentence to take away. */
function doneCard(session) {
  const results = session.results;
  const score = tallyText(tally(results.reps || []));
  const takeaway = results.takeaway || fatigueText(results.fatigue);
  return h(
    "section",
    { class: "card stack done-today" },
    h("p", { class: "eyebrow" }, "Done today"),
    h("p", {}, h("strong", {}, session.snapshot.workout.name || "Session"), score ? ` · ${score}` : ""),
    takeaway && h("p", { class: "takeaway" }, takeaway),
    h("a", { class: "button secondary", href: `#/results/${session.id}` }, "See results"),
  );
}

function fromPlan(entry) {
  const from = { note: entry.note, planned: true, entry_id: entry.id, venue: entry.venue || undefined };
  return entry.template ? { template: entry.template, ...from } : { workout_id: entry.workout_id, ...from };
}

/** The progress view's path for a workout: "template/6x400" or "workout/ID". */
function progressPath(choice) {
  return choice.template
    ? `template/${encodeURIComponent(choice.template)}`
    : `workout/${encodeURIComponent(choice.workout_id)}`;
}

function request(choice) {
  return choice.template ? { template: choice.template } : { workout_id: choice.workout_id };
}
