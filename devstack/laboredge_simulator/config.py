"""What a simulator is started with: its board, credentials, token policy and faults."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import msgspec

from workers.laboredge.config import SIMULATOR_CREDENTIALS, SimulatorCredentials

__all__ = ["FaultConfig", "SimulatorConfig"]


class FaultConfig(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Deterministic fault injection. ``*_every = k`` hits every k-th request (0 = off).

    Request counters cover every non-admin request (token requests included),
    except ``expire_tokens_every`` (requests carrying a valid token) and
    ``malformed_every`` (a property of jobs: every k-th job ever created is
    served malformed, cycling through :data:`~.records.MALFORMED_KINDS`).
    """

    rate_limit_every: int = 0
    retry_after_s: float = 1.0
    """``Retry-After`` of injected 429s (whole seconds are sent as an integer)."""
    retry_after_http_date: bool = False
    """Send ``Retry-After`` as an HTTP date instead of seconds."""
    error_every: int = 0
    error_rate: float = 0.0
    """Probability of a 5xx per request (seeded by ``seed``, so reproducible)."""
    error_status: int = 500
    slow_ms: int = 0
    """Delay of every job board page and detail."""
    drop_every: int = 0
    """Close the connection mid-response (headers sent, body cut short)."""
    expire_tokens_every: int = 0
    """Revoke the access token of every k-th authenticated request and answer 401."""
    malformed_every: int = 0
    reject_refresh: bool = False
    """Refuse every refresh_token grant (the client must re-authenticate)."""
    token_ttl_s: float | None = None
    """Lifetime of tokens granted from now on (None = the simulator's default)."""
    seed: int = 0


@dataclass(frozen=True, slots=True)
class SimulatorConfig:
    """Every option of a simulator; new options get a default so existing callers keep working."""

    jobs: int = 1000
    """Jobs on the board at start."""
    seed: int = 42
    credentials: SimulatorCredentials = SIMULATOR_CREDENTIALS
    token_ttl_s: float = 3600.0
    include_expires_in: bool = True
    """False: the token response has no ``expires_in`` (clients must read the JWT ``exp``)."""
    base_time: datetime.datetime | None = None
    """The simulator's "today" for generated dates (default: today 00:00 UTC)."""
    faults: FaultConfig = field(default_factory=FaultConfig)
    extra_master: Mapping[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    """Items served after the bundled ones, by master list name (LaborEdge added them)."""
