"""The phone app: static files from `server/web`, served by the API itself (no build step).

The pages live inside the `server` package so that they ship in the wheel. Every file is sent
with `Cache-Control: no-cache`: the browser (and the service worker) revalidate with the ETag
on each load, so a new release reaches phones on their next start while an unchanged file costs
a 304. The service worker is served from the root so that its scope covers `/` and `/watch`.
None of these routes is in the OpenAPI document: they are pages, not the API.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["WEB_DIR", "install_web"]

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

# Types by suffix, not by the platform's mimetypes table, which varies (`.webmanifest` is often
# unknown and `.js` is sometimes `application/javascript`, which module loading tolerates but
# a strict reading of the HTML standard does not prefer).
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
}

# The pages load nothing from elsewhere: scripts, styles and the socket are all ours ('self'
# covers the page's own host over ws: and wss: in CSP Level 3, as every current browser reads it).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; media-src 'self' data:; manifest-src 'self'; "
    "worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def _headers(path: Path) -> dict[str, str]:
    headers = {
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }
    if path.suffix == ".html":
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return headers


def _media_type(path: Path) -> str:
    return MEDIA_TYPES.get(path.suffix, "application/octet-stream")


class AppFiles(StaticFiles):
    """Static files with our media types and caching headers."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        path = Path(full_path)
        response.headers["content-type"] = _media_type(path)
        response.headers.update(_headers(path))
        return response


def _page(name: str) -> FileResponse:
    path = WEB_DIR / name
    return FileResponse(path, media_type=_media_type(path), headers=_headers(path))


def install_web(app: FastAPI) -> None:
    """Serve the phone app at `/`, the watch view at `/watch`, and their files at `/app/`."""

    @app.get("/", include_in_schema=False)
    async def phone_page() -> FileResponse:
        return _page("index.html")

    @app.get("/watch", include_in_schema=False)
    async def watch_page() -> FileResponse:
        return _page("watch.html")

    @app.get("/sw.js", include_in_schema=False)
    async def service_worker() -> FileResponse:
        # At the root, so its scope is the whole app without a Service-Worker-Allowed header.
        return _page("sw.js")

    @app.get("/manifest.webmanifest", include_in_schema=False)
    async def manifest() -> FileResponse:
        return _page("manifest.webmanifest")

    app.mount("/app", AppFiles(directory=WEB_DIR), name="app")
