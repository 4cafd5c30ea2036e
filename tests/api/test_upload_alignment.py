"""An uploaded interval session becomes the day's session's results, as if run live.

The watch files are simulated runs of the session's own plan (tests/files/watch_runs.py),
written as FIT and uploaded as a phone would; the live engine's summary of the same run is what
the session must end up with. An easy run on a session's day leaves the session alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from server.files.activity import Activity
from server.files.write import write_activity
from server.sync.attach import MATCHED, NOT_MATCHED
from server.workouts import ResolvedWorkout
from tests.api.conftest import Api
from tests.api.uploading import uploaded
from tests.files.watch_runs import START, auto_laps, pressed_laps, run_live, watch_file

pytestmark = pytest.mark.asyncio

DATA = Path(__file__).parent.parent / "files" / "data"
EASY_RUN = "fitparse_2013-02-06-12-11-14.fit"  # an easy 5 km on 2013-02-06


async def new_session(api: Api, headers: dict[str, str], day: dt.date) -> dict[str, Any]:
    reply = await api.client.post(
        "/v1/sessions", json={"day": day.isoformat(), "template": "6x400"}, headers=headers
    )
    assert reply.status_code == 201, reply.text
    body: dict[str, Any] = reply.json()
    return body


async def got(api: Api, headers: dict[str, str], path: str) -> Any:
    reply = await api.client.get(path, headers=headers)
    assert reply.status_code == 200, reply.text
    return reply.json()


def main_reps(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [rep for rep in results["reps"] if rep["main_set"]]


def as_fit(activity: Activity) -> bytes:
    return write_activity(activity, "fit")


async def test_a_watch_file_of_the_session_gives_it_the_live_results(api: Api) -> None:
    headers = await api.athlete("ana")
    session = await new_session(api, headers, START.date())
    live = run_live(ResolvedWorkout.model_validate(session["snapshot"]))

    sent = await uploaded(api, headers, as_fit(watch_file(live, pressed_laps(live))), "run.fit")

    after = await got(api, headers, f"/v1/sessions/{session['id']}")
    assert after["status"] == "finished"
    ran = [rep for rep in live.summary.reps if rep.main_set]
    imported = main_reps(after["results"])
    assert [rep["rep"] for rep in imported] == [1, 2, 3, 4, 5, 6]
    for got_rep, want in zip(imported, ran, strict=True):
        # A FIT file keeps lap starts to the second.
        assert got_rep["seconds"] == pytest.approx(want.seconds, abs=1.0)
        assert got_rep["verdict"] == want.verdict.value if want.verdict else None
        assert got_rep["hr_avg"] == pytest.approx(want.hr_avg, abs=2)
    assert after["results"]["compliance"] == live.summary.compliance
    activity = await got(api, headers, f"/v1/activities/{sent['activity_id']}")
    assert activity["session_id"] == session["id"]
    upload = await got(api, headers, f"/v1/uploads/{sent['id']}")
    assert {
        "code": MATCHED,
        "message": "Your watch's laps matched the plan's steps one for one.",
    } in (upload["warnings"])


async def test_a_planned_workout_becomes_a_session_with_results(api: Api) -> None:
    headers = await api.athlete("ana")
    planned = await api.client.post(
        "/v1/plan", json={"day": START.date().isoformat(), "template": "6x400"}, headers=headers
    )
    assert planned.status_code == 201, planned.text
    session = await new_session(api, headers, START.date() + dt.timedelta(days=30))
    live = run_live(ResolvedWorkout.model_validate(session["snapshot"]))

    sent = await uploaded(api, headers, as_fit(watch_file(live, auto_laps(live))), "run.fit")

    day = START.date().isoformat()
    sessions = await got(api, headers, f"/v1/sessions?from={day}&to={day}")
    assert len(sessions) == 1 and sessions[0]["template"] == "6x400"
    assert sessions[0]["status"] == "finished"
    assert len(main_reps(sessions[0]["results"])) == 6
    upload = await got(api, headers, f"/v1/uploads/{sent['id']}")
    messages = [w["message"] for w in upload["warnings"] if w["code"] == MATCHED]
    assert "Your watch lapped every kilometre, so the reps were found from your pace." in messages
    later = await got(api, headers, f"/v1/sessions/{session['id']}")
    assert later["status"] == "ready" and later["results"] is None


async def test_an_easy_run_on_a_session_day_leaves_the_session_alone(api: Api) -> None:
    headers = await api.athlete("ana")
    session = await new_session(api, headers, dt.date(2013, 2, 6))

    sent = await uploaded(api, headers, (DATA / EASY_RUN).read_bytes(), EASY_RUN)

    after = await got(api, headers, f"/v1/sessions/{session['id']}")
    assert after["status"] == "ready" and after["results"] is None
    activity = await got(api, headers, f"/v1/activities/{sent['activity_id']}")
    assert activity["session_id"] is None
    upload = await got(api, headers, f"/v1/uploads/{sent['id']}")
    assert [w for w in upload["warnings"] if w["code"] == NOT_MATCHED] == [
        {
            "code": NOT_MATCHED,
            "message": "No stretch of this run looked like the plan's reps, so it was not"
            " matched to the session.",
        }
    ]


async def test_another_athletes_session_is_never_given_the_run(api: Api) -> None:
    ana = await api.athlete("ana")
    ben = await api.athlete("ben")
    bens = await new_session(api, ben, START.date())
    live = run_live(ResolvedWorkout.model_validate(bens["snapshot"]))

    sent = await uploaded(api, ana, as_fit(watch_file(live, pressed_laps(live))), "run.fit")

    assert (await got(api, ben, f"/v1/sessions/{bens['id']}"))["status"] == "ready"
    upload = await got(api, ana, f"/v1/uploads/{sent['id']}")
    assert not [w for w in upload["warnings"] if w["code"] in (MATCHED, NOT_MATCHED)]
