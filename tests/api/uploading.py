"""Sending watch files to the API as the phone and the CLI do: multipart, perhaps with a key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from server.files.activity import Activity
from server.files.read import read_activity
from server.files.write import write_activity
from tests.api.conftest import Api

DATA = Path(__file__).resolve().parents[1] / "files" / "data"
FR110_RUN = "fitparse_2013-02-06-12-11-14.fit"  # 4 auto laps + 1 manual lap, HR, 590 records
TCX_RUN = "tcxparser_test.tcx"  # a Forerunner 410 run with heart rate
TCX_RUN_NO_HR = "tcxparser_no_hr.tcx"  # the same run with every heart rate taken out
FENIX_WALK = "fitparse_garmin-fenix-5-walk.fit"  # a 68 m walk: kept, and said not to be a run
GPX_TRACK = "gpxpy_cerknicko-jezero.gpx"  # a handheld GPS log: no sport, no laps


def real_file(name: str) -> bytes:
    return (DATA / name).read_bytes()


def same_run_as(name: str, fmt: str) -> bytes:
    """A real file's run written again in another format, as another service would export it."""
    activity: Activity = read_activity(real_file(name), filename=name)
    return write_activity(activity, fmt)  # type: ignore[arg-type]


async def upload(
    api: Api,
    headers: dict[str, str],
    data: bytes,
    filename: str = "run.fit",
    *,
    key: str | None = None,
) -> httpx.Response:
    sent = dict(headers)
    if key is not None:
        sent["Idempotency-Key"] = key
    return await api.client.post("/v1/uploads", files={"file": (filename, data)}, headers=sent)


async def uploaded(api: Api, headers: dict[str, str], data: bytes, filename: str) -> dict[str, Any]:
    """Upload a file that must be taken (201) and return the upload."""
    reply = await upload(api, headers, data, filename)
    assert reply.status_code == 201, reply.text
    body: dict[str, Any] = reply.json()
    return body
