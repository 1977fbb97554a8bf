"""Connection settings of the LaborEdge client, derived from :class:`config.settings.Settings`.

``LABOREDGE_API_URL`` empty means "the local simulator": the API and token URLs
then point at ``http://127.0.0.1:{LABOREDGE_SIM_PORT}`` and any credential left
empty takes the simulator's built-in value, so ``make run`` needs no setup.
Tests build :class:`LaborEdgeConfig` directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from config.settings import Settings

__all__ = ["SIMULATOR_CREDENTIALS", "TOKEN_PATH", "LaborEdgeConfig", "SimulatorCredentials"]

TOKEN_PATH = "/auth/oauth2/token"
"""Path of the OAuth2 token endpoint on the auth host (and on the simulator)."""


@dataclass(frozen=True, slots=True)
class SimulatorCredentials:
    """What the local simulator accepts (and what the client uses against it by default)."""

    organization_id: str = "1001"
    organization_code: str = "EXCELMED"
    offering_id: str = "1"
    username: str = "sim-integration@excelmedical.example"
    password: str = "sim-password"
    client_id: str = "sim-client"
    client_secret: str = "sim-client-secret"


SIMULATOR_CREDENTIALS = SimulatorCredentials()


def _secret(value: Any) -> str:
    """A plain string from a ``str`` or a pydantic ``SecretStr``."""
    if value is None:
        return ""
    getter = getattr(value, "get_secret_value", None)
    return str(getter()) if callable(getter) else str(value)


def default_auth_url(api_url: str) -> str:
    """The token URL of an API host: same scheme and host, default port, ``TOKEN_PATH``.

    LaborEdge serves the API on ``https://api-nexus.laboredge.com:9000`` and
    the token endpoint on ``https://api-nexus.laboredge.com/auth/oauth2/token``.
    """
    parts = urlsplit(api_url)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return urlunsplit((parts.scheme, host, TOKEN_PATH, "", ""))


@dataclass(frozen=True, slots=True)
class LaborEdgeConfig:
    """Everything :class:`workers.laboredge.client.LaborEdgeClient` needs to talk to LaborEdge."""

    api_url: str
    """Base URL of the API host, e.g. ``https://api-nexus.laboredge.com:9000`` (no trailing /)."""
    auth_url: str
    """Full URL of the OAuth2 token endpoint."""
    organization_id: str
    organization_code: str
    offering_id: str
    username: str
    password: str = field(repr=False)
    client_id: str
    client_secret: str = field(repr=False)
    timeout_s: float = 30.0
    """Timeout of every HTTP call (connect, read, write, pool), in seconds."""
    page_size: int = 500
    """Rows per job board page."""
    max_retries: int = 5
    """Retries of one call after 429, 5xx, timeouts and dropped connections."""
    backoff_base_s: float = 0.5
    """First retry delay; doubles per attempt (with jitter) up to ``backoff_max_s``."""
    backoff_max_s: float = 30.0
    retry_after_max_s: float = 60.0
    """Upper bound on a server's ``Retry-After``."""
    token_skew_s: float = 30.0
    """Renew a token this long before it expires (at most 10% of its lifetime)."""
    default_token_ttl_s: float = 600.0
    """Token lifetime assumed when the response has neither ``expires_in`` nor a JWT ``exp``."""
    webhook_secret: str = field(default="", repr=False)
    """Shared secret of the HMAC-signed job webhook."""
    is_simulator: bool = False
    """True when the URLs point at the local simulator (``LABOREDGE_API_URL`` empty)."""
    sim_port: int = 8900

    def __post_init__(self) -> None:
        object.__setattr__(self, "api_url", self.api_url.rstrip("/"))
        if self.page_size < 1:
            raise ValueError("page_size must be at least 1")
        if self.max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")

    @classmethod
    def for_simulator(cls, base_url: str, **overrides: Any) -> LaborEdgeConfig:
        """A config for a simulator at ``base_url`` with its built-in credentials."""
        creds = SIMULATOR_CREDENTIALS
        values: dict[str, Any] = {
            "api_url": base_url,
            "auth_url": base_url.rstrip("/") + TOKEN_PATH,
            "organization_id": creds.organization_id,
            "organization_code": creds.organization_code,
            "offering_id": creds.offering_id,
            "username": creds.username,
            "password": creds.password,
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
            "is_simulator": True,
        }
        values.update(overrides)
        return cls(**values)

    @classmethod
    def from_settings(cls, settings: Settings) -> LaborEdgeConfig:
        """Read the ``LABOREDGE_*`` settings; an empty API URL selects the local simulator."""
        api_url = settings.laboredge_api_url.strip()
        common: dict[str, Any] = {
            "timeout_s": float(settings.laboredge_timeout_s),
            "page_size": int(settings.laboredge_page_size),
            "max_retries": int(settings.laboredge_max_retries),
            "backoff_base_s": float(settings.laboredge_backoff_base_s),
            "backoff_max_s": float(settings.laboredge_backoff_max_s),
            "retry_after_max_s": float(settings.laboredge_retry_after_max_s),
            "webhook_secret": _secret(settings.laboredge_webhook_secret),
            "sim_port": int(settings.laboredge_sim_port),
        }
        given = {
            "organization_id": str(settings.laboredge_organization_id or ""),
            "organization_code": settings.laboredge_organization_code,
            "offering_id": str(settings.laboredge_offering_id or ""),
            "username": settings.laboredge_username,
            "password": _secret(settings.laboredge_password),
            "client_id": settings.laboredge_client_id,
            "client_secret": _secret(settings.laboredge_client_secret),
        }
        if not api_url:
            base = f"http://127.0.0.1:{common['sim_port']}"
            overrides = {k: v for k, v in given.items() if v}
            auth_url = settings.laboredge_auth_url.strip() or base + TOKEN_PATH
            return cls.for_simulator(base, auth_url=auth_url, **overrides, **common)
        auth_url = settings.laboredge_auth_url.strip() or default_auth_url(api_url)
        return cls(api_url=api_url, auth_url=auth_url, is_simulator=False, **given, **common)
