"""The OpenAPI document as a contract: every documented operation answers with the headers
that keep tokens out of caches, and every request example is one the server accepts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from server.api.examples import FILE_EXAMPLES, REQUEST_EXAMPLES
from server.store.event_log import mark_session
from tests.api.conftest import Api
from tests.coach.test_progression import STEADY, session

pytestmark = pytest.mark.asyncio

PASSWORD = "correct horse battery"


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def example_of(operation: dict[str, Any]) -> Any:
    content = operation.get("requestBody", {}).get("content", {})
    return (content.get("application/json") or content.get("multipart/form-data") or {}).get(
        "example"
    )


def sent_as(method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments that send `body` as the operation takes it: JSON, or files."""
    if (method, path) in FILE_EXAMPLES:
        return {"files": {name: (f"example-{name}", text) for name, text in body.items()}}
    return {"json": body}


def assert_private(reply: httpx.Response) -> None:
    where = f"{reply.request.method} {reply.request.url.path} -> {reply.status_code}"
    assert reply.headers.get("cache-control") == "no-store", where
    assert reply.headers.get("x-content-type-options") == "nosniff", where


async def test_every_operation_answers_no_store_and_nosniff_errors_included(api: Api) -> None:
    document = api.app.openapi()
    names = (
        "workout_id",
        "entry_id",
        "session_id",
        "device_id",
        "upload_id",
        "activity_id",
        "race_id",
    )
    ids = {name: "0" * 32 for name in names}
    ids["key"] = "6x400"
    seen: set[int] = set()
    for number, (method, path, operation) in enumerate(operations(document)):
        # A fresh athlete each time: signing out or deleting the account spends the token.
        owner = await api.athlete(f"walker {number}", profile=False)
        url = path.format(**ids)
        body = example_of(operation)
        for headers in (owner, {}, {"Authorization": "Bearer tc_not-a-token"}):
            reply = await api.client.request(method, url, json=body, headers=headers)
            assert_private(reply)
            seen.add(reply.status_code)
        if "requestBody" in operation:  # a body that is not JSON, and one too large
            for content in (b"{", b" " * (api.app.state.settings.max_body_bytes + 1)):
                reply = await api.client.request(
                    method,
                    url,
                    content=content,
                    headers={**owner, "content-type": "application/json"},
                )
                assert_private(reply)
                seen.add(reply.status_code)
    assert {200, 400, 401, 404, 413} <= seen  # successes and errors alike were checked
    assert_private(await api.client.get("/v1/no-such-thing"))
    page = await api.client.get("/")
    assert page.headers["x-content-type-options"] == "nosniff"


async def test_every_operation_with_a_body_documents_an_example(api: Api) -> None:
    document = api.app.openapi()
    with_body = {(m, p) for m, p, op in operations(document) if "requestBody" in op}
    missing = sorted(
        f"{m.upper()} {p}" for m, p in with_body if REQUEST_EXAMPLES.get((m, p)) is None
    )
    assert not missing, f"no request example for {missing}"
    for method, path, operation in operations(document):
        if "requestBody" in operation:
            assert example_of(operation) == REQUEST_EXAMPLES[(method, path)]
    assert len(with_body) >= 12


async def made_for(api: Api, path: str, headers: dict[str, str]) -> dict[str, str]:
    """The ids a path needs, made by the athlete sending the example."""
    ids: dict[str, str] = {}
    if "{workout_id}" in path:
        made = await api.client.post(
            "/v1/workouts", json={"text": "# Mine\n- 10m E Pace\n"}, headers=headers
        )
        ids["workout_id"] = made.json()["id"]
    if "{entry_id}" in path:
        entry = {"day": "2026-11-24", "template": "6x400"}
        made = await api.client.post("/v1/plan", json=entry, headers=headers)
        ids["entry_id"] = made.json()["id"]
    if path == "/v1/progress/accept":  # a suggestion needs a finished run of the built-in
        created = await api.client.post(
            "/v1/sessions", json={"day": "2026-11-24", "template": "6x400"}, headers=headers
        )
        results = session(STEADY).model_dump(mode="json")
        async with api.app.state.database.session() as db:
            await mark_session(db, created.json()["id"], status="finished", results=results)
    return ids


async def test_every_request_example_is_accepted_as_it_stands(api: Api) -> None:
    document = api.app.openapi()
    sent = []
    for number, (method, path, operation) in enumerate(operations(document)):
        example = example_of(operation)
        if example is None:
            continue
        headers = await api.athlete(f"example athlete {number}")
        body = dict(example)
        if path == "/v1/auth/signin":  # the example's account, if the sign-up example did not run
            signup = REQUEST_EXAMPLES[("post", "/v1/auth/signup")]
            await api.client.post("/v1/auth/signup", json=signup)
        if path == "/v1/devices/pair":  # a code is single use: the athlete's own, fresh one
            code = await api.client.post(
                "/v1/devices/pairing-codes", json={"device_name": "bridge"}, headers=headers
            )
            body["code"] = code.json()["code"]
        url = path.format(**await made_for(api, path, headers))
        reply = await api.client.request(
            method, url, headers=headers, **sent_as(method, path, body)
        )
        assert reply.is_success, f"{method.upper()} {path}: {reply.status_code} {reply.text}"
        sent.append(path)
    assert len(sent) == len(REQUEST_EXAMPLES)
