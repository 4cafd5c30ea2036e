// Cues on this phone: each is spoken, beeped and vibrated at its due time on the session clock
// (docs/engine.md, "Cues"). Cues announced ahead (a rest countdown, the next rep's start) are
// scheduled here, on our own clock through the offset from ping/pong, so network jitter never
// reaches the runner. Beeps go to WebAudio a moment ahead and play on the audio clock, which is
// more precise than a timer. A `cancel` cue unschedules what it lists. The ids acted on are kept
// in sessionStorage, so after a reload the welcome snapshot repeats nothing already heard.

const STALE_MS = 2000; // a cue this late is not said: "3" two seconds after the start misleads
const LOOKAHEAD_MS = 300; // beeps are handed to WebAudio this far ahead of their time
const REMEMBERED = 500; // acted-on ids kept per session

/** The ids of cues already acted on, per session, surviving a reload of the page. */
export class ActedCues {
  constructor(sessionId, storage = window.sessionStorage) {
    this.key = `trackcue.acted.${sessionId}`;
    this.storage = storage;
    let ids = [];
    try {
      ids = JSON.parse(storage.getItem(this.key) || "[]");
    } catch {
      ids = [];
    }
    this.ids = new Set(Array.isArray(ids) ? ids : []);
  }

  has(id) {
    return this.ids.has(id);
  }

  add(id) {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    const kept = [...this.ids].slice(-REMEMBERED);
    this.ids = new Set(kept);
    try {
      this.storage.setItem(this.key, JSON.stringify(kept));
    } catch {
      // storage full or disabled: the welcome may then repeat a cue, which is the lesser harm
    }
  }
}

/** Beeps through WebAudio. Browsers allow sound only after a tap: call `unlock` from one. */
export class Sound {
  constructor() {
    this.context = null;
  }

  unlock() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (this.context === null) this.context = new Context();
    if (this.context.state === "suspended") this.context.resume().catch(() => {});
  }

  get ready() {
    return this.context !== null && this.context.state === "running";
  }

  /** Schedule a beep `inMs` from now: `count` tones of `duration_ms` at `frequency_hz`. */
  beep(spec, inMs) {
    if (!this.ready) return [];
    const context = this.context;
    const start = context.currentTime + Math.max(0, inMs) / 1000;
    const length = (spec.duration_ms || 150) / 1000;
    const nodes = [];
    for (let i = 0; i < (spec.count || 1); i += 1) {
      const at = start + i * length * 1.6;
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.type = "square"; // cuts through wind noise better than a sine
      tone.frequency.value = spec.frequency_hz || 880;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.6, at + 0.01);
      gain.gain.setValueAtTime(0.6, at + length - 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + length);
      tone.connect(gain).connect(context.destination);
      tone.start(at);
      tone.stop(at + length + 0.02);
      nodes.push(tone);
    }
    return nodes;
  }
}

function speakAloud(text) {
  if (!("speechSynthesis" in window)) return;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = document.documentElement.lang || "en";
  utterance.rate = 1.05;
  window.speechSynthesis.speak(utterance);
}

function buzz(pattern) {
  if (typeof navigator.vibrate === "function") navigator.vibrate(pattern);
}

/** Which preference silences which kind of cue. */
const KIND_PREFERENCE = {
  pace_alert: "pace_alerts",
  hr_alert: "hr_alerts",
  split: "split_calls",
  fatigue: "fatigue_checks",
};

export const DEFAULT_PREFERENCES = {
  voice: true,
  beeps: true,
  vibration: true,
  pace_alerts: true,
  hr_alerts: true,
  split_calls: true,
  fatigue_checks: true,
};

/**
 * Schedules cues on the session clock and acts on each once. Dispatches "cue" (acted on, with
 * the cue) and "missed" (came too late to be said).
 */
export class CuePlayer extends EventTarget {
  constructor({ clock, acted, sound = new Sound(), preferences = DEFAULT_PREFERENCES }) {
    super();
    this.clock = clock;
    this.acted = acted;
    this.sound = sound;
    this.preferences = { ...DEFAULT_PREFERENCES, ...preferences };
    this.entries = new Map(); // id -> {cue, timer, beepTimer, nodes}
    this.cancelled = new Set();
    this._rearm = () => {
      for (const entry of this.entries.values()) this._arm(entry);
    };
    clock.addEventListener("change", this._rearm);
  }

