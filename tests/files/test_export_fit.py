"""A session exported as FIT: two independent decoders read back what was stored, and so does
trackcue's own importer."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest
from fitdecode.utils import compute_crc  # type: ignore[import-untyped]

from server.engine import Command, CommandAction
from server.files.activity import Activity
from server.files.read import read_activity
from server.files.write import write_activity
from tests.files.exports import FIT_EPOCH, STARTED_AT, by_fitdecode, by_garmin, run


def export_again() -> tuple[Activity, bytes]:
    """The session run and exported afresh: nothing shared with an earlier export."""
    session = run(
        commands=[
            Command(t=100.0, action=CommandAction.PAUSE),
            Command(t=130.0, action=CommandAction.RESUME),
        ]
    )
    activity = session.activity()
    return activity, write_activity(activity, "fit")


@cache
def exported() -> tuple[Activity, bytes]:
    return export_again()


@cache
def decoded() -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    data = exported()[1]
    return by_fitdecode(data), by_garmin(data)


def both() -> list[dict[str, list[dict[str, Any]]]]:
    return list(decoded())


def test_both_decoders_check_the_crc_and_find_every_required_message() -> None:
    for messages in both():
        for name in ("file_id", "device_info", "event", "record", "lap", "session", "activity"):
            assert messages.get(name), name
        [file_id] = messages["file_id"]
        assert file_id["type"] == "activity"
        assert file_id["manufacturer"] == "development"
        assert file_id["time_created"] == STARTED_AT
        [device] = messages["device_info"]
        assert device["product_name"] == "trackcue"


def test_the_header_is_the_14_byte_one_with_its_own_crc() -> None:
    data = exported()[1]
    assert data[0] == 14 and data[8:12] == b".FIT"
    assert int.from_bytes(data[4:8], "little") == len(data) - 14 - 2  # data size
    assert int.from_bytes(data[12:14], "little") == compute_crc(data[:12])


def test_a_corrupted_byte_fails_the_crc_in_both_decoders() -> None:
    data = bytearray(exported()[1])
    data[len(data) // 2] ^= 0x01
    with pytest.raises(Exception, match="CRC"):
        by_fitdecode(bytes(data))
    with pytest.raises(AssertionError):
        by_garmin(bytes(data))


def test_times_are_counted_from_fits_epoch() -> None:
    activity, data = exported()
    messages = by_garmin(data, convert_datetimes_to_dates=False)  # times as FIT seconds
    [session] = messages["session"]
    assert session["start_time"] == (activity.start - FIT_EPOCH).total_seconds()
    first = messages["record"][0]["timestamp"]
    assert first == (activity.records[0].time - FIT_EPOCH).total_seconds()


def test_laps_as_stored_in_both_decoders() -> None:
    activity, _ = exported()
    for messages in both():
        laps = messages["lap"]
        assert len(laps) == len(activity.laps)
        for lap, stored in zip(laps, activity.laps, strict=True):
            # FIT times are whole seconds; durations keep their milliseconds.
            assert abs(lap["start_time"] - stored.start) <= dt.timedelta(seconds=0.5)
            assert lap["total_timer_time"] == pytest.approx(stored.timer_s, abs=0.001)
            assert lap["total_elapsed_time"] == pytest.approx(stored.elapsed_s, abs=0.001)
            assert lap["total_distance"] == pytest.approx(stored.distance_m, abs=0.01)
            assert lap["avg_heart_rate"] == round(stored.avg_hr or 0)
            assert lap["max_heart_rate"] == stored.max_hr
            assert lap["intensity"] == stored.intensity
            assert lap["lap_trigger"] == stored.trigger.value


def test_the_session_totals_as_stored_in_both_decoders() -> None:
    activity, _ = exported()
    for messages in both():
        [session] = messages["session"]
        assert session["sport"] == "running"
        assert session["sub_sport"] == "track"
        assert session["start_time"] == activity.start
        assert session["total_distance"] == pytest.approx(activity.distance_m, abs=0.01)
        assert session["total_timer_time"] == pytest.approx(activity.timer_s, abs=0.001)
        assert session["total_elapsed_time"] == pytest.approx(activity.elapsed_s, abs=0.001)
        assert session["avg_heart_rate"] == round(activity.avg_hr or 0)
        assert session["max_heart_rate"] == activity.max_hr
        assert session["num_laps"] == len(activity.laps)
        [summary] = messages["activity"]
        assert summary["num_sessions"] == 1
        assert summary["total_timer_time"] == pytest.approx(activity.timer_s, abs=0.001)


def test_records_as_stored_in_both_decoders() -> None:
    activity, _ = exported()
    for messages in both():
        records = messages["record"]
        assert len(records) == len(activity.records)
        for record, stored in zip(records, activity.records, strict=True):
            assert record["timestamp"] == stored.time
            assert record["distance"] == pytest.approx(stored.distance_m, abs=0.01)
            assert record.get("heart_rate") == stored.heart_rate
            if stored.speed_mps is not None:
                assert record["speed"] == pytest.approx(stored.speed_mps, abs=0.001)
            if stored.cadence_spm is not None:  # strides a minute, as FIT counts on foot
                assert record["cadence"] == stored.cadence_spm // 2


def test_the_pause_is_a_timer_stop_and_start() -> None:
    activity, _ = exported()
    [pause] = activity.pauses
    end = activity.start + dt.timedelta(seconds=activity.elapsed_s or 0)
    for messages in both():
        timer = [(e["event_type"], e["timestamp"]) for e in messages["event"]]
        assert timer[:3] == [
            ("start", activity.start),
            ("stop_all", pause.start),
            ("start", pause.end),
        ]
        assert timer[3][0] == "stop_all"
        assert abs(timer[3][1] - end) <= dt.timedelta(seconds=0.5)


def test_the_same_session_exports_to_the_same_bytes() -> None:
    again = export_again()
    assert again[1] == exported()[1]  # one file_id: services see one activity


def test_imported_back_it_is_the_same_run() -> None:
    activity, data = exported()
    back = read_activity(data, filename="session.fit")
    assert back.format == "fit"
    assert back.is_run
    assert back.start == activity.start
    assert back.distance_m == pytest.approx(activity.distance_m, abs=0.01)
    assert back.timer_s == pytest.approx(activity.timer_s, abs=0.001)
    assert back.elapsed_s == pytest.approx(activity.elapsed_s, abs=0.001)
    assert back.avg_hr == pytest.approx(activity.avg_hr, abs=0.5)
    assert back.max_hr == activity.max_hr
    assert len(back.laps) == len(activity.laps)
    for lap, stored in zip(back.laps, activity.laps, strict=True):
        assert abs(lap.start - stored.start) < dt.timedelta(seconds=1)
        assert lap.distance_m == pytest.approx(stored.distance_m, abs=0.01)
        assert lap.timer_s == pytest.approx(stored.timer_s, abs=0.001)
        assert lap.avg_hr == pytest.approx(stored.avg_hr, abs=0.5)
        assert lap.max_hr == stored.max_hr
    assert len(back.records) == len(activity.records)
    for record, kept in zip(back.records, activity.records, strict=True):
        assert record.heart_rate == kept.heart_rate
        assert record.distance_m == pytest.approx(kept.distance_m, abs=0.01)
        if kept.cadence_spm is not None:
            assert record.cadence_spm == pytest.approx(kept.cadence_spm)
