"""Mutated real files (cut, bit-flipped, with bytes inserted or overwritten): every outcome is
an activity or a typed refusal. Any other exception fails the test, as a server error would.

The seeds are small real files of each format, the examples are derandomized and few enough
for the suite's time budget, and the limits are tightened so that a mutation claiming
millions of records costs little.
"""

from __future__ import annotations

import gzip

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.files.activity import Activity
from server.files.errors import FileRefused, RefusalCode
from server.files.limits import MIB, FileLimits
from server.files.read import read_activity
from tests.files.conftest import data
from tests.files.fit_builder import simple_run

LIMITS = FileLimits(max_expanded_bytes=4 * MIB, max_records=20_000, max_laps=500)
_XML_TAIL = 6_000  # XML seeds are cut to their head and tail to keep each parse cheap


def _small_xml(name: str) -> bytes:
    text = data(name)
    return text if len(text) < 2 * _XML_TAIL else text[:_XML_TAIL] + text[-_XML_TAIL:]


SEEDS: dict[str, bytes] = {
    "fenix-5-run.fit": data("fitparse_garmin-fenix-5-run.fit"),
    "elemnt-bolt.fit": data("fitparse_elemnt-bolt-no-application-id-inside-developer-data-id.fit"),
    "made-with-pauses.fit": simple_run(seconds=40).bytes(),
    "sup.tcx": _small_xml("tcxparser_sup_activity_1.tcx"),
    "cerknicko.gpx": _small_xml("gpxpy_cerknicko-jezero.gpx"),
}
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    blob = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        size = len(blob)
        # Headers and definitions sit near the start: aim there half the time.
        where = draw(st.one_of(st.integers(0, min(size, 96)), st.integers(0, size)))
        kind = draw(st.sampled_from(["flip", "insert", "truncate", "overwrite", "delete"]))
        if kind == "flip" and where < size:
            blob[where] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            blob[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "truncate":
            del blob[where:]
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=8))
            blob[where : where + len(chunk)] = chunk
        else:
            del blob[where : where + draw(st.integers(1, 16))]
    if draw(st.booleans()) and draw(st.integers(0, 4)) == 0:
        return name + ".gz", gzip.compress(bytes(blob))
    return name, bytes(blob)


def check(name: str, blob: bytes) -> None:
    try:
        activity = read_activity(blob, filename=name, limits=LIMITS)
    except FileRefused as refusal:
        assert isinstance(refusal.code, RefusalCode) and refusal.message
        # Offsets count in the expanded file, so they are checked for plain files only.
        plain = not name.endswith(".gz")
        assert refusal.offset is None or not plain or 0 <= refusal.offset <= len(blob)
    else:
        assert isinstance(activity, Activity)
        assert all(r.heart_rate is None or r.heart_rate > 0 for r in activity.records)
        assert activity.elapsed_s is None or activity.elapsed_s <= LIMITS.max_duration_s


@SETTINGS
@given(mutated())
def test_a_mutated_real_file_is_an_activity_or_a_typed_refusal(sample: tuple[str, bytes]) -> None:
    check(*sample)


@SETTINGS
@given(st.sampled_from(sorted(SEEDS)), st.integers(0, 100_000))
def test_a_real_file_cut_anywhere_is_an_activity_or_a_typed_refusal(name: str, cut: int) -> None:
    blob = SEEDS[name]
    check(name, blob[: cut % (len(blob) + 1)])
