// The REST API (docs/api.md): JSON in and out, problem details on errors, and the athlete's
// bearer token kept in localStorage so the app opens signed in.

const TOKEN_KEY = "trackcue.token";
const NAME_KEY = "trackcue.name";

/** An error answer from the API (RFC 9457 problem details), or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(status, problem = {}) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || "";
    this.detail = problem.detail || "";
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
  }

  /** One sentence for the runner: the detail, and the first invalid part when there is one. */
  explain() {
    if (this.status === 0) return "No connection to the server. Check your signal and try again.";
    const first = this.errors[0];
    if (first && first.what) return `${this.detail}: ${first.what}`;
    return this.detail || this.title || "Something went wrong.";
  }
}

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}

export function athleteName() {
  return localStorage.getItem(NAME_KEY) || "";
}

function remember(reply, name) {
  localStorage.setItem(TOKEN_KEY, reply.token);
  localStorage.setItem(NAME_KEY, name);
  return reply;
}

export function forget() {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(NAME_KEY);
}

/** A request to the API; resolves to the JSON body (null for 204) or rejects with ApiError. */
export async function request(method, path, body = undefined) {
  const headers = { Accept: "application/json" };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  const init = { method, headers, cache: "no-store" };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let reply;
  try {
    reply = await fetch(path, init);
  } catch {
    throw new ApiError(0, { detail: "no connection" });
  }
  if (reply.status === 204) return null;
  const type = reply.headers.get("content-type") || "";
  const data = type.includes("json") ? await reply.json() : null;
  if (!reply.ok) {
    if (reply.status === 401 && current) {
      forget();
      window.dispatchEvent(new CustomEvent("trackcue:signed-out"));
    }
    throw new ApiError(reply.status, data || {});
  }
  return data;
}

/** Query parameters as a URL suffix, leaving out those without a value. */
export const query = (params) => {
  const pairs = Object.entries(params).filter(([, value]) => value !== null && value !== undefined);
  return pairs.length ? `?${new URLSearchParams(pairs)}` : "";
};

export const api = {
  signIn: async (name, password) =>
    remember(await request("POST", "/v1/auth/signin", { name, password }), name),
  signUp: async (name, password) =>
    remember(await request("POST", "/v1/auth/signup", { name, password }), name),
  signOut: async () => {
    try {
      await request("POST", "/v1/auth/signout");
    } finally {
      forget();
    }
  },
  me: () => request("GET", "/v1/me"),
  saveProfile: (profile) => request("PUT", "/v1/me/profile", profile),
  library: () => request("GET", "/v1/library"),
  workouts: () => request("GET", "/v1/workouts"),
  saveWorkout: (text) => request("POST", "/v1/workouts", { text }),
  plan: (from, to) => request("GET", `/v1/plan${query({ from, to })}`),
  preview: (choice) => request("POST", "/v1/sessions/preview", choice),
  createSession: (choice) => request("POST", "/v1/sessions", choice),
  sessions: (from = null, to = null) => request("GET", `/v1/sessions${query({ from, to })}`),
  session: (id) => request("GET", `/v1/sessions/${encodeURIComponent(id)}`),
  ticket: (id) => request("POST", `/v1/sessions/${encodeURIComponent(id)}/tickets`),
  sessionToJoin: () => request("GET", "/v1/live/session"),
  log: (from, to) => request("GET", `/v1/log${query({ from, to })}`),
  writeLog: (entry) => request("POST", "/v1/log", entry),
  pairingCode: (deviceName) =>
    request("POST", "/v1/devices/pairing-codes", { device_name: deviceName }),
  devices: () => request("GET", "/v1/devices"),
  unpair: (id) => request("DELETE", `/v1/devices/${encodeURIComponent(id)}`),
};

/** Today's date on the phone, as the API writes dates (the runner's day, not UTC's). */
export function localDay(offsetDays = 0) {
  const day = new Date();
  day.setDate(day.getDate() + offsetDays);
  const pad = (n) => String(n).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}
