"""Athletes, their profiles and their bearer tokens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.store.credentials import (
    hash_password,
    hash_secret,
    new_token,
    spend_password_work,
    verify_password,
)
from server.store.errors import Conflict, NotFound
from server.store.ids import new_id, utcnow
from server.store.profile import Profile
from server.store.tables import Athlete, Device, Token

__all__ = [
    "Principal",
    "authenticate",
    "create_athlete",
    "get_athlete",
    "issue_token",
    "principal_for_token",
    "profile_of",
    "revoke_token",
    "update_profile",
]


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a bearer token speaks for, and as what."""

    athlete_id: str
    kind: str  # athlete | device | share
    token_id: str
    device_id: str | None = None
    session_id: str | None = None


async def create_athlete(
    db: AsyncSession, name: str, password: str | None = None
) -> tuple[Athlete, str]:
    """A new athlete and a first athlete token (returned in clear, once)."""
    athlete = Athlete(
        id=new_id(),
        name=name,
        password_hash=hash_password(password) if password is not None else None,
        profile={},
        created_at=utcnow(),
    )
    db.add(athlete)
    try:
        await db.flush()
    except IntegrityError:
        await db.rollback()
        raise Conflict(f"the name {name!r} is taken") from None
    token = await issue_token(db, athlete.id, "athlete")
    return athlete, token


async def authenticate(db: AsyncSession, name: str, password: str) -> tuple[Athlete, str] | None:
    """Sign in: a new athlete token when name and password match, else None."""
    athlete = (await db.execute(select(Athlete).where(Athlete.name == name))).scalar_one_or_none()
    if athlete is None or athlete.password_hash is None:
        spend_password_work(password)  # the same work either way: timing tells nothing
        return None
    if not verify_password(password, athlete.password_hash):
        return None
    return athlete, await issue_token(db, athlete.id, "athlete")


async def issue_token(
    db: AsyncSession,
    athlete_id: str,
    kind: str,
    *,
    device_id: str | None = None,
    session_id: str | None = None,
) -> str:
    """A new token of `kind` for the athlete; only its hash is stored."""
    token, token_hash = new_token()
    db.add(
        Token(
            id=new_id(),
            athlete_id=athlete_id,
            kind=kind,
            token_hash=token_hash,
            device_id=device_id,
            session_id=session_id,
            created_at=utcnow(),
        )
    )
    await db.commit()
    return token


async def principal_for_token(db: AsyncSession, token: str) -> Principal | None:
    """Who the token is, or None for an unknown or revoked token (or a revoked device's)."""
    row = (
        await db.execute(select(Token).where(Token.token_hash == hash_secret(token)))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    if row.device_id is not None:
        device = await db.get(Device, row.device_id)
        if device is None or device.revoked_at is not None:
            return None
    return Principal(row.athlete_id, row.kind, row.id, row.device_id, row.session_id)


async def revoke_token(db: AsyncSession, principal: Principal) -> None:
    """Sign out: the token stops working."""
    row = await db.get(Token, principal.token_id)
    if row is not None and row.athlete_id == principal.athlete_id:
        row.revoked_at = utcnow()
        await db.commit()


async def get_athlete(db: AsyncSession, athlete_id: str) -> Athlete:
    """The athlete, or NotFound."""
    athlete = await db.get(Athlete, athlete_id)
    if athlete is None:
        raise NotFound("athlete", athlete_id)
    return athlete


def profile_of(athlete: Athlete) -> Profile:
    """The athlete's profile, whenever it was written (a new athlete's empty one included)."""
    return Profile.model_validate(athlete.profile)


async def update_profile(db: AsyncSession, athlete_id: str, profile: Profile) -> Athlete:
    """Replace the athlete's profile; sessions already created keep the settings they took."""
    athlete = await get_athlete(db, athlete_id)
    athlete.profile = profile.model_dump(mode="json")
    await db.commit()
    return athlete
