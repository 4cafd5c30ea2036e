"""A request example for every operation that takes a body, as the server accepts it.

Clients and fuzzers start from these: each one, sent as it stands by a fresh athlete (with the
ids it created put into the path, and a real pairing code for `/v1/devices/pair`), gets a 2xx;
`tests/api/test_request_examples.py` sends every one. An operation with a body and no example
here fails that test, so the contract cannot fall behind the routes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FILE_EXAMPLES", "REQUEST_EXAMPLES", "add_request_examples"]

_WORKOUT_TEXT = "# 6 x 400 m\nMain set 6x\n- 400mtr I Pace splits 200mtr\n- Jog 400mtr E Pace\n"


def _example_gpx() -> str:
    """A 90-second run of ten track points, 36 m apart, as a watch would write it."""
    points = "".join(
        f'<trkpt lat="{46.0 + index * 0.000324:.6f}" lon="14.5">'
        f"<time>2026-11-24T07:{index * 10 // 60:02d}:{index * 10 % 60:02d}Z</time></trkpt>"
        for index in range(10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="example" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>Example run</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>\n"
    )


_TCX_WORKOUT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><Workouts>'
    '<Workout Sport="Running"><Name>Example 800s</Name>'
    '<Step xsi:type="Step_t"><StepId>1</StepId><Name>Fast</Name>'
    '<Duration xsi:type="Distance_t"><Meters>800</Meters></Duration><Intensity>Active</Intensity>'
    '<Target xsi:type="Speed_t"><SpeedZone xsi:type="CustomSpeedZone_t"><ViewAs>Pace</ViewAs>'
    "<LowInMetersPerSecond>4.0</LowInMetersPerSecond>"
    "<HighInMetersPerSecond>4.3</HighInMetersPerSecond></SpeedZone></Target></Step>"
    '<Step xsi:type="Step_t"><StepId>2</StepId><Name>Jog</Name>'
    '<Duration xsi:type="Time_t"><Seconds>120</Seconds></Duration><Intensity>Resting</Intensity>'
    '<Target xsi:type="None_t"/></Step></Workout></Workouts></TrainingCenterDatabase>\n'
)

# Multipart bodies (files): each part by name, a file as its text.
FILE_EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/v1/uploads"): {"file": _example_gpx()},
    ("post", "/v1/workouts/import"): {"file": _TCX_WORKOUT},
}

REQUEST_EXAMPLES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/v1/auth/signup"): {"name": "example runner", "password": "correct horse battery"},
    ("post", "/v1/auth/signin"): {"name": "example runner", "password": "correct horse battery"},
    ("put", "/v1/me/profile"): {
        "race_results": [{"race": "5k", "time": "19:57", "date": "2026-10-04"}],
        "max_hr": 190,
        "resting_hr": 50,
        "units": "km",
        "venue": "track",
    },
    ("delete", "/v1/me"): {"password": "correct horse battery"},
    ("post", "/v1/workouts"): {"text": _WORKOUT_TEXT},
    ("put", "/v1/workouts/{workout_id}"): {"text": _WORKOUT_TEXT.replace("6x", "8x")},
    ("post", "/v1/plan"): {"day": "2026-11-24", "template": "6x400", "note": "on the track"},
    ("post", "/v1/sessions"): {"day": "2026-11-24", "template": "6x400", "lane": 1},
    ("post", "/v1/sessions/preview"): {"template": "6x400", "day": "2026-11-24", "venue": "road"},
    ("post", "/v1/log"): {
        "day": "2026-11-24",
        "rpe": 7,
        "soreness": [{"where": "left calf", "severity": 2}],
        "feelings": "strong",
    },
    ("post", "/v1/activities"): {
        "day": "2026-11-23",
        "sport": "running",
        "distance_m": 10000,
        "duration_s": 2700,
        "avg_hr": 165,
        "rpe": 7,
        "name": "tempo by hand",
    },
    ("post", "/v1/races"): {"day": "2027-03-14", "distance_m": 10000, "name": "city 10k"},
    ("post", "/v1/progress/accept"): {"template": "6x400"},
    ("post", "/v1/substitutions"): {"template": "6x400", "venue": "road", "style": "by_time"},
    ("post", "/v1/plan/{entry_id}/substitute"): {"venue": "treadmill", "incline": True},
    ("post", "/v1/season"): {
        "race": "10k",
        "race_date": "2027-03-14",
        "goal_time": "41:00",
        "runs_per_week": 5,
        "long_run_day": "sunday",
        "track_day": "tuesday",
    },
    ("post", "/v1/devices/pairing-codes"): {"device_name": "track bridge"},
    ("post", "/v1/devices/pair"): {"code": "BCDF-GHJK"},
    **FILE_EXAMPLES,
}


def add_request_examples(document: dict[str, Any]) -> dict[str, Any]:
    """Put each operation's example on its JSON request body in the OpenAPI document."""
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            example = REQUEST_EXAMPLES.get((method, path))
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json") or content.get("multipart/form-data")
            if example is not None and body is not None:
                body["example"] = example
    return document
