"""Settings, each from a `TRACKCUE_*` environment variable, a `.env` file, or a default.

Built once per process by whoever starts the server (`trackcue serve`, a test), never at import.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_data_dir"]


def default_data_dir() -> Path:
    """Where data lives unless told otherwise: `$XDG_DATA_HOME/trackcue` or `~/.local/share`."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "trackcue"


class Settings(BaseSettings):
    """Everything the server can be told; see `deploy/trackcue.env.example`."""

    model_config = SettingsConfigDict(
        env_prefix="TRACKCUE_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; the default is an SQLite file in the data directory."
        " PostgreSQL: postgresql+asyncpg://user:password@host/db",
    )
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    max_body_bytes: Annotated[int, Field(ge=1024)] = 256 * 1024
    max_upload_bytes: Annotated[int, Field(ge=1024)] = Field(
        default=25 * 1024 * 1024,
        description="The largest activity file POST /v1/uploads takes, as sent (gzipped or not).",
    )
    upload_background_bytes: Annotated[int, Field(ge=0)] = Field(
        default=512 * 1024,
        description="Files of this size and up are imported in the background (202).",
    )
    signin_attempts_per_minute: Annotated[int, Field(ge=1)] = 10
    pairing_attempts_per_minute: Annotated[int, Field(ge=1)] = 10
    pairing_code_ttl_s: Annotated[int, Field(ge=60, le=3600)] = 600
    log_level: str = "info"
    clock_rate: Annotated[float, Field(gt=0, le=1000)] = Field(
        default=1.0,
        description="Session seconds per real second. Leave at 1 for runners; the demo and the"
        " browser tests run sessions faster.",
    )

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str | None) -> str | None:
        if url is None:
            return None
        if url.startswith(("postgresql://", "postgres://")):
            return "postgresql+asyncpg://" + url.split("://", 1)[1]
        if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
            return "sqlite+aiosqlite://" + url.split("://", 1)[1]
        return url

    def resolved_database_url(self) -> str:
        """The database URL to use, with the SQLite default filled in."""
        if self.database_url is not None:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'trackcue.db'}"
