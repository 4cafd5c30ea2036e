"""The FastAPI application: built by `create_app(settings)`, with the database opened in the
lifespan (never at import), problem details for every error, and limits on bodies and attempts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from server.api.limits import BodySizeLimit, RateLimiter
from server.api.problems import install_problem_handlers, problems_as_problem_json
from server.api.routes import accounts, live, training, workouts
from server.api.web import install_web
from server.live import Hub
from server.settings import Settings
from server.store import open_database

__all__ = ["create_app"]

DESCRIPTION = """\
The trackcue API: athletes and their profiles, workouts (as text or JSON), the plan, sessions,
the training log, and paired devices. Authenticate with `Authorization: Bearer <token>`.
Every error is RFC 9457 problem details (`application/problem+json`); another athlete's object
answers 404, exactly like a missing one.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for these settings (from the environment when not given)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = await open_database(settings.resolved_database_url())
        app.state.database = database
        hub = Hub(database, clock_rate=settings.clock_rate)
        await hub.start()
        app.state.hub = hub
        try:
            yield
        finally:
            await hub.stop()
            await database.close()

    app = FastAPI(
        title="trackcue",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.limits = {
        "sign-in": RateLimiter(settings.signin_attempts_per_minute),
        "pairing": RateLimiter(settings.pairing_attempts_per_minute),
    }
    install_problem_handlers(app)
    app.state.tickets = live.Tickets()
    for module in (accounts, workouts, training, live):
        app.include_router(module.router)

    @app.get("/v1/health", tags=["service"])
    async def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    install_web(app)

    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = problems_as_problem_json(FastAPI.openapi(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
