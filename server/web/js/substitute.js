// Bad weather on Today: the same session at the same effort on the road or on a treadmill
// (POST /v1/substitutions), with why it is run that way and how its load compares, and one
// button that makes it today's session on that venue.

import { ApiError, api } from "./api.js";
import { coach } from "./coach-api.js";
import { h, show } from "./dom.js";
import { titleOf } from "./format.js";
import { problemBox } from "./views/common.js";

const PLACES = [
  ["road", "Road"],
  ["treadmill", "Treadmill"],
];

/** The rationale's first sentence in view, the rest one tap away: it is read on a track. */
function whyText(rationale) {
  const cut = rationale.search(/\.\s/);
  const first = cut > 0 && cut < rationale.length - 2 ? rationale.slice(0, cut + 1) : rationale;
  const rest = rationale.slice(first.length).trim();
  return h(
    "div",
    { class: "stack", id: "substitution-why" },
    h("p", { class: "rationale" }, h("strong", {}, "Why: "), first),
    rest && h("details", { class: "help more" }, h("summary", {}, "Why, in full"), h("p", { class: "rationale" }, rest)),
  );
}

/**
 * A button that opens the road and treadmill versions of `ref` ({workout_id} or {template});
 * `onSwap({workout_id, name, venue, note})` makes the chosen version today's.
 */
export function substitutionControl(ref, name, { onSwap, entryId = null }) {
  const panel = h("div", { class: "stack substitution", id: "substitution", hidden: true });
  const result = h("div", { class: "stack", id: "substitution-result" });
  const open = h(
    "button",
    {
      type: "button",
      class: "secondary",
      id: "substitute",
      "aria-expanded": "false",
      "aria-controls": "substitution",
      onclick: () => {
        panel.hidden = !panel.hidden;
        open.setAttribute("aria-expanded", String(!panel.hidden));
      },
    },
    "Bad weather? Road or treadmill",
  );
  const ask = async (venue, label) => {
    show(result, h("p", { class: "loading" }, `Working out the ${label.toLowerCase()} version…`));
    let reply;
    try {
      reply = await coach.substitute(ref, venue);
    } catch (error) {
      show(result, problemBox(error instanceof ApiError ? error.explain() : String(error)));
      return;
    }
    const text = typeof reply.workout === "string" ? reply.workout : reply.workout_text || "";
    const newName = reply.name || titleOf(text) || `${name} (${label.toLowerCase()})`;
    const swap = h(
      "button",
      { type: "button", class: "primary", id: "swap-venue" },
      `Swap today's session to the ${label.toLowerCase()} version`,
    );
    swap.addEventListener("click", async () => {
      swap.disabled = true;
      try {
        const note = `${label} version of ${name}`;
        if (entryId) {
          // A planned session: the plan entry itself points to the new version from now on.
          const entry = await coach.substitutePlan(entryId, venue);
          onSwap({ workout_id: entry.workout_id, entry_id: entry.id, planned: true, name: newName, venue: entry.venue || venue, note, substitute: true });
        } else {
          const saved = await api.saveWorkout(text);
          onSwap({ workout_id: saved.id, name: saved.name || newName, venue, note, substitute: true });
        }
      } catch (error) {
        swap.disabled = false;
        result.append(problemBox(error instanceof ApiError ? error.explain() : String(error)));
      }
    });
    show(
      result,
      h("p", { class: "eyebrow" }, `${label} version`),
      h("p", { class: "choice-name" }, newName),
      reply.load_comparison && reply.load_comparison.text && !String(reply.rationale || "").includes(reply.load_comparison.text) &&
        h("p", { class: "rationale" }, h("strong", {}, "Load: "), reply.load_comparison.text),
      reply.rationale && whyText(reply.rationale),
      text && h("details", { class: "help more" }, h("summary", {}, "The workout as text"), h("pre", { class: "workout-text" }, text)),
      swap,
    );
  };
  show(
    panel,
    h("p", { class: "hint" }, "The same effort somewhere else: the coach rewrites the reps for that venue."),
    h(
      "div",
      { class: "start-row" },
      PLACES.map(([venue, label]) =>
        h("button", { type: "button", class: "secondary", "data-venue": venue, onclick: () => ask(venue, label) }, label),
      ),
    ),
    result,
  );
  return [open, panel];
}
