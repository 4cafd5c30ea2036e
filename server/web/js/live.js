// The live socket (docs/protocol.md): a ticket from the REST API, then
// /v1/sessions/{id}/live?role=...&ticket=...; pings for the clock; reconnects with exponential
// backoff and jitter after a network blip or a server restart, and takes the welcome snapshot
// again each time. Events: "welcome", "cues", "state", "problem" (an error message), "status"
// (connecting / open / waiting / closed) and "fatal" (the session cannot be opened, or the
// server refuses the connection: retrying by itself would not help).
//
// A browser cannot see the protocol's own pings, so a connection that died without a close (a
// phone that changed networks, a router that dropped it) is found by our pings: one left
// without a pong for `pongTimeoutMs` ends the socket and a new one is opened. Close codes that
// say the server refused us (1008, 1003, 1009), or sockets that end again and again without a
// welcome, stop the retries: the screen says why and offers to try again.

import { ApiError, api } from "./api.js";
import { SessionClock } from "./clock.js";

/** Timings in real milliseconds; tests pass shorter ones. */
export const TIMING = {
  firstDelayMs: 500, // the first reconnect waits up to this long; each failure doubles it
  maxDelayMs: 15000,
  pingsOnOpen: 5, // a burst of pings on joining, for a good clock estimate at once
  pingSpacingMs: 250,
  pingEveryMs: 15000,
  pongTimeoutMs: 5000, // a ping without a pong this long after it: the connection is dead
  welcomeTimeoutMs: 10000, // a socket that brings no welcome this long is given up
  healthyMs: 30000, // connected this long, the backoff starts again from its first delay
  giveUpAfter: 8, // sockets in a row that ended without a welcome: stop and say so
};

/** Close codes that retrying cannot mend: the server refused the connection or what we sent. */
const FINAL_CLOSES = {
  1003: ["The server refused a message from this app (not text)", "Reload the app to try again."],
  1008: ["The server refused this connection to the session", ""],
  1009: ["The server refused a message from this app (too large)", "Reload the app to try again."],
};

/** Why the live connection stopped trying by itself; `explain()` is what to tell the runner. */
export class LiveError extends Error {
  constructor(message, code = null) {
    super(message);
    this.code = code;
  }

  explain() {
    return this.message;
  }
}

/** "The server refused this connection to the session: not allowed." */
function closeProblem(code, reason) {
  const [what, then] = FINAL_CLOSES[code];
  const why = reason ? `: ${reason}` : "";
  return new LiveError(`${what}${why}.${then ? ` ${then}` : ""}`, code);
}

