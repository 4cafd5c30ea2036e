"""A session keeps its settings as it keeps its plan: units, venue and cues taken when it is
created, shown with it, and never following a later change of the profile (decision 13)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from server.engine import CuePreferences, EngineSettings, Units, Venue
from server.store.sessions import get_session, session_settings
from server.store.tables import Athlete, SessionRow
from tests.api.conftest import Api

pytestmark = pytest.mark.asyncio

Headers = dict[str, str]
DAY = "2026-12-08"
FIVE_K = [{"race": "5k", "time": "19:57"}]


async def set_profile(api: Api, headers: Headers, **fields: Any) -> None:
    body = {"race_results": FIVE_K, "max_hr": 190, "resting_hr": 50, **fields}
    reply = await api.client.put("/v1/me/profile", json=body, headers=headers)
    assert reply.status_code == 200, reply.text


async def new_session(api: Api, headers: Headers, **fields: Any) -> dict[str, Any]:
    body = {"day": DAY, "template": "6x400", **fields}
    reply = await api.client.post("/v1/sessions", json=body, headers=headers)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


async def stored_settings(api: Api, headers: Headers, session_id: str) -> EngineSettings:
    """What the store keeps for the session: what the live hub will build the engine with."""
    me = (await api.client.get("/v1/me", headers=headers)).json()
    async with api.app.state.database.session() as db:
        return session_settings(await get_session(db, me["id"], session_id))


async def test_a_session_run_on_the_road_keeps_and_shows_road_settings(api: Api) -> None:
    headers = await api.athlete("ana")
    session = await new_session(api, headers, venue="road")
    assert session["settings"]["venue"] == "road"
    read = (await api.client.get(f"/v1/sessions/{session['id']}", headers=headers)).json()
    assert read["settings"] == session["settings"]
    kept = await stored_settings(api, headers, session["id"])
    assert kept.venue is Venue.ROAD and not kept.on_track


async def test_without_a_venue_the_session_is_run_where_the_profile_says(api: Api) -> None:
    headers = await api.athlete("ana")
    assert (await new_session(api, headers))["settings"]["venue"] == "track"  # the default
    await set_profile(api, headers, venue="treadmill")
    session = await new_session(api, headers)
    assert session["settings"]["venue"] == "treadmill"
    assert (await new_session(api, headers, venue="track"))["settings"]["venue"] == "track"


async def test_a_runner_in_miles_gets_a_session_whose_settings_say_miles(api: Api) -> None:
    headers = await api.athlete("ana")
    await set_profile(api, headers, units="mi", cues={"voice": False, "countdown_buzz": True})
    session = await new_session(api, headers)
    assert session["settings"]["units"] == "mi"
    kept = await stored_settings(api, headers, session["id"])
    assert kept.units is Units.MILE
    assert not kept.cues.voice and kept.cues.countdown_buzz and kept.cues.beeps


async def test_changing_the_profile_later_leaves_a_sessions_settings_as_they_were(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    await set_profile(api, headers, units="mi", venue="road")
    session = await new_session(api, headers)
    await set_profile(api, headers, units="km", venue="treadmill", cues={"beeps": False})
    read = (await api.client.get(f"/v1/sessions/{session['id']}", headers=headers)).json()
    assert read["settings"] == session["settings"]
    kept = await stored_settings(api, headers, session["id"])
    assert (kept.units, kept.venue, kept.cues.beeps) == (Units.MILE, Venue.ROAD, True)
    listed = (await api.client.get("/v1/sessions", headers=headers)).json()
    assert listed[0]["settings"]["venue"] == "road"


async def test_a_session_created_before_sessions_kept_settings_shows_the_defaults(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    await set_profile(api, headers, units="mi", venue="road")
    session = await new_session(api, headers)
    async with api.app.state.database.session() as db:
        await db.execute(
            update(SessionRow).where(SessionRow.id == session["id"]).values(settings=None)
        )
        await db.commit()
    read = (await api.client.get(f"/v1/sessions/{session['id']}", headers=headers)).json()
    assert read["settings"]["units"] == "km" and read["settings"]["venue"] == "track"
    assert read["settings"]["cues"] == CuePreferences().model_dump()  # every default
    assert await stored_settings(api, headers, session["id"]) == EngineSettings()
    bridge = await api.device(headers)
    fed = (await api.client.get("/v1/live/session", headers=bridge)).json()
    assert fed["settings"] == read["settings"]


async def test_a_preview_shows_the_settings_a_session_would_keep_and_stores_nothing(
    api: Api,
) -> None:
    headers = await api.athlete("ana")
    await set_profile(api, headers, units="mi", venue="road")
    body = {"day": DAY, "template": "6x400"}
    default = (await api.client.post("/v1/sessions/preview", json=body, headers=headers)).json()
    assert (default["settings"]["units"], default["settings"]["venue"]) == ("mi", "road")
    chosen = await api.client.post(
        "/v1/sessions/preview", json={**body, "venue": "treadmill"}, headers=headers
    )
    assert chosen.json()["settings"]["venue"] == "treadmill"
    created = await new_session(api, headers, venue="treadmill")
    assert created["settings"] == chosen.json()["settings"]
    listed = (await api.client.get("/v1/sessions", headers=headers)).json()
    assert [item["id"] for item in listed] == [created["id"]]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/sessions", {"day": DAY, "template": "6x400"}),
        ("POST", "/v1/sessions/preview", {"day": DAY, "template": "6x400"}),
        ("PUT", "/v1/me/profile", {}),
    ],
)
@pytest.mark.parametrize("venue", ["beach", "Track", 3])
async def test_an_unknown_venue_is_refused_by_name(
    api: Api, method: str, path: str, body: dict[str, Any], venue: object
) -> None:
    headers = await api.athlete("ana")
    reply = await api.client.request(method, path, json={**body, "venue": venue}, headers=headers)
    assert reply.status_code == 422, reply.text
    (error,) = reply.json()["errors"]
    assert error["where"] == "body > venue"
    assert (await api.client.get("/v1/sessions", headers=headers)).json() == []


async def test_another_athletes_session_and_its_settings_are_not_found(api: Api) -> None:
    ana = await api.athlete("ana")
    ben = await api.athlete("ben")
    session = await new_session(api, ana, venue="road")
    reply = await api.client.get(f"/v1/sessions/{session['id']}", headers=ben)
    assert reply.status_code == 404
    assert (await api.client.get("/v1/sessions", headers=ben)).json() == []
    bens = await new_session(api, ben)
    assert bens["settings"]["venue"] == "track"  # ana's choice is hers alone


async def test_a_profile_stored_before_venue_and_countdown_buzz_still_loads(api: Api) -> None:
    headers = await api.athlete("ana", profile=False)
    me = (await api.client.get("/v1/me", headers=headers)).json()
    old = {
        "race_results": FIVE_K,
        "max_hr": 190,
        "units": "mi",
        "cues": {
            "voice": True,
            "beeps": False,
            "vibration": True,
            "pace_alerts": True,
            "hr_alerts": True,
            "split_calls": True,
            "fatigue_checks": True,
        },
    }
    async with api.app.state.database.session() as db:
        await db.execute(update(Athlete).where(Athlete.id == me["id"]).values(profile=old))
        await db.commit()
    profile = (await api.client.get("/v1/me", headers=headers)).json()["profile"]
    assert (
        profile["venue"] == "track" and profile["cues"]["countdown_buzz"] is False
    )  # the default: seconds for the ear
    # Left out it has its default; sent, it must be a venue (only a session may omit it).
    unset = await api.client.put("/v1/me/profile", json={"venue": None}, headers=headers)
    assert unset.status_code == 422 and unset.json()["errors"][0]["where"] == "body > venue"
    assert profile["cues"]["beeps"] is False and profile["units"] == "mi"
    session = await new_session(api, headers)
    assert session["settings"]["cues"]["beeps"] is False


async def test_the_openapi_document_shows_session_settings_with_examples(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    settings = schemas["SessionSettingsReply"]
    assert settings["examples"] and set(settings["required"]) == {"units", "venue", "cues"}
    reply = schemas["SessionReply"]["properties"]["settings"]
    assert reply["$ref"].endswith("/SessionSettingsReply")
    venue = schemas["SessionIn"]["properties"]["venue"]
    assert {"$ref": "#/components/schemas/Venue"} in venue["anyOf"]
    assert set(schemas["Venue"]["enum"]) == {"track", "road", "treadmill"}
    put = document["paths"]["/v1/me/profile"]["put"]["requestBody"]["content"]
    assert put["application/json"]["examples"]["road"]["value"]["venue"] == "road"
