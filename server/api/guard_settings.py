"""The API's protective limits, each from a `TRACKCUE_*` environment variable or a default.

They live beside the code that enforces them (rather than in `server.settings`) because only
the API reads them, and a deployment tunes them together; `docs/security.md` lists each one.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["GuardSettings"]


class GuardSettings(BaseSettings):
    """Caps on live sockets, the per-account sign-in back-off, and which proxies to believe."""

    model_config = SettingsConfigDict(
        env_prefix="TRACKCUE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses or networks (comma-separated) whose X-Forwarded-For is believed;"
        " empty: the client's address is the socket's peer, whatever the headers say.",
    )
    live_sockets_per_token: Annotated[int, Field(ge=1, le=1000)] = 8
    live_sockets_per_session: Annotated[int, Field(ge=1, le=10_000)] = 32
    signin_free_failures: Annotated[int, Field(ge=1, le=100)] = 5
    signin_max_delay_s: Annotated[int, Field(ge=1, le=86_400)] = 900
    pairing_attempts_per_code: Annotated[int, Field(ge=1, le=100)] = 5

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value
