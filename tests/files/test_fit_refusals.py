"""Damaged, cut-off and hostile FIT files are refused with their reason and byte offset."""

from __future__ import annotations

import pytest

from server.files.errors import RefusalCode
from server.files.limits import FileLimits
from server.files.read import read_activity
from tests.files.conftest import refusal
from tests.files.fit_builder import FitWriter, simple_run
from tests.files.test_fit_rules import T0


def test_a_settings_or_workout_file_is_not_an_activity() -> None:
    fit = FitWriter().message("file_id", type=5, manufacturer=1, product=1)
    refused = refusal(fit.bytes())
    assert refused.code is RefusalCode.NOT_AN_ACTIVITY and "workout" in refused.message


def test_a_damaged_byte_is_refused_as_a_bad_crc_with_the_footer_offset() -> None:
    data = bytearray(simple_run(seconds=5).bytes())
    data[100] ^= 0x01  # inside a record's value: decodes, but the checksum fails
    refused = refusal(bytes(data))
    assert refused.code is RefusalCode.BAD_CRC
    assert refused.offset == len(data) - 2


def test_a_header_crc_of_zero_means_not_computed_and_is_accepted() -> None:
    assert read_activity(simple_run(seconds=5).bytes(header_crc=False)).distance_m == 15.0


def test_a_cut_off_file_is_refused_as_truncated_with_where_it_ends() -> None:
    data = simple_run(seconds=30).bytes()
    refused = refusal(data[:500])
    assert refused.code is RefusalCode.TRUNCATED
    assert refused.offset is not None and refused.offset <= 500


def test_a_message_of_an_undefined_local_type_is_refused_with_its_offset() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    where = 14 + len(fit.body)
    fit.raw(b"\x0f" + b"\x00" * 8)
    refused = refusal(fit.bytes())
    assert refused.code is RefusalCode.UNDEFINED_LOCAL_MESSAGE
    assert refused.offset == where


def test_bytes_after_a_complete_file_are_ignored_with_a_warning() -> None:
    run = read_activity(simple_run(seconds=5).bytes() + b"\x00" * 7 + b"junk")
    assert "fit_trailing_bytes" in {w.code for w in run.warnings}


def test_more_records_than_the_limit_are_refused_before_reading_on() -> None:
    refused = refusal(simple_run(seconds=200).bytes(), limits=FileLimits(max_records=100))
    assert refused.code is RefusalCode.TOO_MANY_RECORDS


def test_a_decoder_failure_of_any_kind_is_a_typed_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    import fitdecode  # type: ignore[import-untyped]

    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("a decoder bug")

    monkeypatch.setattr(fitdecode, "FitReader", explode)
    refused = refusal(simple_run(seconds=5).bytes())
    assert refused.code is RefusalCode.BAD_FIT_DATA


def test_a_file_of_many_small_messages_is_refused_at_the_message_limit() -> None:
    fit = FitWriter().message("file_id", type=4, manufacturer=1, product=1, time_created=T0)
    for i in range(300):
        fit.message("event", timestamp=T0 + i, event=0, event_type=0)
    refused = refusal(fit.bytes(), limits=FileLimits(max_messages=100))
    assert refused.code is RefusalCode.TOO_MANY_RECORDS and "messages" in refused.message
