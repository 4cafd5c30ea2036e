"""Protocol v1: JSON messages over one websocket per session, each with a `type`.

Client to server: `command` (phone), `lap` (phone, watch), `samples` (bridge, numbered per
source), `ping` (anyone). Server to client: `welcome` (on join: the state, the session clock and
the cues still ahead), `cues`, `state`, `ack` (highest contiguous sample seq stored, per source),
`pong`, `error`. Times are seconds on the session clock unless named otherwise.

Decoding never raises anything but `ProtocolError`, which carries the websocket close code a
server uses when the connection cannot continue (1003 binary, 1007 not JSON or wrong fields,
1008 a message this role may not send, 1009 too big) and whether it can.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from server.engine.cues import CueKind, Priority
from server.engine.limits import CADENCE_SPM, DISTANCE_M, HR_BPM, SPEED_MPS

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_MESSAGE_BYTES",
    "PROTOCOL_VERSION",
    "Ack",
    "ClientMessage",
    "CommandMessage",
    "CueKind",
    "CueMessage",
    "CuesMessage",
    "ErrorMessage",
    "LapMessage",
    "LiveState",
    "Ping",
    "Pong",
    "Priority",
    "ProtocolError",
    "Role",
    "SampleIn",
    "SamplesMessage",
    "ServerMessage",
    "StateMessage",
    "Welcome",
    "decode_client",
    "decode_server",
    "encode",
]

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
MAX_JSON_DEPTH = 8
"""The deepest a client message nests (a samples message nests three deep)."""
MAX_SAMPLES_PER_MESSAGE = 200


class Role(StrEnum):
    """What a client is; it decides what the client may send and what it receives."""

    PHONE = "phone"
    WATCH = "watch"
    BRIDGE = "bridge"
    SPECTATOR = "spectator"


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class _ServerMessage(BaseModel):
    """What the server sends. Clients ignore fields they do not know, so a newer server that
    adds one does not stop a deployed bridge; the server itself only ever sends known fields."""

    model_config = ConfigDict(extra="ignore", frozen=True)


# --- client to server ------------------------------------------------------------------------


class CommandMessage(_Message):
    """Phone: start, pause, resume, skip, extend (by `seconds`) or end the session."""

    type: Literal["command"] = "command"
    action: Literal["start", "pause", "resume", "skip", "extend", "end"]
    seconds: Annotated[float, Field(ge=1, le=600)] | None = None
    id: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        default=None, description="the client's id for this command, echoed in errors"
    )


class LapMessage(_Message):
    """Phone or watch: the lap button was pressed."""

    type: Literal["lap"] = "lap"
    id: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class SampleIn(_Message):
    """One sensor reading, numbered by its source (1, 2, 3, ...)."""

    seq: Annotated[int, Field(ge=1, le=2**53)]
    t: Annotated[float, Field(ge=0, le=1e7)] | None = Field(
        default=None,
        description="when it was read, on the session clock as the bridge estimates it from"
        " ping/pong; the server keeps it between the last input and now, else uses arrival",
    )
    hr: Annotated[int, Field(ge=HR_BPM[0], le=HR_BPM[1])] | None = None
    speed: Annotated[float, Field(ge=SPEED_MPS[0], le=SPEED_MPS[1])] | None = None
    cadence: Annotated[int, Field(ge=CADENCE_SPM[0], le=CADENCE_SPM[1])] | None = None
    distance: Annotated[float, Field(ge=DISTANCE_M[0], le=DISTANCE_M[1])] | None = None


class SamplesMessage(_Message):
    """Bridge: readings from one source, in seq order; resent after a reconnect until acked."""

    type: Literal["samples"] = "samples"
    source: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
    samples: Annotated[list[SampleIn], Field(min_length=1, max_length=MAX_SAMPLES_PER_MESSAGE)]

    @model_validator(mode="after")
    def _in_order(self) -> SamplesMessage:
        for before, after in zip(self.samples, self.samples[1:], strict=False):
            if after.seq != before.seq + 1:
                raise ValueError(
                    f"seq must count up by one within a message: {before.seq} then {after.seq}"
                )
        return self


class Ping(_Message):
    """Anyone: for the clock offset; the server answers with a `pong`."""

    type: Literal["ping"] = "ping"
    client_time: float = Field(description="the client's own clock, any unit it likes (ms)")


ClientMessage = Annotated[
    CommandMessage | LapMessage | SamplesMessage | Ping, Field(discriminator="type")
]

# --- server to client ------------------------------------------------------------------------


class CueMessage(_ServerMessage):
    """A cue as sent: what to say, play and vibrate, and when (`due`, session clock)."""

    id: str
    kind: CueKind | str = Field(description="a `CueKind`; a newer server may send kinds not listed")
    due: float
    priority: Priority | int
    text: str
    vibration: list[int] = []
    beep: dict[str, int] | None = None
    step_index: int | None = None
    rep: int | None = None
    cancels: list[str] = []
    emitted: float | None = Field(
        default=None,
        description="session time the server decided the cue: before `due` when announced ahead",
    )


class LiveState(_ServerMessage):
    """The engine's state as the wire carries it, with the latest readings for displays.

    Every field but `status` has a default, so a client reads a state from an older or newer
    server alike.
    """

    status: str
    now: float = 0.0
    step_index: int | None = None
    step_count: int = 0
    phase: str | None = None
    kind: str | None = None
    rep: int | None = None
    reps: int | None = None
    step_started_at: float | None = None
    active_s: float = 0.0
    remaining_s: float | None = None
    metres: float = 0.0
    target_metres: float | None = None
    extension_s: float = 0.0
    laps_in_step: int = 0
    calibration_factor: float = 1.0
    next_deadline: float | None = None
    readings: dict[str, float] = Field(default_factory=dict)


class StateMessage(_ServerMessage):
    """Where the session stands; sent on changes, coalesced for slow clients."""

    type: Literal["state"] = "state"
    state: LiveState


class Welcome(_ServerMessage):
    """On join: the protocol version, the role granted, the clock, the state and cues ahead."""

    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    session_id: str
    role: Role
    session_time: float = Field(description="the session clock when this was sent")
    server_time: float = Field(description="the server's wall clock, seconds since the epoch")
    clock_rate: float = Field(
        default=1.0, gt=0, description="session seconds per real second (1 but in demos and tests)"
    )
    state: LiveState
    cues: list[CueMessage] = Field(description="cues still ahead: schedule them, skip known ids")
    acks: dict[str, int] = Field(default_factory=dict, description="bridge: highest seq stored")


class CuesMessage(_ServerMessage):
    """New cues; some are due later (schedule them), some now."""

    type: Literal["cues"] = "cues"
    cues: list[CueMessage]


class Ack(_ServerMessage):
    """Bridge: every sample of `source` up to `seq` is stored; drop them from the spool."""

    type: Literal["ack"] = "ack"
    source: str
    seq: int


class Pong(_ServerMessage):
    """The answer to a ping: the client's time back, and the session and server clocks."""

    type: Literal["pong"] = "pong"
    client_time: float
    session_time: float
    server_time: float
    clock_rate: float = Field(default=1.0, gt=0)


