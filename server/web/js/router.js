// A hash router: "#/today", "#/session/ID". Views are objects with `enter(root, params)`
// returning an optional `leave()`; the router calls it before showing the next view.

const routes = [];
let leaving = null;
let root = null;
let renders = 0;

/** Register a view for a pattern such as "session/:id". */
export function route(pattern, view) {
  const names = [];
  const regex = new RegExp(
    `^${pattern.replace(/:([a-z]+)/g, (_, name) => {
      names.push(name);
      return "([^/]+)";
    })}$`,
  );
  routes.push({ regex, names, view });
}

export function go(path) {
  const hash = `#/${path}`;
  if (location.hash === hash) render();
  else location.hash = hash;
}

export function current() {
  return location.hash.replace(/^#\/?/, "");
}

export function start(element, { fallback, guard }) {
  root = element;
  window.addEventListener("hashchange", render);
  render.fallback = fallback;
  render.guard = guard;
  render();
}

async function render() {
  const path = current() || render.fallback;
  let found = null;
  for (const candidate of routes) {
    const match = candidate.regex.exec(path);
    if (match) {
      const params = {};
      candidate.names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1]);
      });
      found = { view: candidate.view, params, path };
      break;
    }
  }
  if (!found) {
    go(render.fallback);
    return;
  }
  const redirect = render.guard ? render.guard(found.view) : null;
  if (redirect && redirect !== path) {
    go(redirect);
    return;
  }
  if (leaving) {
    try {
      leaving();
    } catch (error) {
      console.error(error);
    }
  }
  leaving = null;
  root.replaceChildren();
  document.dispatchEvent(new CustomEvent("trackcue:view", { detail: found }));
  const mine = ++renders;
  const left = await found.view.enter(root, found.params);
  if (mine !== renders) {
    if (typeof left === "function") left(); // another view took over while this one loaded
    return;
  }
  leaving = typeof left === "function" ? left : null;
}
