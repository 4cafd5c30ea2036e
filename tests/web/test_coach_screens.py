"""The coach's screens in a real browser against a real server: the training-load chart and
weekly volume, a run logged by hand, the readiness card on Today and its alternatives, the road
version of today's session, progress over weeks, and the season calendar. Each is checked at
360 x 640 (and the busiest at 412 x 915) for what a runner's thumb and eyes need: no sideways
scrolling, labelled controls of 48 px and more, contrast, and words beside every colour."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.servers import ServerProcess
from tests.web.browser import Athlete, Phone, make_athlete, open_phone, sign_in
from tests.web.test_screens import check_screen

TODAY = dt.date.today()
SHOTS = os.environ.get("TRACKCUE_COACH_SHOTS")  # a folder to write the screens to, when set

NO_SIDEWAYS_SCROLL = "() => document.scrollingElement.scrollWidth <= window.innerWidth"


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def post(server: ServerProcess, athlete: Athlete, path: str, body: dict[str, Any]) -> Any:
    reply = httpx.post(f"{server.url}{path}", json=body, headers=athlete.headers, timeout=30)
    reply.raise_for_status()
    return reply.json()


def log_runs(server: ServerProcess, athlete: Athlete, weeks: int) -> None:
    """A runner's road weeks before this one: an easy 8 km on Mondays and Thursdays, a hard
    10 km tempo on Wednesdays and a long run on Saturdays that grows, logged by hand."""
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    for week in range(weeks, 0, -1):
        start = monday - dt.timedelta(days=7 * week)
        for offset, km, minutes, hr, rpe in (
            (0, 8, 44, 138, 3),
            (2, 10, 42, 168, 8),
            (3, 8, 44, 140, 3),
            (5, 12 + weeks - week, 72 + 5 * (weeks - week), 145, 4),
        ):
            run = {
                "day": (start + dt.timedelta(days=offset)).isoformat(),
                "sport": "running",
                "distance_m": km * 1000,
                "duration_s": minutes * 60,
                "avg_hr": hr,
                "rpe": rpe,
            }
            post(server, athlete, "/v1/activities", run)


def shoot(page: Page, name: str, *, whole: bool = True) -> None:
    """A picture of the screen; a whole page resizes it, so take that after the clicks."""
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=whole)


def check_layout(page: Page, screen: str) -> None:
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{screen}: wider than the screen"
    check_screen(page, screen)


def test_the_load_chart_and_weekly_volume_read_every_run(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "lena")
    log_runs(phone.server, athlete, weeks=6)
    sign_in(phone, athlete)
    page = phone.page
    page.get_by_role("link", name="History").click()
    page.get_by_role("link", name=re.compile("Training load")).click()
    page.wait_for_url("**/#/load")
    card = page.locator("#load-card")
    expect(card.locator("polyline.load-line")).to_have_count(3)
    for word in ("Fitness", "Fatigue", "Form"):
        expect(card.locator(".load-now dt", has_text=word)).to_be_visible()
        expect(card.locator(".legend")).to_contain_text(word)
    expect(page.locator("#form-words")).to_have_text(re.compile(r"^Form −?\d+: .+\.$"))
    expect(card.locator(".hard-mark")).to_have_count(6)  # the six tempos, shown as triangles
    rows = page.locator(".volume-table tbody tr")
    expect(rows).to_have_count(12)
    last_week = rows.nth(1)  # the newest row is this week, still going
    expect(last_week.locator("td").nth(1)).to_have_text("43.0")
    expect(last_week.locator("td").nth(2)).to_have_text("3:47")
    expect(last_week.locator("td").nth(4)).to_have_text("1")
    expect(page.locator(".volume-chart .volume-bar")).to_have_count(12)
    check_layout(page, "load")
    shoot(page, "load")


def test_a_run_logged_by_hand_counts(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "milo")
    sign_in(phone, athlete)
    page = phone.page
    page.get_by_role("link", name="History").click()
    page.get_by_role("button", name="Log a run by hand").click()
    page.get_by_label("Distance (km)").fill("12,5")
    page.get_by_label("Time (min or h:mm:ss)").fill("an hour")
    page.get_by_role("button", name="Save run").click()
    expect(page.locator("#log-run-form .problem")).to_contain_text("Time:")
    page.get_by_label("Time (min or h:mm:ss)").fill("1:02:30")
    page.get_by_label("Average HR (optional)").fill("150")
    page.get_by_label("How hard (RPE)").select_option("5")
    check_layout(page, "history with the log form")
    page.get_by_role("button", name="Save run").click()
    expect(page.locator("#log-run-done")).to_have_text(re.compile(r"Logged: 12,5 km on "))
    shoot(page, "log-run")
    runs = httpx.get(f"{phone.server.url}/v1/activities", headers=athlete.headers).json()
    assert [(r["distance_m"], r["timer_s"], r["avg_hr"]) for r in runs] == [(12500, 3750, 150)]
    page.goto("/#/load")
    expect(page.locator(".volume-table tbody tr").first.locator("td").nth(1)).to_have_text("12.5")


def test_today_shows_readiness_and_an_alternative_becomes_todays_session(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "nora")
    post(phone.server, athlete, "/v1/log", {"day": day(-1), "rpe": 8, "feelings": "hill reps"})
    sign_in(phone, athlete)
    page = phone.page
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    card = page.locator("#readiness")
    expect(card).to_have_attribute("data-verdict", re.compile("caution|wait"))
    expect(card.locator(".readiness-title")).to_have_text(re.compile(r"Readiness: (Caution|Wait)"))
    expect(card.locator(".warning[data-code=hard_within_48h]")).to_be_visible()
    alternatives = card.locator(".alternatives li")
    expect(alternatives.first).to_be_visible()
    check_layout(page, "today with readiness")
    card.scroll_into_view_if_needed()
    shoot(page, "readiness", whole=False)
    easy = card.locator("button.choice[data-kind=easy_run]")
    expect(easy).to_have_count(1)
    title = easy.locator(".choice-name").inner_text()
    easy.click()
    expect(page.locator("#workout-name")).not_to_have_text("6 x 400 m at I pace")
    expect(page.locator(".totals")).to_be_visible()
    assert title
    shoot(page, "readiness-after")
