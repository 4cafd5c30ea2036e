"""The base of every request body: unknown fields and non-finite numbers are refused."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Body", "Reply"]


class Body(BaseModel):
    """A request body: strict about its fields (no mass assignment), no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, str_strip_whitespace=True)


class Reply(BaseModel):
    """A response body."""

    model_config = ConfigDict(from_attributes=True)
