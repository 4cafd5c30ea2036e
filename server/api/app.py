"""The FastAPI application: built by `create_app(settings)`, with the database opened in the
lifespan (never at import), problem details for every error, and limits on bodies and attempts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from server.api.examples import add_request_examples
from server.api.guard_settings import GuardSettings
from server.api.headers import SecurityHeaders
from server.api.limits import BodySizeLimit, FailureBackoff, RateLimiter
from server.api.problems import install_problem_handlers, problems_as_problem_json
from server.api.routes import (
    accounts,
    activities,
    live,
    load,
    logged_runs,
    progress,
    season,
    substitutions,
    training,
    uploads,
    workouts,
)
from server.api.sockets import SocketRegistry
from server.api.web import install_web
from server.live import Hub
from server.settings import Settings
from server.store import open_database
from server.sync.exports import ExportCache
from server.sync.uploads import UploadWorker

__all__ = ["create_app"]

COACH = (logged_runs, load, progress, substitutions, season)
"""The training loop's routes: hand-logged runs, races, load, readiness, progress, bad-weather
substitution and the season."""

DESCRIPTION = """\
The trackcue API: athletes and their profiles, workouts (as text or JSON), the plan, sessions,
the training log, and paired devices. Authenticate with `Authorization: Bearer <token>`.
Every error is RFC 9457 problem details (`application/problem+json`); another athlete's object
answers 404, exactly like a missing one.
"""


def create_app(settings: Settings | None = None, guard: GuardSettings | None = None) -> FastAPI:
    """The application for these settings (from the environment when not given)."""
    settings = settings or Settings()
    guard = guard or GuardSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = await open_database(settings.resolved_database_url())
        app.state.database = database
        hub = Hub(database, clock_rate=settings.clock_rate)
        await hub.start()
        app.state.hub = hub
        app.state.uploads = UploadWorker(
            database, background_bytes=settings.upload_background_bytes
        )
        app.state.exports = ExportCache()
        try:
            yield
        finally:
            await app.state.uploads.close()
            await hub.stop()
            await database.close()

    app = FastAPI(
        title="trackcue",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.guard = guard
    app.state.limits = {
        "sign-in": RateLimiter(settings.signin_attempts_per_minute),
        "pairing": RateLimiter(settings.pairing_attempts_per_minute),
        "pairing code": RateLimiter(
            guard.pairing_attempts_per_code, window_s=settings.pairing_code_ttl_s
        ),
    }
    app.state.signin_backoff = FailureBackoff(guard.signin_free_failures, guard.signin_max_delay_s)
    install_problem_handlers(app)
    app.state.tickets = live.Tickets()
    app.state.sockets = SocketRegistry(guard.live_sockets_per_token, guard.live_sockets_per_session)
    for module in (accounts, workouts, uploads, training, activities, live, *COACH):
        app.include_router(module.router)

    @app.get("/v1/health", tags=["service"])
    async def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    install_web(app)

    # Files are larger than any other body; the envelope leaves room for multipart headers.
    file_limit = settings.max_upload_bytes + 64 * 1024
    app.add_middleware(
        BodySizeLimit, max_bytes=settings.max_body_bytes, larger={"/v1/uploads": file_limit}
    )
    if guard.trusted_proxies:
        # The client's address (for rate limits and logs) comes from X-Forwarded-For only when
        # the peer is one of these proxies; `trackcue serve` turns uvicorn's own handling off.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=guard.trusted_proxies)
    app.add_middleware(SecurityHeaders)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = problems_as_problem_json(FastAPI.openapi(app))
            app.openapi_schema = add_request_examples(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
