"""Activities as the phone's history reads them, and files out: sessions as activity files for
the services runners keep their runs in, workouts as files for a watch, and back again."""

from __future__ import annotations

import datetime as dt

import pytest

from server.files.read import read_activity
from server.files.workout_files import read_workout_file
from server.store.event_log import LoggedEvent, append_events, mark_session
from tests.api.conftest import Api
from tests.api.uploading import DATA, FR110_RUN, TCX_RUN, real_file, uploaded

pytestmark = pytest.mark.asyncio


async def test_activities_list_by_day_newest_first_and_refuse_a_backwards_range(api: Api) -> None:
    headers = await api.athlete("ana")
    fit = await uploaded(api, headers, real_file(FR110_RUN), FR110_RUN)  # 2013-02-06
    tcx = await uploaded(api, headers, real_file(TCX_RUN), TCX_RUN)  # 2012-12-26
    everything = (await api.client.get("/v1/activities", headers=headers)).json()
    assert [run["id"] for run in everything] == [fit["activity_id"], tcx["activity_id"]]
    assert "laps" not in everything[0] and everything[0]["lap_count"] == 5
    february = await api.client.get("/v1/activities?from=2013-02-06&to=2013-02-06", headers=headers)
    assert [run["id"] for run in february.json()] == [fit["activity_id"]]
    until_new_year = await api.client.get("/v1/activities?to=2012-12-31", headers=headers)
    assert [run["id"] for run in until_new_year.json()] == [tcx["activity_id"]]
    backwards = await api.client.get(
        "/v1/activities?from=2013-02-06&to=2013-02-01", headers=headers
    )
    assert backwards.status_code == 422


async def test_records_come_only_when_asked_for_and_as_the_watch_wrote_them(api: Api) -> None:
    headers = await api.athlete("ana")
    sent = await uploaded(api, headers, real_file(FR110_RUN), FR110_RUN)
    url = f"/v1/activities/{sent['activity_id']}"
    plain = (await api.client.get(url, headers=headers)).json()
    assert plain["records"] is None and plain["record_count"] == 590
    full = (await api.client.get(f"{url}?records=true", headers=headers)).json()
    watch = read_activity(real_file(FR110_RUN)).records
    assert len(full["records"]) == len(watch) == 590
    for kept, written in zip(full["records"], watch, strict=True):
        assert dt.datetime.fromisoformat(kept["time"]) == written.time
        assert (kept["heart_rate"], kept["distance_m"]) == (written.heart_rate, written.distance_m)
        assert (kept["lat"], kept["lon"]) == (written.lat, written.lon)


async def test_a_deleted_activity_is_gone_and_its_file_imports_again(api: Api) -> None:
    headers = await api.athlete("ana")
    sent = await uploaded(api, headers, real_file(FR110_RUN), FR110_RUN)
    url = f"/v1/activities/{sent['activity_id']}"
    assert (await api.client.delete(url, headers=headers)).status_code == 204
    assert (await api.client.get(url, headers=headers)).status_code == 404
    upload = (await api.client.get(f"/v1/uploads/{sent['id']}", headers=headers)).json()
    assert upload["activity_id"] is None  # the upload is history; its activity is gone
    again = await uploaded(api, headers, real_file(FR110_RUN), FR110_RUN)
    assert again["status"] == "imported" and again["activity_id"] != sent["activity_id"]


