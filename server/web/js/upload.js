// Uploading a watch's files (FIT, TCX, GPX, gzipped or not) from the phone, on the results and
// history screens. Each file is sent as `POST /v1/uploads` with its own Idempotency-Key, so a
// retry after a dropped connection can never import it twice; a large file answers 202 and is
// followed at `GET /v1/uploads/{id}` until it is in. What became of each file is said in words:
// a new run, a run already here (and what the file added to it), or why it was refused.

import { ApiError, request, token } from "./api.js";
import { field, h, show } from "./dom.js";
import { clock, day as dayText } from "./format.js";

const POLL_MS = 700;
const POLL_LIMIT = 400; // about five minutes

function newKey() {
  if (globalThis.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Send one file; resolves to the upload, or rejects with ApiError (refusals included). */
export async function sendFile(file, key = newKey()) {
  const body = new FormData();
  body.append("file", file, file.name);
  const headers = { Accept: "application/json", "Idempotency-Key": key };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  let reply = null;
  for (let attempt = 0; attempt < 3 && reply === null; attempt += 1) {
    try {
      reply = await fetch("/v1/uploads", { method: "POST", headers, body, cache: "no-store" });
    } catch {
      if (attempt === 2) throw new ApiError(0, { detail: "no connection" });
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
    }
  }
  const data = await reply.json().catch(() => ({}));
  if (!reply.ok) {
    const error = new ApiError(reply.status, data);
    error.refusal = data.code ? data : null;
    throw error;
  }
  let upload = data;
  for (let polls = 0; upload.status === "processing" && polls < POLL_LIMIT; polls += 1) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    upload = await request("GET", `/v1/uploads/${encodeURIComponent(upload.id)}`);
  }
  return upload;
}

const ADDED_WORDS = {
  laps: "laps",
  avg_hr: "heart rate",
  max_hr: "heart rate",
  records: "samples",
  timer_s: "timer time",
  distance_m: "distance",
  device: "the device",
};

/** What became of an upload, in one sentence for the runner. */
export function uploadText(upload) {
  if (upload.status === "imported") return "Imported as a new run.";
  if (upload.status === "duplicate") {
    const added = [...new Set((upload.enriched || []).map((name) => ADDED_WORDS[name]).filter(Boolean))];
    return added.length
      ? `Already here: this file added ${added.join(", ")} to the run.`
      : "Already here: nothing new in this file.";
  }
  if (upload.status === "processing") return "Still being read; look again in a minute.";
  const error = upload.error || {};
  return refusalText(error);
}

function refusalText(error) {
  const where = error.offset != null ? ` (at byte ${error.offset})` : error.line != null ? ` (line ${error.line})` : "";
  return `Not imported: ${error.message || "the file could not be read"}${where}`;
}

/** A status line for one file: its name, then what became of it. */
function fileLine(name) {
  const status = h("span", { class: "upload-status" }, "Sending…");
  const line = h("li", { class: "upload-line", dataset: { state: "sending" } },
    h("span", { class: "upload-name" }, name), " ", status);
  return {
    line,
    done(state, text) {
      line.dataset.state = state;
      status.textContent = text;
    },
  };
}

/**
 * A card with a file picker: every chosen file is uploaded in turn and its fate listed.
 * `onDone(uploads)` runs after the last one when at least one run was imported or enriched.
 */
export function uploadCard({ title = "Add a run from your watch", hint = "", onDone = null } = {}) {
  const list = h("ul", { class: "upload-list", "aria-live": "polite" });
  const input = h("input", {
    type: "file",
    id: "upload-file",
    multiple: true,
    accept: ".fit,.tcx,.gpx,.gz,application/gpx+xml,application/vnd.garmin.tcx+xml",
  });
  input.addEventListener("change", async () => {
    const files = [...input.files];
    input.disabled = true;
    const sent = [];
    for (const file of files) {
      const shown = fileLine(file.name);
      list.append(shown.line);
      try {
        const upload = await sendFile(file);
        shown.done(upload.status, uploadText(upload));
        sent.push(upload);
      } catch (error) {
        const text = error instanceof ApiError && error.refusal
          ? refusalText(error.refusal)
          : error instanceof ApiError ? error.explain() : String(error);
        shown.done("refused", text);
      }
    }
    input.value = "";
    input.disabled = false;
    const changed = sent.some((u) => u.status === "imported" || (u.enriched || []).length);
    if (onDone && changed) onDone(sent);
  });
  return h(
    "section",
    { class: "card upload" },
    h("h2", {}, title),
    field("FIT, TCX or GPX files", input, hint || null),
    list,
  );
}

/** The runner's imported runs, newest first: day, sport, distance and time. */
export async function activityList() {
  const list = h("ul", { class: "choices activities" }, h("li", { class: "loading" }, "Loading runs…"));
  try {
    const runs = await request("GET", "/v1/activities");
    if (!runs.length) show(list, h("li", {}, h("p", {}, "No runs from a watch yet.")));
    else show(list, runs.slice(0, 50).map(activityItem));
  } catch (error) {
    show(list, h("li", {}, h("p", {}, error instanceof ApiError ? error.explain() : String(error))));
  }
  return list;
}

function activityItem(run) {
  const km = run.distance_m != null ? `${(run.distance_m / 1000).toFixed(2)} km` : null;
  const time = run.timer_s != null ? clock(run.timer_s) : run.elapsed_s != null ? clock(run.elapsed_s) : null;
  const detail = [dayText(run.start.slice(0, 10)), run.sport, km, time].filter(Boolean).join(" · ");
  return h(
    "li",
    { dataset: { activity: run.id } },
    h("div", { class: "choice" },
      h("span", { class: "choice-name" }, run.name || (run.sport === "running" ? "Run" : run.sport)),
      h("span", { class: "choice-detail" }, detail),
      run.formats.length ? h("span", { class: "choice-detail" }, run.formats.join(", ").toUpperCase()) : null),
  );
}
