"""Accounts: sign-up and sign-in, the athlete's profile, and paired devices.

Whatever revokes a credential (signing out, unpairing a device, deleting the account) also
closes the live sockets it opened and the tickets it asked for, before it answers.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from sqlalchemy import delete

from server.api.deps import AnyPrincipal, CurrentAthlete, DbSession, SettingsDep, client_key
from server.api.problems import ProblemError, problem_responses
from server.api.schemas.accounts import (
    AccountDeletion,
    DeviceReply,
    PairedReply,
    PairingCodeReply,
    PairingCodeRequest,
    PairRequest,
    SignIn,
    SignUp,
    TokenReply,
)
from server.api.schemas.profile import ProfileIn, ProfileReply
from server.api.sockets import SocketRegistry
from server.api.tickets import Tickets
from server.store.athletes import (
    authenticate,
    create_athlete,
    get_athlete,
    profile_of,
    revoke_token,
    update_profile,
)
from server.store.credentials import normalize_pairing_code, spend_password_work, verify_password
from server.store.devices import (
    create_pairing_code,
    list_devices,
    redeem_pairing_code,
    revoke_device,
)
from server.store.tables import Athlete

__all__ = ["router"]

router = APIRouter(prefix="/v1")


def _limit(request: Request, name: str, key: str | None = None) -> None:
    """429 when the client's address (or `key`) has used up its attempts for `name`."""
    retry = request.app.state.limits[name].retry_after(key or client_key(request))
    _too_many(name, retry)


def _too_many(name: str, retry: int | None) -> None:
    if retry is not None:
        raise ProblemError(
            429,
            f"too many {name} attempts; try again in {retry} s",
            headers={"Retry-After": str(retry)},
        )


def _sockets(request: Request) -> SocketRegistry:
    registry: SocketRegistry = request.app.state.sockets
    return registry


def _tickets(request: Request) -> Tickets:
    tickets: Tickets = request.app.state.tickets
    return tickets


@router.post(
    "/auth/signup",
    status_code=status.HTTP_201_CREATED,
    tags=["accounts"],
    responses=problem_responses(409, 422, 429),
)
async def sign_up(body: SignUp, request: Request, db: DbSession) -> TokenReply:
    """Create an athlete account and return its first token."""
    _limit(request, "sign-in")
    athlete, token = await create_athlete(db, body.name, body.password)
    return TokenReply(athlete_id=athlete.id, token=token)


@router.post("/auth/signin", tags=["accounts"], responses=problem_responses(401, 422, 429))
async def sign_in(body: SignIn, request: Request, db: DbSession) -> TokenReply:
    """Trade a name and password for a new athlete token.

    Limited per address and, with a growing delay, per name: the same answers and the same
    work whether an account has the name or not.
    """
    _limit(request, "sign-in")
    backoff = request.app.state.signin_backoff
    name_key = body.name.casefold()
    _too_many("sign-in", backoff.retry_after(name_key))
    signed_in = await authenticate(db, body.name, body.password)
    if signed_in is None:
        backoff.failed(name_key)
        raise ProblemError(401, "the name or the password is wrong")
    backoff.succeeded(name_key)
    athlete, token = signed_in
    return TokenReply(athlete_id=athlete.id, token=token)


