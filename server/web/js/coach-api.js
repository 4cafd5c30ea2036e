// The coach's endpoints (docs/api.md): training load, progress over weeks, substitutions, the
// season plan and runs logged by hand. Kept apart from api.js so each screen imports what it uses.

import { query, request } from "./api.js";

/** The choice of workout as the API names it: {workout_id} or {template}. */
export function workoutRef(choice) {
  return choice.workout_id ? { workout_id: choice.workout_id } : { template: choice.template };
}

export const coach = {
  /** {days: [{date, load, ctl, atl, tsb, distance_m, duration_s, hard}], weeks: [...]} */
  load: (from, to) => request("GET", `/v1/load${query({ from, to })}`),
  /** {rows: [...], suggestion: {kind, text, workout} | null} for {workout_id} or {template}. */
  progress: (ref) => request("GET", `/v1/progress${query(ref)}`),
  /** Save the suggestion as the workout's next version (a new workout for a built-in). */
  acceptProgress: (ref) => request("POST", "/v1/progress/accept", ref),
  /** {venue, style, workout, rationale, load_comparison}: the same effort on another venue. */
  substitute: (ref, venue) => request("POST", "/v1/substitutions", { ...ref, venue }),
  /** Swap a plan entry to its version for `venue`; answers the entry {id, workout_id, venue}. */
  substitutePlan: (id, venue) =>
    request("POST", `/v1/plan/${encodeURIComponent(id)}/substitute`, { venue }),
  season: () => request("GET", "/v1/season"),
  createSeason: (season) => request("POST", "/v1/season", season),
  logRun: (run) => request("POST", "/v1/activities", run),
  schedule: (entry) => request("POST", "/v1/plan", entry),
  unschedule: (id) => request("DELETE", `/v1/plan/${encodeURIComponent(id)}`),
  workout: (id) => request("GET", `/v1/workouts/${encodeURIComponent(id)}`),
};
