// Settings: race results (they set the training paces), heart rates, units, where you usually
// run, what to hear and feel, pairing a bridge by its code, and signing out.
//
// PUT /v1/me/profile replaces the whole profile, so saving starts from the profile as it was read
// and changes only what this form shows: a field a newer server added (or one this screen does
// not show) goes back as it came, instead of being reset to its default by every save.

import { ApiError, api, athleteName } from "../api.js";
import { field, h, show, toast } from "../dom.js";
import { clock, pace } from "../format.js";
import { go } from "../router.js";
import { VENUES, heading, problemBox } from "./common.js";

const RACES = ["1500m", "mile", "3000m", "2mile", "5k", "10k", "15k", "half", "marathon"];
// [preference, label, default when the profile does not say]: the defaults are the server's
// (server/engine/settings.py, CuePreferences), so an older profile reads as the server reads it.
// The countdown buzz, which takes a row of its own, comes right after vibration, which it
// refines, and after a full row so that no gap is left before it.
const CUES = [
  ["voice", "Spoken cues", true],
  ["beeps", "Beeps", true],
  ["split_calls", "Split calls", true],
  ["vibration", "Vibration", true],
  ["countdown_buzz", "Buzz every second of a countdown", false],
  ["pace_alerts", "Pace and cadence alerts", true],
  ["hr_alerts", "Heart-rate alerts", true],
  ["fatigue_checks", "Fatigue checks", true],
];

export const settingsView = {
  name: "settings",
  title: "Settings",

  async enter(root) {
    const body = h("div", { class: "stack" }, h("p", { class: "loading" }, "Loading your profile…"));
    root.append(heading("Settings", athleteName()), body);
    let me;
    try {
      me = await api.me();
    } catch (error) {
      show(body, problemBox(error instanceof ApiError ? error.explain() : String(error)));
      return;
    }
    show(body, profileForm(me), pairingSection(), signOutSection());
  },
};

function numberInput(name, value, min, max) {
  return h("input", {
    name,
    type: "number",
    inputmode: "numeric",
    min: String(min),
    max: String(max),
    value: value === null || value === undefined ? "" : String(value),
  });
}

// The race result each row was made from, so that saving keeps the fields the row does not show.
const rowResults = new WeakMap();

function raceRow(result = { race: "5k", time: "", date: null }) {
  const race = h(
    "select",
    { name: "race", "aria-label": "Race" },
    RACES.map((name) => h("option", { value: name, selected: name === result.race }, name)),
  );
  const time = h("input", {
    name: "time",
    value: result.time || "",
    placeholder: "19:57",
    inputmode: "numeric",
    "aria-label": "Time (h:mm:ss or mm:ss)",
  });
  const date = h("input", { name: "date", type: "date", value: result.date || "", "aria-label": "Date" });
  const row = h("div", { class: "race-row" }, race, time, date);
  rowResults.set(row, result);
  row.append(h("button", { type: "button", class: "secondary small", "aria-label": "Remove this race", onclick: () => row.remove() }, "✕"));
  return row;
}

function paceSummary(me) {
  if (!me.paces) return h("p", { class: "hint" }, "Add a race result: your training paces come from it.");
  const units = me.profile.units;
  return h(
    "p",
    { class: "paces" },
    `VDOT ${me.vdot.toFixed(1)} · E ${pace(me.paces.E[1], units, { unit: false })}–${pace(me.paces.E[0], units, { unit: false })}`,
    ` · T ${pace(me.paces.T, units, { unit: false })} · I ${pace(me.paces.I, units, { unit: false })}`,
    ` · R ${pace(me.paces.R, units)}`,
  );
}

