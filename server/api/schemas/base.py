"""The base of every request body: unknown fields and non-finite numbers are refused."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["Body", "Reply"]


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


class Body(BaseModel):
    """A request body: strict about its fields (no mass assignment), no NaN or infinity, and
    no NUL character anywhere (PostgreSQL cannot store one in text)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError("text must not contain a NUL character")
        return data


class Reply(BaseModel):
    """A response body."""

    model_config = ConfigDict(from_attributes=True)
