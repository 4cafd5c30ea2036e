"""The phone app's screens in a real browser: who may open what, the builder's errors, today's
readiness warning, the watch view, installing, and what a runner's thumb and eyes need."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import httpx
from playwright.sync_api import Browser, Page, expect
from websockets.sync.client import ClientConnection, connect

from tests.servers import ServerProcess
from tests.web.browser import (
    PASSWORD,
    Athlete,
    Phone,
    make_athlete,
    open_phone,
    sign_in,
)

TODAY = dt.date.today()


def new_session(server: ServerProcess, athlete: Athlete, template: str = "6x400") -> str:
    reply = httpx.post(
        f"{server.url}/v1/sessions",
        json={"day": TODAY.isoformat(), "template": template},
        headers=athlete.headers,
    )
    reply.raise_for_status()
    return str(reply.json()["id"])


def test_another_athletes_session_cannot_be_opened_by_the_page(phone: Phone) -> None:
    owner = make_athlete(phone.server, "olga")
    theirs = new_session(phone.server, owner)
    sign_in(phone, make_athlete(phone.server, "pavel"))
    page = phone.page
    page.goto(f"/#/session/{theirs}")
    expect(page.get_by_role("alert")).to_contain_text("not yours")
    expect(page.locator("#start")).to_have_count(0)
    assert phone.recording.sockets == 0  # refused before any socket was opened
    page.goto(f"/#/results/{theirs}")
    expect(page.get_by_role("alert")).to_contain_text("not yours")


def test_the_builder_shows_a_parse_error_at_its_line_and_previews_lap_times(phone: Phone) -> None:
    sign_in(phone, make_athlete(phone.server, "bea"))
    page = phone.page
    page.get_by_role("link", name="Builder").click()
    editor = page.get_by_label("Workout text")
    editor.fill("# Cruise\nMain set 3x\n- 1mi T Pace splits 400mtr\n- Jog 2m 1:35-1:32/400m Pace\n")
    expect(page.locator(".gutter .error")).to_have_text("4")
    expect(page.get_by_role("alert")).to_contain_text("Line 4, column 10: pace range is inverted")
    expect(editor).to_have_attribute("aria-invalid", "true")

    editor.fill("# Cruise\nMain set 3x\n- 1mi T Pace splits 400mtr\n- Rest 1m\n")
    expect(page.locator(".gutter .error")).to_have_count(0)
    expect(page.locator(".builder-status")).to_contain_text("Reads well")
    steps = page.locator(".steps li")
    expect(steps).to_have_count(6)
    expect(steps.first).to_contain_text("Rep 1 of 3")
    expect(steps.first).to_contain_text("lap 1:42")
    page.get_by_role("button", name="Save workout").click()
    page.wait_for_url("**/#/today")
    expect(page.locator("#workout-name")).to_have_text("Cruise")


def test_today_warns_when_hard_days_are_less_than_48_hours_apart(phone: Phone) -> None:
    athlete = make_athlete(phone.server, "carla")
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    httpx.post(
        f"{phone.server.url}/v1/log", json={"day": yesterday, "rpe": 8}, headers=athlete.headers
    ).raise_for_status()
    sign_in(phone, athlete)
    page = phone.page
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    warning = page.locator(".warning")
    expect(warning).to_contain_text("48 hours")
    expect(page.locator("table.targets")).to_contain_text("3:53–58")
    page.get_by_role("button", name="Choose another workout").click()
    page.get_by_role("button", name=re.compile("Easy recovery run")).click()
    expect(page.locator("#workout-name")).to_have_text("Easy recovery run")
    expect(page.locator(".totals")).to_be_visible()
    expect(warning).to_have_count(0)


def test_the_watch_view_counts_down_shows_the_rep_and_vibrates(
    browser: Browser, server: ServerProcess
) -> None:
    athlete = make_athlete(server, "dora")
    session_id = new_session(server, athlete)
    watch = open_phone(browser, server, viewport={"width": 240, "height": 240})
    try:
        page = watch.page
        page.goto("/watch")
        page.get_by_label("Name").fill("dora")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("#watch-countdown")).to_have_text("Start")
        url = f"{server.ws_url}/v1/sessions/{session_id}/live?role=phone"
        with connect(url, additional_headers=athlete.headers) as phone_socket:
            for action in ("start", "skip", "skip"):  # past the warm-up jog and the drills
                phone_socket.send(json.dumps({"type": "command", "action": action}))
            expect(page.locator("#watch-rep")).to_have_text("1/4")
            expect(page.locator("#watch-countdown")).to_have_text(re.compile(r"^0:(1\d|20|0\d)$"))
            expect(page.locator("#watch-target")).to_contain_text("0:20")
            page.get_by_role("button", name="Lap").click()
            assert wait_for_cue(phone_socket, "lap")["text"] == "Lap."
            expect(page.locator("#watch-rep")).to_have_text("Walk")
        # The warm-up's and the drills' starts buzz; the count-in into the first stride (its
        # preview, 3, 2, 1) does not, unless the runner turns countdown buzzes on: the next buzz
        # is "Go.", then the lap's tick.
        step, go, tick = [200, 100, 200], [400], [80]
        assert watch.recording.vibrations[:4] == [step, step, go, tick]
        assert watch.recording.spoken == []  # a watch buzzes; it does not talk
        box = page.get_by_role("button", name="Lap").bounding_box()
        assert box is not None and box["height"] >= 48 and box["width"] >= 200
    finally:
        watch.context.close()


def test_the_watch_asks_to_sign_in_when_its_token_is_refused(
    browser: Browser, server: ServerProcess
) -> None:
    athlete = make_athlete(server, "gina")
    session_id = new_session(server, athlete)
    watch = open_phone(browser, server, viewport={"width": 240, "height": 240})
    try:
        page = watch.page
        page.goto("/watch")
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        page.evaluate("() => localStorage.setItem('trackcue.token', 'revoked')")
        page.goto(f"/watch?session={session_id}")  # a 401, not a session that is not there
        expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        expect(page.get_by_text("No such session.")).to_have_count(0)
        page.get_by_label("Name").fill("gina")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("#watch-countdown")).to_have_text("Start")
    finally:
        watch.context.close()


def wait_for_cue(socket: ClientConnection, kind: str, timeout: float = 10.0) -> dict[str, Any]:
    """Read the phone's socket until a cue of `kind` comes."""
    while True:
        message = json.loads(socket.recv(timeout=timeout))
        for cue in message.get("cues", []) if message["type"] == "cues" else []:
            if cue["kind"] == kind:
                return dict(cue)


