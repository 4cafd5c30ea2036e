"""The live page survives the server going away mid-session: it reconnects with backoff, takes
the snapshot and carries on in the same step, saying nothing twice."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.servers import ServerProcess
from tests.web.browser import CLOCK_RATE, make_athlete, open_phone, serve, sign_in


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
