"""Previewing a workout before running it: the targets as a session would keep them, the text's
errors at their line, and readiness notes when hard days come back to back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from server.coach.readiness import HardDay, is_hard, notes
from server.store.event_log import mark_session
from server.workouts import AthleteProfile, get_template, resolve
from tests.api.conftest import Api

pytestmark = pytest.mark.asyncio

DAY = dt.date(2026, 11, 25)
ATHLETE = AthleteProfile(vdot=50, max_hr=190, resting_hr=50)


async def preview(api: Api, headers: dict[str, str], **body: object) -> dict[str, Any]:
    reply = await api.client.post(
        "/v1/sessions/preview", json={"day": DAY.isoformat(), **body}, headers=headers
    )
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


async def test_a_built_in_is_resolved_with_lap_times_and_nothing_is_stored(api: Api) -> None:
    headers = await api.athlete("ana")
    laps = {}
    for lane in (1, 3):
        reply = await preview(api, headers, template="6x400", lane=lane)
        snapshot = reply["snapshot"]
        assert isinstance(snapshot, dict) and snapshot["lane"] == lane
        rep = next(step for step in snapshot["steps"] if step["rep"] == 1 and step["reps"] == 6)
        laps[lane] = rep["lap_seconds"]
        assert reply["hard"] is True and reply["hard_days"] == []
    assert laps[1] == pytest.approx(94, abs=0.5)
    assert laps[3] > laps[1] + 2  # the same pace, further to run in lane 3
    assert (await api.client.get("/v1/sessions", headers=headers)).json() == []


async def test_text_is_previewed_with_its_warnings_and_errors_at_their_line(api: Api) -> None:
    headers = await api.athlete("ana")
    reply = await preview(api, headers, text="Main set 2x\n- 400m I Pace\n- Rest 1m\n")
    assert "400 minutes" in reply["warnings"][0]
    broken = await api.client.post(
        "/v1/sessions/preview",
        json={"text": "# X\nMain set 3x\n- 1mi T Pace\n- Jog 2m 1:35-1:32/400m Pace\n"},
        headers=headers,
    )
    assert broken.status_code == 422
    error = broken.json()["errors"][0]
    assert (error["line"], error["column"]) == (4, 10) and "inverted" in error["what"]


async def test_a_preview_needs_exactly_one_workout(api: Api) -> None:
    headers = await api.athlete("ana")
    for body in ({}, {"template": "6x400", "text": "- 10m"}):
        reply = await api.client.post("/v1/sessions/preview", json=body, headers=headers)
        assert reply.status_code == 422
    unknown = await api.client.post(
        "/v1/sessions/preview", json={"template": "marathon-in-a-day"}, headers=headers
    )
    assert unknown.status_code == 422


async def test_named_paces_without_a_race_result_say_what_is_missing(api: Api) -> None:
    headers = await api.athlete("ana", profile=False)
    reply = await api.client.post(
        "/v1/sessions/preview", json={"template": "6x400"}, headers=headers
    )
    assert reply.status_code == 422 and "race result" in reply.json()["errors"][0]["what"]


async def test_a_hard_log_entry_the_day_before_warns_a_hard_session(api: Api) -> None:
    headers = await api.athlete("ana")
    yesterday = (DAY - dt.timedelta(days=1)).isoformat()
    await api.client.post("/v1/log", json={"day": yesterday, "rpe": 8}, headers=headers)
    hard = await preview(api, headers, template="5x1k")
    assert hard["hard_days"] == [
        {
            "day": yesterday,
            "source": "log",
            "message": "You logged the day before as hard (RPE 8): keep hard days 48 hours"
            " apart; run easy instead.",
        }
    ]
    easy = await preview(api, headers, template="easy")
    assert easy["hard"] is False and easy["hard_days"] == []


async def test_a_session_run_the_day_before_warns_and_one_only_created_does_not(api: Api) -> None:
    headers = await api.athlete("ana")
    yesterday = (DAY - dt.timedelta(days=1)).isoformat()
    created = await api.client.post(
        "/v1/sessions", json={"day": yesterday, "template": "10x200"}, headers=headers
    )
    assert (await preview(api, headers, template="6x400"))["hard_days"] == []
    async with api.app.state.database.session() as db:
        await mark_session(db, created.json()["id"], status="finished")
    readiness = (await preview(api, headers, template="6x400"))["hard_days"]
    assert len(readiness) == 1
    note = readiness[0]
    assert note["source"] == "session" and "10 x 200 m for turnover" in note["message"]


async def test_the_session_being_run_today_does_not_warn_about_itself(api: Api) -> None:
    headers = await api.athlete("ana")
    created = await api.client.post(
        "/v1/sessions", json={"day": DAY.isoformat(), "template": "6x400"}, headers=headers
    )
    async with api.app.state.database.session() as db:
        await mark_session(db, created.json()["id"], status="running")
    assert (await preview(api, headers, template="6x400"))["hard_days"] == []


async def test_a_session_ended_in_its_warm_up_was_not_a_hard_day(api: Api) -> None:
    headers = await api.athlete("ana")
    yesterday = (DAY - dt.timedelta(days=1)).isoformat()
    created = await api.client.post(
        "/v1/sessions", json={"day": yesterday, "template": "6x400"}, headers=headers
    )
    warmup_only = {
        "reps": [
            {"index": 2, "block": "Warmup", "seconds": 20.0, "skipped": False},
            {"index": 10, "block": "Main set", "seconds": 0.0, "skipped": True},
        ]
    }
    async with api.app.state.database.session() as db:
        await mark_session(db, created.json()["id"], status="finished", results=warmup_only)
    assert (await preview(api, headers, template="6x400"))["hard_days"] == []
    main_set = {"reps": [{"index": i, "seconds": 94.0, "skipped": False} for i in range(10, 22, 2)]}
    async with api.app.state.database.session() as db:
        await mark_session(db, created.json()["id"], status="finished", results=main_set)
    assert len((await preview(api, headers, template="6x400"))["hard_days"]) == 1


async def test_a_hard_session_planned_the_day_after_warns(api: Api) -> None:
    headers = await api.athlete("ana")
    tomorrow = (DAY + dt.timedelta(days=1)).isoformat()
    in_two_days = (DAY + dt.timedelta(days=2)).isoformat()
    for day, template in ((tomorrow, "3x1mile"), (in_two_days, "5x1k")):
        await api.client.post("/v1/plan", json={"day": day, "template": template}, headers=headers)
    readiness = (await preview(api, headers, template="6x400"))["hard_days"]
    assert len(readiness) == 1
    note = readiness[0]
    assert note["day"] == tomorrow and "the day after" in note["message"]


async def test_other_athletes_hard_days_say_nothing(api: Api) -> None:
    ana = await api.athlete("ana")
    ben = await api.athlete("ben")
    yesterday = (DAY - dt.timedelta(days=1)).isoformat()
    await api.client.post("/v1/log", json={"day": yesterday, "rpe": 9}, headers=ana)
    assert (await preview(api, ben, template="6x400"))["hard_days"] == []


@pytest.mark.parametrize(
    ("template", "hard"),
    [
        ("6x400", True),
        ("10x200", True),
        ("5x1k", True),
        ("3x1mile", True),
        ("ladder", True),
        ("road-tempo", True),
        ("strides", False),
        ("easy", False),
    ],
)
async def test_a_coach_reads_the_library_as_hard_or_easy(template: str, hard: bool) -> None:
    resolved = resolve(get_template(template).workout, ATHLETE)
    assert is_hard(resolved) is hard


async def test_one_note_per_day_a_session_before_a_log_and_far_days_say_nothing() -> None:
    found = [
        HardDay(DAY - dt.timedelta(days=1), "log", "RPE 8"),
        HardDay(DAY - dt.timedelta(days=1), "session", "5 x 1 km"),
        HardDay(DAY - dt.timedelta(days=2), "session", "3 x 1 mile"),
        HardDay(DAY, "session", "10 x 200 m"),
        HardDay(DAY - dt.timedelta(days=1), "plan", "ladder"),  # a past plan is no effort
        HardDay(DAY + dt.timedelta(days=1), "log", "RPE 9"),  # nor a log of the future
    ]
    result = notes(DAY, found)
    assert [(note.day, note.source) for note in result] == [
        (DAY - dt.timedelta(days=1), "session"),
        (DAY, "session"),
    ]
    assert "earlier the same day" in result[1].message
