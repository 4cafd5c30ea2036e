"""Accounts: sign-up and sign-in, the athlete's profile, and paired devices."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from server.api.deps import AnyPrincipal, CurrentAthlete, DbSession, SettingsDep, client_key
from server.api.problems import ProblemError, problem_responses
from server.api.schemas.accounts import (
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
from server.store.athletes import (
    authenticate,
    create_athlete,
    get_athlete,
    profile_of,
    revoke_token,
    update_profile,
)
from server.store.credentials import normalize_pairing_code
from server.store.devices import (
    create_pairing_code,
    list_devices,
    redeem_pairing_code,
    revoke_device,
)

__all__ = ["router"]

router = APIRouter(prefix="/v1")


def _limit(request: Request, name: str) -> None:
    retry = request.app.state.limits[name].retry_after(client_key(request))
    if retry is not None:
        raise ProblemError(
            429,
            f"too many {name} attempts; try again in {retry} s",
            headers={"Retry-After": str(retry)},
        )


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
    """Trade a name and password for a new athlete token."""
    _limit(request, "sign-in")
    signed_in = await authenticate(db, body.name, body.password)
    if signed_in is None:
        raise ProblemError(401, "the name or the password is wrong")
    athlete, token = signed_in
    return TokenReply(athlete_id=athlete.id, token=token)


@router.post(
    "/auth/signout",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["accounts"],
    responses=problem_responses(401),
)
async def sign_out(principal: AnyPrincipal, db: DbSession) -> Response:
    """Revoke the token this request carries."""
    await revoke_token(db, principal)
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
    """Trade a pairing code for a device token (no other credentials: the code is one)."""
    _limit(request, "pairing")
    code = normalize_pairing_code(body.code)
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
async def unpair(device_id: str, athlete: CurrentAthlete, db: DbSession) -> Response:
    """Revoke a device and every token it holds."""
    await revoke_device(db, athlete.athlete_id, device_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
