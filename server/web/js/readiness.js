// Today's readiness card (docs/api.md, POST /v1/sessions/preview): go, caution or wait, the
// reasons in the coach's words, and concrete sessions to run instead, each one tap from being
// today's. The verdict is a word and a symbol, its colour only repeats them.

import { ApiError, api } from "./api.js";
import { coach } from "./coach-api.js";
import { h, toast } from "./dom.js";
import { day as dayText } from "./format.js";

const VERDICTS = {
  go: { symbol: "✓", word: "Go", line: "Nothing in your recent training says wait." },
  caution: { symbol: "!", word: "Caution", line: "You can run it, but read why first." },
  wait: { symbol: "✕", word: "Wait", line: "Better not today: run one of these instead." },
};

/** The verdict of a readiness reply as {symbol, word, line}; unknown verdicts read as caution. */
export function verdictOf(readiness) {
  return VERDICTS[readiness && readiness.verdict] || VERDICTS.caution;
}

/**
 * The card for a preview's `readiness`. `onSwap(choice)` makes a session today's choice
 * ({workout_id, name, note}); `ref` is today's workout ({workout_id} or {template}), for an
 * alternative that moves it to another day.
 * An older server answers a list of notes: they show as warnings, as they always did.
 */
export function readinessCard(readiness, { onSwap, ref, today, entryId = null }) {
  if (Array.isArray(readiness)) {
    return readiness.map((note) =>
      h("p", { class: "warning", role: "alert" }, h("strong", {}, "Readiness: "), note.message),
    );
  }
  if (!readiness) return null;
  const verdict = verdictOf(readiness);
  const reasons = readiness.reasons || [];
  const alternatives = readiness.alternatives || [];
  if (readiness.verdict === "go" && !reasons.length) {
    return h(
      "p",
      { class: "readiness-go", id: "readiness", "data-verdict": "go" },
      h("span", { "aria-hidden": "true" }, `${verdict.symbol} `),
      h("strong", {}, "Ready: go. "),
      verdict.line,
    );
  }
  const problem = h("p", { class: "problem", role: "alert" });
  return h(
    "section",
    { class: "readiness stack", id: "readiness", "data-verdict": readiness.verdict, "aria-labelledby": "readiness-title" },
    h(
      "h3",
      { id: "readiness-title", class: "readiness-title" },
      h("span", { class: "verdict-symbol", "aria-hidden": "true" }, verdict.symbol),
      ` Readiness: ${verdict.word}`,
    ),
    h("p", { class: "hint" }, verdict.line),
    reasons.map((reason) =>
      h("p", { class: "warning", "data-code": reason.code }, reason.message),
    ),
    alternatives.length > 0 && h("h3", {}, "Instead"),
    alternatives.length > 0 &&
      h(
        "ul",
        { class: "choices alternatives" },
        alternatives.map((alt) => h("li", {}, alternativeItem(alt, { onSwap, ref, today, problem, entryId }))),
      ),
    problem,
  );
}

function alternativeItem(alt, { onSwap, ref, today, problem, entryId }) {
  const when = alt.day && alt.day !== today ? `${dayText(alt.day)} · ` : "";
  const label = [
    h("span", { class: "choice-name" }, alt.title || alt.kind),
    alt.why && h("span", { class: "choice-detail wrap" }, `${when}${alt.why}`),
  ];
  const choose = choiceAction(alt, { onSwap, ref, entryId });
  if (!choose) return h("div", { class: "choice static", dataset: { kind: alt.kind } }, label);
  return h("button", {
    type: "button",
    class: "choice",
    dataset: { kind: alt.kind },
    onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      try {
        await choose(button);
      } catch (error) {
        button.disabled = false;
        problem.textContent = error instanceof ApiError ? error.explain() : String(error);
      }
    },
  }, label);
}

/** What tapping an alternative does, or null when it is advice only (rest, mobility). */
function choiceAction(alt, { onSwap, ref, entryId }) {
  if (alt.kind === "move" && ref) {
    return async (button) => {
      await coach.schedule({ ...ref, day: alt.day, note: alt.why || null });
      // A planned session moves: today's entry goes once the other day has it.
      if (entryId) await coach.unschedule(entryId);
      toast(`Planned for ${dayText(alt.day)}.`);
      button.replaceChildren(h("span", { class: "choice-name" }, `✓ Planned for ${dayText(alt.day)}`));
    };
  }
  if (!alt.text) return null;
  return async () => {
    const saved = await api.saveWorkout(alt.text);
    onSwap({ workout_id: saved.id, name: saved.name || alt.title, note: alt.why || null });
  };
}
