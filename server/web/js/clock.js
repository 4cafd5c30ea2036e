// The session clock as seen from this phone (docs/protocol.md, "pong").
//
// The server answers each ping with the session time it read. Taking the midpoint of the ping's
// round trip as the instant it read its clock, the session time at any later instant on our own
// monotonic clock is `session + rate * (now - mid)`. The round trip bounds the error, so the
// estimate from the shortest round trip among recent pings wins: a slow answer (a busy network)
// never moves the schedule. Recent, not all-time: two clocks drift apart over an hour.

const WINDOW = 8; // pongs remembered; the best of them is the estimate

export class SessionClock extends EventTarget {
  constructor(now = () => performance.now()) {
    super();
    this.now = now; // milliseconds, monotonic
    this.reset();
  }

  /**
   * Forget every estimate: a new connection, a session clock that just started, or a page back
   * in front after the phone slept (our own clock may have stood still meanwhile). Until the
   * next estimate nothing is scheduled: listeners hear "change" and find the clock unknown.
   */
  reset() {
    const had = this.anchor !== undefined && this.anchor !== null;
    this.samples = [];
    this.anchor = null; // {mid (ms, ours), session (s), rate, rtt (ms)}
    if (had) this.dispatchEvent(new Event("change"));
  }

  get known() {
    return this.anchor !== null;
  }

  get rate() {
    return this.anchor ? this.anchor.rate : 1;
  }

  /** A rough estimate from a message stamped with the session time when it was sent. */
  roughly(sessionTime, rate, receivedAt = this.now()) {
    if (this.samples.length) return; // a measured round trip is always better
    this._set({ mid: receivedAt, session: sessionTime, rate, rtt: Infinity });
  }

  /** A pong: `sentAt` is the ping's client_time (our ms), `receivedAt` when the pong came. */
  pong(sentAt, sessionTime, rate, receivedAt = this.now()) {
    const rtt = Math.max(0, receivedAt - sentAt);
    this.samples.push({ mid: (sentAt + receivedAt) / 2, session: sessionTime, rate, rtt });
    if (this.samples.length > WINDOW) this.samples.shift();
    const best = this.samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
    this._set(best);
  }

  _set(anchor) {
    const before = this.anchor;
    this.anchor = anchor;
    if (before === null || Math.abs(this.clientAt(10) - this._clientAt(before, 10)) > 15) {
      this.dispatchEvent(new Event("change"));
    }
  }

  _clientAt(anchor, sessionTime) {
    return anchor.mid + ((sessionTime - anchor.session) / anchor.rate) * 1000;
  }

  /** The session time (s) at one of our instants (ms); now by default. */
  sessionAt(clientMs = this.now()) {
    if (!this.anchor) return null;
    return this.anchor.session + (this.anchor.rate * (clientMs - this.anchor.mid)) / 1000;
  }

  /** Our instant (ms) at a session time (s). */
  clientAt(sessionTime) {
    if (!this.anchor) return null;
    return this._clientAt(this.anchor, sessionTime);
  }

  /** Real milliseconds from now until a session time; negative when it has passed. */
  msUntil(sessionTime) {
    const at = this.clientAt(sessionTime);
    return at === null ? null : at - this.now();
  }

  /** The uncertainty of the estimate: half the round trip (ms), Infinity before any pong. */
  get uncertaintyMs() {
    return this.anchor ? this.anchor.rtt / 2 : Infinity;
  }
}
