"""Battery Level, Device Information strings, Alert Level and New Alert."""

from __future__ import annotations

import pytest
from hypothesis import given

from device.gatt import (
    DEFAULT_ALERT_TEXT_BYTES,
    AlertCategory,
    AlertLevel,
    GattEncodeError,
    GattParseError,
    NewAlert,
    parse_alert_level,
    parse_battery_level,
    parse_device_information_string,
    parse_new_alert,
    serialize_alert_level,
    serialize_battery_level,
    serialize_device_information_string,
    serialize_new_alert,
)
from tests.device.gatt.strategies import TEXT, alert_levels, battery_levels, new_alerts


@pytest.mark.parametrize(("hex_bytes", "percent"), [("00", 0), ("4B", 75), ("64", 100)])
def test_battery_level_reads_a_percentage(hex_bytes, percent) -> None:
    assert parse_battery_level(bytes.fromhex(hex_bytes)) == percent


@pytest.mark.parametrize("hex_bytes", ["65", "B4", "FF"])
def test_a_battery_above_100_percent_is_a_broken_sensor_not_a_full_one(hex_bytes) -> None:
    with pytest.raises(GattParseError, match="^Battery Level: level .* is above 100 %"):
        parse_battery_level(bytes.fromhex(hex_bytes))


def test_an_empty_battery_level_is_an_error() -> None:
    with pytest.raises(GattParseError, match="needs at least 1 to read level at offset 0"):
        parse_battery_level(b"")


@given(battery_levels)
def test_every_battery_level_reads_back_the_same(percent) -> None:
    assert parse_battery_level(serialize_battery_level(percent)) == percent


@pytest.mark.parametrize("percent", [-1, 101, 255])
def test_a_battery_level_outside_0_to_100_cannot_be_sent(percent) -> None:
    with pytest.raises(GattEncodeError, match="outside 0..100 %"):
        serialize_battery_level(percent)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        # FITSHOW FS-BT-T4 walking-pad controller as read with nRF Connect
        # (justintout/treadmill, README.md): manufacturer, model, hardware, software.
        (b"FITSHOW", "FITSHOW"),
        (b"FS-BT-T4", "FS-BT-T4"),
        (b"1.0", "1.0"),
        (b"1.2.6", "1.2.6"),
        # Firmware that copies a fixed-size C buffer pads with NULs.
        (b"FS-BT-T4\x00\x00\x00\x00", "FS-BT-T4"),
        (b"", ""),
        # Invalid UTF-8 shows as U+FFFD instead of losing the whole name.
        (b"Polar\xff H10", "Polar\ufffd H10"),
        ("Zürich Läufer".encode(), "Zürich Läufer"),
    ],
)
def test_device_information_strings_read_as_text(raw, text) -> None:
    assert parse_device_information_string(raw) == text


@given(TEXT)
def test_every_device_information_string_reads_back_the_same(text) -> None:
    assert parse_device_information_string(serialize_device_information_string(text)) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [("\udc80", "not encodable as UTF-8"), ("name\x00", "ends in NUL")],
)
def test_device_information_strings_that_would_not_read_back_are_refused(text, message) -> None:
    with pytest.raises(GattEncodeError, match=message):
        serialize_device_information_string(text)


@pytest.mark.parametrize(
    ("hex_bytes", "level"),
    [("00", AlertLevel.NONE), ("01", AlertLevel.MILD), ("02", AlertLevel.HIGH)],
)
def test_alert_level_reads_the_three_levels(hex_bytes, level) -> None:
    assert parse_alert_level(bytes.fromhex(hex_bytes)) is level


def test_a_reserved_alert_level_is_a_parse_error() -> None:
    with pytest.raises(GattParseError, match="^Alert Level: alert level 3 at offset 0 is reserved"):
        parse_alert_level(b"\x03")


@given(alert_levels)
def test_every_alert_level_reads_back_the_same(level) -> None:
    assert parse_alert_level(serialize_alert_level(level)) is level


def test_an_undefined_alert_level_cannot_be_sent() -> None:
    with pytest.raises(GattEncodeError, match="^Alert Level: "):
        serialize_alert_level(7)  # type: ignore[arg-type]


