"""Why a file was refused: a typed reason a runner understands, and where in the file."""

from __future__ import annotations

from enum import StrEnum


class RefusalCode(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_RECORDS = "too_many_records"
    UNKNOWN_FORMAT = "unknown_format"
    BAD_GZIP = "bad_gzip"
    NOT_FIT = "not_fit"
    TRUNCATED = "truncated"
    BAD_CRC = "bad_crc"
    UNDEFINED_LOCAL_MESSAGE = "undefined_local_message"
    BAD_FIT_DATA = "bad_fit_data"
    NOT_XML = "not_xml"
    XML_TOO_DEEP = "xml_too_deep"
    XML_ENTITIES = "xml_entities"
    NOT_AN_ACTIVITY = "not_an_activity"
    NO_DATA = "no_data"
    IMPLAUSIBLE = "implausible"
    # Workout files: a FIT or TCX file that holds no workout, or one trackcue cannot run.
    NOT_A_WORKOUT = "not_a_workout"
    BAD_WORKOUT = "bad_workout"
    # Times counted from the watch's power-on with no clock time anywhere to anchor them.
    NO_CLOCK_TIME = "no_clock_time"


class FileRefused(Exception):
    """A file that cannot be imported. Nothing of it is kept."""

    def __init__(
        self,
        code: RefusalCode,
        message: str,
        *,
        offset: int | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset
        self.line = line
