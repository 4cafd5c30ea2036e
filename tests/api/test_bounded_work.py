"""One small request cannot stall the server: the 35-byte attack is refused before any work."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.workouts.test_hostile_work import SNAPSHOT_BYTES, largest_accepted_text

ATTACK = "- 100km splits 1mtr\n"
pytestmark = pytest.mark.asyncio

PACED_ATTACK = "- 100km 4:00/km Pace splits 1mtr\n"


@pytest.mark.parametrize(
    "text", [ATTACK * 10, "Main set 10x\n" + ATTACK, "Main set 100x\n" + PACED_ATTACK * 3]
)
async def test_the_split_call_attack_is_refused_when_saved_and_when_previewed(
    api: Api, text: str
) -> None:
    headers = await api.athlete("mo")
    saved = await api.client.post(
        "/v1/workouts", json={"text": text, "name": "attack"}, headers=headers
    )
    previewed = await api.client.post("/v1/sessions/preview", json={"text": text}, headers=headers)
    for reply in (saved, previewed):
        assert reply.status_code == 422, reply.text
        assert "limit of 500 split calls in a step" in reply.text
        assert len(reply.content) < 10_000


async def test_the_largest_accepted_workout_previews_within_a_few_hundred_kb(api: Api) -> None:
    headers = await api.athlete("mo")
    reply = await api.client.post(
        "/v1/sessions/preview", json={"text": largest_accepted_text()}, headers=headers
    )
    assert reply.status_code == 200, reply.text
    assert len(reply.json()["snapshot"]["steps"]) == 500
    assert len(reply.content) <= SNAPSHOT_BYTES + 10_000
