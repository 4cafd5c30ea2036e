"""Invalid workouts are refused with the step's path, never a raw pydantic dump."""

from __future__ import annotations

import pytest

from server.workouts import WorkoutValidationError, workout_from_data


def rep(**target: object) -> dict[str, object]:
    return {"type": "step", "kind": "work", "duration": {"type": "time", "seconds": 60}, **target}


def test_an_inverted_pace_range_is_named_by_its_block_and_step() -> None:
    data = {
        "items": [
            {
                "type": "repeat",
                "name": "Main set",
                "count": 6,
                "steps": [
                    rep(),
                    rep(target={"type": "pace", "fast": 95, "slow": 92, "unit": "/400m"}),
                ],
            }
        ]
    }
    with pytest.raises(WorkoutValidationError) as caught:
        workout_from_data(data)
    (issue,) = caught.value.issues
    assert issue.path == "main set 6x > step 2 > target"
    assert issue.message.startswith("pace range is inverted (1:35/400m is slower than 1:32/400m)")
    assert "Value error" not in str(caught.value)


def test_every_broken_rule_is_reported_at_once() -> None:
    data = {
        "items": [
            {"type": "section", "name": "Warmup", "steps": [rep(duration={"type": "time"})]},
            {"type": "step", "kind": "sprint", "duration": {"type": "time", "seconds": 5}},
        ]
    }
    with pytest.raises(WorkoutValidationError) as caught:
        workout_from_data(data)
    paths = [issue.path for issue in caught.value.issues]
    assert paths == ["warmup > step 1 > duration > seconds", "step 2 > kind"]


@pytest.mark.parametrize(
    ("step", "says"),
    [
        (rep(target={"type": "pace_zone", "low": 3, "high": 2}), "pace zone range is inverted"),
        (rep(ramp=True), "a ramp needs a target range"),
        (
            rep(splits={"type": "distance", "value": 200}),
            "split calls need a step measured by distance",
        ),
        (rep(duration={"type": "time", "seconds": float("nan")}), "finite number"),
        (rep(cue='say "go"'), "double quote"),
        (rep(duration={"type": "distance", "value": 400, "unit": "yd"}), "'mtr', 'km' or 'mi'"),
        (rep(unexpected=1), "Extra inputs are not permitted"),
    ],
)
def test_step_rules_are_explained(step: dict[str, object], says: str) -> None:
    with pytest.raises(WorkoutValidationError, match=says):
        workout_from_data({"items": [step]})


def test_skip_last_recovery_needs_a_recovery_at_the_end() -> None:
    data = {"items": [{"type": "repeat", "count": 3, "skip_last_recovery": True, "steps": [rep()]}]}
    with pytest.raises(WorkoutValidationError) as caught:
        workout_from_data(data)
    assert str(caught.value) == (
        "repeat 3x: skip last recovery needs the repeat to end with a recovery or rest step"
    )


def test_a_workout_that_expands_past_the_limit_is_refused() -> None:
    inner = {"type": "repeat", "count": 100, "steps": [rep()]}
    data = {"items": [{"type": "repeat", "count": 100, "steps": [inner]}]}
    with pytest.raises(WorkoutValidationError, match="expands to 10000 steps"):
        workout_from_data(data)