def test_the_spec_example_of_four_emails_from_richard_decodes() -> None:
    # The New Alert characteristic definition's own example (GATT XML, 0x2A46).
    alert = parse_new_alert(bytes.fromhex("01 04 52 69 63 68 61 72 64"))
    assert alert == NewAlert(category=AlertCategory.EMAIL, count=4, text="Richard")


def test_a_new_alert_longer_than_18_bytes_is_still_read_whole() -> None:
    text = "Rep 3 of 10: 400 m in 88 s"
    alert = parse_new_alert(bytes([AlertCategory.SIMPLE_ALERT, 1]) + text.encode())
    assert alert.text == text


@pytest.mark.parametrize(
    ("hex_bytes", "message"),
    [("0A 01", "category id 10 at offset 0 is reserved"), ("03", "number of new alerts")],
)
def test_a_new_alert_with_a_reserved_category_or_no_count_is_a_parse_error(
    hex_bytes, message
) -> None:
    with pytest.raises(GattParseError, match="^New Alert: ") as caught:
        parse_new_alert(bytes.fromhex(hex_bytes))
    assert message in str(caught.value)


@given(new_alerts)
def test_every_new_alert_that_fits_reads_back_the_same(alert) -> None:
    assert parse_new_alert(serialize_new_alert(alert)) == alert


def test_a_long_cue_is_cut_to_18_bytes_of_text_for_common_watches() -> None:
    alert = NewAlert(category=AlertCategory.SIMPLE_ALERT, text="Rep 3 of 10: 400 m in 88 s")
    sent = serialize_new_alert(alert)
    assert len(sent) == 2 + DEFAULT_ALERT_TEXT_BYTES
    assert parse_new_alert(sent).text == "Rep 3 of 10: 400 m"


def test_a_cut_never_splits_a_multi_byte_character() -> None:
    # "Läufer, 5 km " is 14 bytes ("ä" takes 2); "×" takes bytes 15 and 16, so a 15-byte cut
    # would keep half of it.
    alert = NewAlert(category=AlertCategory.SCHEDULE, text="Läufer, 5 km × 1000 m")
    sent = serialize_new_alert(alert, max_text_bytes=15)
    assert parse_new_alert(sent).text == "Läufer, 5 km "
    assert len(sent) - 2 == 14


def test_a_four_byte_emoji_at_the_limit_is_dropped_whole() -> None:
    alert = NewAlert(category=AlertCategory.INSTANT_MESSAGE, text="Go \U0001f3c3")
    assert parse_new_alert(serialize_new_alert(alert, max_text_bytes=5)).text == "Go "


def test_infinitime_takes_longer_texts_when_the_limit_is_raised() -> None:
    text = "Rep 3 of 10: 400 m in 88 s, rest 90 s"
    alert = NewAlert(category=AlertCategory.SIMPLE_ALERT, text=text)
    assert parse_new_alert(serialize_new_alert(alert, max_text_bytes=100)).text == text


def test_a_zero_byte_limit_sends_the_alert_without_text() -> None:
    alert = NewAlert(category=AlertCategory.CALL, count=2, text="Coach")
    assert serialize_new_alert(alert, max_text_bytes=0) == bytes.fromhex("03 02")


@pytest.mark.parametrize(
    ("alert", "limit", "message"),
    [
        (NewAlert(category=AlertCategory.EMAIL, count=256), 18, "outside 0..255"),
        (NewAlert(category=42), 18, "not a defined AlertCategory"),  # type: ignore[arg-type]
        (NewAlert(category=AlertCategory.EMAIL, text="x"), -1, "limit must be 0 or more"),
        (NewAlert(category=AlertCategory.EMAIL, text="\ud83c"), 18, "not encodable"),
    ],
)
def test_new_alerts_that_cannot_be_sent_are_refused(alert, limit, message) -> None:
    with pytest.raises(GattEncodeError, match="^New Alert: ") as caught:
        serialize_new_alert(alert, max_text_bytes=limit)
    assert message in str(caught.value)
