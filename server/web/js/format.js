// Numbers as runners read them. Everything inside is SI (metres, seconds, s/km); paces are
// shown per km or per mile as the athlete chose, and track reps by their lap time.

export const METRES_PER_MILE = 1609.344;

/** "0:47", "1:34", "12:05", "1:02:03"; `tenths` adds ".4" under ten minutes. */
export function clock(seconds, { tenths = false } = {}) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const negative = seconds < 0;
  let rest = Math.abs(seconds);
  rest = tenths && rest < 600 ? Math.round(rest * 10) / 10 : Math.round(rest);
  const hours = Math.floor(rest / 3600);
  const minutes = Math.floor((rest % 3600) / 60);
  const secs = rest % 60;
  const whole = Math.floor(secs);
  let text = hours
    ? `${hours}:${String(minutes).padStart(2, "0")}:${String(whole).padStart(2, "0")}`
    : `${minutes}:${String(whole).padStart(2, "0")}`;
  if (tenths && rest < 600) text += `.${Math.round((secs - whole) * 10) % 10}`;
  return negative ? `−${text}` : text;
}

/** A countdown to show: whole seconds rounded up, so "1" shows until the instant it ends. */
export function countdown(seconds) {
  return clock(Math.max(0, Math.ceil(seconds - 1e-6)));
}

/** Pace per the athlete's unit: "3:55 /km" or "6:18 /mi". */
export function pace(secondsPerKm, units = "km", { unit = true } = {}) {
  if (!secondsPerKm || !Number.isFinite(secondsPerKm)) return "–";
  const value = units === "mi" ? (secondsPerKm * METRES_PER_MILE) / 1000 : secondsPerKm;
  return unit ? `${clock(value)} /${units}` : clock(value);
}

/** A pace range, faster first: "3:53–3:58 /km"; one pace when they round alike. */
export function paceRange(fast, slow, units = "km") {
  const a = pace(fast, units, { unit: false });
  const b = pace(slow, units, { unit: false });
  return a === b ? `${a} /${units}` : `${a}–${b} /${units}`;
}

/** Speed (m/s) as pace (s/km). */
export function speedToPace(metresPerSecond) {
  return metresPerSecond > 0.3 ? 1000 / metresPerSecond : null;
}

/** "400 m", "1200 m", "5 km", "1 mi": track distances stay in metres. */
export function distance(metres, units = "km") {
  if (metres === null || metres === undefined) return "–";
  if (metres < 2000 || units === "track") return `${Math.round(metres)} m`;
  if (units === "mi") return `${(metres / METRES_PER_MILE).toFixed(2).replace(/\.?0+$/, "")} mi`;
  return `${(metres / 1000).toFixed(2).replace(/\.?0+$/, "")} km`;
}

/** "20 s", "15 min", "2 min 30 s", "1 h 5 min". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  const parts = [];
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (secs && !hours) parts.push(`${secs} s`);
  return parts.join(" ");
}

const KIND_WORDS = {
  warmup: "Warm up",
  drills: "Drills",
  work: "Rep",
  recovery: "Recover",
  rest: "Rest",
  cooldown: "Cool down",
  other: "Step",
};

/** What a step is called on screen: "Rep 2 of 6", "Jog", "Warm up". */
export function stepName(step) {
  if (!step) return "";
  if (step.kind === "work" && step.rep) return `Rep ${step.rep} of ${step.reps}`;
  return step.cue || KIND_WORDS[step.kind] || "Step";
}

/** How long a step is: "400 m", "20 s", "Lap button", "until HR < 120". */
export function stepLength(step) {
  const length = step.duration || {};
  switch (length.type) {
    case "time":
      return duration(length.seconds);
    case "distance":
      return distance(step.planned_metres ?? length.value);
    case "lap":
      return "to the lap button";
    case "heart_rate":
      return `until HR ${length.until === "above" ? "above" : "below"} ${length.bpm}`;
    default:
      return step.planned_seconds ? duration(step.planned_seconds) : "";
  }
}

/** The target in words and numbers: "3:53–3:58 /km", "150–160 bpm", "RPE 7". */
export function targetText(step, units = "km") {
  const target = step && step.target;
  if (!target) return step && step.target_text ? step.target_text : "";
  switch (target.type) {
    case "pace":
      return paceRange(target.fast_s_per_km, target.slow_s_per_km, units);
    case "heart_rate":
      return `${target.low_bpm}–${target.high_bpm} bpm`;
    case "cadence":
      return `${target.low_spm}–${target.high_spm} spm`;
    case "rpe":
      return target.low === target.high ? `RPE ${target.low}` : `RPE ${target.low}–${target.high}`;
    default:
      return step.target_text || "";
  }
}

/** The time a rep should take: the lap time for one lap, else the estimate or the plan. */
export function targetSeconds(step) {
  if (!step) return null;
  if (step.duration && step.duration.type === "time") return step.duration.seconds;
  return step.estimated_seconds ?? step.planned_seconds ?? null;
}

/** The name on a workout text's "# title" line, if it has one. */
export function titleOf(text) {
  const match = /^#\s*(.+)$/m.exec(text || "");
  return match ? match[1].trim() : null;
}

/** The ISO day `days` after `iso` (before, when negative), counted in calendar days. */
export function addDays(iso, days) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(y, m - 1, d + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "Tue 25 Nov" for an ISO day. */
export function day(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(y, m - 1, d);
  return date.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" });
}
