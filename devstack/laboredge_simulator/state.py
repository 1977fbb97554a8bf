"""Everything one simulator keeps: the job board plus tokens, candidates, faults, counters."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import itertools
import random
import time
from typing import Any

import msgspec

from devstack.laboredge_simulator.board import JobBoard
from devstack.laboredge_simulator.config import FaultConfig, SimulatorConfig
from devstack.laboredge_simulator.master import master_lists

__all__ = ["SimulatorState"]

_ENCODER = msgspec.json.Encoder()
FIRST_CANDIDATE_ID = 900_001


def _b64(obj: Any) -> str:
    return base64.urlsafe_b64encode(_ENCODER.encode(obj)).rstrip(b"=").decode()


class SimulatorState(JobBoard):
    """The simulator's jobs, tokens, candidates, faults and counters (one event loop)."""

    def __init__(self, config: SimulatorConfig) -> None:
        base = config.base_time or datetime.datetime.now(datetime.UTC).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        super().__init__(
            seed=config.seed,
            base_time=base if base.tzinfo else base.replace(tzinfo=datetime.UTC),
            malformed_every=config.faults.malformed_every,
        )
        self.config = config
        self.creds = config.credentials
        self.faults = config.faults
        self.fault_rng = random.Random(self.faults.seed)
        self.request_no = 0
        self.auth_request_no = 0
        self.stats: dict[str, int] = {}
        self.tokens: dict[str, float] = {}
        self.refresh_tokens: set[str] = set()
        self._token_no = itertools.count(1)
        self.token_ttl_s = config.token_ttl_s
        self.candidates: dict[int, dict[str, Any]] = {}
        self._candidate_no = itertools.count(FIRST_CANDIDATE_ID)
        self._master_bytes: dict[str, bytes] | None = None
        self.add_jobs(config.jobs, stamp=False)

    def count(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n

    def master_list_bytes(self, name: str) -> bytes | None:
        """The encoded master list ``name`` (None if there is no such list)."""
        if self._master_bytes is None:
            # Per simulator, not per process: a config may change what its lists hold.
            extra = self.config.extra_master
            self._master_bytes = {
                k: _ENCODER.encode([*v, *extra.get(k, ())]) for k, v in master_lists().items()
            }
        return self._master_bytes.get(name)

    def next_candidate_id(self) -> int:
        return next(self._candidate_no)

    # --------------------------------------------------------------- faults
    def set_faults(self, faults: FaultConfig) -> None:
        self.faults = faults
        self.fault_rng = random.Random(faults.seed)
        self.request_no = 0
        self.auth_request_no = 0
        self.serve_malformed(faults.malformed_every)
        if faults.token_ttl_s is not None:
            self.token_ttl_s = faults.token_ttl_s
        else:
            self.token_ttl_s = self.config.token_ttl_s

    # --------------------------------------------------------------- tokens
    def issue_token(self) -> dict[str, Any]:
        """A JWT-shaped access token (with ``exp``) and a single-use refresh token."""
        number = next(self._token_no)
        ttl = self.token_ttl_s
        exp = time.time() + ttl
        header = _b64({"alg": "HS256", "typ": "JWT"})
        payload = _b64(
            {
                "sub": self.creds.username,
                "org": self.creds.organization_code,
                "exp": exp,
                "jti": number,
            }
        )
        signature = hmac.new(
            self.creds.client_secret.encode(), f"{header}.{payload}".encode(), hashlib.sha256
        ).digest()
        access = f"{header}.{payload}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
        refresh = hashlib.sha256(f"refresh:{access}".encode()).hexdigest()
        self.tokens[access] = exp
        self.refresh_tokens.add(refresh)
        body: dict[str, Any] = {
            "acess_token": access,  # sic: the real server's spelling
            "token_type": "bearer",
            "refresh_token": refresh,
            "scope": "read write",
            "tokenVerifier": hashlib.sha256(f"verifier:{access}".encode()).hexdigest()[:32],
        }
        if self.config.include_expires_in:
            body["expires_in"] = int(ttl) if float(ttl).is_integer() else ttl
        return body

    def check_token(self, authorization: str | None) -> str | None:
        """None if the bearer token is valid, else the reason it is not."""
        if not authorization or not authorization.lower().startswith("bearer "):
            return "missing bearer token"
        token = authorization[7:].strip()
        exp = self.tokens.get(token)
        if exp is None:
            return "unknown or revoked token"
        if time.time() >= exp:
            self.tokens.pop(token, None)
            return "token expired"
        every = self.faults.expire_tokens_every
        self.auth_request_no += 1
        if every > 0 and self.auth_request_no % every == 0:
            self.tokens.pop(token, None)
            self.count("fault.expired_token")
            return "token expired"
        return None