class ErrorMessage(_ServerMessage):
    """Something the client sent was refused; the connection stays open unless closed after."""

    type: Literal["error"] = "error"
    code: str = Field(examples=["invalid_message", "not_allowed", "seq_backwards"])
    message: str
    where: str | None = None
    id: str | None = None


ServerMessage = Annotated[
    Welcome | CuesMessage | StateMessage | Ack | Pong | ErrorMessage, Field(discriminator="type")
]

_CLIENT = TypeAdapter(ClientMessage)
_SERVER = TypeAdapter(ServerMessage)


class ProtocolError(Exception):
    """A message that cannot be taken; `close_code` is set when the connection must end."""

    def __init__(
        self, code: str, message: str, *, close_code: int | None = None, where: str | None = None
    ) -> None:
        self.code = code
        self.message = message
        self.close_code = close_code
        self.where = where
        super().__init__(message)

    def to_message(self, message_id: str | None = None) -> ErrorMessage:
        """The error as a message to send."""
        return ErrorMessage(code=self.code, message=self.message, where=self.where, id=message_id)


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deep a JSON text nests, counted before it is parsed (strings left out).

    Parsing a frame of a thousand nested arrays would exhaust the parser's recursion; counting
    first costs one pass of two regular expressions over at most `MAX_MESSAGE_BYTES`.
    """
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def decode_client(frame: str | bytes) -> ClientMessage:
    """A client message from a websocket frame; ProtocolError says why not."""
    if isinstance(frame, bytes):
        raise ProtocolError("binary_frame", "send JSON text frames", close_code=1003)
    if len(frame.encode(errors="surrogatepass")) > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            "too_big", f"messages are at most {MAX_MESSAGE_BYTES} bytes", close_code=1009
        )
    # Counting the opening brackets is enough for most frames (a lap, a ping, a command): only
    # one with more of them than the limit needs its nesting measured.
    brackets = frame.count("[") + frame.count("{")
    depth = json_depth(frame) if brackets > MAX_JSON_DEPTH else brackets
    if depth > MAX_JSON_DEPTH:
        raise ProtocolError(
            "invalid_json", f"JSON nested {depth} deep; messages nest at most {MAX_JSON_DEPTH}"
        )
    try:
        data = json.loads(frame)
    except (ValueError, RecursionError) as error:
        raise ProtocolError("invalid_json", f"not JSON: {error}") from None
    if not isinstance(data, dict) or "type" not in data:
        raise ProtocolError("invalid_message", "a message is a JSON object with a 'type'")
    try:
        return _CLIENT.validate_python(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = " > ".join(str(part) for part in first["loc"])
        if first["type"] == "union_tag_invalid":
            raise ProtocolError(
                "unknown_type", f"unknown message type {data.get('type')!r}", where="type"
            ) from None
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ProtocolError("invalid_message", message, where=where) from None


def decode_server(frame: str | bytes) -> ServerMessage:
    """A server message (for clients: the bridge, tests, tools); ProtocolError if unreadable."""
    try:
        return _SERVER.validate_json(frame)
    except ValidationError as error:
        first = error.errors()[0]
        where = " > ".join(str(part) for part in first["loc"])
        raise ProtocolError("invalid_message", str(first["msg"]), where=where) from None


def encode(message: BaseModel) -> str:
    """A message as a JSON text frame."""
    return message.model_dump_json(exclude_none=True)
