"""Password hashing (argon2id via argon2-cffi). Hashing is slow on purpose: run it in a thread."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id, RFC 9106 "low memory" profile


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the account does not exist, so both cases cost the same time."""
    return _hasher().hash("not a password anyone has")


@dataclass(frozen=True)
class PasswordCheck:
    ok: bool
    new_hash: str | None = None
    """A fresh hash when the stored one used outdated parameters (store it)."""


def _verify(stored: str | None, password: str) -> PasswordCheck:
    hasher = _hasher()
    try:
        hasher.verify(stored or _dummy_hash(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return PasswordCheck(False)
    if stored is None:
        return PasswordCheck(False)
    return PasswordCheck(True, hasher.hash(password) if hasher.check_needs_rehash(stored) else None)


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher().hash, password)


async def verify_password(stored: str | None, password: str) -> PasswordCheck:
    """Check ``password`` against ``stored`` (None: no such account or no password yet)."""
    return await asyncio.to_thread(_verify, stored, password)
