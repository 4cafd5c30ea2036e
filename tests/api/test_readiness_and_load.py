"""Readiness and load through the API, in a runner's words: runs logged by hand, the log and
the race calendar reach the preview and the Today card; the load chart is the coach's maths."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from server.coach.history import RunRecord
from server.coach.load import training_load
from server.workouts import AthleteProfile
from tests.api.conftest import Api

pytestmark = pytest.mark.asyncio

TODAY = dt.date(2026, 11, 25)
YESTERDAY = TODAY - dt.timedelta(days=1)
# The profile `Api.athlete` gives: a 19:57 5 km, heart rates 190 and 50.
ATHLETE_BODY = {"race_results": [{"race": "5k", "time": "19:57"}], "max_hr": 190, "resting_hr": 50}


async def log_run(api: Api, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    reply = await api.client.post("/v1/activities", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


async def preview(api: Api, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    body.setdefault("day", TODAY.isoformat())
    reply = await api.client.post("/v1/sessions/preview", json=body, headers=headers)
    assert reply.status_code == 200, reply.text
    return dict(reply.json()["readiness"])


def codes(readiness: dict[str, Any]) -> set[str]:
    return {reason["code"] for reason in readiness["reasons"]}


async def easy_weeks(api: Api, headers: dict[str, str], weeks: int, before: dt.date) -> None:
    """A steady runner: three easy 8 km runs a week."""
    for week in range(weeks):
        for offset in (2, 4, 6):
            day = before - dt.timedelta(days=7 * week + offset)
            await log_run(api, headers, day=day.isoformat(), distance_m=8000, duration_s=2880)


async def test_a_hard_tempo_logged_by_hand_yesterday_means_wait(api: Api) -> None:
    headers = await api.athlete("ana")
    run = await log_run(
        api,
        headers,
        day=YESTERDAY.isoformat(),
        distance_m=10000,
        duration_s=2580,
        avg_hr=172,
        rpe=8,
        name="tempo",
    )
    assert run["source"] == "manual" and run["day"] == YESTERDAY.isoformat()
    listed = (await api.client.get("/v1/activities", headers=headers)).json()
    assert [item["id"] for item in listed] == [run["id"]] and listed[0]["formats"] == []
    readiness = await preview(api, headers, template="6x400")
    assert readiness["verdict"] == "wait" and "hard_within_48h" in codes(readiness)
    kinds = {alternative["kind"] for alternative in readiness["alternatives"]}
    assert "easy_run" in kinds or "move" in kinds
    easy = await preview(api, headers, template="easy")
    assert "hard_within_48h" not in codes(easy)


async def test_a_sore_calf_in_yesterdays_log_gives_soreness(api: Api) -> None:
    headers = await api.athlete("ana")
    entry = {"day": YESTERDAY.isoformat(), "soreness": [{"where": "left calf", "severity": 4}]}
    assert (await api.client.post("/v1/log", json=entry, headers=headers)).status_code == 201
    readiness = await preview(api, headers, template="6x400")
    assert readiness["verdict"] == "caution" and "soreness" in codes(readiness)
    message = next(r["message"] for r in readiness["reasons"] if r["code"] == "soreness")
    assert "left calf" in message
    assert {"easy_run", "mobility"} <= {a["kind"] for a in readiness["alternatives"]}


async def test_a_race_in_eight_days_gives_race_soon_and_the_taper(api: Api) -> None:
    headers = await api.athlete("ana")
    race = {"day": (TODAY + dt.timedelta(days=8)).isoformat(), "distance_m": 10000, "name": "10k"}
    made = await api.client.post("/v1/races", json=race, headers=headers)
    assert made.status_code == 201, made.text
    readiness = await preview(api, headers, template="6x400")
    assert "race_soon" in codes(readiness)
    taper = next(a for a in readiness["alternatives"] if a["kind"] == "taper")
    assert taper["text"] and "3x" in taper["text"]
    races = (await api.client.get("/v1/races", headers=headers)).json()
    assert [r["name"] for r in races] == ["10k"]
    gone = await api.client.delete(f"/v1/races/{made.json()['id']}", headers=headers)
    assert gone.status_code == 204
    assert "race_soon" not in codes(await preview(api, headers, template="6x400"))


async def test_the_today_card_judges_the_plan_entry_of_the_day(api: Api) -> None:
    headers = await api.athlete("ana")
    await log_run(api, headers, day=YESTERDAY.isoformat(), distance_m=12000, duration_s=3000, rpe=9)
    empty = await api.client.get(f"/v1/readiness?day={TODAY}", headers=headers)
    assert empty.status_code == 200 and empty.json()["readiness"] is None
    entry = {"day": TODAY.isoformat(), "template": "6x400"}
    made = (await api.client.post("/v1/plan", json=entry, headers=headers)).json()
    today = (await api.client.get(f"/v1/readiness?day={TODAY}", headers=headers)).json()
    assert today["entry_id"] == made["id"] and today["readiness"]["verdict"] == "wait"


async def test_the_load_chart_is_the_coachs_training_load(api: Api) -> None:
    headers = await api.athlete("ana")
    await easy_weeks(api, headers, 8, TODAY)
    await log_run(api, headers, day=YESTERDAY.isoformat(), distance_m=10000, duration_s=2580, rpe=8)
    await log_run(
        api, headers, day=YESTERDAY.isoformat(), sport="cycling", duration_s=3600, avg_hr=130
    )
    first = TODAY - dt.timedelta(days=30)
    reply = await api.client.get(f"/v1/load?from={first}&to={TODAY}", headers=headers)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    me = (await api.client.get("/v1/me", headers=headers)).json()
    athlete = AthleteProfile(vdot=me["vdot"], max_hr=190, resting_hr=50)
    history = [
        RunRecord.manual(
            TODAY - dt.timedelta(days=7 * week + offset), "running", 8000, 2880, athlete=athlete
        )
        for week in range(8)
        for offset in (2, 4, 6)
    ]
    history += [
        RunRecord.manual(YESTERDAY, "running", 10000, 2580, athlete=athlete, rpe=8),
        RunRecord.manual(YESTERDAY, "cycling", None, 3600, athlete=athlete, avg_hr=130),
    ]
    history.sort(key=lambda run: run.day)
    expected = training_load(history, first, TODAY, athlete)
    assert len(body["days"]) == 31 and len(body["weeks"]) == len(expected.weeks)
    for got, want in zip(body["days"], expected.days, strict=True):
        assert got["date"] == want.date.isoformat()
        for key in ("load", "ctl", "atl", "tsb", "distance_m", "duration_s"):
            assert got[key] == pytest.approx(getattr(want, key)), key
        assert got["acwr"] == (None if want.acwr is None else pytest.approx(want.acwr))
        assert got["hard"] is want.hard
    last = body["days"][-2]
    assert last["hard"] is True and last["distance_m"] == 10000  # the ride is no running
    assert set(body["weeks"][-1]) == {"week", "distance_m", "duration_s", "load", "hard_sessions"}
    for got_week, want_week in zip(body["weeks"], expected.weeks, strict=True):
        assert got_week["week"] == want_week.week.isoformat()
        for key in ("distance_m", "duration_s", "load"):
            assert got_week[key] == pytest.approx(getattr(want_week, key)), key
        assert got_week["hard_sessions"] == want_week.hard_sessions


async def test_load_ranges_are_bounded_and_owned(api: Api) -> None:
    ana = await api.athlete("ana")
    ben = await api.athlete("ben")
    await log_run(api, ana, day=YESTERDAY.isoformat(), distance_m=5000, duration_s=1500)
    too_long = await api.client.get("/v1/load?from=2000-01-01&to=2026-01-01", headers=ana)
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["where"] == "query > to"
    backwards = await api.client.get("/v1/load?from=2026-02-01&to=2026-01-01", headers=ana)
    assert backwards.status_code == 422
    edge = await api.client.get("/v1/load?from=0001-01-01&to=0001-02-01", headers=ana)
    assert edge.status_code == 422
    theirs = (await api.client.get(f"/v1/load?to={TODAY}", headers=ben)).json()
    assert all(day["load"] == 0 for day in theirs["days"])


async def test_a_logged_run_says_what_is_wrong(api: Api) -> None:
    headers = await api.athlete("ana")
    bad = {"day": TODAY.isoformat(), "distance_m": 5000, "duration_s": -5, "rpe": 11}
    reply = await api.client.post("/v1/activities", json=bad, headers=headers)
    assert reply.status_code == 422
    where = {error["where"] for error in reply.json()["errors"]}
    assert {"body > duration_s", "body > rpe"} <= where


async def test_days_at_the_calendars_edge_are_refused_not_crashed(api: Api) -> None:
    headers = await api.athlete("ana")
    for day in ("0001-01-02", "9999-12-30"):
        body = {"template": "6x400", "day": day}
        reply = await api.client.post("/v1/sessions/preview", json=body, headers=headers)
        assert reply.status_code == 422 and reply.json()["errors"][0]["where"] == "body > day"
        today = await api.client.get(f"/v1/readiness?day={day}", headers=headers)
        assert today.status_code == 422
