"""The settings page and Today with the profile's newer fields: the default venue and the
countdown buzz. PUT /v1/me/profile replaces the whole profile, so a save from the phone must send
back everything it read, even what it does not show; and the venue picked on Today must be the
one the session is created with."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from playwright.sync_api import Request, Route, expect

from tests.web.browser import Athlete, Phone, make_athlete, sign_in


def profile_of(phone: Phone, athlete: Athlete) -> dict[str, Any]:
    reply = httpx.get(f"{phone.server.url}/v1/me", headers=athlete.headers)
    reply.raise_for_status()
    profile: dict[str, Any] = reply.json()["profile"]
    return profile


def set_profile(phone: Phone, athlete: Athlete, **changes: Any) -> None:
    """Change the stored profile through the API, as another client of the athlete would."""
    profile = {**profile_of(phone, athlete), **changes}
    httpx.put(
        f"{phone.server.url}/v1/me/profile", json=profile, headers=athlete.headers
    ).raise_for_status()


def save(phone: Phone) -> None:
    """Press Save profile and wait for the server's answer."""
    with phone.page.expect_response("**/v1/me/profile") as answer:
        phone.page.get_by_role("button", name="Save profile").click()
    assert answer.value.ok, answer.value.text()
    expect(phone.page.locator(".toast")).to_contain_text("Profile saved")


def test_saving_settings_keeps_the_venue_and_the_countdown_buzz(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "kira")
    cues = {**profile_of(phone, athlete)["cues"], "countdown_buzz": True, "split_calls": False}
    set_profile(phone, athlete, venue="road", cues=cues)
    sign_in(phone, athlete)
    page = phone.page
    page.goto("/#/settings")

    # The form shows what is stored, not the defaults.
    expect(page.get_by_role("radio", name="Road")).to_be_checked()
    expect(page.get_by_role("switch", name="Buzz every second of a countdown")).to_be_checked()
    expect(page.get_by_role("switch", name="Split calls")).not_to_be_checked()

    # A change elsewhere on the page leaves both as they were.
    page.get_by_text("per mile").click()
    save(phone)
    saved = profile_of(phone, athlete)
    assert saved["units"] == "mi"
    assert saved["venue"] == "road"
    assert saved["cues"]["countdown_buzz"] is True
    assert saved["cues"]["split_calls"] is False
    assert saved["race_results"] == [{"race": "5k", "time": "19:57", "date": None}]
    assert (saved["max_hr"], saved["resting_hr"]) == (190, 50)

    # And both are the runner's to change.
    page.get_by_role("radio", name="Treadmill").check()
    page.get_by_role("switch", name="Buzz every second of a countdown").uncheck()
    save(phone)
    saved = profile_of(phone, athlete)
    assert saved["venue"] == "treadmill"
    assert saved["cues"]["countdown_buzz"] is False
    assert saved["units"] == "mi"


def test_a_new_profile_shows_the_servers_defaults(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "lena")  # a profile saved without venue or cues
    sign_in(phone, athlete)
    page = phone.page
    page.goto("/#/settings")
    expect(page.get_by_role("radio", name="Track")).to_be_checked()
    expect(page.get_by_role("switch", name="Buzz every second of a countdown")).not_to_be_checked()
    expect(page.get_by_role("switch", name="Pace and cadence alerts")).to_be_checked()


def test_saving_settings_sends_back_fields_the_page_does_not_know(phone: Phone) -> None:
    """A newer server's profile fields (here made up: `surface`, a cue `wind_calls`, a race's
    `place`) are sent back as they were read, so an older phone never resets them."""
    athlete = make_athlete(phone.server, "mona")
    page = phone.page
    sent: list[dict[str, Any]] = []
    read: list[dict[str, Any]] = []

    def newer_me(route: Route) -> None:
        reply = route.fetch()
        me = reply.json()
        profile = me["profile"]
        profile["surface"] = {"kind": "tartan", "lanes": 8}
        profile["cues"]["wind_calls"] = True
        profile["race_results"][0]["place"] = 12
        profile["venue"] = "trail"  # a venue this page does not offer
        read.append(me)
        route.fulfill(response=reply, json=me)

    def capture(route: Route) -> None:
        # The real server would refuse the made-up fields: the newer server is played here.
        sent.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(status=200, json=read[-1])

    # Before signing in: a profile the app reads while signing in must be the newer one too,
    # however late its answer comes on a loaded machine.
    page.route("**/v1/me", newer_me)
    page.route("**/v1/me/profile", capture)
    sign_in(phone, athlete)
    page.goto("/#/settings")
    expect(page.get_by_role("switch", name="Spoken cues")).to_be_checked()
    expect(page.locator("input[name=venue]:checked")).to_have_count(0)
    page.get_by_label("LTHR").fill("172")
    save(phone)

    assert len(sent) == 1
    body = sent[0]
    assert body["lthr"] == 172
    assert body["surface"] == {"kind": "tartan", "lanes": 8}
    assert body["venue"] == "trail"
    assert body["cues"]["wind_calls"] is True
    assert body["cues"]["countdown_buzz"] is False  # shown, and sent as the switch stands
    assert body["race_results"] == [{"race": "5k", "time": "19:57", "date": None, "place": 12}]


def test_today_starts_the_session_at_the_venue_picked_for_it(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "nina")
    set_profile(phone, athlete, venue="treadmill")
    sign_in(phone, athlete)
    page = phone.page
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    venue = page.get_by_label("Venue")
    expect(venue).to_have_value("treadmill")  # the profile's, unless picked otherwise
    expect(page.get_by_label("Lane")).to_have_count(0)  # a lane means nothing off the track

    previews: list[dict[str, Any]] = []

    def previewed(request: Request) -> None:
        if request.url.endswith("/v1/sessions/preview"):
            previews.append(json.loads(request.post_data or "{}"))

    page.on("request", previewed)
    venue.select_option("road")
    expect(page.locator("table.targets")).to_be_visible()
    page.reload()  # the pick is kept for today, like the workout and the lane
    expect(page.get_by_label("Venue")).to_have_value("road")
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url(re.compile(r".*#/session/\w+$"))
    session_id = page.url.rsplit("/", 1)[1]
    session = httpx.get(
        f"{phone.server.url}/v1/sessions/{session_id}", headers=athlete.headers
    ).json()
    assert session["settings"]["venue"] == "road"
    assert previews and previews[0]["venue"] == "road"
    assert profile_of(phone, athlete)["venue"] == "treadmill"  # today's pick is not the default

    # Back on the track, the lane is asked again and goes with the venue.
    page.goto("/#/today")
    page.get_by_label("Venue").select_option("track")
    page.get_by_label("Lane").select_option("3")
    expect(page.locator("table.targets")).to_be_visible()
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url(re.compile(r".*#/session/\w+$"))
    session_id = page.url.rsplit("/", 1)[1]
    session = httpx.get(
        f"{phone.server.url}/v1/sessions/{session_id}", headers=athlete.headers
    ).json()
    assert session["settings"]["venue"] == "track"
    assert session["snapshot"]["lane"] == 3
