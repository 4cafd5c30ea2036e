// A workout's runs over the weeks as inline SVG: each rep's pace as a dot (faster is higher), the
// run's mean pace as a line through them, and the heart rate over the reps as a second line of
// squares on its own scale. Shapes and the legend's words tell them apart, not colours alone.

import { svg } from "./dom.js";
import { pace } from "./format.js";
import { shortDay } from "./load-chart.js";

const WIDTH = 340;
const HEIGHT = 210;
const PAD = { left: 44, right: 38, top: 14, bottom: 26 };

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

/** Mean of a row's measured rep paces (s/km), or null. */
export function meanPace(row) {
  const paces = (row.rep_paces_s_per_km || []).filter((p) => p);
  return paces.length ? mean(paces) : null;
}

export function progressChart(rows, units = "km") {
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "chart progress-chart",
    role: "img",
    "aria-label": `Rep paces and heart rate over ${rows.length} runs; the table lists the numbers`,
  });
  chart.append(svg("title", {}, "Rep paces and heart rate over the weeks"));
  const paces = rows.flatMap((row) => (row.rep_paces_s_per_km || []).filter((p) => p));
  if (!paces.length) {
    chart.append(svg("text", { x: WIDTH / 2, y: HEIGHT / 2, "text-anchor": "middle", class: "axis" }, "No paces measured yet"));
    return chart;
  }
  const margin = Math.max(3, (Math.max(...paces) - Math.min(...paces)) * 0.15);
  const fastest = Math.min(...paces) - margin;
  const slowest = Math.max(...paces) + margin;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const step = plotW / rows.length;
  const cx = (i) => PAD.left + step * i + step / 2;
  const y = (p) => PAD.top + ((p - fastest) / (slowest - fastest)) * plotH;
  chart.append(
    svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: PAD.top + plotH, y2: PAD.top + plotH, class: "axis-line" }),
    svg("text", { x: PAD.left - 4, y: PAD.top + 10, "text-anchor": "end", class: "axis" }, pace(fastest, units, { unit: false })),
    svg("text", { x: PAD.left - 4, y: PAD.top + plotH, "text-anchor": "end", class: "axis" }, pace(slowest, units, { unit: false })),
  );
  const means = [];
  rows.forEach((row, i) => {
    const target = row.target_pace;
    if (target && target.length === 2) {
      chart.append(svg("rect", { x: PAD.left + step * i, width: step, y: y(target[0]), height: Math.max(2, y(target[1]) - y(target[0])), class: "band" }));
    }
    const repPaces = (row.rep_paces_s_per_km || []).filter((p) => p);
    const spread = Math.min(step * 0.6, 4 * repPaces.length);
    repPaces.forEach((p, j) => {
      const dx = repPaces.length > 1 ? (j / (repPaces.length - 1) - 0.5) * spread : 0;
      chart.append(svg("circle", { cx: cx(i) + dx, cy: y(p), r: 3, class: "rep-dot" }, svg("title", {}, `${shortDay(row.day)} rep ${j + 1}: ${pace(p, units)}`)));
    });
    const m = meanPace(row);
    if (m) means.push(`${cx(i).toFixed(1)},${y(m).toFixed(1)}`);
    if (i % Math.ceil(rows.length / 5) === 0 || i === rows.length - 1) {
      chart.append(svg("text", { x: cx(i), y: HEIGHT - 8, "text-anchor": "middle", class: "axis" }, shortDay(row.day)));
    }
  });
  if (means.length > 1) chart.append(svg("polyline", { points: means.join(" "), class: "pace-line" }));
  const beats = rows.map((row) => row.hr_at_pace).filter((hr) => hr);
  if (beats.length) {
    const low = Math.min(...beats) - 4;
    const high = Math.max(...beats) + 4;
    const hy = (hr) => PAD.top + plotH - ((hr - low) / (high - low)) * plotH;
    const points = rows.map((row, i) => (row.hr_at_pace ? [cx(i), hy(row.hr_at_pace)] : null)).filter(Boolean);
    if (points.length > 1) chart.append(svg("polyline", { points: points.map((p) => p.join(",")).join(" "), class: "hr-line dashed" }));
    for (const [px, py] of points) {
      chart.append(svg("rect", { x: px - 4, y: py - 4, width: 8, height: 8, class: "hr-square" }));
    }
    chart.append(
      svg("text", { x: WIDTH - PAD.right + 4, y: PAD.top + 10, class: "axis" }, String(Math.round(high))),
      svg("text", { x: WIDTH - PAD.right + 4, y: PAD.top + plotH, class: "axis" }, String(Math.round(low))),
      svg("text", { x: WIDTH - PAD.right + 4, y: PAD.top + plotH / 2, class: "axis" }, "bpm"),
    );
  }
  return chart;
}
