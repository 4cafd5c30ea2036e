// The phone app: screens by hash route, the tab bar, and the service worker for installing.

import { token } from "./api.js";
import { go, route, start } from "./router.js";
import { builderView } from "./views/builder.js";
import { historyView } from "./views/history.js";
import { loadView } from "./views/load.js";
import { progressView } from "./views/progress.js";
import { resultsView } from "./views/results.js";
import { seasonView } from "./views/season.js";
import { sessionView } from "./views/session.js";
import { settingsView } from "./views/settings.js";
import { signInView } from "./views/signin.js";
import { todayView } from "./views/today.js";

route("signin", signInView);
route("today", todayView);
route("builder", builderView);
route("history", historyView);
route("season", seasonView);
route("load", loadView);
route("progress/:kind/:id", progressView);
route("settings", settingsView);
route("session/:id", sessionView);
route("results/:id", resultsView);

const tabs = document.getElementById("tabs");
const viewRoot = document.getElementById("view");
let views = 0;
document.addEventListener("trackcue:view", (event) => {
  const { view, path } = event.detail;
  // The page is no live region (it would read every change out); a new screen takes the focus
  // instead, so a screen reader starts reading it from the top.
  if (views++ > 0) viewRoot.focus({ preventScroll: true });
  tabs.hidden = Boolean(view.fullScreen) || !token();
  document.body.dataset.view = view.name;
  for (const link of tabs.querySelectorAll("a")) {
    if (path.startsWith(link.dataset.tab)) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = view.title ? `${view.title} · trackcue` : "trackcue";
});

window.addEventListener("trackcue:signed-out", () => go("signin"));

start(viewRoot, {
  fallback: "today",
  guard: (view) => (view.public || token() ? null : "signin"),
});

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {
    // no offline shell (a private window, an insecure origin): the app works online
  });
}
