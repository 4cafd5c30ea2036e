"""Signing up, signing in, and pairing devices."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from server.api.schemas.base import Body, Reply

__all__ = [
    "AccountDeletion",
    "DeviceReply",
    "PairRequest",
    "PairedReply",
    "PairingCodeReply",
    "PairingCodeRequest",
    "SignIn",
    "SignUp",
    "TokenReply",
]

# Names lose surrounding spaces wherever they come from (API or CLI); passwords are kept as typed.
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w .'-]+$"),
    Field(examples=["ana"]),
]
Password = Annotated[
    str,
    StringConstraints(strip_whitespace=False, min_length=8, max_length=256),
    Field(examples=["correct horse battery"]),
]


class SignUp(Body):
    """A new athlete account."""

    model_config = ConfigDict(str_strip_whitespace=False)

    name: Name
    password: Password


class SignIn(Body):
    """An athlete signing in on the phone."""

    model_config = ConfigDict(str_strip_whitespace=False)

    name: Name
    password: Annotated[
        str, StringConstraints(strip_whitespace=False, min_length=1, max_length=256)
    ]


class AccountDeletion(Body):
    """The password again, to confirm that the account and all it holds are to go."""

    model_config = ConfigDict(str_strip_whitespace=False)

    password: Annotated[
        str, StringConstraints(strip_whitespace=False, min_length=1, max_length=256)
    ]


class TokenReply(Reply):
    """A bearer token: shown once, stored only hashed."""

    athlete_id: str
    token: str = Field(examples=["tc_3q2l...Zk"])


class PairingCodeRequest(Body):
    """Ask for a code to show on the phone while pairing a bridge or watch."""

    device_name: Annotated[str, Field(min_length=1, max_length=64, examples=["track bridge"])]


class PairingCodeReply(Reply):
    """The code to type on the device, and when it stops working."""

    code: str = Field(examples=["BCDF-GHJK"])
    expires_at: dt.datetime


class PairRequest(Body):
    """The device sends the code the phone showed."""

    code: Annotated[str, Field(min_length=1, max_length=32, examples=["BCDF-GHJK"])]


class PairedReply(Reply):
    """The device's token: scoped to the athlete's live sessions and sample upload."""

    device_id: str
    token: str


class DeviceReply(Reply):
    """A paired device."""

    id: str
    name: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
