"""The live page survives the server going away mid-session: it reconnects with backoff, takes
the snapshot and carries on in the same step, saying nothing twice. A connection that stops
answering is replaced; one the server refuses is not retried until the runner asks; the watch
says when a lap press was not sent, and asks to sign in again when its token is refused."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from websockets.sync.client import connect

from tests.servers import ServerProcess
from tests.web.browser import (
    CLOCK_RATE,
    PASSWORD,
    Phone,
    make_athlete,
    open_phone,
    serve,
    sign_in,
)
from tests.web.test_screens import new_session


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ServerProcess]:
    yield from serve(tmp_path, CLOCK_RATE)


def test_a_server_restart_mid_session_is_survived_without_repeated_cues(
    browser: Browser, own_server: ServerProcess
) -> None:
    phone = open_phone(browser, own_server)
    try:
        page = phone.page
        sign_in(phone, make_athlete(own_server, "gus"))
        page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
        page.get_by_role("button", name="Start session").click()
        expect(page.locator(".connection")).to_have_text("Live")
        page.get_by_role("button", name="Start").click()
        page.get_by_role("button", name="Skip").click()
        expect(page.locator("#step-title")).to_have_text("Drills")
        expect(page.locator("#last-cue")).to_have_text("Drills. 8 minutes.")

        own_server.kill()  # a crash: no goodbye on the socket
        expect(page.locator(".connection")).to_have_text("Reconnecting…")
        own_server.start()
        expect(page.locator(".connection")).to_have_text("Live", timeout=20_000)
        expect(page.locator("#step-title")).to_have_text("Drills")
        expect(page.locator("#caption")).to_have_text("to go")

        recording = phone.recording
        assert len(recording.welcomes()) == 2
        assert recording.sockets == 2
        repeated = [text for text, count in Counter(recording.spoken).items() if count > 1]
        assert repeated == []
        assert "Drills. 8 minutes." in recording.spoken
    finally:
        phone.context.close()


# Pings lost on the way, on the first socket that sends one: a connection that died without a
# close, as after a phone changes networks. Pongs never come; the page must notice by itself.
LOSE_PINGS = """() => {
  const send = WebSocket.prototype.send;
  let lost = null;
  WebSocket.prototype.send = function (data) {
    if (String(data).includes('"type":"ping"') && (lost === null || lost === this)) {
      lost = this;
      return;
    }
    return send.call(this, data);
  };
  window.dispatchEvent(new Event("online"));  // back online: the page pings at once
}"""


def open_session(phone: Phone, name: str) -> None:
    """Sign in as a new athlete and open the 6 x 400 m's live screen, connected."""
    page = phone.page
    sign_in(phone, make_athlete(phone.server, name))
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    page.get_by_role("button", name="Start session").click()
    expect(page.locator(".connection")).to_have_text("Live")


def test_a_connection_that_stops_answering_is_replaced(phone: Phone) -> None:
    page = phone.page
    open_session(phone, "hugo")
    assert phone.recording.sockets == 1
    page.evaluate(LOSE_PINGS)
    # No pong within five seconds: the socket is ended and a new one opened, with its welcome.
    deadline = time.monotonic() + 20
    while len(phone.recording.welcomes()) < 2:
        assert time.monotonic() < deadline, "the silent connection was never replaced"
        page.wait_for_timeout(100)
    expect(page.locator(".connection")).to_have_text("Live")
    expect(page.get_by_role("button", name="Start")).to_be_visible()
    assert phone.recording.sockets == 2


# The first socket the page opens is closed with 1008 as soon as it opens, as a server that
# refuses the connection after accepting it would.
REFUSE_FIRST_SOCKET = """
(() => {
  const Real = window.WebSocket;
  let refused = false;
  window.WebSocket = class extends Real {
    constructor(...args) {
      super(...args);
      if (refused) return;
      refused = true;
      this.addEventListener("open", () => {
        this.dispatchEvent(new CloseEvent("close", { code: 1008, reason: "not allowed" }));
      });
    }
  };
})();
"""


def test_a_refused_connection_is_said_and_tried_again_only_when_asked(phone: Phone) -> None:
    page = phone.page
    phone.context.add_init_script(REFUSE_FIRST_SOCKET)
    sign_in(phone, make_athlete(phone.server, "ines"))
    page.get_by_role("button", name=re.compile("6 x 400 m at I pace")).click()
    page.get_by_role("button", name="Start session").click()
    expect(page.get_by_role("alert")).to_contain_text("refused this connection")
    expect(page.locator(".connection")).to_have_text("Offline")
    page.wait_for_timeout(1500)  # long enough for a retry, were there one (the first is 0.5 s)
    assert phone.recording.sockets == 1
    page.get_by_role("button", name="Try again").click()
    expect(page.locator(".connection")).to_have_text("Live")
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("button", name="Start")).to_be_visible()
    assert phone.recording.sockets == 2


def test_the_watch_says_a_lap_was_not_sent_and_asks_to_sign_in_after_a_401(
    browser: Browser, own_server: ServerProcess
) -> None:
    athlete = make_athlete(own_server, "jana")
    session_id = new_session(own_server, athlete)
    watch = open_phone(browser, own_server, viewport={"width": 240, "height": 240})
    try:
        page = watch.page
        page.goto(f"/watch?session={session_id}")
        page.get_by_label("Name").fill("jana")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator("#watch-countdown")).to_have_text("Start")
        url = f"{own_server.ws_url}/v1/sessions/{session_id}/live?role=phone"
        with connect(url, additional_headers=athlete.headers) as phone_socket:
            phone_socket.send(json.dumps({"type": "command", "action": "start"}))
            lap = page.get_by_role("button", name="Lap")
            expect(lap).to_be_visible()

        own_server.kill()
        expect(page.locator(".connection")).not_to_have_attribute("data-status", "open")
        watch.recording.vibrations.clear()
        lap.click()
        expect(page.locator("#watch-lap")).to_have_text("Not sent")
        assert watch.recording.vibrations == [[60, 60, 60, 60, 60]]
        expect(page.locator("#watch-lap")).to_have_text("Lap")  # for two seconds only

        # The token is no longer taken (revoked, expired): the watch asks to sign in again.
        page.evaluate("() => localStorage.setItem('trackcue.token', 'revoked')")
        own_server.start()
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("No such session.")).to_have_count(0)
    finally:
        watch.context.close()