@router.post(
    "/auth/signout",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["accounts"],
    responses=problem_responses(401),
)
async def sign_out(principal: AnyPrincipal, request: Request, db: DbSession) -> Response:
    """Revoke the token this request carries; its live sockets close (1008) and its tickets die."""
    await revoke_token(db, principal)
    _tickets(request).revoke(token_id=principal.token_id)
    await _sockets(request).revoke_token(principal.token_id, "signed out")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete(
    "/me",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["athlete"],
    responses=problem_responses(401, 403, 422, 429),
)
async def delete_account(
    body: AccountDeletion, athlete: CurrentAthlete, request: Request, db: DbSession
) -> Response:
    """Delete the account and everything it holds; every token, ticket and live socket dies.

    The password is asked again, so a token alone (left on a shared phone) cannot erase an
    athlete's history; wrong passwords count toward the name's sign-in back-off.
    """
    row = await get_athlete(db, athlete.athlete_id)
    backoff = request.app.state.signin_backoff
    name_key = row.name.casefold()
    _too_many("sign-in", backoff.retry_after(name_key))
    if row.password_hash is None:
        spend_password_work(body.password)
        raise ProblemError(403, "this account has no password to confirm with")
    if not verify_password(body.password, row.password_hash):
        backoff.failed(name_key)
        raise ProblemError(403, "the password is wrong")
    # Sockets first, so no input is logged for a session that is about to be deleted.
    _tickets(request).revoke(athlete_id=athlete.athlete_id)
    await _sockets(request).revoke_athlete(athlete.athlete_id, "account deleted")
    await db.execute(delete(Athlete).where(Athlete.id == athlete.athlete_id))
    await db.commit()  # tokens, devices, workouts, sessions and their logs go with it (cascade)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/me", tags=["athlete"], responses=problem_responses(401, 403))
async def read_me(athlete: CurrentAthlete, db: DbSession) -> ProfileReply:
    """The athlete, the profile, and the VDOT, paces and zones it gives."""
    row = await get_athlete(db, athlete.athlete_id)
    return ProfileReply.build(row.id, row.name, profile_of(row))


@router.put("/me/profile", tags=["athlete"], responses=problem_responses(401, 403, 422))
async def replace_profile(body: ProfileIn, athlete: CurrentAthlete, db: DbSession) -> ProfileReply:
    """Replace the profile: race results, heart rates, units, venue and cue preferences.

    Sessions already created keep the settings they were created with.
    """
    row = await update_profile(db, athlete.athlete_id, body)
    return ProfileReply.build(row.id, row.name, body)


@router.post(
    "/devices/pairing-codes",
    status_code=status.HTTP_201_CREATED,
    tags=["devices"],
    responses=problem_responses(401, 403, 422),
)
async def new_pairing_code(
    body: PairingCodeRequest, athlete: CurrentAthlete, db: DbSession, settings: SettingsDep
) -> PairingCodeReply:
    """A short code to show on the phone; the bridge sends it to `/v1/devices/pair`."""
    code, expires = await create_pairing_code(
        db, athlete.athlete_id, body.device_name, settings.pairing_code_ttl_s
    )
    return PairingCodeReply(code=code, expires_at=expires)


@router.post(
    "/devices/pair",
    status_code=status.HTTP_201_CREATED,
    tags=["devices"],
    responses=problem_responses(401, 422, 429),
)
async def pair(body: PairRequest, request: Request, db: DbSession) -> PairedReply:
    """Trade a pairing code for a device token (no other credentials: the code is one).

    Limited per address and per code, so neither one client nor many can wear a code down.
    """
    _limit(request, "pairing")
    code = normalize_pairing_code(body.code)
    _limit(request, "pairing code", code or body.code.upper())
    paired = await redeem_pairing_code(db, code) if code is not None else None
    if paired is None:
        raise ProblemError(401, "the code is wrong, used or expired; ask the phone for a new one")
    device, token = paired
    return PairedReply(device_id=device.id, token=token)


@router.get("/devices", tags=["devices"], responses=problem_responses(401, 403))
async def read_devices(athlete: CurrentAthlete, db: DbSession) -> list[DeviceReply]:
    """Paired devices, revoked ones included."""
    return [DeviceReply.model_validate(row) for row in await list_devices(db, athlete.athlete_id)]


@router.delete(
    "/devices/{device_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["devices"],
    responses=problem_responses(401, 403, 404),
)
async def unpair(
    device_id: str, athlete: CurrentAthlete, request: Request, db: DbSession
) -> Response:
    """Revoke a device and every token it holds; its live sockets close at once (1008)."""
    await revoke_device(db, athlete.athlete_id, device_id)
    await _sockets(request).revoke_device(device_id, "the device was unpaired")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
