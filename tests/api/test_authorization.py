"""The authorization matrix, generated over every endpoint: no object crosses owners.

For each endpoint, athlete A's objects are made first; then the request is sent as A, as
another athlete B, with A's device token, with a revoked token and with none. A succeeds; B
gets 404 for A's objects (exactly like a missing one) and never sees them in a list; a device
token gets 403; a revoked or missing token gets 401.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from server.api import create_app
from server.api.examples import FILE_EXAMPLES
from server.settings import Settings
from server.store.event_log import LoggedEvent, append_events, mark_session
from tests.api.conftest import Api
from tests.coach.test_progression import STEADY, session

Headers = dict[str, str]


@dataclass(frozen=True)
class Made:
    """What a setup made: path parameters, a body, and ids B must never see."""

    params: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    secrets: tuple[str, ...] = ()
    files: dict[str, tuple[str, str]] | None = None  # a multipart body instead of JSON


async def nothing(api: Api, owner: Headers) -> Made:
    return Made()


async def a_workout(api: Api, owner: Headers) -> Made:
    reply = await api.client.post(
        "/v1/workouts", json={"text": "# Mine\n- 10m E Pace\n"}, headers=owner
    )
    return Made({"workout_id": reply.json()["id"]}, secrets=(reply.json()["id"],))


async def a_workout_to_replace(api: Api, owner: Headers) -> Made:
    made = await a_workout(api, owner)
    return Made(made.params, {"text": "# Changed\n- 20m E Pace\n"}, made.secrets)


async def a_plan_entry(api: Api, owner: Headers) -> Made:
    workout = await a_workout(api, owner)
    reply = await api.client.post(
        "/v1/plan", json={"day": "2026-11-24", **workout.params}, headers=owner
    )
    entry = reply.json()["id"]
    return Made({"entry_id": entry}, secrets=(entry, *workout.secrets))


async def a_plan_for_my_workout(api: Api, owner: Headers) -> Made:
    workout = await a_workout(api, owner)
    return Made(body={"day": "2026-11-24", **workout.params}, secrets=workout.secrets)


async def a_session(api: Api, owner: Headers) -> Made:
    reply = await api.client.post(
        "/v1/sessions", json={"day": "2026-11-24", "template": "6x400"}, headers=owner
    )
    return Made({"session_id": reply.json()["id"]}, secrets=(reply.json()["id"],))


async def a_session_from_my_workout(api: Api, owner: Headers) -> Made:
    workout = await a_workout(api, owner)
    return Made(body={"day": "2026-11-24", **workout.params}, secrets=workout.secrets)


async def a_log_entry(api: Api, owner: Headers) -> Made:
    reply = await api.client.post("/v1/log", json={"day": "2026-11-24", "rpe": 5}, headers=owner)
    return Made({"entry_id": reply.json()["id"]}, secrets=(reply.json()["id"],))


async def a_log_entry_for_my_session(api: Api, owner: Headers) -> Made:
    session = await a_session(api, owner)
    return Made(body={"day": "2026-11-24", **session.params}, secrets=session.secrets)


async def a_device(api: Api, owner: Headers) -> Made:
    await api.device(owner)
    devices = (await api.client.get("/v1/devices", headers=owner)).json()
    return Made({"device_id": devices[-1]["id"]}, secrets=(devices[-1]["id"],))


async def a_file(api: Api, owner: Headers) -> Made:
    return Made(files={"file": ("run.gpx", FILE_EXAMPLES[("post", "/v1/uploads")]["file"])})


async def a_workout_file(api: Api, owner: Headers) -> Made:
    workout = FILE_EXAMPLES[("post", "/v1/workouts/import")]["file"]
    return Made(files={"file": ("800s.tcx", workout)})


async def an_upload(api: Api, owner: Headers) -> Made:
    made = await a_file(api, owner)
    reply = await api.client.post("/v1/uploads", files=made.files, headers=owner)
    upload, activity = reply.json()["id"], reply.json()["activity_id"]
    return Made({"upload_id": upload, "activity_id": activity}, secrets=(upload, activity))


async def an_activity(api: Api, owner: Headers) -> Made:
    made = await an_upload(api, owner)
    return Made({"activity_id": made.params["activity_id"]}, secrets=made.secrets)


async def a_run_session(api: Api, owner: Headers) -> Made:
    """A session started a minute ago, with a minute of heart rate and footpod samples."""
    made = await a_session(api, owner)
    session_id = made.params["session_id"]
    events = [LoggedEvent(0.0, "start", {})] + [
        LoggedEvent(float(t), "sample", {"hr": 140, "speed": 3.0, "distance": 3.0 * t}, "pod", t)
        for t in range(1, 61)
    ]
    async with api.app.state.database.session() as db:
        await append_events(db, session_id, events)
        started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        await mark_session(db, session_id, status="running", started_at=started)
    return made


async def a_logged_run(api: Api, owner: Headers) -> Made:
    body = {"day": "2026-11-23", "distance_m": 8000, "duration_s": 2700, "rpe": 8}
    reply = await api.client.post("/v1/activities", json=body, headers=owner)
    return Made({"activity_id": reply.json()["id"]}, secrets=(reply.json()["id"],))


async def a_race(api: Api, owner: Headers) -> Made:
    body = {"day": "2026-11-30", "distance_m": 10000, "name": "secret 10k"}
    reply = await api.client.post("/v1/races", json=body, headers=owner)
    return Made({"race_id": reply.json()["id"]}, secrets=(reply.json()["id"], "secret 10k"))


async def a_plan_entry_today(api: Api, owner: Headers) -> Made:
    """A run logged yesterday and a plan entry today: readiness has something to judge."""
    await a_logged_run(api, owner)
    body = {"day": dt.date.today().isoformat(), "template": "6x400", "note": "secret note"}
    reply = await api.client.post("/v1/plan", json=body, headers=owner)
    return Made(secrets=(reply.json()["id"], "secret note"))


async def a_finished_run(api: Api, owner: Headers) -> Made:
    """One of A's workouts run once under control: progress has a row and a suggestion."""
    made = await a_workout(api, owner)
    body = {"day": "2026-11-24", **made.params}
    created = await api.client.post("/v1/sessions", json=body, headers=owner)
    results = session(STEADY).model_dump(mode="json")
    async with api.app.state.database.session() as db:
        await mark_session(db, created.json()["id"], status="finished", results=results)
    return Made(body=made.params, secrets=(*made.secrets, created.json()["id"]))


