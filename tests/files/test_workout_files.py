"""Workouts onto a watch as FIT and TCX workout files, and workout files back into trackcue."""

from __future__ import annotations

import datetime as dt
import gzip
from typing import Any

import pytest
from fit_tool.profile.messages.workout_step_message import (  # type: ignore[import-untyped]
    WorkoutStepMessage,
)
from fit_tool.profile.profile_type import WorkoutStepDuration  # type: ignore[import-untyped]
from hypothesis import given, settings
from hypothesis import strategies as st

from server.files.activity import Sport
from server.files.errors import FileRefused, RefusalCode
from server.files.fit_common import encode, file_id
from server.files.workout_files import read_workout_file, workout_to_fit, workout_to_tcx
from server.workouts import (
    LIBRARY,
    AthleteProfile,
    HeartRateDuration,
    PaceTarget,
    ResolvedPace,
    ResolvedWorkout,
    StepKind,
    parse_workout,
    resolve,
)
from tests.files.conftest import data
from tests.files.exports import by_fitdecode, by_garmin

ATHLETE = AthleteProfile.from_race("5k", "19:57", max_hr=190, resting_hr=50)
CREATED = dt.datetime(2026, 5, 1, 6, 0, tzinfo=dt.UTC)

# Everything here is something a FIT workout holds exactly, so it comes back as written.
EXACT = """# Track 6x800
- [warmup] 15m 5:30-6:00/km Pace
- Drills 8m

6x
- 800mtr 3:40-3:45/km Pace 160-175bpm HR
- Jog 2m Z2 HR

2x
  3x
  - 1km 3:50-3:55/km Pace
  - [recovery] 200mtr
- 3m

- [recovery] until HR below 120bpm max 10m
- 5m 4:30-4:40/km Pace 250-270w
- 1mi
- Press lap
- [cooldown] 10m 70-75% HR
"""


def plan(text: str) -> ResolvedWorkout:
    return resolve(parse_workout(text), ATHLETE)


def fit(text: str) -> bytes:
    return workout_to_fit(plan(text), name="Track 6x800", created=CREATED)


_FIT_SAMPLE = workout_to_fit(resolve(parse_workout(EXACT), ATHLETE), name="Sample", created=CREATED)
_TCX_SAMPLE = data("kaiord_WorkoutRepeatBlocks.tcx")

_STEP_FIELDS = (
    "message_index", "wkt_step_name", "intensity", "duration_type", "duration_time",
    "duration_distance", "duration_hr", "duration_step", "repeat_steps", "target_type",
    "target_hr_zone", "custom_target_speed_low", "custom_target_speed_high",
    "custom_target_heart_rate_low", "custom_target_heart_rate_high", "secondary_target_type",
    "secondary_custom_target_heart_rate_low", "secondary_custom_target_heart_rate_high",
    "secondary_custom_target_power_low", "secondary_custom_target_power_high",
)  # fmt: skip


