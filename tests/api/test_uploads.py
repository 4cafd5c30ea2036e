"""Uploading watch files: one activity per run whatever the number of files, retries that get
the first answer, refusals that say why and keep nothing, and every upload its owner's only."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from server.store.tables import UploadRow
from server.store.uploads import new_upload
from tests.api.conftest import Api
from tests.api.uploading import (
    FENIX_WALK,
    FR110_RUN,
    GPX_TRACK,
    TCX_RUN,
    TCX_RUN_NO_HR,
    real_file,
    same_run_as,
    upload,
    uploaded,
)

pytestmark = pytest.mark.asyncio


async def activities(api: Api, headers: dict[str, str]) -> list[dict[str, Any]]:
    reply = await api.client.get("/v1/activities", headers=headers)
    assert reply.status_code == 200, reply.text
    listed: list[dict[str, Any]] = reply.json()
    return listed


async def test_a_watch_run_becomes_an_activity_with_the_watchs_own_laps_and_totals(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    sent = await uploaded(api, headers, real_file(FR110_RUN), FR110_RUN)
    assert sent["status"] == "imported" and sent["duplicate_of"] is None and sent["error"] is None
    run = (await api.client.get(f"/v1/activities/{sent['activity_id']}", headers=headers)).json()
    assert run["sport"] == "running" and run["start"].startswith("2013-02-06T12:11:14")
    assert run["distance_m"] == pytest.approx(4835.38, abs=0.01)
    assert run["timer_s"] == pytest.approx(2625.14, abs=0.001)
    assert (run["avg_hr"], run["max_hr"]) == (147, 171)
    assert [lap["distance_m"] for lap in run["laps"]] == pytest.approx([1000] * 4 + [835.38])
    assert [lap["trigger"] for lap in run["laps"]][-2:] == ["distance", "manual"]
    assert run["formats"] == ["fit"] and run["record_count"] == 590 and run["records"] is None
    again = await api.client.get(f"/v1/uploads/{sent['id']}", headers=headers)
    assert again.json() == sent


async def test_the_same_run_as_fit_then_tcx_then_gpx_is_one_activity(api: Api) -> None:
    headers = await api.athlete("ana")
    fit = await uploaded(api, headers, real_file(FR110_RUN), "run.fit")
    tcx = await uploaded(api, headers, same_run_as(FR110_RUN, "tcx"), "run.tcx")
    gpx = await uploaded(api, headers, same_run_as(FR110_RUN, "gpx"), "run.gpx")
    assert fit["status"] == "imported"
    for later in (tcx, gpx):
        assert later["status"] == "duplicate"
        assert later["duplicate_of"] == later["activity_id"] == fit["activity_id"]
        assert later["enriched"] == []  # the watch's own FIT already had everything
    [only] = await activities(api, headers)
    assert only["id"] == fit["activity_id"] and only["formats"] == ["fit", "tcx", "gpx"]
    assert only["distance_m"] == pytest.approx(4835.38, abs=0.01) and only["lap_count"] == 5


async def test_a_later_fit_adds_the_laps_and_heart_rate_values_a_gpx_lacked(api: Api) -> None:
    headers = await api.athlete("ana")
    gpx = await uploaded(api, headers, same_run_as(FR110_RUN, "gpx"), "run.gpx")
    before = (await api.client.get(f"/v1/activities/{gpx['activity_id']}", headers=headers)).json()
    assert "laps" in before["computed"] and before["timer_s"] is None
    fit = await uploaded(api, headers, real_file(FR110_RUN), "run.fit")
    assert fit["status"] == "duplicate" and fit["duplicate_of"] == gpx["activity_id"]
    assert {"laps", "timer_s", "avg_hr", "max_hr", "file_id"} <= set(fit["enriched"])
    after = (await api.client.get(f"/v1/activities/{gpx['activity_id']}", headers=headers)).json()
    assert len(after["laps"]) == 5 and after["timer_s"] == pytest.approx(2625.14, abs=0.001)
    assert (after["avg_hr"], after["max_hr"]) == (147, 171)  # the session's, not recomputed
    assert not {"laps", "avg_hr", "max_hr", "timer_s"} & set(after["computed"])
    assert after["formats"] == ["gpx", "fit"] and len(await activities(api, headers)) == 1


async def test_the_same_tcx_run_sent_without_then_with_heart_rate_gains_the_heart_rate(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    bare = await uploaded(api, headers, real_file(TCX_RUN_NO_HR), TCX_RUN_NO_HR)
    full = await uploaded(api, headers, real_file(TCX_RUN), TCX_RUN)
    assert full["status"] == "duplicate" and full["duplicate_of"] == bare["activity_id"]
    assert {"avg_hr", "max_hr", "records"} <= set(full["enriched"])
    url = f"/v1/activities/{bare['activity_id']}?records=true"
    run = (await api.client.get(url, headers=headers)).json()
    assert run["avg_hr"] == pytest.approx(156.65, abs=0.5) and run["max_hr"] == 189
    assert sum(1 for record in run["records"] if record["heart_rate"]) == 383


async def test_the_same_bytes_again_are_a_duplicate_and_another_athletes_copy_is_theirs(
    api: Api,
) -> None:
    ana, ben = await api.athlete("ana"), await api.athlete("ben")
    first = await uploaded(api, ana, real_file(GPX_TRACK), GPX_TRACK)
    again = await uploaded(api, ana, real_file(GPX_TRACK), GPX_TRACK)
    assert again["status"] == "duplicate" and again["duplicate_of"] == first["activity_id"]
    assert again["id"] != first["id"]  # a new upload, of a run already here
    bens = await uploaded(api, ben, real_file(GPX_TRACK), GPX_TRACK)
    assert bens["status"] == "imported" and bens["activity_id"] != first["activity_id"]


async def test_a_retry_with_the_same_key_gets_the_first_answer_and_imports_nothing_more(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    data = real_file(FR110_RUN)
    first = await upload(api, headers, data, key="watch-sync-1")
    retry = await upload(api, headers, data, key="watch-sync-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json() and retry.json()["status"] == "imported"
    assert len(await activities(api, headers)) == 1
    other = await upload(api, headers, real_file(TCX_RUN), "run.tcx", key="watch-sync-1")
    assert other.status_code == 409
    assert "another file" in other.json()["detail"]


async def test_a_run_on_a_day_with_a_session_answers_with_how_it_matched_and_replays_so(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    session = await api.client.post(
        "/v1/sessions", json={"day": "2013-02-06", "template": "5x1k"}, headers=headers
    )
    assert session.status_code == 201
    first = await upload(api, headers, real_file(FR110_RUN), key="after the track")
    assert first.status_code == 201
    codes = {warning["code"] for warning in first.json()["warnings"]}
    assert codes & {"session_results", "session_not_matched"}  # the session was considered
    kept = await api.client.get(f"/v1/uploads/{first.json()['id']}", headers=headers)
    assert kept.json() == first.json()
    retry = await upload(api, headers, real_file(FR110_RUN), key="after the track")
    assert retry.status_code == 201 and retry.json() == first.json()


async def test_retries_sent_together_with_one_key_make_one_upload(api: Api) -> None:
    headers = await api.athlete("ana")
    data = real_file(FR110_RUN)
    replies = await asyncio.gather(*(upload(api, headers, data, key="k") for _ in range(3)))
    assert {reply.status_code for reply in replies} == {201}
    assert len({reply.json()["id"] for reply in replies}) == 1
    assert len(await activities(api, headers)) == 1


async def test_a_refused_file_says_why_and_where_and_leaves_nothing_behind(api: Api) -> None:
    headers = await api.athlete("ana")
    whole = real_file(FR110_RUN)
    cut = await upload(api, headers, whole[: len(whole) // 2], "run.fit", key="cut")
    assert cut.status_code == 422
    assert cut.headers["content-type"] == "application/problem+json"
    body = cut.json()
    assert body["code"] == "truncated" and isinstance(body["offset"], int)
    assert body["message"] and body["message"] in body["detail"]
    for data, code in ((b"", "empty"), (b"\x00" * 64, "not_fit")):
        refused = await upload(api, headers, data, "run.fit")
        assert refused.status_code == 422 and refused.json()["code"] == code, refused.text
    assert await activities(api, headers) == []
    retry = await upload(api, headers, whole[: len(whole) // 2], "run.fit", key="cut")
    assert retry.status_code == 422 and retry.json() == body  # the first answer again
    kept = await api.client.get(f"/v1/uploads/{body['upload_id']}", headers=headers)
    assert kept.json()["status"] == "refused" and kept.json()["error"]["code"] == "truncated"


async def test_a_file_over_the_upload_limit_is_413_too_large(api: Api) -> None:
    headers = await api.athlete("ana")
    settings = api.app.state.settings
    api.app.state.settings = settings.model_copy(update={"max_upload_bytes": 4096})
    reply = await upload(api, headers, real_file(FR110_RUN), "run.fit")
    assert reply.status_code == 413
    assert reply.json()["code"] == "too_large" and reply.json()["offset"] == 4096
    assert await activities(api, headers) == []


async def test_a_body_far_over_the_limit_is_refused_before_it_is_read(api: Api) -> None:
    headers = await api.athlete("ana")
    limit = api.app.state.settings.max_upload_bytes + 64 * 1024
    reply = await upload(api, headers, b"\x00" * (limit + 1), "huge.fit")
    assert reply.status_code == 413
    assert reply.json()["code"] == "too_large" and reply.json()["offset"] == limit


async def test_a_large_broken_file_answers_202_and_its_upload_says_why(api: Api) -> None:
    headers = await api.athlete("ana")
    api.app.state.uploads.background_bytes = 1024
    reply = await upload(api, headers, real_file(FR110_RUN)[:9000], "cut.fit")
    assert reply.status_code == 202
    upload_id = reply.json()["id"]
    for _ in range(200):
        polled = (await api.client.get(f"/v1/uploads/{upload_id}", headers=headers)).json()
        if polled["status"] != "processing":
            break
        await asyncio.sleep(0.05)
    assert polled["status"] == "refused" and polled["error"]["code"] == "truncated"
    assert polled["error"]["offset"] == 9000 and await activities(api, headers) == []


async def test_a_large_file_answers_202_and_its_upload_tells_when_it_is_in(api: Api) -> None:
    headers = await api.athlete("ana")
    api.app.state.uploads.background_bytes = 1024
    reply = await upload(api, headers, real_file(FR110_RUN), "run.fit", key="big")
    assert reply.status_code == 202 and reply.json()["status"] == "processing"
    upload_id = reply.json()["id"]
    for _ in range(200):
        polled = (await api.client.get(f"/v1/uploads/{upload_id}", headers=headers)).json()
        if polled["status"] != "processing":
            break
        await asyncio.sleep(0.05)
    assert polled["status"] == "imported" and polled["activity_id"] is not None
    retry = await upload(api, headers, real_file(FR110_RUN), "run.fit", key="big")
    assert retry.status_code == 202 and retry.json()["status"] == "imported"


async def test_an_upload_a_restart_left_processing_reads_as_interrupted(api: Api) -> None:
    headers = await api.athlete("ana")
    me = (await api.client.get("/v1/me", headers=headers)).json()
    row: UploadRow = new_upload(
        me["id"],
        sha256="0" * 64,
        size=10,
        filename="x.fit",
        idempotency_key=None,
        answer_status=202,
    )
    async with api.app.state.database.session() as db:
        db.add(row)
        await db.commit()
    reply = (await api.client.get(f"/v1/uploads/{row.id}", headers=headers)).json()
    assert reply["status"] == "refused" and reply["error"]["code"] == "interrupted"


async def test_another_athletes_upload_and_activity_are_not_found(api: Api) -> None:
    ana, ben = await api.athlete("ana"), await api.athlete("ben")
    sent = await uploaded(api, ana, real_file(FR110_RUN), FR110_RUN)
    for method, url in (
        ("GET", f"/v1/uploads/{sent['id']}"),
        ("GET", f"/v1/activities/{sent['activity_id']}"),
        ("GET", f"/v1/activities/{sent['activity_id']}?records=true"),
        ("DELETE", f"/v1/activities/{sent['activity_id']}"),
    ):
        reply = await api.client.request(method, url, headers=ben)
        assert reply.status_code == 404, f"{method} {url}"
    assert await activities(api, ben) == []
    # A file of the same run is Ben's own run, not a duplicate of Ana's.
    assert (await uploaded(api, ben, real_file(FR110_RUN), FR110_RUN))["status"] == "imported"


async def test_a_paired_bridge_uploads_for_its_athlete_but_reads_no_activities(api: Api) -> None:
    headers = await api.athlete("ana")
    bridge = await api.device(headers)
    sent = await uploaded(api, bridge, real_file(FR110_RUN), FR110_RUN)
    assert (await api.client.get(f"/v1/uploads/{sent['id']}", headers=bridge)).status_code == 200
    assert (await api.client.get("/v1/activities", headers=bridge)).status_code == 403
    assert [run["id"] for run in await activities(api, headers)] == [sent["activity_id"]]


async def test_a_walk_is_kept_and_says_it_is_not_a_run(api: Api) -> None:
    headers = await api.athlete("ana")
    sent = await uploaded(api, headers, real_file(FENIX_WALK), FENIX_WALK)
    assert sent["status"] == "imported"
    assert "not_a_run" in [warning["code"] for warning in sent["warnings"]]
    walk = (await api.client.get(f"/v1/activities/{sent['activity_id']}", headers=headers)).json()
    assert walk["sport"] == "walking" and walk["distance_m"] == pytest.approx(67.85, abs=0.01)
