"""What routes depend on: a database session, the caller, the settings and the rate limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from server.api.problems import ProblemError
from server.settings import Settings
from server.store import Database
from server.store.athletes import Principal, principal_for_token

__all__ = ["AnyPrincipal", "CurrentAthlete", "DbSession", "SettingsDep", "client_key"]

_bearer = HTTPBearer(auto_error=False, description="`Authorization: Bearer <token>`")


async def _db(request: Request) -> AsyncIterator[AsyncSession]:
    database: Database = request.app.state.database
    async with database.session() as session:
        yield session


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DbSession = Annotated[AsyncSession, Depends(_db)]
SettingsDep = Annotated[Settings, Depends(_settings)]


async def _principal(
    db: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    challenge = {"WWW-Authenticate": "Bearer"}
    if credentials is None:
        raise ProblemError(
            401, "send a bearer token: Authorization: Bearer <token>", headers=challenge
        )
    principal = await principal_for_token(db, credentials.credentials)
    if principal is None:
        raise ProblemError(401, "the token is unknown or revoked", headers=challenge)
    return principal


async def _athlete(principal: Annotated[Principal, Depends(_principal)]) -> Principal:
    if principal.kind != "athlete":
        raise ProblemError(403, f"a {principal.kind} token cannot use this endpoint")
    return principal


AnyPrincipal = Annotated[Principal, Depends(_principal)]
CurrentAthlete = Annotated[Principal, Depends(_athlete)]


def client_key(request: Request) -> str:
    """Who is attempting, for rate limits: the client's address."""
    return request.client.host if request.client is not None else "unknown"