def steps_read_by(messages: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [
        {name: step[name] for name in _STEP_FIELDS if step.get(name) is not None}
        for step in messages["workout_step"]
    ]


def pair(step: dict[str, Any], stem: str) -> tuple[Any, Any]:
    return step[f"{stem}_low"], step[f"{stem}_high"]


def test_a_fit_workout_decodes_the_same_in_both_decoders() -> None:
    file = fit(EXACT)
    fitdecode_read, garmin_read = by_fitdecode(file), by_garmin(file)
    for messages in (fitdecode_read, garmin_read):
        [file_id] = messages["file_id"]
        assert file_id["type"] == "workout"
        assert file_id["time_created"] == CREATED
        [workout] = messages["workout"]
        assert workout["wkt_name"] == "Track 6x800"
        assert workout["sport"] == "running"
        assert workout["num_valid_steps"] == len(messages["workout_step"]) == 15
    assert steps_read_by(fitdecode_read) == steps_read_by(garmin_read)


def test_steps_repeats_and_targets_as_a_watch_reads_them() -> None:
    steps = steps_read_by(by_garmin(fit(EXACT)))
    warmup, drills, rep, jog, six, km, jog200, three, outer, cool_off = steps[:10]
    assert warmup["intensity"] == "warmup"
    assert warmup["duration_time"] == 900.0
    assert warmup["custom_target_speed_low"] == pytest.approx(1000 / 360, abs=0.001)
    assert warmup["custom_target_speed_high"] == pytest.approx(1000 / 330, abs=0.001)
    assert drills["wkt_step_name"] == "Drills" and drills["target_type"] == "open"
    assert rep["duration_distance"] == 800.0 and rep["intensity"] == "active"
    assert rep["secondary_target_type"] == "heart_rate"
    assert pair(rep, "secondary_custom_target_heart_rate") == (260, 275)
    assert jog["target_hr_zone"] == 2 and jog["intensity"] == "recovery"
    assert six == {
        "message_index": 4,
        "duration_type": "repeat_until_steps_cmplt",
        "duration_step": 2,
        "repeat_steps": 6,
        "target_type": "open",
    }
    assert km["duration_distance"] == 1000.0 and jog200["duration_distance"] == 200.0
    assert (three["duration_step"], three["repeat_steps"]) == (5, 3)  # the nested repeat
    assert outer["duration_time"] == 180.0
    assert (cool_off["duration_step"], cool_off["repeat_steps"]) == (5, 2)  # the outer one
    hr_step, power, mile, lap, cooldown = steps[10:]
    assert hr_step["duration_type"] == "hr_less_than"
    assert hr_step["duration_hr"] == 220  # bpm + 100
    assert pair(power, "secondary_custom_target_power") == (1250, 1270)  # watts + 1000
    assert mile["duration_distance"] == pytest.approx(1609.34)
    assert lap["duration_type"] == "open"
    assert cooldown["intensity"] == "cooldown"
    assert pair(cooldown, "custom_target_heart_rate") == (70, 75)  # percent of max HR


def test_text_to_fit_and_back_is_the_same_workout() -> None:
    imported = read_workout_file(fit(EXACT))
    assert imported.format == "fit"
    assert imported.sport is Sport.RUNNING
    assert imported.name == "Track 6x800"
    assert imported.workout == parse_workout(EXACT)
    assert parse_workout(imported.text) == imported.workout
    assert "- 800mtr 3:40-3:45/km Pace 160-175bpm HR" in imported.text.splitlines()
    assert [w.code for w in imported.warnings] == ["hr_step_capped"]


def test_named_paces_reach_the_watch_as_the_paces_they_mean_today() -> None:
    text = "# Threshold\n- 10m E Pace\n\n4x\n- 1km T Pace\n- Jog 1m Z1 Pace\n"
    imported = read_workout_file(fit(text))
    assert "/km Pace" in imported.text and "T Pace" not in imported.text
    again, original = resolve(imported.workout, ATHLETE), plan(text)
    assert len(again.steps) == len(original.steps)
    for back, step in zip(again.steps, original.steps, strict=True):
        assert back.kind is step.kind and back.duration == step.duration
        assert isinstance(back.target, ResolvedPace) and isinstance(step.target, ResolvedPace)
        assert back.target.fast_s_per_km == pytest.approx(step.target.fast_s_per_km, abs=0.15)
        assert back.target.slow_s_per_km == pytest.approx(step.target.slow_s_per_km, abs=0.15)


@pytest.mark.parametrize("entry", LIBRARY, ids=lambda entry: entry.key)
def test_every_library_workout_runs_the_same_after_a_round_trip_through_fit(entry: Any) -> None:
    original = resolve(entry.workout, ATHLETE)
    again = resolve(read_workout_file(workout_to_fit(original, name=entry.key)).workout, ATHLETE)
    assert [s.kind for s in again.steps] == [s.kind for s in original.steps]
    for back, step in zip(again.steps, original.steps, strict=True):
        if isinstance(step.duration, HeartRateDuration):  # FIT keeps no cap
            assert isinstance(back.duration, HeartRateDuration)
            assert (back.duration.bpm, back.duration.until) == (
                step.duration.bpm,
                step.duration.until,
            )
        else:
            assert back.planned_seconds == step.planned_seconds
            assert back.planned_metres == pytest.approx(step.planned_metres)
        if isinstance(step.target, ResolvedPace):
            assert isinstance(back.target, ResolvedPace)
            assert back.target.middle_s_per_km == pytest.approx(
                step.target.middle_s_per_km, abs=0.15
            )


def test_what_fit_cannot_say_is_said_its_nearest_way() -> None:
    text = (
        "# Sections\nWarmup\n- 10m\n\nMain set (skip last recovery) 4x\n- 400mtr 1:30/400m Pace\n"
        "- Jog 200mtr\n\nCooldown\n- 5m\n"
    )
    original = plan(text)
    back = read_workout_file(fit(text)).workout
    again = resolve(back, ATHLETE)
    # The section names and the skipped recovery are gone; the steps run are the same.
    assert [(s.kind, s.duration) for s in again.steps] == [
        (s.kind, s.duration) for s in original.steps
    ]
    assert "3x" in read_workout_file(fit(text)).text
    target = back.items[1].steps[0].targets[0]
    assert target == PaceTarget(fast=225.0, slow=225.0)  # 1:30 a lap is 3:45 a km


def test_a_tcx_workout_keeps_steps_repeats_kinds_and_targets() -> None:
    file = workout_to_tcx(plan(EXACT), name="Track 6x800 intervals")
    assert b"<Name>Track 6x800 int</Name>" in file  # TCX names are 15 characters
    imported = read_workout_file(file)
    assert imported.format == "tcx"
    again, original = resolve(imported.workout, ATHLETE), plan(EXACT)
    # TCX says Active or Resting: a step of no particular kind comes back as work.
    kinds = [StepKind.WORK if s.kind is StepKind.OTHER else s.kind for s in original.steps]
    assert [s.kind for s in again.steps] == kinds
    assert [s.planned_metres for s in again.steps] == pytest.approx(
        [s.planned_metres for s in original.steps], abs=0.5
    )  # TCX distances are whole metres: a mile comes back as 1609 m
    assert [s.planned_seconds for s in again.steps][:3] == [900.0, 480.0, None]
    rep = again.steps[2]
    assert isinstance(rep.target, ResolvedPace)
    assert (rep.target.fast_s_per_km, rep.target.slow_s_per_km) == pytest.approx(
        (220.0, 225.0), abs=0.1
    )
    assert parse_workout(imported.text) == imported.workout


def test_the_kaiord_speed_workout_imports() -> None:
    imported = read_workout_file(data("kaiord_WorkoutSpeedTargets.tcx"))
    assert imported.name == "Speed Workout"
    assert imported.sport is Sport.RUNNING
    steps = resolve(imported.workout, ATHLETE).steps
    assert [s.planned_metres for s in steps] == [1600.0, 800.0, None]
    assert steps[2].planned_seconds == 180.0
    assert [s.kind for s in steps] == [StepKind.WORK, StepKind.WORK, StepKind.RECOVERY]
    speeds = [
        (1000 / s.target.slow_s_per_km, 1000 / s.target.fast_s_per_km)
        for s in steps[:2]
        if isinstance(s.target, ResolvedPace)
    ]
    assert speeds == [pytest.approx((2.5, 3.0), abs=0.001), pytest.approx((3.5, 4.0), abs=0.001)]
    assert steps[2].targets == ()
    assert parse_workout(imported.text) == imported.workout


def test_the_kaiord_interval_workout_imports() -> None:
    imported = read_workout_file(data("kaiord_WorkoutRepeatBlocks.tcx"))
    assert imported.name == "Interval Workout"
    assert imported.sport is Sport.CYCLING
    resolved = resolve(imported.workout, ATHLETE)
    assert len(resolved.steps) == 12
    assert resolved.totals.planned_seconds == 2700.0
    kinds = [s.kind for s in resolved.steps]
    assert kinds == [StepKind.WARMUP, *[StepKind.WORK, StepKind.REST] * 5, StepKind.COOLDOWN]
    assert [s.target_text for s in resolved.steps[1:3]] == ["Z4 HR", "Z2 HR"]
    assert "5x" in imported.text
    assert parse_workout(imported.text) == imported.workout


def test_a_gzipped_workout_file_is_read() -> None:
    assert read_workout_file(gzip.compress(fit(EXACT))).workout == parse_workout(EXACT)


def refusal(file: bytes) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_workout_file(file)
    return caught.value


def test_broken_and_wrong_files_are_refused_with_their_reason() -> None:
    file = fit(EXACT)
    flipped = bytearray(file)
    flipped[len(file) // 2] ^= 0x40
    assert refusal(b"").code is RefusalCode.EMPTY
    assert refusal(b"plain words").code is RefusalCode.UNKNOWN_FORMAT
    assert refusal(bytes(flipped)).code is RefusalCode.BAD_CRC
    assert refusal(file[: len(file) - 40]).code is RefusalCode.TRUNCATED
    assert refusal(data("fitparse_2013-02-06-12-11-14.fit")).code is RefusalCode.NOT_A_WORKOUT
    assert refusal(data("tcxparser_test.tcx")).code is RefusalCode.NOT_A_WORKOUT
    assert refusal(b"<?xml version='1.0'?><a><b>").code is RefusalCode.NOT_XML
    bomb = gzip.compress(b"\0" * (3 * 1024 * 1024))
    assert refusal(bomb).code is RefusalCode.TOO_LARGE


def test_a_tcx_repeat_without_steps_or_a_count_is_refused() -> None:
    file = data("kaiord_WorkoutRepeatBlocks.tcx").replace(b"<Repetitions>5</Repetitions>", b"")
    caught = refusal(file)
    assert caught.code is RefusalCode.BAD_WORKOUT
    assert caught.line is not None


def test_a_repeat_count_past_trackcues_limit_is_refused() -> None:
    file = data("kaiord_WorkoutRepeatBlocks.tcx").replace(b">5<", b">500<")
    caught = refusal(file)
    assert caught.code is RefusalCode.BAD_WORKOUT
    assert "100" in caught.message


def test_a_fit_repeat_that_goes_back_to_no_step_before_it_is_refused() -> None:
    step = WorkoutStepMessage()
    step.message_index = 0
    step.duration_type = WorkoutStepDuration.TIME
    step.duration_time = 60.0
    repeat = WorkoutStepMessage()
    repeat.message_index = 1
    repeat.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
    repeat.duration_step = 5  # a step that is not before it
    repeat.target_repeat_steps = 3
    file = encode([file_id("workout", CREATED, 1), step, repeat])
    caught = refusal(file)
    assert caught.code is RefusalCode.BAD_WORKOUT
    assert "Step 2" in caught.message


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.data())
def test_a_damaged_workout_file_is_a_workout_or_a_typed_refusal(draw: st.DataObject) -> None:
    original = draw.draw(st.sampled_from([_FIT_SAMPLE, _TCX_SAMPLE]))
    data_ = bytearray(original)
    for _ in range(draw.draw(st.integers(1, 4))):
        how = draw.draw(st.sampled_from(["flip", "cut", "insert"]))
        at = draw.draw(st.integers(0, max(len(data_) - 1, 0)))
        if how == "flip" and data_:
            data_[at] ^= 1 << draw.draw(st.integers(0, 7))
        elif how == "cut":
            del data_[at:]
        else:
            data_[at:at] = draw.draw(st.binary(min_size=1, max_size=8))
    try:
        imported = read_workout_file(bytes(data_))
    except FileRefused as refusal:
        assert refusal.code in RefusalCode
        assert refusal.message
    else:
        assert parse_workout(imported.text) == imported.workout
