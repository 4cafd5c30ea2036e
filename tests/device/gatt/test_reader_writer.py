"""The cursor and the writer every codec goes through: bounds, ranges, text."""

from __future__ import annotations

import pytest

from device.gatt import GattEncodeError, GattParseError
from device.gatt.reader import ByteReader, byte_count
from device.gatt.writer import ByteWriter


def test_the_cursor_moves_through_a_value_field_by_field() -> None:
    reader = ByteReader(bytes.fromhex("01 02 03 FF FF 05"), "Test")
    assert (reader.length, reader.offset, reader.remaining) == (6, 0, 6)
    assert reader.u8("first") == 1
    assert reader.u16("second") == 0x0302
    assert reader.s16("third") == -1
    assert (reader.offset, reader.remaining) == (5, 1)
    assert reader.rest() == b"\x05"
    assert (reader.offset, reader.remaining, reader.rest()) == (6, 0, b"")


def test_a_read_past_the_end_names_the_field_its_offset_and_the_length_needed() -> None:
    reader = ByteReader(b"\x01\x02\x03", "Test")
    reader.u8("first")
    with pytest.raises(GattParseError) as caught:
        reader.u32("total")
    assert str(caught.value) == "Test: value is 3 bytes, needs at least 5 to read total at offset 1"
    assert reader.offset == 1  # a failed read consumes nothing


@pytest.mark.parametrize(("count", "text"), [(0, "0 bytes"), (1, "1 byte"), (2, "2 bytes")])
def test_byte_counts_read_naturally(count, text) -> None:
    assert byte_count(count) == text


@pytest.mark.parametrize(
    ("size", "signed", "value", "message"),
    [
        (1, False, 256, "outside 0..255"),
        (3, False, -1, "outside 0..16777215"),
        (2, True, 32768, "outside -32768..32767"),
        (2, True, -32769, "outside -32768..32767"),
    ],
)
def test_the_writer_refuses_integers_outside_their_field(size, signed, value, message) -> None:
    writer = ByteWriter("Test")
    with pytest.raises(GattEncodeError, match=message):
        (writer.sint if signed else writer.uint)(size, "field", value)


def test_a_finite_value_too_large_to_scale_is_refused_not_overflowed() -> None:
    with pytest.raises(GattEncodeError, match="finite number in range"):
        ByteWriter("Test").scaled("speed", 1e308, 360)


@pytest.mark.parametrize(
    ("text", "limit", "sent"),
    [
        ("abc", 3, b"abc"),
        ("abc", 2, b"ab"),
        ("aé", 2, b"a"),  # "é" is 2 bytes: never half of it
        ("aé", 3, "aé".encode()),
        ("€", 2, b""),  # 3 bytes
        ("a\U0001f3c3", 4, b"a"),  # 4 bytes
        ("", 0, b""),
    ],
)
def test_text_is_cut_on_a_character_boundary(text, limit, sent) -> None:
    writer = ByteWriter("Test")
    writer.text("text", text, max_bytes=limit)
    assert writer.to_bytes() == sent


@pytest.mark.parametrize("value", [1.5, 2.0, "3", None])
def test_the_writer_refuses_a_non_integer_where_an_integer_field_goes(value) -> None:
    with pytest.raises(GattEncodeError, match="must be a whole number"):
        ByteWriter("Test").u8("count", value)
