"""Real files that cannot be imported are refused with the named reason, never half-read."""

from __future__ import annotations

import pytest

from server.files.errors import RefusalCode
from tests.files.conftest import refused

REFUSED = {
    # Ends mid-record with no session: the README's "truncated_no_session". The records could
    # be salvaged, but an activity without the watch's summary and without its end is not
    # one we import whole; the runner is told where the file ends.
    "fitparse_nick.fit": (RefusalCode.TRUNCATED, 403456),
    "fitparse_Settings.fit": (RefusalCode.NOT_AN_ACTIVITY, None),
    # Workouts to load onto a watch, not recordings: the workout importer reads them.
    "kaiord_WorkoutRepeatBlocks.tcx": (RefusalCode.NOT_AN_ACTIVITY, None),
    "kaiord_WorkoutSpeedTargets.tcx": (RefusalCode.NOT_AN_ACTIVITY, None),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_real_file_that_cannot_be_imported_is_refused_with_its_reason(name: str) -> None:
    code, offset = REFUSED[name]
    refusal = refused(name)
    assert refusal.code is code
    assert refusal.offset == offset


def test_a_cut_off_sigma_ride_is_refused_as_truncated_at_its_last_byte() -> None:
    refusal = refused("fitparse_nick.fit")
    assert "403456" in refusal.message and "ends early" in refusal.message


def test_a_garmin_settings_file_is_not_an_activity() -> None:
    assert "settings" in refused("fitparse_Settings.fit").message
