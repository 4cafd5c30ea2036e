"""Secrets: bearer tokens, passwords and pairing codes, and how each is kept (never in clear).

Tokens are 256 random bits; storing their SHA-256 is enough (nothing to brute-force), and lets
a token be found by its hash. Passwords are people's and weak, so they get scrypt with a salt.
Pairing codes follow RFC 8628's advice for user codes: eight letters from an alphabet without
vowels or look-alikes, shown as two groups of four, read back case- and dash-insensitively.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = [
    "PAIRING_ALPHABET",
    "hash_password",
    "hash_secret",
    "new_pairing_code",
    "new_token",
    "normalize_pairing_code",
    "spend_password_work",
    "verify_password",
]

TOKEN_PREFIX = "tc_"
PAIRING_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_secret(secret: str) -> str:
    """The stored form of a token or pairing code."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh bearer token and its stored hash."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return token, hash_secret(token)


def hash_password(password: str) -> str:
    """scrypt with a random salt, in a self-describing string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **_SCRYPT)
    parts = [str(_SCRYPT[name]) for name in ("n", "r", "p")]
    parts += [base64.b64encode(value).decode() for value in (salt, digest)]
    return "$".join(["scrypt", *parts])


_DUMMY_HASH: list[str] = []


def spend_password_work(password: str) -> None:
    """Do the work of checking a password against nothing, so that an unknown name or an
    account without a password takes as long to refuse as a wrong password."""
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("no account has this password"))
    verify_password(password, _DUMMY_HASH[0])


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` matches; constant time, and False for anything malformed."""
    if not stored:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            dklen=len(expected),
            n=int(n),
            r=int(r),
            p=int(p),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def new_pairing_code() -> str:
    """An eight-letter code shown as `BCDF-GHJK` (20^8, about 2.6e10 possibilities)."""
    letters = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def normalize_pairing_code(text: str) -> str | None:
    """The canonical form of a typed code, or None when it cannot be one."""
    letters = "".join(ch for ch in text.upper() if ch not in "- ")
    if len(letters) != 8 or any(ch not in PAIRING_ALPHABET for ch in letters):
        return None
    return f"{letters[:4]}-{letters[4:]}"
