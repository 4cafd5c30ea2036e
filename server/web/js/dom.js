// Building DOM without innerHTML: text is always text, so nothing a server or a user typed
// can turn into markup.

/**
 * An element with properties, attributes, listeners and children.
 * `on*` keys add listeners; booleans and non-strings set properties (checked, disabled, value);
 * strings set attributes; null, undefined and false are left out.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key.startsWith("on") && typeof value === "function") {
      element.addEventListener(key.slice(2), value);
    } else if (key === "dataset") Object.assign(element.dataset, value);
    else if (typeof value !== "string" && key in element) element[key] = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** Append children (nested arrays, strings, numbers, nodes); null and false are skipped. */
export function append(element, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** An SVG element (charts, icons). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== null && value !== undefined) element.setAttribute(key, String(value));
  }
  append(element, children);
  return element;
}

/** Replace an element's content. */
export function show(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let liveRegion = null;

/** Say something to screen readers and show it briefly at the bottom of the screen. */
export function toast(message, { kind = "info", ms = 3500 } = {}) {
  if (liveRegion === null) {
    liveRegion = h("div", { class: "toast", role: "status", "aria-live": "polite" });
    document.body.append(liveRegion);
  }
  liveRegion.dataset.kind = kind;
  liveRegion.textContent = message;
  liveRegion.classList.add("visible");
  clearTimeout(liveRegion.timer);
  liveRegion.timer = setTimeout(() => liveRegion.classList.remove("visible"), ms);
}

/** A labelled form field: the label wraps nothing, it names the control by id. */
export function field(label, control, hint = null) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const hintNode = hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null;
  if (hintNode) control.setAttribute("aria-describedby", hintNode.id);
  return h("div", { class: "field" }, h("label", { for: id }, label), control, hintNode);
}
