"""The phone app's files as the server sends them: where, with which type and caching, and
outside the API's OpenAPI document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
    outside = await api.client.get("/app/../settings.py")
    assert outside.status_code == 404


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