export class LiveConnection extends EventTarget {
  constructor(sessionId, { role = "phone", clock = new SessionClock(), timing = {} } = {}) {
    super();
    this.sessionId = sessionId;
    this.role = role;
    this.clock = clock;
    this.timing = { ...TIMING, ...timing };
    this.socket = null;
    this.status = "idle";
    this.attempt = 0; // reconnects since the last connection that stayed healthy
    this.unwelcomed = 0; // sockets in a row that ended without a welcome
    this.welcomed = false; // the current socket brought its welcome
    this.pongs = 0; // pongs on the current socket
    this.stopped = false;
    this.timers = new Set();
    this.state = null;
    this.rate = 1;
    this.held = []; // cues that came before the state that starts the clock
    this.since = 0; // pongs to pings sent before this instant (ms) read a clock that stood still
    this._online = () => this.wake();
    this._visible = () => {
      if (document.visibilityState === "visible") this.wake({ resync: true });
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

  /** Start again after giving up (the runner's "Try again"): the backoff from the beginning. */
  restart() {
    this.stop();
    this.attempt = 0;
    this.unwelcomed = 0;
    return this.start();
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

  /**
   * The network came back or the app came to the front: reconnect now if we are waiting, else
   * ping to learn whether the connection survived (no pong in time: a new one). `resync` also
   * forgets the clock estimate, since our own clock may have stood still while the phone slept;
   * the cues are armed again from the first pong.
   */
  wake({ resync = false } = {}) {
    if (this.stopped) return;
    if (this.status === "waiting") {
      this.reconnectNow();
      return;
    }
    if (!this.open || !this.welcomed) return; // the welcome comes, or its timeout ends the socket
    if (resync && this.state && this.state.status !== "ready") {
      this.since = this.clock.now();
      this.clock.reset();
    }
    this._pingBurst();
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
        this._giveUp(error);
        return;
      }
      this._retry(); // no network, or the server is away: keep trying, however long it takes
      return;
    }
    if (this.stopped) return;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const params = new URLSearchParams({ role: this.role, ticket });
    const url = `${scheme}//${location.host}/v1/sessions/${encodeURIComponent(this.sessionId)}/live?${params}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    this.welcomed = false;
    this.pongs = 0;
    socket.addEventListener("open", () => {
      if (socket !== this.socket) return;
      this._status("open");
    });
    socket.addEventListener("message", (event) => {
      if (socket === this.socket) this._receive(event.data);
    });
    socket.addEventListener("close", (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      if (this.stopped) return;
      if (event.code in FINAL_CLOSES) {
        this._giveUp(closeProblem(event.code, event.reason));
        return;
      }
      this._ended();
    });
    this._later(this.timing.welcomeTimeoutMs, () => {
      if (socket === this.socket && !this.welcomed) this._drop(socket);
    });
  }

  /** End a socket that is dead or stuck without waiting for its close, and open another. */
  _drop(socket) {
    if (socket !== this.socket) return;
    this.socket = null; // its close event, whenever it comes, is then ignored
    try {
      socket.close(4000, "no answer");
    } catch {
      // already closing
    }
    this._ended();
  }

  /** A socket ended: count it when it never brought a welcome, then retry or give up. */
  _ended() {
    if (!this.welcomed) this.unwelcomed += 1;
    this.welcomed = false;
    if (this.unwelcomed >= this.timing.giveUpAfter) {
      this._giveUp(
        new LiveError(
          "The server does not let this phone join the session (no welcome after " +
            `${this.unwelcomed} tries). Check the server's address and proxy, then try again.`,
        ),
      );
      return;
    }
    this._retry();
  }

  /** Stop for good (until `restart`) and tell the screen why. */
  _giveUp(problem) {
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, "giving up");
    this._emit("fatal", problem);
    this.stop();
  }

  /**
   * Exponential backoff with equal jitter: the wait is between half the ceiling and the ceiling,
   * which doubles from firstDelayMs up to maxDelayMs, so many phones reconnecting do not arrive
   * together and none retries at once. The ceiling falls back to its start only once a
   * connection has stayed healthy for healthyMs, so a server that welcomes and then drops each
   * connection is not hammered.
   */
  _retry() {
    this._clearTimers();
    const { firstDelayMs, maxDelayMs } = this.timing;
    const ceiling = Math.min(maxDelayMs, firstDelayMs * 2 ** this.attempt);
    this.attempt += 1;
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this._status("waiting");
    this._later(delay, () => this._connect());
  }

  /** A ping; when no pong at all comes within pongTimeoutMs, the connection is dead. */
  _ping() {
    const socket = this.socket;
    if (!this.send({ type: "ping", client_time: this.clock.now() })) return;
    const pongs = this.pongs;
    this._later(this.timing.pongTimeoutMs, () => {
      if (socket === this.socket && this.pongs === pongs) this._drop(socket);
    });
  }

  _pingBurst() {
    const { pingsOnOpen, pingSpacingMs } = this.timing;
    for (let i = 0; i < pingsOnOpen; i += 1) this._later(i * pingSpacingMs, () => this._ping());
  }

  _startPinging() {
    this._pingBurst();
    const every = () => {
      this._ping();
      this._later(this.timing.pingEveryMs, every);
    };
    this._later(this.timing.pingEveryMs, every);
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
      case "welcome": {
        this.welcomed = true;
        this.unwelcomed = 0;
        this.rate = message.clock_rate;
        this.held = [];
        this.since = receivedAt;
        this.clock.reset();
        this.clock.roughly(message.session_time, message.clock_rate, receivedAt);
        this.state = message.state;
        this._clearTimers();
        this._startPinging();
        const socket = this.socket;
        this._later(this.timing.healthyMs, () => {
          if (socket === this.socket) this.attempt = 0;
        });
        this._emit("welcome", message);
        break;
      }
      case "state": {
        const before = this.state;
        this.state = message.state;
        if (before && before.status === "ready" && message.state.status !== "ready") {
          // The session clock just started: estimates made while it stood still are wrong.
          this.since = receivedAt;
          this.clock.reset();
          this.clock.roughly(message.state.now, this.rate, receivedAt);
          this._pingBurst();
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
        this.pongs += 1;
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
