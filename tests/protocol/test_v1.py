"""Protocol v1 messages: what decodes, and what each bad frame is told."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.protocol import (
    MAX_MESSAGE_BYTES,
    Ack,
    CommandMessage,
    CueMessage,
    CuesMessage,
    ErrorMessage,
    LapMessage,
    Ping,
    Pong,
    ProtocolError,
    Role,
    SampleIn,
    SamplesMessage,
    StateMessage,
    Welcome,
    decode_client,
    decode_server,
    encode,
)
from server.protocol.v1 import json_depth

CLIENT_EXAMPLES = [
    CommandMessage(action="start"),
    CommandMessage(action="extend", seconds=30, id="c-7"),
    LapMessage(),
    SamplesMessage(
        source="footpod",
        samples=[SampleIn(seq=41, speed=4.2, distance=812.5), SampleIn(seq=42, speed=4.25)],
    ),
    Ping(client_time=1732521600123.0),
]
SERVER_EXAMPLES = [
    Welcome(
        session_id="s1",
        role=Role.PHONE,
        session_time=372.25,
        server_time=1764057600.0,
        state={"status": "running", "step_index": 11},
        cues=[CueMessage(id="c91", kind="countdown", due=375.0, priority=3, text="3")],
        acks={"footpod": 1488},
    ),
    CuesMessage(
        cues=[CueMessage(id="c92", kind="split", due=421.5, priority=1, text="200 in 46, on pace")]
    ),
    StateMessage(state={"status": "paused"}),
    Ack(source="footpod", seq=1490),
    Pong(client_time=1.0, session_time=2.0, server_time=3.0),
    ErrorMessage(code="not_allowed", message="a watch cannot end the session"),
]


@pytest.mark.parametrize("message", CLIENT_EXAMPLES, ids=lambda m: m.type)
def test_client_messages_round_trip(message) -> None:
    assert decode_client(encode(message)) == message


@pytest.mark.parametrize("message", SERVER_EXAMPLES, ids=lambda m: m.type)
def test_server_messages_round_trip(message) -> None:
    assert decode_server(encode(message)) == message


@pytest.mark.parametrize(
    ("frame", "code", "close_code"),
    [
        (b'{"type": "lap"}', "binary_frame", 1003),
        ('{"type": "lap", "x": "' + "a" * MAX_MESSAGE_BYTES + '"}', "too_big", 1009),
        ('{"type": "lap"', "invalid_json", None),
        ('["lap"]', "invalid_message", None),
        ('{"type": "teleport"}', "unknown_type", None),
        ('{"type": "command", "action": "explode"}', "invalid_message", None),
        (
            '{"type": "samples", "source": "hrm", "samples": [{"seq": "one"}]}',
            "invalid_message",
            None,
        ),
        ('{"type": "ping", "client_time": NaN}', "invalid_message", None),
        ('{"type": "lap", "extra": 1}', "invalid_message", None),
    ],
)
def test_bad_frames_are_refused_with_a_code(
    frame: str | bytes, code: str, close_code: int | None
) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_client(frame)
    assert caught.value.code == code
    assert caught.value.close_code == close_code
    assert caught.value.to_message().message


def test_a_seq_going_backwards_inside_a_message_is_refused_with_where() -> None:
    frame = json.dumps({"type": "samples", "source": "hrm", "samples": [{"seq": 5}, {"seq": 4}]})
    with pytest.raises(ProtocolError, match="count up by one") as caught:
        decode_client(frame)
    assert caught.value.where == "samples"


@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_frame_decodes_or_fails_with_a_protocol_error(frame: str | bytes) -> None:
    try:
        decode_client(frame)
    except ProtocolError as error:
        assert error.code and error.message


JSON_PIECES = st.sampled_from(
    [
        '{"type": "samples", "source": "hrm", "samples": [{"seq": 1, "hr": 150}]}',
        '{"type": "lap"}',
        '{"type": "command", "action": "extend", "seconds": 30}',
        '{"type": "ping", "client_time": 1.5}',
        "[",
        "]",
        "{",
        "}",
        '"',
        "\\\\",
        ",",
        ":",
        "1e999",
        "NaN",
        "null",
        '"type"',
        "-0",
        "\u0000",
        "\ud800",
        "[[[[[[[[[[",
        "]]]]]",
    ]
)


@settings(max_examples=300, derandomize=True)
@given(st.one_of(st.text(max_size=300), st.lists(JSON_PIECES, max_size=40).map("".join)))
def test_any_frame_decodes_to_a_message_or_a_protocol_error_never_a_crash(frame: str) -> None:
    try:
        decode_client(frame)
    except ProtocolError as error:
        assert error.code in {
            "invalid_json",
            "invalid_message",
            "unknown_type",
            "too_big",
            "binary_frame",
        }


@settings(max_examples=200, derandomize=True)
@given(st.data())
def test_a_real_message_with_bytes_flipped_or_cut_is_read_or_refused(data: st.DataObject) -> None:
    frame = json.dumps(
        {
            "type": "samples",
            "source": "footpod",
            "samples": [
                {"seq": n, "t": n * 1.0, "speed": 4.2, "distance": 4.2 * n} for n in (1, 2)
            ],
        }
    )
    cut = data.draw(st.integers(0, len(frame)))
    spot = data.draw(st.integers(0, max(len(frame) - 1, 0)))
    char = data.draw(st.characters())
    mutated = (frame[:spot] + char + frame[spot + 1 :])[: max(cut, 1)]
    with contextlib.suppress(ProtocolError):  # read or refused; anything else fails the test
        decode_client(mutated)


def test_nesting_is_counted_before_parsing_and_strings_do_not_count() -> None:
    assert json_depth('{"a": [1, {"b": "[[[[[[[[[[[["}]}') == 3
    with pytest.raises(ProtocolError, match="nested 1000 deep"):
        decode_client("[" * 1000 + "]" * 1000)
