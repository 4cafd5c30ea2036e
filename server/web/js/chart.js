// Pace and heart rate per rep as an SVG chart: bars for pace (taller is faster) over the target
// band, a line for heart rate. A bar's colour is the engine's verdict on the rep, never the bar
// compared with the band here: with the athlete's tolerance a rep just outside the band can be on
// target. The table beside it holds the same numbers and words for screen readers.

import { svg } from "./dom.js";
import { pace } from "./format.js";
import { isWidened, repMark } from "./verdict.js";

const WIDTH = 340;
const HEIGHT = 200;
const PAD = { left: 44, right: 40, top: 14, bottom: 30 };

export function repChart(reps, units = "km") {
  const paced = reps.filter((rep) => rep.pace_s_per_km);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const chart = svg("svg", {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: "chart",
    role: "img",
    "aria-label": `Pace and heart rate for ${reps.length} reps; the table lists the numbers`,
  });
  chart.append(svg("title", {}, "Pace and heart rate per rep"));
  if (!paced.length) {
    chart.append(svg("text", { x: WIDTH / 2, y: HEIGHT / 2, "text-anchor": "middle", class: "axis" }, "No paces measured"));
    return chart;
  }
  const paces = paced.flatMap((rep) => [
    rep.pace_s_per_km,
    ...(rep.target_pace || []),
    ...(rep.judged_pace || []),
  ]);
  let fastest = Math.min(...paces);
  let slowest = Math.max(...paces);
  const margin = Math.max(5, (slowest - fastest) * 0.15);
  fastest -= margin;
  slowest += margin;
  // Faster is higher: a bar's height grows as its pace gets quicker than the slowest shown.
  const y = (secondsPerKm) => PAD.top + ((secondsPerKm - fastest) / (slowest - fastest)) * plotH;
  const step = plotW / reps.length;
  const barW = Math.max(4, step * 0.6);
  const x = (i) => PAD.left + step * i + (step - barW) / 2;

  chart.append(
    svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: PAD.top + plotH, y2: PAD.top + plotH, class: "axis-line" }),
    svg("text", { x: PAD.left - 4, y: PAD.top + 10, "text-anchor": "end", class: "axis" }, pace(fastest, units, { unit: false })),
    svg("text", { x: PAD.left - 4, y: PAD.top + plotH, "text-anchor": "end", class: "axis" }, pace(slowest, units, { unit: false })),
  );
  reps.forEach((rep, i) => {
    if (isWidened(rep)) {
      // The range the verdict used (the target widened by the athlete's tolerance), fainter.
      const [fast, slow] = rep.judged_pace;
      chart.append(svg("rect", { x: PAD.left + step * i, width: step, y: y(fast), height: Math.max(2, y(slow) - y(fast)), class: "band judged" }));
    }
    if (rep.target_pace) {
      const [fast, slow] = rep.target_pace;
      chart.append(svg("rect", { x: PAD.left + step * i, width: step, y: y(fast), height: Math.max(2, y(slow) - y(fast)), class: "band" }));
    }
    if (rep.pace_s_per_km) {
      const top = y(rep.pace_s_per_km);
      const mark = repMark(rep);
      chart.append(
        svg(
          "rect",
          { x: x(i), width: barW, y: top, height: Math.max(1, PAD.top + plotH - top), class: `bar ${mark.key}` },
          svg("title", {}, `Rep ${rep.rep || i + 1}: ${pace(rep.pace_s_per_km, units)}, ${mark.word}`),
        ),
      );
    }
    const label = rep.rep ? String(rep.rep) : String(i + 1);
    chart.append(svg("text", { x: x(i) + barW / 2, y: HEIGHT - 10, "text-anchor": "middle", class: "axis" }, label));
  });

  const beats = reps.map((rep) => rep.hr_avg).filter((hr) => hr);
  if (beats.length) {
    const low = Math.min(...beats) - 5;
    const high = Math.max(...beats) + 5;
    const hy = (hr) => PAD.top + plotH - ((hr - low) / (high - low)) * plotH;
    const points = reps
      .map((rep, i) => (rep.hr_avg ? `${x(i) + barW / 2},${hy(rep.hr_avg)}` : null))
      .filter(Boolean);
    chart.append(svg("polyline", { points: points.join(" "), class: "hr-line" }));
    for (const point of points) {
      const [cx, cy] = point.split(",");
      chart.append(svg("circle", { cx, cy, r: 3.5, class: "hr-dot" }));
    }
    chart.append(
      svg("text", { x: WIDTH - PAD.right + 4, y: PAD.top + 10, class: "axis hr" }, String(Math.round(high))),
      svg("text", { x: WIDTH - PAD.right + 4, y: PAD.top + plotH, class: "axis hr" }, String(Math.round(low))),
    );
  }
  return chart;
}
