"""A real browser for the phone app: Debian's Chromium driven by Playwright, and a page that
records what the app says and vibrates.

Playwright's own browser download does not work everywhere, so the system's `chromium` is used.
Where it is missing the browser tests skip with the reason; under `CI=true` they fail instead,
because CI must run them (`.ci/run` installs it).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, WebSocket

from tests.servers import ServerProcess

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 360, "height": 640}
CLOCK_RATE = 5.0  # session seconds per real second in the browser tests: a 40 s walk takes 8 s
PASSWORD = "correct horse battery"

# Speech and vibration are replaced by recorders before any script of the page runs; each call
# goes to the test through an exposed function, which outlives reloads.
RECORDER = """
(() => {
  const record = (kind, value) => {
    try { window.__trackcueRecord(kind, JSON.stringify(value)); } catch (error) {}
  };
  if (window.speechSynthesis) {
    window.speechSynthesis.speak = (utterance) => record("speak", utterance.text);
  }
  Object.defineProperty(navigator, "vibrate", {
    configurable: true,
    value: (pattern) => { record("vibrate", pattern); return true; },
  });
})();
"""


def chromium_path() -> str:
    """The system Chromium; skip (or, under CI, fail) when there is none."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    if found is None:
        reason = "Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the browser tests must run under CI=true: {reason}")
        pytest.skip(reason)
    return found


def launch(playwright: Playwright) -> Browser:
    """Chromium headless; Playwright gives each launch a fresh temporary user data dir."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )


@dataclass
class Recording:
    """What the page said and vibrated, and every websocket frame it received and sent."""

    spoken: list[str] = field(default_factory=list)
    vibrations: list[list[int]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    sockets: int = 0

    def record(self, kind: str, value: str) -> None:
        if kind == "speak":
            self.spoken.append(json.loads(value))
        elif kind == "vibrate":
            pattern = json.loads(value)
            self.vibrations.append(pattern if isinstance(pattern, list) else [pattern])

    def watch(self, socket: WebSocket) -> None:
        self.sockets += 1
        socket.on("framereceived", lambda payload: self._frame(self.received, payload))
        socket.on("framesent", lambda payload: self._frame(self.sent, payload))

    @staticmethod
    def _frame(into: list[dict[str, Any]], payload: str | bytes) -> None:
        if isinstance(payload, str):
            into.append(json.loads(payload))

    def cues(self) -> list[dict[str, Any]]:
        """Every cue the server sent the page, once each, in the order first received."""
        seen: dict[str, dict[str, Any]] = {}
        for message in self.received:
            for cue in message.get("cues", []) if message["type"] in ("welcome", "cues") else []:
                seen.setdefault(cue["id"], cue)
        return list(seen.values())

    def cancelled(self) -> set[str]:
        return {i for cue in self.cues() if cue["kind"] == "cancel" for i in cue["cancels"]}

    def welcomes(self) -> list[dict[str, Any]]:
        return [message for message in self.received if message["type"] == "welcome"]


@dataclass
class Phone:
    """A phone: a browser context at 360 x 640 with the recorders installed."""

    context: BrowserContext
    page: Page
    recording: Recording
    server: ServerProcess


def open_phone(browser: Browser, server: ServerProcess, **options: Any) -> Phone:
    """A fresh context (its own storage) and a page with speech and vibration recorded."""
    settings: dict[str, Any] = {"viewport": VIEWPORT, "service_workers": "allow", **options}
    context = browser.new_context(base_url=server.url, **settings)
    context.set_default_timeout(10_000)
    recording = Recording()
    context.expose_function("__trackcueRecord", recording.record)
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.on("websocket", recording.watch)
    return Phone(context, page, recording, server)


@dataclass(frozen=True)
class Athlete:
    """An athlete made through the API: name and token."""

    name: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_athlete(server: ServerProcess, name: str) -> Athlete:
    """Sign up `name` with a 19:57 5 km (VDOT 50) and heart rates."""
    reply = httpx.post(f"{server.url}/v1/auth/signup", json={"name": name, "password": PASSWORD})
    reply.raise_for_status()
    athlete = Athlete(name, reply.json()["token"])
    profile = {
        "race_results": [{"race": "5k", "time": "19:57"}],
        "max_hr": 190,
        "resting_hr": 50,
    }
    httpx.put(
        f"{server.url}/v1/me/profile", json=profile, headers=athlete.headers
    ).raise_for_status()
    return athlete


def sign_in(phone: Phone, athlete: Athlete) -> None:
    """Sign in through the sign-in screen, as a runner would."""
    page = phone.page
    page.goto("/")
    page.get_by_label("Name").fill(athlete.name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/#/today")


def serve(tmp_path: Path, clock_rate: float) -> Iterator[ServerProcess]:
    """A server whose sessions run `clock_rate` times faster than real time."""
    server = ServerProcess(
        tmp_path / "data",
        env={
            "TRACKCUE_CLOCK_RATE": str(clock_rate),
            "TRACKCUE_SIGNIN_ATTEMPTS_PER_MINUTE": "10000",
        },
    ).start()
    try:
        yield server
    finally:
        server.stop()