  /** Take cues from a welcome or a cues message: schedule the new, drop the known. */
  accept(cues) {
    for (const cue of cues) {
      if (this.acted.has(cue.id) || this.entries.has(cue.id) || this.cancelled.has(cue.id)) {
        continue;
      }
      if (cue.kind === "cancel") {
        for (const id of cue.cancels || []) this._unschedule(id);
        this.acted.add(cue.id);
        continue;
      }
      const entry = { cue, timer: null, beepTimer: null, nodes: [] };
      this.entries.set(cue.id, entry);
      this._arm(entry);
    }
  }

  /**
   * A welcome lists every cue still ahead: one we hold for later that it does not list was
   * withdrawn while we were away, so it is unscheduled.
   */
  reconcile(ahead) {
    const listed = new Set(ahead.map((cue) => cue.id));
    for (const [id, entry] of [...this.entries]) {
      const ms = this.clock.msUntil(entry.cue.due);
      if (!listed.has(id) && ms !== null && ms > 0) this._unschedule(id);
    }
  }

  /** Stop everything scheduled (leaving the screen); nothing is marked as heard. */
  clear() {
    for (const id of [...this.entries.keys()]) {
      const entry = this.entries.get(id);
      this._disarm(entry, true);
    }
    this.entries.clear();
    this.clock.removeEventListener("change", this._rearm);
  }

  /** Cues still to come, soonest first (for the screen and tests). */
  get upcoming() {
    return [...this.entries.values()].map((entry) => entry.cue).sort((a, b) => a.due - b.due);
  }

  _unschedule(id) {
    this.cancelled.add(id);
    const entry = this.entries.get(id);
    if (!entry) return;
    this._disarm(entry, true);
    this.entries.delete(id);
  }

  _disarm(entry, stopSound) {
    clearTimeout(entry.timer);
    clearTimeout(entry.beepTimer);
    entry.timer = null;
    entry.beepTimer = null;
    if (stopSound) {
      for (const node of entry.nodes) {
        try {
          node.stop();
        } catch {
          // already stopped
        }
      }
      entry.nodes = [];
    }
  }

  _arm(entry) {
    const ms = this.clock.msUntil(entry.cue.due);
    if (ms === null) return; // no clock yet: armed when it is known
    this._disarm(entry, false);
    if (ms < -STALE_MS) {
      this.entries.delete(entry.cue.id);
      this.acted.add(entry.cue.id);
      this.dispatchEvent(new CustomEvent("missed", { detail: entry.cue }));
      return;
    }
    entry.timer = setTimeout(() => this._fire(entry), Math.max(0, ms));
    if (entry.cue.beep && entry.nodes.length === 0) {
      entry.beepTimer = setTimeout(() => this._beep(entry), Math.max(0, ms - LOOKAHEAD_MS));
    }
  }

  _wanted(cue) {
    const preference = KIND_PREFERENCE[cue.kind];
    return preference === undefined || this.preferences[preference] !== false;
  }

  _beep(entry) {
    if (!this.preferences.beeps || !this._wanted(entry.cue)) return;
    const ms = this.clock.msUntil(entry.cue.due);
    entry.nodes = this.sound.beep(entry.cue.beep, ms === null ? 0 : ms);
  }

  _fire(entry) {
    const { cue } = entry;
    this.entries.delete(cue.id);
    this.acted.add(cue.id);
    if (!this._wanted(cue)) return;
    if (this.preferences.voice && cue.text) speakAloud(cue.text);
    if (this.preferences.vibration && cue.vibration && cue.vibration.length) buzz(cue.vibration);
    this.dispatchEvent(new CustomEvent("cue", { detail: cue }));
  }
}

/** The screen stays on while a session runs (Screen Wake Lock), taken again when back in front. */
export class WakeLock {
  constructor() {
    this.sentinel = null;
    this.wanted = false;
    this._visible = () => {
      if (this.wanted && document.visibilityState === "visible") this._request();
    };
  }

  get held() {
    return this.sentinel !== null && !this.sentinel.released;
  }

  hold() {
    if (this.wanted) return;
    this.wanted = true;
    document.addEventListener("visibilitychange", this._visible);
    this._request();
  }

  release() {
    this.wanted = false;
    document.removeEventListener("visibilitychange", this._visible);
    if (this.sentinel) this.sentinel.release().catch(() => {});
    this.sentinel = null;
  }

  async _request() {
    if (!("wakeLock" in navigator) || this.held) return;
    try {
      this.sentinel = await navigator.wakeLock.request("screen");
    } catch {
      this.sentinel = null; // refused (battery saver, hidden page): the session runs anyway
    }
  }
}
