"""The error tree of the storage layer.

StoreError
├── NotFound    no such object for this owner (another athlete's object is not found either)
└── Conflict    the object cannot be stored as asked (a name already taken, ...)
"""

from __future__ import annotations

__all__ = ["Conflict", "NotFound", "StoreError"]


class StoreError(Exception):
    """Root of every error the store raises."""


class NotFound(StoreError):
    """No `kind` with this id belongs to the caller."""

    def __init__(self, kind: str, object_id: str) -> None:
        self.kind = kind
        self.object_id = object_id
        super().__init__(f"no {kind} {object_id!r}")


class Conflict(StoreError):
    """The request clashes with what is stored."""
