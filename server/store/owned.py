"""Reading rows through their owner: the one place every query is scoped by athlete."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.store.errors import NotFound

__all__ = ["get_owned", "owned_rows"]


Row = TypeVar("Row")


def owned_rows(model: type[Row], owner: str) -> Select[Row]:
    """`SELECT model WHERE athlete_id = owner`, to refine further."""
    return select(model).where(model.athlete_id == owner)  # type: ignore[attr-defined]


async def get_owned(
    db: AsyncSession, model: type[Row], object_id: str, owner: str, kind: str
) -> Row:
    """The row with this id if the owner owns it; NotFound otherwise, exactly as if missing."""
    if "\x00" in object_id or len(object_id) > 64:
        raise NotFound(kind, object_id)  # not an id we could have issued
    statement = owned_rows(model, owner).where(model.id == object_id)  # type: ignore[attr-defined]
    row = (await db.execute(statement)).scalar_one_or_none()
    if row is None:
        raise NotFound(kind, object_id)
    return row
