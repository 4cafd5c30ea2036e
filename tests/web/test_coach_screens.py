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
from playwright.sync_api import Browser, Page, Route, expect

from server.coach.progression import WorkoutRun, progress
from server.workouts import get_template
from tests.coach.test_progression import FADED, STEADY, session
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
    athlete = make_athlete(phone.server, "coach lena")
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
    expect(rows).to_have_count(7)  # from the week of the first run to this one
    last_week = rows.nth(1)  # the newest row is this week, still going
    expect(last_week.locator("td").nth(1)).to_have_text("43.0")
    expect(last_week.locator("td").nth(2)).to_have_text("3:47")
    expect(last_week.locator("td").nth(4)).to_have_text("1")
    expect(page.locator(".volume-chart .volume-bar")).to_have_count(7)
    check_layout(page, "load")
    shoot(page, "load")


def test_a_run_logged_by_hand_counts(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "coach milo")
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
    athlete = make_athlete(phone.server, "coach nora")
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
    expect(page.locator("#workout-name")).to_have_text(title)  # the alternative tapped
    expect(page.locator(".totals")).to_be_visible()
    shoot(page, "readiness-after")


def test_the_coach_screens_fit_a_larger_phone_in_the_light_theme(
    browser: Browser, server: ServerProcess
) -> None:
    athlete = make_athlete(server, "coach olek")
    log_runs(server, athlete, weeks=3)
    phone = open_phone(
        browser, server, viewport={"width": 412, "height": 915}, color_scheme="light"
    )
    try:
        sign_in(phone, athlete)
        page = phone.page
        page.goto("/#/load")
        expect(page.locator("#load-card polyline.load-line")).to_have_count(3)
        check_layout(page, "load at 412 px, light")
        page.goto("/#/history")
        page.get_by_role("button", name="Log a run by hand").click()
        expect(page.get_by_role("button", name="Save run")).to_be_visible()
        check_layout(page, "history at 412 px, light")
        page.goto("/#/today")
        page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
        expect(page.locator("table.targets")).to_be_visible()
        check_layout(page, "today at 412 px, light")
        shoot(page, "today-412-light")
    finally:
        phone.context.close()


def test_a_rainy_day_swaps_todays_planned_session_to_the_road_in_one_step(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "coach pia")
    post(phone.server, athlete, "/v1/plan", {"day": day(0), "template": "6x400"})
    sign_in(phone, athlete)
    page = phone.page
    expect(page.locator("#workout-name")).to_have_text("6 x 400 m at I pace")
    page.get_by_role("button", name="Bad weather? Road or treadmill").click()
    page.locator("#substitution").get_by_role("button", name="Road").click()
    why = page.locator("#substitution-why")
    expect(why).to_contain_text("effort")
    expect(why).to_contain_text("load")
    check_layout(page, "today with the road version")
    page.locator("#substitution").scroll_into_view_if_needed()
    shoot(page, "substitution", whole=False)
    page.get_by_role("button", name="Swap today's session to the road version").click()
    expect(page.get_by_label("Venue")).to_have_value("road")
    expect(page.locator("#workout-name")).not_to_have_text("6 x 400 m at I pace")
    expect(page.locator("table.targets")).to_be_visible()
    expect(page.locator("#substitute")).to_have_count(0)  # the road version is not swapped again
    plan = httpx.get(
        f"{phone.server.url}/v1/plan?from={day(0)}&to={day(0)}", headers=athlete.headers
    ).json()
    assert [entry["template"] for entry in plan] == [None]  # the entry runs the road version
    page.get_by_role("button", name="Start session").click()
    page.wait_for_url(re.compile(r".*#/session/\w+$"))
    session_id = page.url.rsplit("/", 1)[1]
    created = httpx.get(
        f"{phone.server.url}/v1/sessions/{session_id}", headers=athlete.headers
    ).json()
    assert created["settings"]["venue"] == "road"