def test_the_app_installs_and_its_shell_opens_offline_without_caching_the_api(
    phone: Phone,
) -> None:
    sign_in(phone, make_athlete(phone.server, "elsa"))
    page = phone.page
    manifest = page.evaluate(
        "async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json()"
    )
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10_000)
    expect(page.locator("table.targets, .picker")).not_to_have_count(0)
    cached = page.evaluate(
        """async () => {
            const urls = [];
            for (const key of await caches.keys()) {
                for (const request of await (await caches.open(key)).keys()) urls.push(request.url);
            }
            return urls;
        }"""
    )
    paths = {re.sub(r"^https?://[^/]+", "", url) for url in cached}
    assert {"/", "/watch", "/app/js/live.js", "/app/style.css"} <= paths
    assert not [path for path in paths if path.startswith("/v1/")]
    phone.context.set_offline(True)
    try:
        page.reload()
        expect(page.get_by_role("heading", name="Today")).to_be_visible()
        expect(page.get_by_role("alert")).to_contain_text("No connection")
    finally:
        phone.context.set_offline(False)


CHECK_TARGETS_AND_LABELS = """
() => {
  const problems = [];
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const controls = "button, a.button, input, select, textarea, .tabs a";
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el)) continue;
    const box = el.getBoundingClientRect();
    const name = el.id || el.name || el.textContent.trim().slice(0, 20);
    const small = el.matches("input[type=checkbox], input[type=radio]");
    if (!small && (box.height < 48 || box.width < 48)) {
      problems.push(`${name}: ${Math.round(box.width)} x ${Math.round(box.height)} px`);
    }
    if (el.matches("input, select, textarea")) {
      const labelled = el.labels.length > 0 || el.getAttribute("aria-label");
      if (!labelled) problems.push(`${name}: no label`);
    }
  }
  return problems;
}
"""

CHECK_CONTRAST = """
() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  const texts = document.querySelectorAll("h1, h2, p, button, a, th, td, label, dt, dd, output");
  for (const el of texts) {
    if (!el.textContent.trim() || el.getClientRects().length === 0) continue;
    if (el.closest("[hidden], :disabled")) continue;
    const fg = lum(parse(getComputedStyle(el).color).slice(0, 3));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    const text = el.textContent.trim().slice(0, 24);
    if (ratio < 4.5) low.push(`${el.tagName} "${text}": ${ratio.toFixed(2)}`);
  }
  return low;
}
"""


def check_screen(page: Page, screen: str) -> None:
    assert page.evaluate(CHECK_TARGETS_AND_LABELS) == [], screen
    assert page.evaluate(CHECK_CONTRAST) == [], screen


