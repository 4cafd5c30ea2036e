// The live socket (docs/protocol.md): a ticket from the REST API, then
// /v1/sessions/{id}/live?role=...&ticket=...; pings for the clock; reconnects with exponential
// backoff and jitter after a network blip or a server restart, and takes the welcome snapshot
// again each time. Events: "welcome", "cues", "state", "problem" (an error message), "status"
// (connecting / open / waiting / closed) and "fatal" (the session cannot be opened at all).

import { ApiError, api } from "./api.js";
import { SessionClock } from "./clock.js";

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15000;
const PINGS_ON_OPEN = 5;
const PING_SPACING_MS = 250;
const PING_EVERY_MS = 15000;

export class LiveConnection extends EventTarget {
  constructor(sessionId, { role = "phone", clock = new SessionClock() } = {}) {
    super();
    this.sessionId = sessionId;
    this.role = role;
    this.clock = clock;
    this.socket = null;
    this.status = "idle";
    this.attempt = 0;
    this.stopped = false;
    this.timers = new Set();
    this.state = null;
    this.rate = 1;
    this.held = []; // cues that came before the state that starts the clock
    this.since = 0; // pongs to pings sent before this instant (ms) read a clock that stood still
    this._online = () => this.reconnectNow();
    this._visible = () => {
      if (document.visibilityState === "visible") this.reconnectNow();
    };
  }

  start() {
    this.stopped = false;
    window.addEventListener("online", this._online);
    document.addEventListener("visibilitychange", this._visible);
    this._connect();
    return this;
  }

  stop() {
    this.stopped = true;
    window.removeEventListener("online", this._online);
    document.removeEventListener("visibilitychange", this._visible);
    this._clearTimers();
    if (this.socket) this.socket.close(1000, "leaving");
    this.socket = null;
    this._status("closed");
  }

  get open() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Send a message; false when not connected (the caller tells the runner). */
  send(message) {
    if (!this.open) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Reconnect at once if we are waiting to (the network came back, the app came to front). */
  reconnectNow() {
    if (this.stopped || this.status !== "waiting") return;
    this._clearTimers();
    this._connect();
  }

  _status(status) {
    this.status = status;
    this.dispatchEvent(new CustomEvent("status", { detail: status }));
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  _later(ms, action) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  _clearTimers() {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  async _connect() {
    if (this.stopped) return;
    this._status("connecting");
    let ticket;
    try {
      ticket = (await api.ticket(this.sessionId)).ticket;
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ApiError && [401, 403, 404].includes(error.status)) {
        this._emit("fatal", error);
        this.stop();
        return;
      }
      this._retry();
      return;
    }
    if (this.stopped) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const params = new URLSearchParams({ role: this.role, ticket });
    const url = `${scheme}//${location.host}/v1/sessions/${encodeURIComponent(this.sessionId)}/live?${params}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.addEventListener("open", () => {
      if (socket !== this.socket) return;
      this._status("open");
    });
    socket.addEventListener("message", (event) => {
      if (socket === this.socket) this._receive(event.data);
    });
    socket.addEventListener("close", () => {
      if (socket !== this.socket) return;
      this.socket = null;
      if (!this.stopped) this._retry();
    });
  }

  /** Exponential backoff with full jitter: many phones reconnecting do not arrive together. */
  _retry() {
    this._clearTimers();
    const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this._status("waiting");
    this._later(delay, () => this._connect());
  }

  _ping() {
    this.send({ type: "ping", client_time: this.clock.now() });
  }

  _startPinging() {
    for (let i = 0; i < PINGS_ON_OPEN; i += 1) this._later(i * PING_SPACING_MS, () => this._ping());
    const every = () => {
      this._ping();
      this._later(PING_EVERY_MS, every);
    };
    this._later(PING_EVERY_MS, every);
  }

  _receive(frame) {
    let message;
    try {
      message = JSON.parse(frame);
    } catch {
      return;
    }
    const receivedAt = this.clock.now();
    switch (message.type) {
      case "welcome":
        this.attempt = 0;
        this.rate = message.clock_rate;
        this.held = [];
        this.since = receivedAt;
        this.clock.reset();
        this.clock.roughly(message.session_time, message.clock_rate, receivedAt);
        this.state = message.state;
        this._clearTimers();
        this._startPinging();
        this._emit("welcome", message);
        break;
      case "state": {
        const before = this.state;
        this.state = message.state;
        if (before && before.status === "ready" && message.state.status !== "ready") {
          // The session clock just started: estimates made while it stood still are wrong.
          this.since = receivedAt;
          this.clock.reset();
          this.clock.roughly(message.state.now, this.rate, receivedAt);
          for (let i = 0; i < PINGS_ON_OPEN; i += 1) {
            this._later(i * PING_SPACING_MS, () => this._ping());
          }
        }
        this._emit("state", message.state);
        if (this.held.length && message.state.status !== "ready") {
          const held = this.held;
          this.held = [];
          this._emit("cues", held);
        }
        break;
      }
      case "cues":
        // The start's cues come just before the state that says the clock runs: keep them
        // until then, or they would be scheduled on a clock that stood still.
        if (this.state && this.state.status === "ready") this.held.push(...message.cues);
        else this._emit("cues", message.cues);
        break;
      case "pong":
        this.rate = message.clock_rate;
        if (this.state && this.state.status !== "ready" && message.client_time >= this.since) {
          this.clock.pong(message.client_time, message.session_time, message.clock_rate, receivedAt);
        }
        break;
      case "error":
        this._emit("problem", message);
        break;
      default:
        break;
    }
  }
}
