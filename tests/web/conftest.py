"""Fixtures for the browser tests: one fast-clock server for them all, one Chromium per module
(the sync Playwright it runs on is stopped before other modules' event loops start)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.servers import ServerProcess
from tests.web.browser import CLOCK_RATE, Phone, launch, open_phone, serve


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from serve(tmp_path_factory.mktemp("web"), CLOCK_RATE)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def phone(browser: Browser, server: ServerProcess) -> Iterator[Phone]:
    opened = open_phone(browser, server)
    try:
        yield opened
    finally:
        opened.context.close()
