"""The results screen reads the engine's typed summary: each rep's verdict as its colour and its
word, the main set counted apart from the strides, the fatigue note and the takeaway, and paces
in the units the session was run with. The session is served through a routed request, so the
screen is tested against exactly the JSON a `SessionSummary` serialises to."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from server.engine.fatigue import Advice
from server.engine.settings import Units
from server.engine.summary import FatigueNote, RepResult, SessionSummary
from server.engine.verdict import Verdict
from tests.servers import ServerProcess
from tests.web.browser import Phone, make_athlete, open_phone, sign_in
from tests.web.test_screens import check_screen

TARGET = (234.0, 237.0)  # s/km
JUDGED = (233.0, 238.0)  # the target widened by a tolerance of 1 s/km
FADED = "Pace faded 6.1 % by rep 4: a good set ends while form holds. Stop here next time."


def rep(index: int, number: int, verdict: Verdict | None, **changes: Any) -> RepResult:
    fields: dict[str, Any] = {
        "index": index,
        "rep": number,
        "reps": 4,
        "block": "Main set",
        "target_text": "I Pace",
        "seconds": 94.0,
        "metres": 400.0,
        "pace_s_per_km": 235.0,
        "target_pace": TARGET,
        "judged_pace": JUDGED,
        "verdict": verdict,
        "on_target": None if verdict is None else verdict is Verdict.ON_TARGET,
        "hr_avg": 171.0,
        "hr_max": 177,
        "recovery_hr_drop": 31,
        "skipped": False,
        "main_set": True,
    }
    return RepResult(**{**fields, **changes})


def summary(**changes: Any) -> SessionSummary:
    """Two warm-up strides and four main-set reps: on target, fast, slow, skipped."""
    fields: dict[str, Any] = {
        "reps": (
            rep(
                1,
                1,
                None,
                block="Warm-up",
                reps=2,
                target_text=None,
                seconds=20.0,
                metres=100.0,
                pace_s_per_km=200.0,
                target_pace=None,
                judged_pace=None,
                main_set=False,
            ),
            rep(
                2,
                2,
                None,
                block="Warm-up",
                reps=2,
                target_text=None,
                seconds=20.0,
                metres=100.0,
                pace_s_per_km=198.0,
                target_pace=None,
                judged_pace=None,
                main_set=False,
            ),
            # Outside the plan's band, inside the judged one: the engine says on target.
            rep(4, 1, Verdict.ON_TARGET, pace_s_per_km=237.6, seconds=95.0),
            rep(6, 2, Verdict.FAST, pace_s_per_km=231.0, seconds=92.4),
            rep(8, 3, Verdict.SLOW, pace_s_per_km=241.0, seconds=96.4),
            rep(10, 4, None, seconds=12.0, pace_s_per_km=None, skipped=True),
        ),
        "completed_steps": 11,
        "skipped_steps": 1,
        "total_steps": 13,
        "compliance": 1 / 3,
        "fatigue": FatigueNote(
            advice=Advice.STOP, percent=6.1, block="Main set", rep=3, text=FADED
        ),
        "controlled": False,
        "takeaway": FADED,
        "units": Units.MILE,
    }
    return SessionSummary(**{**fields, **changes})


def session(session_id: str, results: dict[str, Any] | None) -> dict[str, Any]:
    steps = [
        {
            "index": i,
            "kind": "work" if i % 2 == 0 else "recovery",
            "block": "Main set",
            "duration": {"type": "distance", "value": 400},
            "estimated_seconds": 94.0,
        }
        for i in range(13)
    ]
    return {
        "id": session_id,
        "day": "2026-12-01",
        "status": "finished",
        "created_at": "2026-12-01T07:00:00Z",
        "snapshot": {"workout": {"name": "4 x 400 m"}, "steps": steps, "totals": {}},
        "results": results,
    }


def serve_session(phone: Phone, body: dict[str, Any]) -> None:
    """Answer GET /v1/sessions/{id} with `body` (the phone is opened with service workers
    blocked: a page its worker controls sends requests Playwright's routes may not see)."""

    def answer(route: Route) -> None:
        route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    phone.context.route(f"**/v1/sessions/{body['id']}", answer)


def cells(page: Page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_text_contents()]


def open_results_phone(browser: Browser, server: ServerProcess, **options: Any) -> Phone:
    return open_phone(browser, server, service_workers="block", **options)


@pytest.fixture
def signed_in(browser: Browser, server: ServerProcess) -> Iterator[Phone]:
    phone = open_results_phone(browser, server)
    try:
        sign_in(phone, make_athlete(server, f"r{uuid.uuid4().hex[:12]}"))
        yield phone
    finally:
        phone.context.close()


def test_each_rep_reads_the_engines_verdict_in_the_sessions_miles(signed_in: Phone) -> None:
    page = signed_in.page
    serve_session(signed_in, session("typed", summary().model_dump(mode="json")))
    page.goto("/#/results/typed")
    table = page.locator("#results-table")
    expect(table).to_be_visible()
    # The athlete's profile is in km; the session was run in miles, so it reads in miles.
    expect(table.locator("thead")).to_contain_text("Pace /mi")
    assert page.locator("#results-table tr.block th").evaluate_all(
        "heads => heads.map((th) => th.firstChild.textContent)"
    ) == ["Main set", "Warm-up"]
    assert cells(page, "#results-table tr.block small") == [
        "judged within 6:15–6:23 /mi (±1.6 s)",  # the target 6:17–6:21, widened by 1 s/km
        "· warm-up strides, not judged on pace",
    ]
    assert cells(page, "#results-table td.verdict") == [
        "on target",
        "fast",
        "slow",
        "skipped",
        "not judged",
        "not judged",
    ]
    assert page.locator("#results-table tr.rep").evaluate_all(
        "rows => rows.map((row) => row.dataset.verdict)"
    ) == ["on", "fast", "slow", "skipped", "unjudged", "unjudged"]
    first = page.locator("#results-table tr.rep").first
    expect(first.locator("td.pace")).to_contain_text("6:22")  # 237.6 s/km
    expect(first).to_have_attribute("title", "judged within 6:15–6:23 /mi (±1.6 s)")

    expect(page.locator(".big-number")).to_have_text("1/3")
    expect(page.locator("#results-tally")).to_have_text(
        "1 of 3 on target · 1 fast · 1 slow · 1 skipped"
    )
    expect(page.locator("#results-fatigue")).to_have_text(FADED)
    expect(page.locator("#results-takeaway")).to_have_count(0)  # the same sentence, said once
    bars = page.locator(".chart rect.bar").evaluate_all(
        "bars => bars.map((bar) => bar.getAttribute('class'))"
    )
    assert bars == ["bar on", "bar fast", "bar slow"]  # the main set; strides are not charted


def test_a_controlled_session_says_what_to_take_from_it(signed_in: Phone) -> None:
    page = signed_in.page
    calm = summary(
        reps=(rep(0, 1, Verdict.ON_TARGET), rep(2, 2, Verdict.ON_TARGET)),
        fatigue=None,
        controlled=True,
        skipped_steps=0,
        takeaway="Every rep on target and no fade: a controlled session. Well done.",
        units=Units.KM,
    )
    serve_session(signed_in, session("calm", calm.model_dump(mode="json")))
    page.goto("/#/results/calm")
    expect(page.locator("#results-takeaway")).to_have_text(calm.takeaway)
    expect(page.locator("#results-fatigue")).to_have_count(0)
    expect(page.locator("#results-tally")).to_have_text("2 of 2 on target")
    expect(page.locator("#results-table thead")).to_contain_text("Pace /km")


def test_results_stored_before_verdicts_were_typed_still_read(signed_in: Phone) -> None:
    page = signed_in.page
    old_reps = [
        {
            key: value
            for key, value in typed.items()
            if key not in ("verdict", "main_set", "judged_pace")
        }
        for typed in summary().model_dump(mode="json")["reps"]
    ]
    old = {
        "reps": old_reps,
        "completed_steps": 11,
        "total_steps": 13,
        "compliance": 1 / 3,
        "fatigue": "stop: 9.6 %",
    }
    serve_session(signed_in, session("old", old))
    page.goto("/#/results/old")
    expect(page.locator("#results-fatigue")).to_contain_text(
        "Pace faded 9.6 %: the set had run its course."
    )
    expect(page.locator("#results-table thead")).to_contain_text("Pace /km")  # the profile's
    assert cells(page, "#results-table td.verdict")[:4] == [
        "on target",
        "off target",
        "off target",
        "skipped",
    ]
    expect(page.locator("#results-tally")).to_have_text(
        "1 of 3 on target · 2 off target · 1 skipped"
    )


def test_the_results_screen_is_legible_in_both_themes(
    browser: Browser, server: ServerProcess
) -> None:
    athlete = make_athlete(server, "rosa")
    for scheme in ("dark", "light"):
        phone = open_results_phone(browser, server, color_scheme=scheme)
        try:
            sign_in(phone, athlete)
            serve_session(phone, session("both", summary().model_dump(mode="json")))
            phone.page.goto("/#/results/both")
            expect(phone.page.locator("#results-table")).to_be_visible()
            check_screen(phone.page, f"results ({scheme})")
        finally:
            phone.context.close()
