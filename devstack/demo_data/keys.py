"""The identities of demo rows: primary keys, short codes, external ids.

Every primary key is a UUIDv5 of (seed, kind, key), so the same seed always makes the
same rows and a second run finds them already there. Demo jobs and recruiters get
external ids far above LaborEdge's, so a LaborEdge sync never touches them.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from functools import cache

from data_layer.sync.jobs import UPSTREAM_JOB_ID_LIMIT

__all__ = [
    "DEMO_EXTERNAL_JOB_ID_BASE",
    "DEMO_EXTERNAL_RECRUITER_ID_BASE",
    "MAX_DEMO_JOBS",
    "MAX_DEMO_RECRUITERS",
    "demo_external_job_id",
    "demo_external_recruiter_id",
    "is_demo_external_job_id",
    "short_code",
    "uid",
]

DEMO_EXTERNAL_JOB_ID_BASE = UPSTREAM_JOB_ID_LIMIT  # one boundary, owned by the sync
"""Demo jobs get ``external_job_id = BASE + (seed % 1000) * 1_000_000 + index``."""
DEMO_EXTERNAL_RECRUITER_ID_BASE = 800_000_000
"""Demo recruiters get ``external_recruiter_id = BASE + (seed % 1000) * 1000 + index``."""
MAX_DEMO_JOBS = 1_000_000
MAX_DEMO_RECRUITERS = 1_000

_NAMESPACE = uuid.UUID("5b0f3c52-7d1e-4a36-9a51-2f0d6c9e8a41")
_LOW_BITS = 48
_LOW_MASK = (1 << _LOW_BITS) - 1


def demo_external_job_id(seed: int, index: int) -> int:
    return DEMO_EXTERNAL_JOB_ID_BASE + (seed % 1000) * MAX_DEMO_JOBS + index


def demo_external_recruiter_id(seed: int, index: int) -> int:
    return DEMO_EXTERNAL_RECRUITER_ID_BASE + (seed % 1000) * MAX_DEMO_RECRUITERS + index


def is_demo_external_job_id(external_job_id: int | None) -> bool:
    """True for ``external_job_id`` values reserved for demo jobs."""
    return external_job_id is not None and external_job_id >= DEMO_EXTERNAL_JOB_ID_BASE


@cache
def _uid_base(seed: int, kind: str) -> int:
    return uuid.uuid5(_NAMESPACE, f"{seed}:{kind}").int & ~_LOW_MASK


def uid(seed: int, kind: str, key: int | str) -> uuid.UUID:
    """The deterministic primary key of entity ``key`` of ``kind`` in the ``seed`` dataset.

    Integer keys (the hot path: one per job row) are the low 48 bits under a UUIDv5 prefix
    of (seed, kind), which keeps the v5 version/variant bits; other keys get a full UUIDv5.
    """
    if isinstance(key, int):
        if not 0 <= key <= _LOW_MASK:
            raise ValueError(f"uuid key out of range: {key}")
        return uuid.UUID(int=_uid_base(seed, kind) | key)
    return uuid.uuid5(_NAMESPACE, f"{seed}:{kind}:{key}")


def short_code(key: uuid.UUID, length: int = 10) -> str:
    """A short lowercase base32 code derived from (a hash of) a UUID: share and referral codes."""
    digest = hashlib.blake2b(key.bytes, digest_size=10).digest()
    return base64.b32encode(digest).decode().lower()[:length]
