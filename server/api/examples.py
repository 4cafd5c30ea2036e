"""A request example for every operation that takes a body, as the server accepts it.

Clients and fuzzers start from these: each one, sent as it stands by a fresh athlete (with the
ids it created put into the path, and a real pairing code for `/v1/devices/pair`), gets a 2xx;
`tests/api/test_request_examples.py` sends every one. An operation with a body and no example
here fails that test, so the contract cannot fall behind the routes.
"""

from __future__ import annotations

from typing import Any

__all__ = ["REQUEST_EXAMPLES", "add_request_examples"]

_WORKOUT_TEXT = "# 6 x 400 m\nMain set 6x\n- 400mtr I Pace splits 200mtr\n- Jog 400mtr E Pace\n"

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
    ("post", "/v1/devices/pairing-codes"): {"device_name": "track bridge"},
    ("post", "/v1/devices/pair"): {"code": "BCDF-GHJK"},
}


def add_request_examples(document: dict[str, Any]) -> dict[str, Any]:
    """Put each operation's example on its JSON request body in the OpenAPI document."""
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            example = REQUEST_EXAMPLES.get((method, path))
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if example is not None and body is not None:
                body["example"] = example
    return document