def progress_reply() -> dict[str, Any]:
    """What GET /v1/progress answers for 6 x 400 m after five Tuesdays: a faded run, then four
    controlled ones, worked out by the coach itself."""
    laps = [FADED, STEADY, STEADY, STEADY, STEADY]
    first = TODAY - dt.timedelta(weeks=len(laps))
    runs = [
        WorkoutRun(day=first + dt.timedelta(weeks=n), summary=session(lap), rpe=6)
        for n, lap in enumerate(laps)
    ]
    found = progress(get_template("6x400").workout, runs)
    assert found.suggestion is not None
    rows = [
        {**row.model_dump(mode="json"), "session_id": f"s{n}"} for n, row in enumerate(found.rows)
    ]
    suggestion = found.suggestion
    return {
        "workout_id": None,
        "template": "6x400",
        "version": None,
        "rows": rows,
        "suggestion": {
            "kind": suggestion.kind.value,
            "text": suggestion.text,
            "workout": suggestion.workout_text,
        },
    }


def test_progress_over_weeks_shows_every_run_and_saves_the_suggestion(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "coach quin")
    sign_in(phone, athlete)
    page = phone.page
    # With no run of it yet, the real server's answer: an empty history.
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    page.get_by_role("link", name="Progress over weeks").click()
    page.wait_for_url("**/#/progress/template/6x400")
    expect(page.get_by_text("No runs of this workout yet.")).to_be_visible()
    # Five runs, as the coach reads them (finished sessions need a whole run on the track, so
    # the reply is served to the page), and the suggestion accepted.
    reply = progress_reply()
    accepted: list[dict[str, Any]] = []

    def accept(route: Route) -> None:
        accepted.append(dict(route.request.post_data_json or {}))
        body = {"id": "w1", "name": "6 x 400 m at I pace", "version": None}
        route.fulfill(status=201, json=body)

    page.route("**/v1/progress?*", lambda route: route.fulfill(json=reply))
    page.route("**/v1/progress/accept", accept)
    page.reload()
    rows = page.locator("#progress-table tbody tr:not(.verdict-row)")
    expect(rows).to_have_count(5)
    verdicts = page.locator("#progress-table .verdict-row")
    expect(verdicts.last).to_contain_text("✕ not controlled")  # the oldest, last: it faded
    expect(verdicts.first).to_contain_text("✓ controlled")
    expect(rows.first.locator("td").nth(1)).to_have_text("6/6")
    expect(page.locator(".progress-chart .rep-dot")).to_have_count(30)
    expect(page.locator(".progress-chart .hr-square")).to_have_count(5)
    card = page.locator("#suggestion")
    expect(card).to_have_attribute("data-kind", reply["suggestion"]["kind"])
    expect(card).to_contain_text(reply["suggestion"]["text"])
    check_layout(page, "progress")
    page.locator(".progress-chart").scroll_into_view_if_needed()
    shoot(page, "progress-chart", whole=False)
    page.get_by_role("button", name="Save as my workout").click()
    expect(page.locator("#saved-version")).to_contain_text("Saved as 6 x 400 m at I pace")
    assert accepted == [{"template": "6x400"}]
    shoot(page, "progress")


