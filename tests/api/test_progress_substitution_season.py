"""Progress, bad-weather substitution and the season through the API, in a runner's words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from server.store.event_log import mark_session
from server.workouts import format_workout, get_template
from tests.api.conftest import Api
from tests.coach.test_progression import STEADY, session

pytestmark = pytest.mark.asyncio

TODAY = dt.date.today()
SIX_BY_400 = format_workout(get_template("6x400").workout)


async def finished_run(api: Api, headers: dict[str, str], day: dt.date, **which: str) -> str:
    """A session of the workout run under control: every 400 within a second of 96."""
    body = {"day": day.isoformat(), **which}
    created = await api.client.post("/v1/sessions", json=body, headers=headers)
    assert created.status_code == 201, created.text
    results = session(STEADY).model_dump(mode="json")
    async with api.app.state.database.session() as db:
        await mark_session(db, created.json()["id"], status="finished", results=results)
    return str(created.json()["id"])


async def test_three_controlled_runs_suggest_a_rep_more_saved_as_the_next_version(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    made = await api.client.post("/v1/workouts", json={"text": SIX_BY_400}, headers=headers)
    workout_id = made.json()["id"]
    for days_ago in range(2, 28, 2):  # about 40 km a week on the road: room for a rep more
        run = {"day": (TODAY - dt.timedelta(days=days_ago)).isoformat(), "distance_m": 12000}
        await api.client.post("/v1/activities", json={**run, "duration_s": 4200}, headers=headers)
    ids = []
    for weeks_ago in (3, 2, 1):
        day = TODAY - dt.timedelta(weeks=weeks_ago)
        ids.append(await finished_run(api, headers, day, workout_id=workout_id))
        log = {"day": day.isoformat(), "session_id": ids[-1], "rpe": 6}
        await api.client.post("/v1/log", json=log, headers=headers)
    reply = await api.client.get(f"/v1/progress?workout_id={workout_id}", headers=headers)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert [row["session_id"] for row in body["rows"]] == ids
    assert all(row["controlled"] and row["rpe"] == 6 for row in body["rows"])
    assert body["version"] == 1 and body["suggestion"]["kind"] == "add_rep"
    assert "7x" in body["suggestion"]["workout"]
    accepted = await api.client.post(
        "/v1/progress/accept", json={"workout_id": workout_id}, headers=headers
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["version"] == 2 and "7x" in accepted.json()["text"]
    stored = (await api.client.get(f"/v1/workouts/{workout_id}", headers=headers)).json()
    assert "7x" in stored["text"]
    again = (await api.client.get(f"/v1/progress?workout_id={workout_id}", headers=headers)).json()
    assert again["version"] == 2 and len(again["rows"]) == 3


async def test_a_built_ins_suggestion_becomes_a_workout_of_the_athletes(api: Api) -> None:
    headers = await api.athlete("ana")
    nothing = await api.client.post(
        "/v1/progress/accept", json={"template": "6x400"}, headers=headers
    )
    assert nothing.status_code == 409
    await finished_run(api, headers, TODAY - dt.timedelta(days=3), template="6x400")
    reply = await api.client.post(
        "/v1/progress/accept", json={"template": "6x400"}, headers=headers
    )
    assert reply.status_code == 201 and reply.json()["version"] == 1
    bad = await api.client.get("/v1/progress?template=6x400&workout_id=x", headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["where"].startswith("query")


async def test_anothers_workout_has_no_progress_to_show(api: Api) -> None:
    ana = await api.athlete("ana")
    ben = await api.athlete("ben")
    made = await api.client.post("/v1/workouts", json={"text": SIX_BY_400}, headers=ana)
    reply = await api.client.get(f"/v1/progress?workout_id={made.json()['id']}", headers=ben)
    assert reply.status_code == 404


async def test_a_rainy_day_swaps_todays_entry_and_the_session_runs_on_the_road(api: Api) -> None:
    headers = await api.athlete("ana")
    entry = (
        await api.client.post(
            "/v1/plan", json={"day": TODAY.isoformat(), "template": "6x400"}, headers=headers
        )
    ).json()
    offer = await api.client.post(
        "/v1/substitutions", json={"template": "6x400", "venue": "road"}, headers=headers
    )
    assert offer.status_code == 200, offer.text
    assert offer.json()["venue"] == "road" and "heart-rate guard" in offer.json()["rationale"]
    swapped = await api.client.post(
        f"/v1/plan/{entry['id']}/substitute", json={"venue": "road"}, headers=headers
    )
    assert swapped.status_code == 200, swapped.text
    body = swapped.json()
    assert body["venue"] == "road" and body["template"] is None and body["workout_id"]
    plan = (await api.client.get(f"/v1/plan?from={TODAY}&to={TODAY}", headers=headers)).json()
    assert [item["workout_id"] for item in plan] == [body["workout_id"]]
    run = await api.client.post(
        "/v1/sessions",
        json={"day": TODAY.isoformat(), "workout_id": body["workout_id"]},
        headers=headers,
    )
    assert run.status_code == 201 and run.json()["settings"]["venue"] == "road"
    treadmill = await api.client.post(
        "/v1/substitutions",
        json={"session_id": run.json()["id"], "venue": "treadmill"},
        headers=headers,
    )
    assert treadmill.status_code == 200 and "1 %" in treadmill.json()["workout"]


async def test_substitution_refuses_the_track_and_anothers_entry(api: Api) -> None:
    ana = await api.athlete("ana")
    ben = await api.athlete("ben")
    track = await api.client.post(
        "/v1/substitutions", json={"template": "6x400", "venue": "track"}, headers=ana
    )
    assert track.status_code == 422 and track.json()["errors"][0]["where"] == "body > venue"
    entry = await api.client.post(
        "/v1/plan", json={"day": TODAY.isoformat(), "template": "6x400"}, headers=ana
    )
    theirs = await api.client.post(
        f"/v1/plan/{entry.json()['id']}/substitute", json={"venue": "road"}, headers=ben
    )
    assert theirs.status_code == 404


def hard(entry: dict[str, Any]) -> bool:
    return entry["kind"] in ("track", "tempo", "long", "race")


async def test_a_season_to_a_10k_lands_in_the_plan_with_48_hours_between_hard_days(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    race_day = TODAY + dt.timedelta(weeks=12)
    body = {
        "race": "10k",
        "race_date": race_day.isoformat(),
        "goal_time": "41:00",
        "runs_per_week": 5,
        "long_run_day": "sunday",
        "track_day": "tuesday",
    }
    reply = await api.client.post("/v1/season", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    season = reply.json()
    assert [phase["phase"] for phase in season["phases"]] == ["base", "build", "peak", "taper"]
    days = [entry for week in season["weeks"] for entry in week["entries"]]
    hard_days = sorted(dt.date.fromisoformat(e["day"]) for e in days if hard(e))
    assert all((b - a).days >= 2 for a, b in zip(hard_days, hard_days[1:], strict=False))
    landed = {e["plan_entry_id"]: e for e in days if e["plan_entry_id"]}
    assert any(e["kind"] == "track" for e in landed.values())
    plan = (await api.client.get(f"/v1/plan?from={TODAY}&to={race_day}", headers=headers)).json()
    assert {item["id"] for item in plan} == set(landed)
    races = (await api.client.get("/v1/races", headers=headers)).json()
    assert [(r["day"], r["distance_m"]) for r in races] == [(race_day.isoformat(), 10000)]
    assert (await api.client.get("/v1/season", headers=headers)).json() == season
    again = await api.client.post("/v1/season", json=body, headers=headers)
    assert again.status_code == 201
    plan = (await api.client.get(f"/v1/plan?from={TODAY}&to={race_day}", headers=headers)).json()
    assert len(plan) == len(landed) and not {item["id"] for item in plan} & set(landed)
    assert (await api.client.delete("/v1/season", headers=headers)).status_code == 204
    assert (await api.client.get("/v1/season", headers=headers)).status_code == 404
    assert (await api.client.get("/v1/races", headers=headers)).json() == []


async def test_a_season_that_cannot_be_planned_says_which_field(api: Api) -> None:
    headers = await api.athlete("ana")
    body = {
        "race": "10k",
        "race_date": (TODAY + dt.timedelta(days=9)).isoformat(),
        "runs_per_week": 5,
        "long_run_day": "sunday",
        "track_day": "tuesday",
    }
    soon = await api.client.post("/v1/season", json=body, headers=headers)
    assert soon.status_code == 422 and soon.json()["errors"][0]["where"] == "body > race_date"
    far = {**body, "race_date": (TODAY + dt.timedelta(weeks=80)).isoformat()}
    assert (await api.client.post("/v1/season", json=far, headers=headers)).status_code == 422
    close = {
        **body,
        "race_date": (TODAY + dt.timedelta(weeks=10)).isoformat(),
        "track_day": "monday",
    }
    reply = await api.client.post("/v1/season", json=close, headers=headers)
    assert reply.status_code == 422 and reply.json()["errors"][0]["where"] == "body > track_day"


async def test_an_accepted_progression_moves_the_seasons_coming_sessions_on(api: Api) -> None:
    headers = await api.athlete("ana")
    body = {
        "race": "10k",
        "race_date": (TODAY + dt.timedelta(weeks=16)).isoformat(),
        "runs_per_week": 5,
        "long_run_day": "sunday",
        "track_day": "tuesday",
    }
    season = (await api.client.post("/v1/season", json=body, headers=headers)).json()
    track = [
        entry
        for week in season["weeks"]
        for entry in week["entries"]
        if entry["kind"] == "track" and entry["plan_entry_id"]
    ]
    last_day = max(entry["day"] for entry in track)
    plan = await api.client.get(f"/v1/plan?from={TODAY}&to={last_day}", headers=headers)
    before = {item["id"]: item["workout_id"] for item in plan.json()}
    workout_id = before[track[0]["plan_entry_id"]]
    for weeks_ago in (2, 1):
        day = TODAY - dt.timedelta(weeks=weeks_ago)
        await finished_run(api, headers, day, workout_id=workout_id)
    accepted = await api.client.post(
        "/v1/progress/accept", json={"workout_id": workout_id}, headers=headers
    )
    assert accepted.status_code == 200, accepted.text
    after = (await api.client.get("/v1/season", headers=headers)).json()
    moved = {
        entry["day"]: entry["workout_text"]
        for week in after["weeks"]
        for entry in week["entries"]
        if entry["kind"] == "track"
    }
    changed = [entry for entry in track if moved[entry["day"]] != entry["workout_text"]]
    assert changed
    # The plan follows: a moved day's entry points at a new workout of its own, a day that
    # did not move keeps the workout it had.
    plan_after = await api.client.get(f"/v1/plan?from={TODAY}&to={last_day}", headers=headers)
    after_ids = {item["id"]: item["workout_id"] for item in plan_after.json()}
    for entry in track:
        was, now_at = before[entry["plan_entry_id"]], after_ids[entry["plan_entry_id"]]
        assert (now_at != was) == (entry in changed)
    assert len({after_ids[entry["plan_entry_id"]] for entry in changed}) == len(changed)
