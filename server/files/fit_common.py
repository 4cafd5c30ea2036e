"""What every FIT file trackcue writes shares: the file id, its clock, and the encoder.

FIT is written with `fit_tool` (BSD-3): its output passes both the decoder we ship (fitdecode)
and Garmin's own SDK, which the tests use to check every file (see docs/architecture.md).
`fit_tool` takes date-times as milliseconds since the Unix epoch and writes them in FIT's own
epoch (1989-12-31 UTC) as whole seconds; it has no type hints, so the few calls it takes are
wrapped here and their results typed.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable
from typing import Any

from fit_tool.fit_file import FitFile  # type: ignore[import-untyped]
from fit_tool.fit_file_builder import (  # type: ignore[import-untyped]
    FitFileBuilder,
    calc_crc,
    calc_records_size,
)
from fit_tool.fit_file_header import FitFileHeader  # type: ignore[import-untyped]
from fit_tool.profile.messages.file_id_message import (  # type: ignore[import-untyped]
    FileIdMessage,
)
from fit_tool.profile.profile_type import FileType, Manufacturer  # type: ignore[import-untyped]

__all__ = ["SOFTWARE_VERSION", "encode", "file_id", "fit_ms", "serial_number"]

SOFTWARE_VERSION = 1.0
"""What the file's creator says of itself (FIT's software_version has two decimals)."""

_NAME_BYTES = 64  # strings (names, notes) are cut to this many bytes, as watches show them


def fit_ms(when: dt.datetime) -> int:
    """A UTC time as fit_tool takes it: whole milliseconds since the Unix epoch."""
    if when.tzinfo is None:
        raise ValueError("FIT times must be aware UTC times")
    return round(when.timestamp() * 1000)


def serial_number(*parts: object) -> int:
    """A stable 32-bit serial from what identifies the file, never 0 (FIT's "invalid").

    The same session or workout exported twice gets the same `file_id`, so a service that
    finds duplicates by it sees one activity, not two.
    """
    value = zlib.crc32("|".join(str(part) for part in parts).encode()) & 0xFFFFFFFF
    return value or 1


def file_id(kind: str, created: dt.datetime, serial: int) -> Any:
    """The file_id message: what the file is, who made it and when.

    Manufacturer "development" with product 0 is what FIT reserves for software that is not a
    registered device maker; every service we target accepts it.
    """
    message = FileIdMessage()
    message.type = FileType.ACTIVITY if kind == "activity" else FileType.WORKOUT
    message.manufacturer = Manufacturer.DEVELOPMENT.value
    message.product = 0
    message.serial_number = serial
    message.time_created = fit_ms(created)
    return message


def short_text(value: str) -> str:
    """A string cut to a whole character within the byte budget FIT strings get here."""
    data = value.encode()[:_NAME_BYTES]
    return data.decode(errors="ignore")


def encode(messages: Iterable[Any]) -> bytes:
    """The messages as one FIT file: header, definitions, data and both CRCs.

    The builder would write the short 12-byte header, which has no CRC of its own; the file
    gets the 14-byte header with its CRC that current devices write.
    """
    builder = FitFileBuilder(auto_define=True, min_string_size=0)
    for message in messages:
        builder.add(message)
    records = builder.records
    header = FitFileHeader(records_size=calc_records_size(records), gen_crc=True)
    data = FitFile(header, records, calc_crc(header, records)).to_bytes()
    assert isinstance(data, bytes)
    return data
