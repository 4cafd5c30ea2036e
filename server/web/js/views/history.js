// History: past and current sessions, newest first; open the results or go back to a live one.
// A finished session shows how many of its main-set reps the engine judged on target.

import { ApiError, api } from "../api.js";
import { h, show } from "../dom.js";
import { day as dayText } from "../format.js";
import { logRunCard } from "../log-run.js";
import { activityList, uploadCard } from "../upload.js";
import { tally, tallyText } from "../verdict.js";
import { heading, problemBox } from "./common.js";

const STATUS_WORDS = { ready: "not started", running: "running", paused: "paused", finished: "done" };

export const historyView = {
  name: "history",
  title: "History",

  async enter(root) {
    const list = h("ul", { class: "choices" }, h("li", { class: "loading" }, "Loading sessions…"));
    const runs = h("section", { class: "card", id: "watch-runs" }, h("h2", {}, "Runs from your watch"));
    const refresh = async () => runs.replaceChildren(runs.firstChild, await activityList());
    root.append(
      heading("History"),
      h("a", { class: "button secondary", id: "load-link", href: "#/load" }, "Training load: fitness, fatigue, form"),
      uploadCard({ hint: "Runs from a Garmin, COROS, Suunto or any watch that exports files.", onDone: refresh }),
      list,
      runs,
      logRunCard({ onDone: refresh }),
    );
    refresh();
    let sessions;
    try {
      sessions = await api.sessions();
    } catch (error) {
      show(list, problemBox(error instanceof ApiError ? error.explain() : String(error)));
      return;
    }
    if (!sessions.length) {
      show(list, h("li", {}, h("p", {}, "No sessions yet. Today's is one tap away.")));
      return;
    }
    show(
      list,
      sessions.slice(0, 50).map((session) => {
        const results = session.results;
        const score = results ? tallyText(tally(results.reps || [])) : null;
        const href = session.status === "finished" ? `#/results/${session.id}` : `#/session/${session.id}`;
        return h(
          "li",
          {},
          h(
            "a",
            { class: "choice", href },
            h("span", { class: "choice-name" }, session.snapshot.workout.name || "Session"),
            h(
              "span",
              { class: "choice-detail" },
              `${dayText(session.day)} · ${STATUS_WORDS[session.status] || session.status}`,
              score ? ` · ${score}` : "",
            ),
          ),
        );
      }),
    );
  },
};
