"""Response headers every answer carries, errors and refusals included.

Tokens and athletes' data travel in `/v1` bodies, so nothing there may be kept by a browser or
a shared cache (`Cache-Control: no-store`), and no response may be sniffed into another type
(`nosniff`). This wraps the whole app, so even the 413 the body limit sends gets them.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SecurityHeaders"]


class SecurityHeaders:
    """`X-Content-Type-Options: nosniff` everywhere; `Cache-Control: no-store` under `/v1`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"] == "/v1" or scope["path"].startswith("/v1/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
