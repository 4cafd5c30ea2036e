// Cues on this phone: each is spoken, beeped and vibrated at its due time on the session clock
// (docs/engine.md, "Cues"). Cues announced ahead (a rest countdown, the next rep's start) are
// scheduled here, on our own clock through the offset from ping/pong, so network jitter never
// reaches the runner. Beeps go to WebAudio a moment ahead and play on the audio clock, which is
// more precise than a timer. A `cancel` cue unschedules what it lists. The ids acted on are kept
// in sessionStorage, so after a reload the welcome snapshot repeats nothing already heard.
//
// A cue is acted on only near its time: one that arrives, or whose timer fires, more than
// STALE_MS late (a page the browser throttled in the background, a phone that slept) is
// dropped as missed, never said in a burst. Speech waits in a queue of our own, so that a more
// urgent cue (a countdown, a step change) drops the less urgent speech still ahead of it.

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

/**
 * Speech through the Web Speech API, one utterance at a time from our own queue. A cue of higher
 * priority (0 info, 1 normal, 2 alert, 3 step change) drops the lower-priority speech that waits
 * and cuts the one being spoken, so "3" never waits behind a split call; equal or higher
 * priorities keep their turn.
 */
export class Speech {
  constructor(synth = window.speechSynthesis ?? null) {
    this.synth = synth;
    this.current = null; // {text, priority, utterance}: handed to the synthesizer
    this.waiting = []; // {text, priority}: ours, in order
  }

  say(text, priority = 1) {
    if (!this.synth) return;
    if (this.current && !this.synth.speaking && !this.synth.pending) {
      this.current = null; // done, though its "end" never came (some engines drop it)
    }
    this.waiting = this.waiting.filter((item) => item.priority >= priority);
    if (this.current && this.current.priority < priority) {
      this.current = null; // set first: the "error" the cut utterance fires is then ignored
      this.synth.cancel();
    }
    this.waiting.push({ text, priority });
    if (!this.current) this._next();
  }

  _next() {
    const item = this.waiting.shift();
    if (!item) return;
    const utterance = new SpeechSynthesisUtterance(item.text);
    utterance.lang = document.documentElement.lang || "en";
    utterance.rate = 1.05;
    const done = () => {
      if (this.current === null || this.current.utterance !== utterance) return;
      this.current = null;
      this._next();
    };
    utterance.addEventListener("end", done);
    utterance.addEventListener("error", done);
    this.current = { ...item, utterance };
    this.synth.speak(utterance);
  }
}

function buzz(pattern) {
  if (typeof navigator.vibrate === "function") navigator.vibrate(pattern);
}

/**
 * Which preference silences which kind of cue, as the engine reads them (it does not compute a
 * switched-off alert; this also keeps quiet one a session sent before the switch was known).
 * Cadence is part of running to pace: the pace-alerts switch covers cadence alerts too. Every
 * other kind, including one a newer server invents, is played as a plain cue: its words said
 * at its priority and shown, its buzz and beep as sent.
 */
export const KIND_PREFERENCE = {
  pace_alert: "pace_alerts",
  cadence_alert: "pace_alerts",
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
  countdown_buzz: false, // applied by the engine: a countdown's seconds come without a buzz
};

/**
 * Schedules cues on the session clock and acts on each once. Dispatches "cue" (acted on, with
 * the cue) and "missed" (too late to be said: it arrived, or its timer fired, more than
 * STALE_MS after its time). Cues are armed again whenever the clock's estimate changes, and
 * wait unarmed while it is unknown (after a reset).
 */
export class CuePlayer extends EventTarget {
  constructor({
    clock,
    acted,
    sound = new Sound(),
    speech = new Speech(),
    preferences = DEFAULT_PREFERENCES,
  }) {
    super();
    this.clock = clock;
    this.acted = acted;
    this.sound = sound;
    this.speech = speech;
    this.preferences = { ...DEFAULT_PREFERENCES, ...preferences };
    this.entries = new Map(); // id -> {cue, timer, beepTimer, nodes}
    this.cancelled = new Set();
    this._rearm = () => {
      for (const entry of [...this.entries.values()]) this._arm(entry);
    };
    this._visible = () => {
      if (document.visibilityState === "visible") this._rearm();
    };
    clock.addEventListener("change", this._rearm);
    document.addEventListener("visibilitychange", this._visible);
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
    document.removeEventListener("visibilitychange", this._visible);
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
    this._disarm(entry, false);
    const ms = this.clock.msUntil(entry.cue.due);
    if (ms === null) return; // no clock (yet, or since a reset): armed when it is known
    if (ms < -STALE_MS) {
      this._miss(entry);
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

  _miss(entry) {
    this._disarm(entry, true);
    this.entries.delete(entry.cue.id);
    this.acted.add(entry.cue.id);
    this.dispatchEvent(new CustomEvent("missed", { detail: entry.cue }));
  }

  _beep(entry) {
    entry.beepTimer = null;
    if (!this.preferences.beeps || !this._wanted(entry.cue)) return;
    const ms = this.clock.msUntil(entry.cue.due);
    if (ms === null || ms < -STALE_MS) return; // the cue's own timer decides what became of it
    entry.nodes = this.sound.beep(entry.cue.beep, ms);
  }

  /**
   * The cue's timer: act on it, unless the timer came too late (the browser throttles timers in
   * a page in the background and freezes them while the phone sleeps), or the clock was lost.
   */
  _fire(entry) {
    const { cue } = entry;
    entry.timer = null;
    const ms = this.clock.msUntil(cue.due);
    if (ms === null) return; // armed again when the clock is known
    if (ms < -STALE_MS) {
      this._miss(entry);
      return;
    }
    this.entries.delete(cue.id);
    this.acted.add(cue.id);
    if (!this._wanted(cue)) return;
    if (this.preferences.voice && cue.text) this.speech.say(cue.text, priorityOf(cue));
    if (this.preferences.vibration && cue.vibration && cue.vibration.length) buzz(cue.vibration);
    this.dispatchEvent(new CustomEvent("cue", { detail: cue }));
  }
}

/**
 * How urgent a cue is to the speech queue: the server's `priority` (0 info, 1 normal, 2 alert,
 * 3 step). A value from outside that scale (a newer server's, or none) counts as normal, so a
 * cue the phone does not understand can neither cut a countdown nor be dropped for a split.
 */
export function priorityOf(cue) {
  const priority = cue.priority;
  return Number.isInteger(priority) && priority >= 0 && priority <= 3 ? priority : 1;
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