async def a_session_to_substitute(api: Api, owner: Headers) -> Made:
    made = await a_session(api, owner)
    return Made(body={**made.params, "venue": "road"}, secrets=made.secrets)


async def a_plan_entry_to_swap(api: Api, owner: Headers) -> Made:
    reply = await api.client.post(
        "/v1/plan", json={"day": "2026-11-24", "template": "6x400"}, headers=owner
    )
    entry = reply.json()["id"]
    return Made({"entry_id": entry}, {"venue": "road"}, secrets=(entry,))


SEASON = {
    "race": "10k",
    "race_date": (dt.date.today() + dt.timedelta(weeks=12)).isoformat(),
    "runs_per_week": 5,
    "long_run_day": "sunday",
    "track_day": "tuesday",
}


async def a_season(api: Api, owner: Headers) -> Made:
    reply = await api.client.post("/v1/season", json=SEASON, headers=owner)
    return Made(secrets=(reply.json()["id"], reply.json()["race_id"]))


@dataclass(frozen=True)
class Endpoint:
    setup: Callable[[Api, Headers], Awaitable[Made]]
    success: int
    owned: bool  # B must get 404: the request names A's object
    body: dict[str, Any] | None = None
    any_token: bool = False  # a device token may call it too


PROFILE = {"race_results": [{"race": "5k", "time": "20:30"}], "max_hr": 188}
ENDPOINTS: dict[tuple[str, str], Endpoint] = {
    ("POST", "/v1/auth/signout"): Endpoint(nothing, 204, False, any_token=True),
    ("GET", "/v1/me"): Endpoint(nothing, 200, False),
    ("PUT", "/v1/me/profile"): Endpoint(nothing, 200, False, body=PROFILE),
    ("DELETE", "/v1/me"): Endpoint(nothing, 204, False, body={"password": "correct horse battery"}),
    ("POST", "/v1/devices/pairing-codes"): Endpoint(nothing, 201, False, body={"device_name": "x"}),
    ("GET", "/v1/devices"): Endpoint(a_device, 200, False),
    ("DELETE", "/v1/devices/{device_id}"): Endpoint(a_device, 204, True),
    ("GET", "/v1/workouts"): Endpoint(a_workout, 200, False),
    ("POST", "/v1/workouts"): Endpoint(nothing, 201, False, body={"text": "# W\n- 5m\n"}),
    ("GET", "/v1/workouts/{workout_id}"): Endpoint(a_workout, 200, True),
    ("PUT", "/v1/workouts/{workout_id}"): Endpoint(a_workout_to_replace, 200, True),
    ("DELETE", "/v1/workouts/{workout_id}"): Endpoint(a_workout, 204, True),
    ("GET", "/v1/plan"): Endpoint(a_plan_entry, 200, False),
    ("POST", "/v1/plan"): Endpoint(a_plan_for_my_workout, 201, True),
    ("DELETE", "/v1/plan/{entry_id}"): Endpoint(a_plan_entry, 204, True),
    ("POST", "/v1/sessions"): Endpoint(a_session_from_my_workout, 201, True),
    ("GET", "/v1/sessions"): Endpoint(a_session, 200, False),
    ("GET", "/v1/sessions/{session_id}"): Endpoint(a_session, 200, True),
    ("POST", "/v1/sessions/preview"): Endpoint(a_session_from_my_workout, 200, True),
    ("POST", "/v1/sessions/{session_id}/tickets"): Endpoint(a_session, 201, True),
    # B has no session of their own: B's answer is the 404 of nobody's session.
    ("GET", "/v1/live/session"): Endpoint(a_session, 200, True, any_token=True),
    ("GET", "/v1/log"): Endpoint(a_log_entry, 200, False),
    ("POST", "/v1/log"): Endpoint(a_log_entry_for_my_session, 201, True),
    ("DELETE", "/v1/log/{entry_id}"): Endpoint(a_log_entry, 204, True),
    ("POST", "/v1/uploads"): Endpoint(a_file, 201, False, any_token=True),
    ("GET", "/v1/uploads/{upload_id}"): Endpoint(an_upload, 200, True, any_token=True),
    ("GET", "/v1/activities"): Endpoint(an_activity, 200, False),
    ("GET", "/v1/activities/{activity_id}"): Endpoint(an_activity, 200, True),
    ("DELETE", "/v1/activities/{activity_id}"): Endpoint(an_activity, 204, True),
    ("GET", "/v1/sessions/{session_id}/export.fit"): Endpoint(a_run_session, 200, True),
    ("GET", "/v1/sessions/{session_id}/export.tcx"): Endpoint(a_run_session, 200, True),
    # A session timed from a footpod has no positions, and a GPX file holds nothing else.
    ("GET", "/v1/sessions/{session_id}/export.gpx"): Endpoint(a_run_session, 409, True),
    ("GET", "/v1/workouts/{workout_id}/export.fit"): Endpoint(a_workout, 200, True),
    ("GET", "/v1/workouts/{workout_id}/export.tcx"): Endpoint(a_workout, 200, True),
    ("POST", "/v1/workouts/import"): Endpoint(a_workout_file, 201, False),
    ("POST", "/v1/activities"): Endpoint(
        nothing, 201, False, body={"day": "2026-11-23", "duration_s": 1800}
    ),
    ("GET", "/v1/load"): Endpoint(a_logged_run, 200, False),
    ("GET", "/v1/readiness"): Endpoint(a_plan_entry_today, 200, False),
    ("GET", "/v1/races"): Endpoint(a_race, 200, False),
    ("POST", "/v1/races"): Endpoint(
        nothing, 201, False, body={"day": "2027-01-01", "distance_m": 5000}
    ),
    ("DELETE", "/v1/races/{race_id}"): Endpoint(a_race, 204, True),
    # A query names the workout and the matrix sends none: 422 for all; B's 404 for A's
    # workout is in test_progress_substitution_season.py.
    ("GET", "/v1/progress"): Endpoint(nothing, 422, False),
    ("POST", "/v1/progress/accept"): Endpoint(a_finished_run, 200, True),
    ("POST", "/v1/substitutions"): Endpoint(a_session_to_substitute, 200, True),
    ("POST", "/v1/plan/{entry_id}/substitute"): Endpoint(a_plan_entry_to_swap, 200, True),
    # The season is the caller's own: B has none (404) and makes their own (201).
    ("GET", "/v1/season"): Endpoint(a_season, 200, True),
    ("POST", "/v1/season"): Endpoint(a_season, 201, False, body=SEASON),
    ("DELETE", "/v1/season"): Endpoint(a_season, 204, True),
}
PUBLIC = {
    ("POST", "/v1/auth/signup"),
    ("POST", "/v1/auth/signin"),
    ("POST", "/v1/devices/pair"),
    ("GET", "/v1/library"),
    ("GET", "/v1/library/{key}"),
    ("GET", "/v1/health"),
}
CALLERS = [
    "owner",
    "other athlete",
    "owner's device",
    "revoked token",
    "revoked device",
    "no token",
]


