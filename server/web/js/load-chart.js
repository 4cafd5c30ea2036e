// Training load drawn as inline SVG: fitness (CTL), fatigue (ATL) and form (TSB) as lines over
// the days, and the distance of each week as bars. Each line has its own dash pattern and its
// name beside its last value, so nothing is told by colour alone; a table under each chart holds
// the same numbers for screen readers.

import { append, svg } from "./dom.js";
import { METRES_PER_MILE } from "./format.js";

const WIDTH = 340;
const PAD = { left: 34, right: 8, top: 12, bottom: 24 };

/** The three series, as the field names them, with how each is drawn. */
export const SERIES = [
  { key: "ctl", name: "Fitness", short: "CTL", className: "fitness" },
  { key: "atl", name: "Fatigue", short: "ATL", className: "fatigue" },
  { key: "tsb", name: "Form", short: "TSB", className: "form" },
];

/** "3 Nov" for an ISO day. */
export function shortDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString("en-GB", { day: "numeric", month: "short" });
}

/** Round numbers for an axis from `low` to `high`: about four of them. */
export function ticks(low, high, count = 4) {
  const span = Math.max(1, high - low);
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) || raw;
  const out = [];
  for (let v = Math.ceil(low / step) * step; v <= high + 1e-9; v += step) out.push(Math.round(v));
  return out;
}

/** Fitness, fatigue and form over `days` ({date, ctl, atl, tsb}), with a line at zero form. */
export function loadChart(days, { height = 210 } = {}) {
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    class: "chart load-chart",
    role: "img",
    "aria-label": "Fitness, fatigue and form by day; the table lists the numbers",
  });
  chart.append(svg("title", {}, "Fitness, fatigue and form"));
  if (!days.length) return chart;
  const values = days.flatMap((day) => SERIES.map((s) => Number(day[s.key]) || 0));
  const axis = ticks(Math.min(0, ...values), Math.max(10, ...values));
  const low = Math.min(axis[0], ...values);
  const high = Math.max(axis[axis.length - 1], ...values);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const x = (i) => PAD.left + (days.length === 1 ? plotW : (i / (days.length - 1)) * plotW);
  const y = (v) => PAD.top + ((high - v) / (high - low || 1)) * plotH;
  for (const value of axis) {
    chart.append(
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: value === 0 ? "zero-line" : "grid-line" }),
      svg("text", { x: PAD.left - 4, y: y(value) + 4, "text-anchor": "end", class: "axis" }, String(value)),
    );
  }
  chart.append(
    svg("text", { x: PAD.left, y: height - 6, class: "axis" }, shortDay(days[0].date)),
    svg("text", { x: WIDTH - PAD.right, y: height - 6, "text-anchor": "end", class: "axis" }, shortDay(days[days.length - 1].date)),
  );
  for (const series of SERIES) {
    const points = days.map((day, i) => `${x(i).toFixed(1)},${y(Number(day[series.key]) || 0).toFixed(1)}`);
    chart.append(
      svg("polyline", { points: points.join(" "), class: `load-line ${series.className}` }, svg("title", {}, series.name)),
    );
  }
  // Hard days as small triangles on the bottom axis: a shape, not a colour.
  days.forEach((day, i) => {
    if (!day.hard) return;
    const cx = x(i);
    const base = PAD.top + plotH;
    chart.append(
      svg("path", { d: `M${cx - 4},${base + 8} L${cx + 4},${base + 8} L${cx},${base + 1} Z`, class: "hard-mark" },
        svg("title", {}, `${shortDay(day.date)}: hard session`)),
    );
  });
  return chart;
}

/** A short line in a series' style, for the legend beside its word. */
export function legendSwatch(className) {
  return svg(
    "svg",
    { viewBox: "0 0 28 10", width: 28, height: 10, class: "swatch", "aria-hidden": "true" },
    svg("line", { x1: 1, x2: 27, y1: 5, y2: 5, class: `load-line ${className}` }),
  );
}

/** Each week's distance as a bar, its kilometres above it and its Monday below every other one. */
export function volumeChart(weeks, { height = 170, units = "km" } = {}) {
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${height}`,
    class: "chart volume-chart",
    role: "img",
    "aria-label": "Distance per week; the table lists the numbers",
  });
  chart.append(svg("title", {}, "Distance per week"));
  if (!weeks.length) return chart;
  const per = units === "mi" ? METRES_PER_MILE : 1000;
  const amounts = weeks.map((week) => (Number(week.distance_m) || 0) / per);
  const top = Math.max(1, ...amounts);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom - 14;
  const step = plotW / weeks.length;
  const barW = Math.max(4, step * 0.64);
  const base = PAD.top + 14 + plotH;
  chart.append(svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: base, y2: base, class: "axis-line" }));
  chart.append(svg("text", { x: 2, y: PAD.top + 8, class: "axis" }, units));
  weeks.forEach((week, i) => {
    const amount = amounts[i];
    const barH = (amount / top) * plotH;
    const left = PAD.left + step * i + (step - barW) / 2;
    const hard = week.hard_sessions || 0;
    append(chart, [
      svg("rect", { x: left, width: barW, y: base - barH, height: Math.max(amount > 0 ? 1 : 0, barH), class: "volume-bar" },
        svg("title", {}, `Week of ${shortDay(week.week)}: ${amount.toFixed(1)} ${units}, ${hard} hard`)),
      amount > 0 &&
        svg("text", { x: left + barW / 2, y: base - barH - 3, "text-anchor": "middle", class: "axis value" }, amount >= 10 ? amount.toFixed(0) : amount.toFixed(1)),
    ]);
    if (i % 2 === (weeks.length - 1) % 2) {
      chart.append(svg("text", { x: left + barW / 2, y: height - 6, "text-anchor": "middle", class: "axis" }, shortDay(week.week)));
    }
  });
  return chart;
}
