"""The phone app's files as the server sends them: where, with which type and caching, and
outside the API's OpenAPI document."""

from __future__ import annotations

import asyncio
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi import FastAPI

from server.api import create_app
from server.api.web import WEB_DIR
from server.settings import Settings
from tests.api.conftest import Api

APP_FILES = sorted(
    path.relative_to(WEB_DIR).as_posix()
    for path in WEB_DIR.rglob("*")
    if path.is_file()
    and path.name not in {"index.html", "watch.html", "sw.js"}
    and path.suffix != ".webmanifest"
)


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/watch", "text/html; charset=utf-8"),
        ("/sw.js", "text/javascript; charset=utf-8"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/app/js/live.js", "text/javascript; charset=utf-8"),
        ("/app/style.css", "text/css; charset=utf-8"),
        ("/app/icon.svg", "image/svg+xml"),
        ("/app/icon-192.png", "image/png"),
    ],
)
async def test_each_file_has_its_type_and_is_revalidated_on_every_load(
    api: Api, path: str, media_type: str
) -> None:
    reply = await api.client.get(path)
    assert reply.status_code == 200
    assert reply.headers["content-type"] == media_type
    assert reply.headers["cache-control"] == "no-cache"  # a new release reaches the phone
    assert reply.headers["x-content-type-options"] == "nosniff"


@pytest.mark.asyncio
async def test_pages_load_nothing_from_elsewhere(api: Api) -> None:
    for path in ("/", "/watch"):
        reply = await api.client.get(path)
        policy = reply.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert not re.search(r"(src|href)=\"(https?:)?//", reply.text), "a file from elsewhere"


@pytest.mark.asyncio
async def test_a_file_that_is_not_there_is_a_problem_not_a_page(api: Api) -> None:
    reply = await api.client.get("/app/js/nothing.js")
    assert reply.status_code == 404
    assert reply.headers["content-type"] == "application/problem+json"


async def raw_get(app: FastAPI, raw_path: bytes) -> tuple[int, bytes]:
    """GET `raw_path` exactly as a client could send it, straight into the ASGI app.

    HTTP clients (httpx among them) resolve `..` in a URL before sending it, so a traversal
    test through a client tests the client. The scope is built as a server fills it: `raw_path`
    as sent, `path` percent-decoded, dots left where they are.
    """
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path.decode("ascii")),
        "raw_path": raw_path,
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"trackcue")],
        "client": ("127.0.0.1", 50000),
        "server": ("trackcue", 80),
    }
    sent: list[MutableMapping[str, Any]] = []
    requested = False
    finished = asyncio.Event()

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await finished.wait()  # a response may listen for the disconnect while it streams
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            finished.set()

    async with asyncio.timeout(10):
        await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return int(status), body


SERVER_DIR = WEB_DIR.parent
OUTSIDE = {
    "settings.py": (SERVER_DIR / "settings.py").read_bytes(),
    "pyproject.toml": (SERVER_DIR.parent / "pyproject.toml").read_bytes(),
}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "raw_path",
    [
        b"/app/../settings.py",
        b"/app/js/../../settings.py",
        b"/app/%2e%2e/settings.py",
        b"/app/%2E%2E/settings.py",
        b"/app/..%2fsettings.py",
        b"/app/..%2Fsettings.py",
        b"/app/%2e%2e%2fsettings.py",
        b"/app/js/..%2f..%2fsettings.py",
        b"/app/../../pyproject.toml",
        b"/app/%2e%2e/%2e%2e/pyproject.toml",
        b"/app/..%2f..%2fpyproject.toml",
        b"/app/..%5csettings.py",
        b"/app/%252e%252e/settings.py",
    ],
)
async def test_no_path_reaches_a_file_outside_the_app(api: Api, raw_path: bytes) -> None:
    status, body = await raw_get(api.app, raw_path)
    assert status == 404, raw_path
    for name, content in OUTSIDE.items():
        assert content not in body, f"{raw_path!r} served {name}"


@pytest.mark.asyncio
async def test_dots_that_stay_inside_the_app_reach_it_unchanged(api: Api) -> None:
    # The control for the test above: these paths do reach the app with their dots, since a
    # `..` that stays inside `server/web` is served.
    status, body = await raw_get(api.app, b"/app/js/../style.css")
    assert status == 200
    assert body == (WEB_DIR / "style.css").read_bytes()
    status, body = await raw_get(api.app, b"/app/js/%2e%2e/style.css")
    assert status == 200
    assert body == (WEB_DIR / "style.css").read_bytes()


def test_the_app_is_not_part_of_the_api_document() -> None:
    schema = create_app(Settings(data_dir="unused")).openapi()
    assert all(path.startswith("/v1/") for path in schema["paths"])


def test_the_service_worker_keeps_every_file_of_the_shell_and_never_the_api() -> None:
    worker = (WEB_DIR / "sw.js").read_text(encoding="utf-8")
    shell = set(re.findall(r'^\s*"(/[^"]*)",?$', worker, flags=re.MULTILINE))
    assert {f"/app/{name}" for name in APP_FILES} <= shell
    assert {"/", "/watch", "/manifest.webmanifest"} <= shell
    assert not [path for path in shell if path.startswith("/v1/")]
    assert 'url.pathname.startsWith("/v1/")' in worker


def test_the_app_ships_inside_the_server_package() -> None:
    assert WEB_DIR.parent.name == "server" and (WEB_DIR.parent / "__init__.py").exists()
    for name in ("index.html", "watch.html", "sw.js", "manifest.webmanifest", "style.css"):
        assert (WEB_DIR / name).is_file(), name


def test_the_png_icons_are_the_sizes_the_manifest_names() -> None:
    for size in (192, 512):
        header = (WEB_DIR / f"icon-{size}.png").read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        assert (width, height) == (size, size)


def test_no_module_of_the_app_reaches_outside_the_server() -> None:
    for path in Path(WEB_DIR).rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        for target in re.findall(r'from "([^"]+)"', text):
            assert target.startswith("./") or target.startswith("../"), (path.name, target)
        text = text.replace("http://www.w3.org/2000/svg", "")  # a namespace, not a fetch
        assert "http://" not in text and "https://" not in text, path.name