def test_a_season_to_a_10k_is_planned_and_its_entries_moved_and_swapped(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "coach rosa")
    log_runs(phone.server, athlete, weeks=4)
    sign_in(phone, athlete)
    page = phone.page
    page.get_by_role("link", name="Season").click()
    form = page.locator("#season-form")
    form.get_by_label("Race", exact=True).select_option("10k")
    form.get_by_label("Race day").fill(day(7 * 12 + 1))
    form.get_by_label("Goal time (optional)").fill("41:00")
    form.get_by_label("Runs a week").select_option("5")
    form.get_by_label("Track day").select_option("tuesday")
    form.get_by_label("Long-run day").select_option("sunday")
    check_layout(page, "season form")
    page.get_by_role("button", name="Plan my season").click()
    expect(page.locator("#season-summary")).to_contain_text("10 km on")
    expect(page.locator(".phases li")).to_have_text(
        [re.compile("^Base"), re.compile("^Build"), re.compile("^Peak"), re.compile("^Taper")]
    )
    weeks = page.locator("#season-weeks > li")
    expect(weeks.first).to_be_visible()
    assert weeks.count() >= 12
    expect(page.locator(".season-day[data-kind=race]")).to_have_count(1)
    expect(page.locator(".season-day[data-kind=race]")).to_contain_text("Race")
    check_layout(page, "season")
    # The first week with a track day ahead: open it, move the track day a day on, then swap it.
    when = page.locator(".season-day[data-kind=track]:has(button.change)").first.get_attribute(
        "data-day"
    )
    assert when is not None
    track = page.locator(f".season-day[data-day='{when}']")
    week = page.locator("#season-weeks > li").filter(has=track)
    if not week.locator("details").evaluate("d => d.open"):
        week.locator("summary").click()
    later = (dt.date.fromisoformat(when) + dt.timedelta(days=1)).isoformat()

    def workouts_on(iso: str) -> set[str]:
        url = f"{phone.server.url}/v1/plan?from={iso}&to={iso}"
        return {entry["workout_id"] for entry in httpx.get(url, headers=athlete.headers).json()}

    (track_workout,) = workouts_on(when) if len(workouts_on(when)) == 1 else ("?",)
    track.get_by_role("button", name=re.compile("^Change")).click()
    track.get_by_label("Move to").select_option(later)
    track.get_by_role("button", name="Move", exact=True).click()
    moved = page.locator(f".season-day[data-kind=track][data-day='{later}']")
    expect(moved).to_have_count(1)
    assert workouts_on(later) >= {track_workout} and track_workout not in workouts_on(when)
    moved.get_by_role("button", name=re.compile("^Change")).click()
    moved.get_by_role("button", name="Treadmill").click()
    expect(moved).to_contain_text("Treadmill version")
    assert track_workout not in workouts_on(later)  # the entry now runs the treadmill version
    shoot(page, "season")


def test_the_coach_screens_read_in_the_dark_theme(browser: Browser, server: ServerProcess) -> None:
    athlete = make_athlete(server, "coach sami")
    log_runs(server, athlete, weeks=3)
    post(server, athlete, "/v1/log", {"day": day(-1), "rpe": 8})
    season = {
        "race": "half",
        "race_date": day(7 * 16),
        "runs_per_week": 4,
        "long_run_day": "sunday",
        "track_day": "tuesday",
    }
    post(server, athlete, "/v1/season", season)
    phone = open_phone(browser, server, color_scheme="dark")
    try:
        sign_in(phone, athlete)
        page = phone.page
        expect(page.locator("#workout-name")).to_be_visible()
        if page.locator(".picker").is_hidden():  # the season has a session today
            page.get_by_role("button", name="Choose another workout").click()
        page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
        expect(page.locator("#readiness .alternatives li").first).to_be_visible()
        page.get_by_role("button", name="Bad weather? Road or treadmill").click()
        page.locator("#substitution").get_by_role("button", name="Treadmill").click()
        expect(page.locator("#substitution-why")).to_contain_text("incline")
        check_layout(page, "today, dark")
        page.goto("/#/load")
        expect(page.locator("#load-card polyline.load-line")).to_have_count(3)
        check_layout(page, "load, dark")
        shoot(page, "load-dark")
        page.goto("/#/season")
        expect(page.locator("#season-summary")).to_contain_text("Half marathon")
        page.locator(".week.current button.change").first.click()
        check_layout(page, "season, dark")
        shoot(page, "season-dark")
    finally:
        phone.context.close()


def test_a_planned_session_moves_to_the_day_readiness_offers(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "coach tove")
    post(phone.server, athlete, "/v1/log", {"day": day(-1), "rpe": 8})
    post(phone.server, athlete, "/v1/plan", {"day": day(0), "template": "6x400"})
    sign_in(phone, athlete)
    page = phone.page
    move = page.locator("#readiness button.choice[data-kind=move]").first
    expect(move).to_be_visible()
    move.click()
    expect(move).to_contain_text("✓ Planned for")

    def planned(first: str, last: str) -> list[tuple[str, str]]:
        url = f"{phone.server.url}/v1/plan?from={first}&to={last}"
        return [(e["day"], e["template"]) for e in httpx.get(url, headers=athlete.headers).json()]

    (moved,) = planned(day(1), day(7))
    assert moved[1] == "6x400" and planned(day(0), day(0)) == []
