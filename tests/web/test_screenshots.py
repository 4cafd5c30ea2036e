"""Screenshots of the main screens for docs/phone-app.md, at 360 x 640 in the dark theme.

They are written only when asked, since a run takes about a minute:

    TRACKCUE_SCREENSHOTS=1 uv run pytest tests/web/test_screenshots.py

A realistic session is run on a fast clock, with a simulated bridge sending heart rate and
footpod samples, so the tiles, the results and the chart have numbers in them. The PNG icons
of the manifest are rendered from `icon.svg` in the same run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from websockets.sync.client import ClientConnection, connect

from tests.servers import ServerProcess
from tests.web.browser import Athlete, make_athlete, open_phone, serve, sign_in

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
WEB = ROOT / "server" / "web"
RATE = 25.0  # a 94 s rep takes under 4 s

pytestmark = pytest.mark.skipif(
    os.environ.get("TRACKCUE_SCREENSHOTS") != "1",
    reason="writes docs/screenshots/ only when TRACKCUE_SCREENSHOTS=1",
)

BUILDER_TEXT = """# 5 x 1 km at I pace
Main set 5x
- 1km I Pace splits 200mtr
- Jog 2m30s 1:35-1:32/400m Pace
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from serve(tmp_path_factory.mktemp("screens"), RATE)


class Bridge:
    """A simulated bridge: heart rate and footpod samples, harder in reps, easier in jogs."""

    def __init__(self, server: ServerProcess, athlete: Athlete, session_id: str) -> None:
        code = httpx.post(
            f"{server.url}/v1/devices/pairing-codes",
            json={"device_name": "track bridge"},
            headers=athlete.headers,
        ).json()["code"]
        token = httpx.post(f"{server.url}/v1/devices/pair", json={"code": code}).json()["token"]
        self.url = f"{server.ws_url}/v1/sessions/{session_id}/live?role=bridge"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.working = False
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with connect(self.url, additional_headers=self.headers, ping_interval=None) as socket:
            self._send_samples(socket)

    def _send_samples(self, socket: ClientConnection) -> None:
        seq = 0
        hr = 120.0
        metres = 0.0
        rng = random.Random(7)
        while not self.stop.is_set():
            seq += 1
            hr += ((176 if self.working else 128) - hr) * 0.08 + rng.uniform(-1, 1)
            speed = (4.22 if self.working else 2.95) + rng.uniform(-0.08, 0.08)
            metres += speed * 0.2 * RATE
            for source, sample in (
                ("hrm", {"seq": seq, "hr": round(hr)}),
                ("footpod", {"seq": seq, "speed": round(speed, 2), "distance": round(metres, 1)}),
            ):
                message = {"type": "samples", "source": source, "samples": [sample]}
                socket.send(json.dumps(message))
            try:
                while True:
                    socket.recv(timeout=0)
            except TimeoutError:
                pass
            time.sleep(0.2)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)


def run_until(page: Page, seconds: int) -> None:
    """Wait until the step on screen has run `seconds` (the elapsed time it shows)."""
    expect(page.locator("#caption")).to_have_text("elapsed")
    while True:
        minutes, secs = page.locator("#countdown").inner_text().split(":")
        if int(minutes) * 60 + int(secs) >= seconds:
            return
        page.wait_for_timeout(15)


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)  # let the last frame of the countdown draw
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_main_screens_are_photographed(browser: Browser, server: ServerProcess) -> None:
    athlete = make_athlete(server, "ana")
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    httpx.post(
        f"{server.url}/v1/log",
        json={"day": yesterday, "rpe": 8, "feelings": "hill reps, heavy legs"},
        headers=athlete.headers,
    ).raise_for_status()
    httpx.post(
        f"{server.url}/v1/plan",
        json={"day": dt.date.today().isoformat(), "template": "6x400"},
        headers=athlete.headers,
    ).raise_for_status()
    phone = open_phone(browser, server, color_scheme="dark")
    page = phone.page
    try:
        page.goto("/")
        page.get_by_label("Name").fill("ana")
        shoot(page, "signin")
        sign_in(phone, athlete)
        expect(page.locator("table.targets")).to_be_visible()
        shoot(page, "today")

        page.goto("/#/builder")
        editor = page.locator("#workout-text")
        editor.fill(BUILDER_TEXT)
        expect(page.locator(".gutter .error")).to_have_text("4")
        shoot(page, "builder")

        # Where the runner usually runs and what the hand feels: the part of Settings that
        # sessions take their venue and buzzes from.
        page.goto("/#/settings")
        expect(page.locator("#profile-title")).to_be_visible()
        page.get_by_role("radio", name="Track").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 200)")
        shoot(page, "settings")

        page.goto("/#/today")
        page.get_by_role("button", name="Start session").click()
        page.wait_for_url(re.compile(r".*#/session/\w+$"))
        session_id = page.url.rsplit("/", 1)[1]
        expect(page.locator(".connection")).to_have_text("Live")
        bridge = Bridge(server, athlete, session_id)
        watch = phone.context.new_page()
        try:
            page.get_by_role("button", name="Start").click()
            # The watch's page is in front, so this one's animation frames are held back and
            # Playwright's click would wait on them: the skips are dispatched, each waited for.
            screen = page.locator("section.live")
            while page.locator("#step-title").inner_text() != "Rep 1 of 6":
                step = screen.get_attribute("data-step")
                assert step is not None
                page.locator("#skip").dispatch_event("click")
                expect(screen).not_to_have_attribute("data-step", step)  # the skip, taken
            watch.goto(f"/watch?session={session_id}")
            rng = random.Random(3)
            for rep in range(1, 7):
                expect(page.locator("#step-title")).to_have_text(f"Rep {rep} of 6")
                bridge.working = True
                rep_seconds = round(93 + rng.uniform(-1.5, 1.5) + rep * 0.4)
                if rep == 3:
                    run_until(page, rep_seconds // 2)
                    shoot(page, "live")
                    shoot(watch, "watch")
                run_until(page, rep_seconds)
                page.locator("#lap").dispatch_event("click")  # no actionability wait: on time
                expect(page.locator("#step-title")).to_have_text("Jog")
                bridge.working = False
                run_until(page, 126)
                page.locator("#lap").dispatch_event("click")
            page.get_by_role("button", name="End").click()
            page.get_by_role("button", name="Tap again to end").click()
        finally:
            bridge.close()
            watch.close()
        page.get_by_role("link", name="See results").click()
        expect(page.locator("#results-table")).to_be_visible()
        shoot(page, "results")
        page.locator(".chart").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -60)")
        shoot(page, "results-chart")
    finally:
        phone.context.close()


def test_the_png_icons_are_rendered_from_the_svg(browser: Browser) -> None:
    svg = (WEB / "icon.svg").read_text(encoding="utf-8")
    for size in (192, 512):
        context = browser.new_context(viewport={"width": size, "height": size})
        page = context.new_page()
        page.set_content(
            "<style>html,body{margin:0;background:transparent}svg{width:100vw;height:100vh;"
            f"display:block}}</style>{svg}"
        )
        page.screenshot(path=str(WEB / f"icon-{size}.png"), omit_background=True)
        context.close()
