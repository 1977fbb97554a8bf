"""LaborEdge authentication: an OAuth2 token, cached until shortly before it expires.

The password grant sends ``organizationCode`` in the form, the query string and
a header, with HTTP Basic client credentials. The token lives until shortly
before it expires (``expires_in``, else the JWT ``exp``); it is renewed with the
single-use refresh token, re-authenticating with the password when that fails.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from dataclasses import dataclass

import httpx
import msgspec

from workers.laboredge.config import LaborEdgeConfig
from workers.laboredge.errors import LaborEdgeAuthError, LaborEdgeError
from workers.laboredge.transport import ClientStats, Transport

__all__ = ["TokenCache", "jwt_expiry"]

log = logging.getLogger(__name__)

_JSON = msgspec.json.Decoder()


@dataclass(slots=True)
class _Token:
    access_token: str
    refresh_token: str | None
    expires_at: float
    """``time.monotonic()`` after which the token is renewed."""


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim (Unix seconds) of a JWT, read without verifying it."""
    parts = token.split(".")
    if len(parts) < 2:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = _JSON.decode(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError, msgspec.DecodeError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, int | float) and not isinstance(exp, bool):
        return float(exp)
    return None


class TokenCache:
    """The access token of one client (a :class:`~workers.laboredge.transport.TokenSource`)."""

    def __init__(self, config: LaborEdgeConfig, transport: Transport, stats: ClientStats) -> None:
        self.config = config
        self.stats = stats
        self._transport = transport
        self._token: _Token | None = None
        self._token_lock = asyncio.Lock()

    async def access_token(self) -> str:
        """A valid access token: cached, refreshed, or newly granted."""
        token = self._token
        if token is not None and time.monotonic() < token.expires_at:
            return token.access_token
        async with self._token_lock:
            token = self._token
            if token is not None and time.monotonic() < token.expires_at:
                return token.access_token
            refresh = token.refresh_token if token is not None else None
            self._token = None
            new: _Token | None = None
            if refresh:
                new = await self._refresh_grant(refresh)
            if new is None:
                new = await self._password_grant()
            self._token = new
            return new.access_token

    def invalidate_token(self, access_token: str | None = None) -> None:
        """Force renewal (keeping the refresh token); only if ``access_token`` is still current."""
        token = self._token
        if token is None:
            return
        if access_token is None or token.access_token == access_token:
            token.expires_at = float("-inf")

    def _token_form(self) -> tuple[dict[str, str], dict[str, str]]:
        org = self.config.organization_code
        return {"organizationCode": org}, {"organizationCode": org}

    async def _password_grant(self) -> _Token:
        params, headers = self._token_form()
        form = {
            "grant_type": "password",
            "username": self.config.username,
            "password": self.config.password,
            "organizationCode": self.config.organization_code,
        }
        self.stats.password_grants += 1
        response = await self._token_call(form, params, headers)
        if response.status_code != 200:
            raise LaborEdgeAuthError(
                "authentication refused",
                method="POST",
                url=self.config.auth_url,
                status=response.status_code,
                body=response.text,
            )
        return self._parse_token(response)

    async def _refresh_grant(self, refresh_token: str) -> _Token | None:
        params, headers = self._token_form()
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "organizationCode": self.config.organization_code,
        }
        self.stats.refresh_grants += 1
        try:
            response = await self._token_call(form, params, headers)
            if response.status_code == 200:
                return self._parse_token(response)
        except LaborEdgeAuthError:
            pass
        except LaborEdgeError as exc:
            log.warning("laboredge token refresh failed, re-authenticating: %s", exc)
            self.stats.refresh_failures += 1
            return None
        self.stats.refresh_failures += 1
        log.info("laboredge refresh token refused; re-authenticating with the password grant")
        return None

    async def _token_call(
        self, form: dict[str, str], params: dict[str, str], headers: dict[str, str]
    ) -> httpx.Response:
        self.stats.token_requests += 1
        return await self._transport.send(
            "POST",
            self.config.auth_url,
            tokens=None,
            idempotent=True,
            data=form,
            params=params,
            headers=headers,
            basic_auth=(self.config.client_id, self.config.client_secret),
            what="token",
        )

    def _parse_token(self, response: httpx.Response) -> _Token:
        url = self.config.auth_url
        try:
            body = _JSON.decode(response.content)
        except msgspec.DecodeError as exc:
            raise LaborEdgeAuthError(
                "token response is not JSON", method="POST", url=url, body=response.text
            ) from exc
        if not isinstance(body, dict):
            raise LaborEdgeAuthError("token response is not an object", method="POST", url=url)
        access = body.get("acess_token") or body.get("access_token")
        if not isinstance(access, str) or not access:
            raise LaborEdgeAuthError(
                "token response has no acess_token/access_token",
                method="POST",
                url=url,
                body=response.text,
            )
        refresh = body.get("refresh_token")
        lifetime: float | None = None
        expires_in = body.get("expires_in")
        if isinstance(expires_in, int | float | str) and not isinstance(expires_in, bool):
            try:
                lifetime = float(expires_in)
            except ValueError:
                lifetime = None
        if lifetime is None:
            exp = jwt_expiry(access)
            if exp is not None:
                lifetime = exp - time.time()
        if lifetime is None:
            lifetime = self.config.default_token_ttl_s
        skew = min(self.config.token_skew_s, max(lifetime, 0.0) * 0.1)
        return _Token(
            access_token=access,
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
            expires_at=time.monotonic() + lifetime - skew,
        )