async def run_session(api: Api, headers: dict[str, str], status: str = "running") -> str:
    """A 6 x 400 m session started ten minutes ago, fed ten minutes of strap and footpod."""
    made = await api.client.post(
        "/v1/sessions", json={"day": "2026-11-24", "template": "6x400"}, headers=headers
    )
    session_id: str = made.json()["id"]
    events = [LoggedEvent(0.0, "start", {})] + [
        LoggedEvent(float(t), "sample", {"hr": 120 + t // 10, "speed": 3.2}, "strap", t)
        for t in range(1, 601)
    ]
    async with api.app.state.database.session() as db:
        await append_events(db, session_id, events)
        started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
        await mark_session(db, session_id, status=status, started_at=started)
    return session_id


async def test_a_session_exports_as_fit_and_tcx_and_the_fit_imports_back(api: Api) -> None:
    headers = await api.athlete("ana")
    session_id = await run_session(api, headers)
    fit = await api.client.get(f"/v1/sessions/{session_id}/export.fit", headers=headers)
    assert fit.status_code == 200 and fit.headers["content-type"] == "application/vnd.ant.fit"
    assert fit.headers["content-disposition"].endswith('.fit"')
    tcx = await api.client.get(f"/v1/sessions/{session_id}/export.tcx", headers=headers)
    assert tcx.headers["content-type"].startswith("application/vnd.garmin.tcx+xml")
    exported = read_activity(fit.content)
    assert exported.sport.value == "running" and exported.laps
    # FIT counts whole seconds; TCX keeps the milliseconds.
    assert abs(read_activity(tcx.content).start - exported.start) < dt.timedelta(seconds=1)
    back = await uploaded(api, headers, fit.content, "session.fit")
    run = (await api.client.get(f"/v1/activities/{back['activity_id']}", headers=headers)).json()
    assert len(run["laps"]) == len(exported.laps)
    assert run["timer_s"] == pytest.approx(exported.timer_s, abs=0.01)
    assert run["max_hr"] == max(r.heart_rate or 0 for r in exported.records)


async def test_a_finished_sessions_file_is_the_same_file_every_time(api: Api) -> None:
    headers = await api.athlete("ana")
    session_id = await run_session(api, headers, status="finished")
    url = f"/v1/sessions/{session_id}/export.fit"
    first, again = [(await api.client.get(url, headers=headers)).content for _ in range(2)]
    assert first == again and read_activity(first).laps


async def test_a_session_without_positions_is_no_gpx_and_an_unstarted_one_no_file(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    session_id = await run_session(api, headers)
    gpx = await api.client.get(f"/v1/sessions/{session_id}/export.gpx", headers=headers)
    assert gpx.status_code == 409 and "FIT or TCX" in gpx.json()["detail"]
    ready = await api.client.post(
        "/v1/sessions", json={"day": "2026-11-24", "template": "6x400"}, headers=headers
    )
    unstarted = await api.client.get(
        f"/v1/sessions/{ready.json()['id']}/export.fit", headers=headers
    )
    assert unstarted.status_code == 409 and "not started" in unstarted.json()["detail"]


async def test_a_workout_goes_to_a_watch_as_fit_and_comes_back_the_same(api: Api) -> None:
    headers = await api.athlete("ana")
    text = "# Tuesday 5 x 1k\nMain set 5x\n- 1000mtr I Pace\n- Jog 2m\n"
    made = await api.client.post("/v1/workouts", json={"text": text}, headers=headers)
    workout_id = made.json()["id"]
    for fmt, media in (("fit", "application/vnd.ant.fit"), ("tcx", "application/vnd.garmin.tcx")):
        reply = await api.client.get(f"/v1/workouts/{workout_id}/export.{fmt}", headers=headers)
        assert reply.status_code == 200 and reply.headers["content-type"].startswith(media)
        assert read_workout_file(reply.content).name == "Tuesday 5 x 1k"
        back = await api.client.post(
            "/v1/workouts/import", files={"file": (f"w.{fmt}", reply.content)}, headers=headers
        )
        assert back.status_code == 201, back.text
        assert back.json()["name"] == "Tuesday 5 x 1k" and back.json()["id"] != workout_id
        assert "5x" in back.json()["text"]


async def test_a_real_tcx_workout_imports_and_a_broken_file_is_refused_with_a_reason(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    name = "kaiord_WorkoutSpeedTargets.tcx"
    files = {"file": (name, (DATA / name).read_bytes())}
    made = await api.client.post("/v1/workouts/import", files=files, headers=headers)
    assert made.status_code == 201, made.text
    assert made.json()["name"] == "Speed Workout"
    listed = (await api.client.get("/v1/workouts", headers=headers)).json()
    assert [workout["id"] for workout in listed] == [made.json()["id"]]
    broken = {"file": ("w.fit", b"\x0e\x10" + b"\x00" * 30)}
    refused = await api.client.post("/v1/workouts/import", files=broken, headers=headers)
    assert refused.status_code == 422 and refused.json()["code"]
    assert refused.headers["content-type"] == "application/problem+json"
