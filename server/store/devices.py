"""Paired devices: a code shown on the phone, typed on the bridge, traded for a device token."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server.store.athletes import issue_token
from server.store.credentials import hash_secret, new_pairing_code
from server.store.ids import new_id, utcnow
from server.store.owned import get_owned, owned_rows
from server.store.tables import Device, PairingCode, Token

__all__ = ["create_pairing_code", "list_devices", "redeem_pairing_code", "revoke_device"]


async def create_pairing_code(
    db: AsyncSession, owner: str, device_name: str, ttl_s: int
) -> tuple[str, dt.datetime]:
    """A new code for the owner and when it expires; only its hash is stored."""
    code = new_pairing_code()
    expires = utcnow() + dt.timedelta(seconds=ttl_s)
    db.add(
        PairingCode(
            id=new_id(),
            athlete_id=owner,
            code_hash=hash_secret(code),
            device_name=device_name,
            expires_at=expires,
        )
    )
    await db.commit()
    return code, expires


async def redeem_pairing_code(db: AsyncSession, code: str) -> tuple[Device, str] | None:
    """Trade a valid, unused, unexpired code for a device and its token; None otherwise."""
    row = (
        await db.execute(select(PairingCode).where(PairingCode.code_hash == hash_secret(code)))
    ).scalar_one_or_none()
    now = utcnow()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    # Mark the code used with a conditional update, so two bridges racing get one device.
    claimed = await db.execute(
        update(PairingCode)
        .where(PairingCode.id == row.id, PairingCode.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await db.rollback()
        return None
    device = Device(id=new_id(), athlete_id=row.athlete_id, name=row.device_name, created_at=now)
    db.add(device)
    await db.flush()
    token = await issue_token(db, row.athlete_id, "device", device_id=device.id)
    return device, token


async def list_devices(db: AsyncSession, owner: str) -> list[Device]:
    """The owner's devices, paired or revoked, newest first."""
    statement = owned_rows(Device, owner).order_by(Device.created_at.desc(), Device.id)
    return list((await db.execute(statement)).scalars())


async def revoke_device(db: AsyncSession, owner: str, device_id: str) -> Device:
    """Unpair: the device and every token it holds stop working."""
    device = await get_owned(db, Device, device_id, owner, "device")
    now = utcnow()
    if device.revoked_at is None:
        device.revoked_at = now
        await db.execute(
            update(Token)
            .where(Token.device_id == device.id, Token.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        await db.commit()
    return device