def test_the_matrix_covers_every_endpoint() -> None:
    schema = create_app(Settings(data_dir="unused")).openapi()
    operations = {
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    }
    assert operations == set(ENDPOINTS) | PUBLIC


@pytest.mark.asyncio
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS), ids=" ".join)
async def test_only_the_owner_reaches_the_owners_data(
    api: Api, endpoint: tuple[str, str], caller: str
) -> None:
    method, path = endpoint
    spec = ENDPOINTS[endpoint]
    owner = await api.athlete("ana")
    other = await api.athlete("ben")
    made = await spec.setup(api, owner)
    headers: Headers = {
        "owner": owner,
        "other athlete": other,
        "no token": {},
    }.get(caller, {})
    if caller == "owner's device":
        headers = await api.device(owner)
    elif caller == "revoked token":
        signed_in = await api.client.post(
            "/v1/auth/signin", json={"name": "ana", "password": "correct horse battery"}
        )
        headers = {"Authorization": f"Bearer {signed_in.json()['token']}"}
        await api.client.post("/v1/auth/signout", headers=headers)
    elif caller == "revoked device":
        headers = await api.device(owner)
        devices = (await api.client.get("/v1/devices", headers=owner)).json()
        unpaired = await api.client.delete(f"/v1/devices/{devices[0]['id']}", headers=owner)
        assert unpaired.status_code == 204
    body = made.body if made.body is not None else spec.body
    sent: dict[str, Any] = {"files": made.files} if made.files else {"json": body}
    reply = await api.client.request(method, path.format(**made.params), headers=headers, **sent)
    expected = {
        "owner": spec.success,
        "other athlete": 404 if spec.owned else spec.success,
        "owner's device": spec.success if spec.any_token else 403,
        "revoked token": 401,
        "revoked device": 401,
        "no token": 401,
    }[caller]
    assert reply.status_code == expected, reply.text
    if reply.status_code >= 400:
        assert reply.headers["content-type"] == "application/problem+json"
    if caller == "other athlete" and reply.is_success:
        assert not any(secret in reply.text for secret in made.secrets), "A's data leaked to B"
    if caller == "other athlete" and spec.owned:
        # A's object answers exactly as an object that does not exist.
        missing = {key: "0" * 32 for key in made.params}
        missing_body = body
        if body is not None:
            missing_body = {k: ("0" * 32 if v in made.secrets else v) for k, v in body.items()}
        ghost_sent: dict[str, Any] = {"files": made.files} if made.files else {"json": missing_body}
        ghost = await api.client.request(
            method, path.format(**missing), headers=headers, **ghost_sent
        )
        assert ghost.status_code == 404
        strip = reply.json()["detail"]
        for secret in made.secrets:
            strip = strip.replace(secret, "0" * 32)
        assert strip == ghost.json()["detail"]
