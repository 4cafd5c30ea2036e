"""The stored profile is a domain value: every profile ever written loads, it gives the settings
a new session keeps, and it imports no I/O framework."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

import server.store.profile
from server.engine import CuePreferences, EngineSettings, Units, Venue
from server.store import Database
from server.store.athletes import create_athlete, get_athlete, profile_of, update_profile
from server.store.profile import Profile, RaceResult
from tests.test_structure import FORBIDDEN_IN_PURE, imported_roots

# As the first phone app stored it: no venue, and cues without countdown_buzz.
BEFORE_VENUES = {
    "race_results": [{"race": "5k", "time": "19:57", "date": "2026-10-04"}],
    "max_hr": 190,
    "resting_hr": 50,
    "lthr": None,
    "units": "mi",
    "cues": {
        "voice": False,
        "beeps": True,
        "vibration": True,
        "pace_alerts": True,
        "hr_alerts": False,
        "split_calls": True,
        "fatigue_checks": True,
    },
}


def test_a_profile_stored_before_venues_loads_with_the_new_defaults() -> None:
    profile = Profile.model_validate(BEFORE_VENUES)
    assert profile.venue is Venue.TRACK and profile.units is Units.MILE
    assert profile.cues == CuePreferences(voice=False, hr_alerts=False)
    assert not profile.cues.countdown_buzz  # the default: countdown seconds are for the ear
    assert profile.current_vdot() == pytest.approx(50, abs=0.1)


def test_a_new_athletes_empty_profile_is_all_defaults() -> None:
    assert Profile.model_validate({}) == Profile()
    assert Profile().engine_settings() == EngineSettings()


def test_a_new_session_takes_units_cues_and_venue_from_the_profile() -> None:
    profile = Profile.model_validate({**BEFORE_VENUES, "venue": "road"})
    settings = profile.engine_settings()
    assert (settings.units, settings.venue, settings.cues) == (
        Units.MILE,
        Venue.ROAD,
        profile.cues,
    )
    assert profile.engine_settings(venue=Venue.TREADMILL).venue is Venue.TREADMILL


@pytest.mark.parametrize(
    "document",
    [
        {"venue": "beach"},
        {"cues": {"voice": True, "shout": True}},
        {"max_hr": 150, "resting_hr": 160},
        {"race_results": [{"race": "5k", "time": "1:00"}]},
        {"race_results": [{"race": "5k\x00", "time": "19:57"}]},
    ],
)
def test_a_profile_that_makes_no_sense_is_refused(document: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Profile.model_validate(document)


def test_a_profile_is_a_fact_and_cannot_be_changed_in_place() -> None:
    profile = Profile(race_results=(RaceResult(race="5k", time="19:57"),))
    with pytest.raises(ValidationError):
        profile.venue = Venue.ROAD  # type: ignore[misc]


def test_the_profile_module_is_pure_and_could_move_below_the_store() -> None:
    path = Path(server.store.profile.__file__)
    assert not imported_roots(path) & FORBIDDEN_IN_PURE
    tree = ast.parse(path.read_text(encoding="utf-8"))
    from_server = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("server")
    }
    assert all(module.startswith(("server.engine", "server.workouts")) for module in from_server)


@pytest.mark.asyncio
async def test_the_store_keeps_the_profile_and_reads_it_back_equal(database: Database) -> None:
    profile = Profile.model_validate({**BEFORE_VENUES, "venue": "treadmill"})
    async with database.session() as db:
        ana, _ = await create_athlete(db, "ana")
        assert profile_of(ana) == Profile()
        await update_profile(db, ana.id, profile)
    async with database.session() as db:
        assert profile_of(await get_athlete(db, ana.id)) == profile