def workout_session(server: ServerProcess, athlete: Athlete, text: str) -> str:
    """A session of a workout written for the test."""
    reply = httpx.post(f"{server.url}/v1/workouts", json={"text": text}, headers=athlete.headers)
    reply.raise_for_status()
    reply = httpx.post(
        f"{server.url}/v1/sessions",
        json={"day": TODAY.isoformat(), "workout_id": reply.json()["id"]},
        headers=athlete.headers,
    )
    reply.raise_for_status()
    return str(reply.json()["id"])


# What a screen reader announces by itself: polite and assertive live regions (an <output> is
# one), but not alerts, which are for problems.
LIVE_REGIONS = """() => [...document.querySelectorAll(
  "[aria-live]:not([aria-live=off]), [role=status], [role=log], [role=timer], output"
)].map((el) => el.id || el.className || el.tagName)"""


# A rep by distance comes first: it lasts until the lap press, so the screen holds still in it.
REPS = "# Two reps\nMain set 2x\n- 400mtr I Pace splits 200mtr\n- Jog 400mtr E Pace\n"


def check_running_session(page: Page, scheme: str) -> None:
    """The live screen mid-rep (the yellow panel, Lap and the controls), paused, and with End
    asking for its second tap."""
    page.get_by_role("button", name="Start").click()
    expect(page.locator("section.live")).to_have_attribute("data-phase", "work")
    expect(page.get_by_role("button", name="Lap")).to_be_visible()
    check_screen(page, f"session, in a rep ({scheme})")
    assert page.evaluate(LIVE_REGIONS) == ["last-cue"]  # the clock and tiles are not read out
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("section.live")).to_have_attribute("data-phase", "paused")
    check_screen(page, f"session, paused ({scheme})")
    page.get_by_role("button", name="End").click()
    expect(page.get_by_role("button", name="Tap again to end")).to_be_visible()
    check_screen(page, f"session, End armed ({scheme})")


def test_every_control_is_labelled_large_enough_and_in_contrast_in_both_themes(
    browser: Browser, server: ServerProcess
) -> None:
    athlete = make_athlete(server, "fay")
    session_id = new_session(server, athlete)
    for scheme in ("dark", "light"):
        phone = open_phone(browser, server, color_scheme=scheme)
        try:
            page = phone.page
            page.goto("/")
            expect(page.get_by_role("button", name="Sign in")).to_be_visible()
            check_screen(page, f"sign-in ({scheme})")
            sign_in(phone, athlete)
            page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
            expect(page.locator("table.targets")).to_be_visible()
            check_screen(page, f"today ({scheme})")
            for screen, ready in (
                ("builder", ".builder-status .ok"),
                ("history", ".choice"),
                ("settings", "#profile-title"),
                (f"session/{session_id}", "#start"),
            ):
                page.goto(f"/#/{screen}")
                expect(page.locator(ready).first).to_be_visible()
                check_screen(page, f"{screen} ({scheme})")
            page.goto(f"/#/session/{workout_session(server, athlete, REPS)}")
            expect(page.locator(".connection")).to_have_text("Live")
            check_running_session(page, scheme)
        finally:
            phone.context.close()


def test_a_new_runner_signs_up_sets_a_race_and_units_and_pairs_a_bridge(phone: Phone) -> None:
    page = phone.page
    page.goto("/")
    page.get_by_label("Name").fill("hana")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("at least 8 characters")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/#/settings")
    expect(page.locator(".paces")).to_have_count(0)

    page.get_by_role("button", name="Add a race").click()
    page.get_by_label("Race", exact=True).select_option("10k")
    page.get_by_label("Time (h:mm:ss or mm:ss)").fill("41:30")
    page.get_by_label("Max", exact=True).fill("188")
    page.get_by_label("Resting").fill("48")
    page.get_by_text("per mile").click()
    page.get_by_role("switch", name="Split calls").uncheck()
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".paces")).to_contain_text("VDOT 49")
    me = page.evaluate(
        """async () => (await fetch("/v1/me", {
            headers: { Authorization: `Bearer ${localStorage.getItem("trackcue.token")}` },
        })).json()"""
    )
    assert me["profile"]["units"] == "mi" and me["profile"]["max_hr"] == 188
    assert me["profile"]["cues"]["split_calls"] is False

    page.get_by_role("button", name="Show a pairing code").click()
    code = page.locator("#pairing-code")
    expect(code).to_have_text(re.compile(r"^[B-Z]{4}-[B-Z]{4}$"))
    paired = httpx.post(f"{phone.server.url}/v1/devices/pair", json={"code": code.inner_text()})
    assert paired.status_code == 201

    page.get_by_role("link", name="Today").click()
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    expect(page.locator("table.targets thead")).to_contain_text("Pace /mi")