function profileForm(me) {
  const profile = me.profile;
  const races = h("div", { class: "stack" }, profile.race_results.map((result) => raceRow(result)));
  const maxHr = numberInput("max_hr", profile.max_hr, 100, 230);
  const restingHr = numberInput("resting_hr", profile.resting_hr, 30, 120);
  const lthr = numberInput("lthr", profile.lthr, 80, 220);
  const units = h(
    "fieldset",
    { class: "segmented" },
    h("legend", {}, "Units"),
    [
      ["km", "per km"],
      ["mi", "per mile"],
    ].map(([value, label]) =>
      h(
        "label",
        {},
        h("input", { type: "radio", name: "units", value, checked: profile.units === value }),
        h("span", {}, label),
      ),
    ),
  );
  // Where sessions are run unless one says otherwise: it decides what measures a distance.
  const venue = h(
    "fieldset",
    { class: "segmented" },
    h("legend", {}, "Where you usually run"),
    VENUES.map(([value, label]) =>
      h(
        "label",
        {},
        h("input", { type: "radio", name: "venue", value, checked: profile.venue === value }),
        h("span", {}, label),
      ),
    ),
  );
  const preferences = profile.cues || {};
  const cues = h(
    "fieldset",
    { class: "switches" },
    h("legend", {}, "Cues"),
    CUES.map(([key, label, byDefault]) =>
      h(
        "label",
        { class: label.length > 24 ? "switch wide" : "switch" },
        h("input", {
          type: "checkbox",
          name: key,
          role: "switch",
          checked: typeof preferences[key] === "boolean" ? preferences[key] : byDefault,
        }),
        h("span", {}, label),
      ),
    ),
  );
  const summary = h("div", {}, paceSummary(me));
  const problem = h("p", { class: "problem", role: "alert" });
  const save = h("button", { type: "submit", class: "primary" }, "Save profile");
  const form = h(
    "form",
    {
      class: "card stack",
      "aria-labelledby": "profile-title",
      onsubmit: async (event) => {
        event.preventDefault();
        problem.textContent = "";
        const number = (input) => (input.value === "" ? null : Number(input.value));
        // The profile as read, with what the form shows written over it (see the top).
        const body = {
          ...profile,
          race_results: [...races.querySelectorAll(".race-row")]
            .map((row) => ({
              ...rowResults.get(row),
              race: row.querySelector("[name=race]").value,
              time: row.querySelector("[name=time]").value.trim(),
              date: row.querySelector("[name=date]").value || null,
            }))
            .filter((result) => result.time),
          max_hr: number(maxHr),
          resting_hr: number(restingHr),
          lthr: number(lthr),
          units: form.querySelector("[name=units]:checked")?.value || profile.units || "km",
          // A venue this screen does not offer (from a newer server) stays as it was.
          venue: form.querySelector("[name=venue]:checked")?.value || profile.venue || "track",
          cues: {
            ...preferences,
            ...Object.fromEntries(
              CUES.map(([key]) => [key, form.querySelector(`[name=${key}]`).checked]),
            ),
          },
        };
        save.disabled = true;
        try {
          const saved = await api.saveProfile(body);
          show(summary, paceSummary(saved));
          toast("Profile saved: your paces are up to date.");
        } catch (error) {
          problem.textContent = error instanceof ApiError ? explainProfile(error) : String(error);
        } finally {
          save.disabled = false;
        }
      },
    },
    h("h2", { id: "profile-title" }, "Profile"),
    h("h3", {}, "Race results"),
    h("p", { class: "hint" }, "The most recent one sets your VDOT and training paces."),
    races,
    h("button", { type: "button", class: "secondary", onclick: () => races.append(raceRow()) }, "Add a race"),
    summary,
    h("h3", {}, "Heart rate"),
    h("div", { class: "row three" }, field("Max", maxHr), field("Resting", restingHr), field("LTHR", lthr)),
    units,
    venue,
    cues,
    problem,
    save,
  );
  return form;
}

function explainProfile(error) {
  const first = error.errors[0];
  if (!first) return error.explain();
  const where = first.where
    .replace("body > ", "")
    .replace(/race_results > (\d+)/, (_, i) => `race ${Number(i) + 1}`)
    .replaceAll(" > ", " ");
  return `Check ${where}: ${first.what}`;
}

function pairingSection() {
  const name = h("input", { name: "device_name", value: "track bridge", maxlength: "64" });
  const code = h("div", { class: "pairing", role: "status", "aria-live": "polite" });
  const devices = h("ul", { class: "devices" });
  let countdown = null;
  const loadDevices = async () => {
    try {
      const list = await api.devices();
      show(
        devices,
        list.length === 0 && h("li", { class: "hint" }, "No devices paired yet."),
        list.map((device) =>
          h(
            "li",
            { class: device.revoked_at ? "revoked" : "" },
            h("span", {}, device.name, device.revoked_at ? " (revoked)" : ""),
            !device.revoked_at &&
              h(
                "button",
                {
                  type: "button",
                  class: "secondary small",
                  onclick: async () => {
                    await api.unpair(device.id);
                    loadDevices();
                  },
                },
                "Revoke",
              ),
          ),
        ),
      );
    } catch (error) {
      show(devices, h("li", {}, problemBox(error instanceof ApiError ? error.explain() : String(error))));
    }
  };
  const ask = h(
    "button",
    {
      type: "button",
      class: "primary",
      onclick: async () => {
        clearInterval(countdown);
        try {
          const reply = await api.pairingCode(name.value.trim() || "bridge");
          const expires = new Date(reply.expires_at).getTime();
          const left = h("p", { class: "hint" });
          const tickDown = () => {
            const seconds = Math.max(0, (expires - Date.now()) / 1000);
            left.textContent = seconds > 0 ? `Type it on the bridge within ${clock(seconds)}.` : "Expired: ask for a new code.";
            if (seconds <= 0) clearInterval(countdown);
          };
          show(code, h("p", { class: "code-display", id: "pairing-code" }, reply.code), left);
          tickDown();
          countdown = setInterval(tickDown, 1000);
          setTimeout(loadDevices, 15000);
        } catch (error) {
          show(code, problemBox(error instanceof ApiError ? error.explain() : String(error)));
        }
      },
    },
    "Show a pairing code",
  );
  loadDevices();
  return h(
    "section",
    { class: "card stack", "aria-labelledby": "pair-title" },
    h("h2", { id: "pair-title" }, "Pair a bridge"),
    h("p", { class: "hint" }, "The bridge beside the track relays your footpod and heart-rate strap. Show a code here and type it on the bridge."),
    field("Device name", name),
    ask,
    code,
    h("h3", {}, "Paired devices"),
    devices,
  );
}

function signOutSection() {
  return h(
    "section",
    { class: "card stack" },
    h("a", { class: "button secondary", href: "/watch" }, "Open the watch view"),
    h(
      "button",
      {
        type: "button",
        class: "secondary danger",
        onclick: async () => {
          await api.signOut().catch(() => {});
          go("signin");
        },
      },
      "Sign out",
    ),
  );
}
