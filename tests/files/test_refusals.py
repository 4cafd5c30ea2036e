"""Limits before work, and a specific reason for every file that cannot be read."""

from __future__ import annotations

import gzip
import time
import zlib

import pytest

from server.files.errors import RefusalCode
from server.files.limits import MIB, FileLimits
from server.files.read import read_activity
from tests.files.conftest import data, refusal
from tests.files.fit_builder import simple_run


def test_an_empty_file_is_refused_as_empty() -> None:
    assert refusal(b"").code is RefusalCode.EMPTY
    assert refusal(gzip.compress(b"")).code is RefusalCode.EMPTY


def test_a_file_over_the_size_limit_is_refused_before_it_is_read() -> None:
    refused = refusal(b"x" * 2048, limits=FileLimits(max_file_bytes=1024))
    assert refused.code is RefusalCode.TOO_LARGE


@pytest.mark.parametrize("name", ["tcxparser_test.tcx", "fitparse_garmin-fenix-5-run.fit"])
def test_a_gzipped_real_file_imports_like_the_file_itself(name: str) -> None:
    plain = read_activity(data(name))
    zipped = read_activity(gzip.compress(data(name)), filename=name + ".gz")
    assert zipped == plain


def test_a_gzip_bomb_stops_at_the_expanded_limit_without_expanding_the_rest() -> None:
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    payload = bomb.compress(b"\0" * (256 * MIB)) + bomb.flush()  # 256 MiB of zeros in ~250 KB
    started = time.process_time()
    refused = refusal(payload, limits=FileLimits(max_expanded_bytes=8 * MIB))
    assert refused.code is RefusalCode.TOO_LARGE
    assert time.process_time() - started < 2, "stopped early, not after expanding it all"


def test_a_damaged_or_cut_off_gzip_is_refused_as_bad_gzip() -> None:
    zipped = gzip.compress(data("fitparse_garmin-fenix-5-run.fit"))
    assert refusal(zipped[: len(zipped) // 2]).code is RefusalCode.BAD_GZIP
    broken = zipped[:20] + bytes(b ^ 0xFF for b in zipped[20:40]) + zipped[40:]
    assert refusal(broken).code is RefusalCode.BAD_GZIP


def test_bytes_that_are_no_activity_file_are_refused_by_what_the_name_promised() -> None:
    noise = bytes(range(256)) * 4
    assert refusal(noise, filename="run.fit").code is RefusalCode.NOT_FIT
    assert refusal(noise, filename="run.gpx").code is RefusalCode.NOT_XML
    assert refusal(noise, filename="run.jpg").code is RefusalCode.UNKNOWN_FORMAT
    assert refusal(noise).code is RefusalCode.UNKNOWN_FORMAT


def test_a_fit_file_cut_inside_its_header_is_truncated() -> None:
    refused = refusal(simple_run(seconds=1).bytes()[:10], filename="run.fit")
    assert refused.code is RefusalCode.TRUNCATED and refused.offset == 10


def test_a_fit_header_that_promises_more_than_the_file_holds_is_truncated() -> None:
    refused = refusal(simple_run(seconds=1).bytes()[:14], filename="run.fit")
    assert refused.code is RefusalCode.TRUNCATED
