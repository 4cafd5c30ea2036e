"""Without Chromium the browser tests skip on a newcomer's machine and fail under CI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.web import browser


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(Path, "exists", lambda self: False)


def test_a_machine_without_chromium_skips_with_the_reason(
    no_chromium: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        browser.chromium_path()


def test_ci_without_chromium_fails_instead_of_skipping(
    no_chromium: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="must run under CI=true"):
        browser.chromium_path()
