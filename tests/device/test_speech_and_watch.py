"""Cues spoken on the bridge and shown on the watch, at the edge where they leave the bridge."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest
from bleak import BleakClient, BleakScanner
from bleak_retry_connector import establish_connection

from device.gatt import AlertLevel
from device.simulation import SimulatedWorld
from device.speech import Speaker
from device.watch_alerts import WatchAlerts, alert_level
from server.protocol import CueMessage


def cue(text: str, priority: int, vibration: list[int]) -> CueMessage:
    return CueMessage(
        id="c1", kind="step_start", due=0.0, priority=priority, text=text, vibration=vibration
    )


def test_a_cue_buzzes_mildly_for_information_and_hard_for_what_needs_acting_on() -> None:
    assert alert_level(cue("200 in 47", 0, [80])) is AlertLevel.MILD
    assert alert_level(cue("Go", 3, [400])) is AlertLevel.HIGH
    assert alert_level(cue("Too slow", 2, [100, 80, 100])) is AlertLevel.HIGH
    assert alert_level(cue("Note", 1, [])) is None


@pytest.mark.asyncio
async def test_the_watch_shows_the_words_cut_on_a_character_boundary() -> None:
    world = SimulatedWorld()
    device = await BleakScanner.find_device_by_address(
        world.watch.address, timeout=2, **world.scanner_kwargs
    )
    assert device is not None
    client = await establish_connection(BleakClient, device, "watch", **world.client_kwargs)
    watch = WatchAlerts(text_bytes=20)
    assert not await watch.alert(cue("Go", 3, [400]))  # nothing connected yet
    await watch.setup(client, lambda: None)
    assert await watch.alert(cue("Rep 1 of 6. 400 m in 94 s. Allez, très bien", 3, [400]))
    levels = [alert.level for alert in world.watch.alerts if alert.level is not None]
    texts = [alert.text for alert in world.watch.alerts if alert.text is not None]
    assert levels == [AlertLevel.HIGH]
    assert texts == ["Rep 1 of 6. 400 m in"]
    world.watch.drop_link()
    assert not await watch.alert(cue("Go", 3, [400]))
    assert watch.sent == 1


def fake_espeak(folder: Path) -> Path:
    """An `espeak-ng` that writes what it was asked to say."""
    program = folder / "espeak-ng"
    program.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" >> "{folder}/said"\n')
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program


@pytest.mark.asyncio
async def test_the_bridge_speaks_cues_through_espeak_ng_when_it_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_espeak(tmp_path)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    speaker = Speaker(voice="en-gb")
    assert speaker.available
    await speaker.say("Rep 1 of 6. Go.")
    await asyncio.wait_for(speaker.wait(), 5)
    said = (tmp_path / "said").read_text().splitlines()
    assert said[-1] == "Rep 1 of 6. Go." and "en-gb" in said


@pytest.mark.asyncio
async def test_without_espeak_ng_the_bridge_stays_silent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    speaker = Speaker()
    assert not speaker.available
    await speaker.say("Go")  # nothing to run, nothing raised
