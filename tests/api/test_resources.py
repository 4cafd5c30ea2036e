"""Each resource as the phone and the bridge use it, with its errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from server.store.event_log import mark_session
from tests.api.conftest import Api

pytestmark = pytest.mark.asyncio

WORKOUT = "# Tuesday\nMain set 6x\n- 400mtr I Pace splits 200mtr\n- Jog 400mtr E Pace\n"


async def test_the_profile_gives_vdot_paces_and_zones(api: Api) -> None:
    headers = await api.athlete("ana")
    me = (await api.client.get("/v1/me", headers=headers)).json()
    assert me["name"] == "ana" and me["vdot"] == pytest.approx(50, abs=0.1)
    assert me["paces"]["T"] == pytest.approx(255, abs=1)
    assert [zone["zone"] for zone in me["hr_zones"]] == [1, 2, 3, 4, 5]


async def test_the_most_recent_race_sets_the_vdot(api: Api) -> None:
    headers = await api.athlete("ana", profile=False)
    body = {
        "race_results": [
            {"race": "5k", "time": "19:57", "date": "2026-10-01"},  # the newer one, listed first
            {"race": "10k", "time": "40:00", "date": "2026-03-01"},
        ]
    }
    reply = await api.client.put("/v1/me/profile", json=body, headers=headers)
    assert reply.json()["vdot"] == pytest.approx(50, abs=0.1)


async def test_a_workout_from_text_is_stored_with_its_warnings_and_read_back(api: Api) -> None:
    headers = await api.athlete("ana")
    created = await api.client.post(
        "/v1/workouts",
        json={"text": WORKOUT.replace("400mtr I Pace splits 200mtr", "400m I Pace")},
        headers=headers,
    )
    assert created.status_code == 201
    assert "400 minutes" in created.json()["warnings"][0]
    workout_id = created.json()["id"]
    read = (await api.client.get(f"/v1/workouts/{workout_id}", headers=headers)).json()
    assert read["name"] == "Tuesday" and read["text"].startswith("# Tuesday")
    assert read["warnings"] == created.json()["warnings"]  # kept with the workout
    listed = (await api.client.get("/v1/workouts", headers=headers)).json()
    assert [item["id"] for item in listed] == [workout_id]
    assert listed[0]["warnings"] == created.json()["warnings"]
    # Fixed text replaces the warnings: none are left over from the old text.
    fixed = await api.client.put(
        f"/v1/workouts/{workout_id}", json={"text": WORKOUT}, headers=headers
    )
    assert fixed.status_code == 200 and fixed.json()["warnings"] == []
    read = (await api.client.get(f"/v1/workouts/{workout_id}", headers=headers)).json()
    assert read["warnings"] == []


async def test_a_workout_from_json_round_trips(api: Api) -> None:
    headers = await api.athlete("ana")
    template = (await api.client.get("/v1/library/5x1k")).json()
    created = await api.client.post(
        "/v1/workouts", json={"workout": template["workout"]}, headers=headers
    )
    assert created.status_code == 201
    assert created.json()["workout"] == template["workout"]


async def test_a_broken_workout_text_points_at_its_line_and_column(api: Api) -> None:
    headers = await api.athlete("ana")
    reply = await api.client.post(
        "/v1/workouts",
        json={"text": "# X\nMain set 6x\n- 400mtr 1:35-1:32/400m Pace\n"},
        headers=headers,
    )
    assert reply.status_code == 422
    assert reply.headers["content-type"] == "application/problem+json"
    (error,) = reply.json()["errors"]
    assert (error["line"], error["column"]) == (3, 10)
    assert error["what"].startswith("pace range is inverted")


async def test_a_broken_workout_json_names_the_step_by_its_path(api: Api) -> None:
    headers = await api.athlete("ana")
    workout = {
        "name": "X",
        "items": [
            {
                "type": "repeat",
                "name": "Main set",
                "count": 6,
                "steps": [
                    {
                        "type": "step",
                        "kind": "work",
                        "duration": {"type": "time", "seconds": 60},
                        "target": {"type": "pace", "fast": 95, "slow": 92, "unit": "/400m"},
                    }
                ],
            }
        ],
    }
    reply = await api.client.post("/v1/workouts", json={"workout": workout}, headers=headers)
    assert reply.status_code == 422
    (error,) = reply.json()["errors"]
    assert error["where"] == "body > workout > main set 6x > step 1 > target"


async def test_updating_a_workout_keeps_the_snapshot_of_sessions_already_made(api: Api) -> None:
    headers = await api.athlete("ana")
    workout_id = (
        await api.client.post("/v1/workouts", json={"text": WORKOUT}, headers=headers)
    ).json()["id"]
    session = await api.client.post(
        "/v1/sessions", json={"day": "2026-11-25", "workout_id": workout_id}, headers=headers
    )
    assert session.status_code == 201
    snapshot = session.json()["snapshot"]
    changed = await api.client.put(
        f"/v1/workouts/{workout_id}", json={"text": WORKOUT.replace("6x", "8x")}, headers=headers
    )
    assert changed.status_code == 200
    again = await api.client.get(f"/v1/sessions/{session.json()['id']}", headers=headers)
    assert again.json()["snapshot"] == snapshot
    assert len([s for s in snapshot["steps"] if s["kind"] == "work"]) == 6


async def test_a_session_resolves_named_paces_into_lap_times(api: Api) -> None:
    headers = await api.athlete("ana")
    reply = await api.client.post(
        "/v1/sessions", json={"day": "2026-11-25", "template": "6x400", "lane": 2}, headers=headers
    )
    assert reply.status_code == 201
    session = reply.json()
    assert session["status"] == "ready" and session["results"] is None
    reps = [s for s in session["snapshot"]["steps"] if s["block"] == "Main set" and s["rep"]]
    assert len(reps) == 6
    assert reps[0]["lap_seconds"] == pytest.approx(94.0 * 407.04 / 400, abs=0.05)


async def test_a_session_needing_a_race_result_says_so(api: Api) -> None:
    headers = await api.athlete("ana", profile=False)
    reply = await api.client.post(
        "/v1/sessions", json={"day": "2026-11-25", "template": "6x400"}, headers=headers
    )
    assert reply.status_code == 422
    assert "race result" in reply.json()["errors"][0]["what"]


async def test_the_plan_lists_a_week_and_refuses_a_backwards_range(api: Api) -> None:
    headers = await api.athlete("ana")
    for day in ("2026-11-24", "2026-11-26", "2026-12-05"):
        reply = await api.client.post(
            "/v1/plan", json={"day": day, "template": "6x400"}, headers=headers
        )
        assert reply.status_code == 201
    week = await api.client.get("/v1/plan?from=2026-11-23&to=2026-11-29", headers=headers)
    assert [entry["day"] for entry in week.json()] == ["2026-11-24", "2026-11-26"]
    backwards = await api.client.get("/v1/plan?from=2026-11-29&to=2026-11-23", headers=headers)
    assert backwards.status_code == 422
    unknown = await api.client.post(
        "/v1/plan", json={"day": "2026-11-24", "template": "9x9"}, headers=headers
    )
    assert unknown.status_code == 422


async def test_the_training_log_keeps_rpe_and_soreness(api: Api) -> None:
    headers = await api.athlete("ana")
    body = {"day": "2026-11-25", "rpe": 8, "soreness": [{"where": "left calf", "severity": 3}]}
    created = await api.client.post("/v1/log", json=body, headers=headers)
    assert created.status_code == 201
    listed = await api.client.get("/v1/log?from=2026-11-01&to=2026-11-30", headers=headers)
    assert listed.json()[0]["soreness"] == [{"where": "left calf", "severity": 3}]
    bad = await api.client.post("/v1/log", json={**body, "rpe": 11}, headers=headers)
    assert bad.status_code == 422 and bad.json()["errors"][0]["where"] == "body > rpe"


async def test_signing_in_and_out(api: Api) -> None:
    await api.athlete("ana")
    wrong = await api.client.post("/v1/auth/signin", json={"name": "ana", "password": "nope"})
    assert wrong.status_code == 401
    right = await api.client.post(
        "/v1/auth/signin", json={"name": "ana", "password": "correct horse battery"}
    )
    headers = {"Authorization": f"Bearer {right.json()['token']}"}
    assert (await api.client.post("/v1/auth/signout", headers=headers)).status_code == 204
    assert (await api.client.get("/v1/me", headers=headers)).status_code == 401


async def test_a_taken_name_is_a_conflict(api: Api) -> None:
    await api.athlete("ana")
    again = await api.client.post(
        "/v1/auth/signup", json={"name": "ana", "password": "another pw 123"}
    )
    assert again.status_code == 409


async def test_a_pairing_code_works_once_and_not_after_it_expires(api: Api) -> None:
    import datetime as dt

    from sqlalchemy import update

    from server.store.tables import PairingCode

    headers = await api.athlete("ana")
    codes = []
    for _ in range(2):
        reply = await api.client.post(
            "/v1/devices/pairing-codes", json={"device_name": "bridge"}, headers=headers
        )
        codes.append(reply.json()["code"])
    first = await api.client.post("/v1/devices/pair", json={"code": codes[0]})
    assert first.status_code == 201
    again = await api.client.post("/v1/devices/pair", json={"code": codes[0]})
    assert again.status_code == 401
    async with api.app.state.database.session() as db:
        past = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        await db.execute(update(PairingCode).values(expires_at=past))
        await db.commit()
    expired = await api.client.post("/v1/devices/pair", json={"code": codes[1]})
    assert expired.status_code == 401


async def test_pairing_codes_work_once_and_revoked_devices_lose_access(api: Api) -> None:
    headers = await api.athlete("ana")
    device = await api.device(headers)
    devices = (await api.client.get("/v1/devices", headers=headers)).json()
    assert len(devices) == 1 and devices[0]["revoked_at"] is None
    assert (await api.client.get("/v1/me", headers=device)).status_code == 403
    revoked = await api.client.delete(f"/v1/devices/{devices[0]['id']}", headers=headers)
    assert revoked.status_code == 204
    assert (await api.client.get("/v1/me", headers=device)).status_code == 401
    wrong = await api.client.post("/v1/devices/pair", json={"code": "BCDF-GHJK"})
    assert wrong.status_code == 401


async def test_unknown_fields_and_non_finite_numbers_are_refused(api: Api) -> None:
    headers = await api.athlete("ana")
    reply = await api.client.put(
        "/v1/me/profile", json={"max_hr": 190, "is_admin": True}, headers=headers
    )
    assert reply.status_code == 422 and reply.json()["errors"][0]["where"] == "body > is_admin"
    nan = await api.client.post(
        "/v1/sessions",
        content=b'{"day": "2026-11-25", "template": "6x400", "lane": NaN}',
        headers={**headers, "content-type": "application/json"},
    )
    assert nan.status_code == 422


async def test_an_oversized_body_is_refused_before_it_is_read(api: Api) -> None:
    headers = await api.athlete("ana")
    reply = await api.client.post(
        "/v1/workouts", json={"text": "- 10m\n" * 60_000}, headers=headers
    )
    assert reply.status_code == 413
    assert reply.json()["status"] == 413


async def test_sign_in_attempts_are_rate_limited(api: Api) -> None:
    from server.api.limits import RateLimiter

    api.app.state.limits["sign-in"] = RateLimiter(3)
    body = {"name": "nobody", "password": "whatever it is"}
    replies = [await api.client.post("/v1/auth/signin", json=body) for _ in range(4)]
    assert [reply.status_code for reply in replies] == [401, 401, 401, 429]
    assert int(replies[-1].headers["Retry-After"]) >= 1


async def test_pairing_attempts_are_rate_limited(api: Api) -> None:
    from server.api.limits import RateLimiter

    api.app.state.limits["pairing"] = RateLimiter(2)
    replies = [
        await api.client.post("/v1/devices/pair", json={"code": "BCDF-GHJK"}) for _ in range(3)
    ]
    assert [reply.status_code for reply in replies] == [401, 401, 429]


async def test_text_with_a_nul_character_is_refused_and_an_id_with_one_is_not_found(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    reply = await api.client.post(
        "/v1/log", json={"day": "2026-11-25", "notes": "a\x00b"}, headers=headers
    )
    assert reply.status_code == 422
    assert (await api.client.get("/v1/workouts/a%00b", headers=headers)).status_code == 404


async def test_ranges_at_the_ends_of_the_calendar_are_held_inside_it(api: Api) -> None:
    headers = await api.athlete("ana")
    for query in ("from=9999-12-31", "to=0001-01-01"):
        assert (await api.client.get(f"/v1/plan?{query}", headers=headers)).status_code == 200
        assert (await api.client.get(f"/v1/log?{query}", headers=headers)).status_code == 200
    wide = await api.client.get("/v1/sessions?from=1900-01-01&to=2100-01-01", headers=headers)
    assert wide.status_code == 422


async def test_a_json_workout_with_a_bad_name_is_refused_and_nothing_is_stored(api: Api) -> None:
    headers = await api.athlete("ana")
    workout = (await api.client.get("/v1/library/easy")).json()["workout"]
    workout["name"] = None
    reply = await api.client.post(
        "/v1/workouts", json={"workout": workout, "name": "a\nb"}, headers=headers
    )
    assert reply.status_code == 422
    assert (await api.client.get("/v1/workouts", headers=headers)).json() == []


async def test_malformed_json_is_a_400(api: Api) -> None:
    headers = await api.athlete("ana")
    reply = await api.client.post(
        "/v1/log", content=b'{"day": ', headers={**headers, "content-type": "application/json"}
    )
    assert reply.status_code == 400
    assert reply.headers["content-type"] == "application/problem+json"


async def test_names_lose_surrounding_spaces_and_passwords_keep_theirs(api: Api) -> None:
    password = "  padded password  "
    created = await api.client.post("/v1/auth/signup", json={"name": " ana ", "password": password})
    assert created.status_code == 201
    assert (
        await api.client.post("/v1/auth/signin", json={"name": "ana", "password": password})
    ).status_code == 200
    stripped = await api.client.post(
        "/v1/auth/signin", json={"name": "ana", "password": password.strip()}
    )
    assert stripped.status_code == 401


async def test_a_chunked_body_without_a_length_is_held_to_the_same_limit(api: Api) -> None:
    headers = await api.athlete("ana")

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b"x" * 10_000

    reply = await api.client.post(
        "/v1/workouts", content=chunks(), headers={**headers, "content-type": "application/json"}
    )
    assert reply.status_code == 413


async def test_a_bridge_learns_the_session_under_way_before_one_that_is_only_ready(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    bridge = await api.device(headers)
    nothing = await api.client.get("/v1/live/session", headers=bridge)
    assert nothing.status_code == 404 and "create one on the phone" in nothing.json()["detail"]
    made = []
    for template in ("6x400", "10x200"):
        reply = await api.client.post(
            "/v1/sessions", json={"day": "2026-11-25", "template": template}, headers=headers
        )
        made.append(reply.json()["id"])
    ready = await api.client.get("/v1/live/session", headers=bridge)
    assert ready.json()["id"] == made[1]  # the one just made, about to start
    async with api.app.state.database.session() as db:
        started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
        await mark_session(db, made[0], status="running", started_at=started)
    under_way = await api.client.get("/v1/live/session", headers=bridge)
    assert under_way.json()["id"] == made[0]
    assert under_way.json()["snapshot"]["steps"], "the plan comes with it"
    named = await api.client.get(f"/v1/live/session?id={made[1]}", headers=bridge)
    assert named.json()["id"] == made[1]


async def test_a_session_left_running_since_yesterday_does_not_hide_todays(api: Api) -> None:
    headers = await api.athlete("ana")
    made = []
    for _ in range(2):
        reply = await api.client.post(
            "/v1/sessions", json={"day": "2026-11-25", "template": "6x400"}, headers=headers
        )
        made.append(reply.json()["id"])
    async with api.app.state.database.session() as db:
        yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(hours=20)
        await mark_session(db, made[0], status="running", started_at=yesterday)
    chosen = await api.client.get("/v1/live/session", headers=headers)
    assert chosen.json()["id"] == made[1]
