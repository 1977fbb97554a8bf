"""The addresses of the pages an e-mailed account link opens.

The token travels in the URL fragment: browsers never send a fragment to the
server or in a Referer, so it stays out of access logs and third-party requests;
the page's script reads it and posts it to the API.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = ["PASSWORD_PAGE", "VERIFY_PAGE", "account_link"]

VERIFY_PAGE: Final = "/account/verify"
"""Confirms an address (and, when needed, asks for a password)."""
PASSWORD_PAGE: Final = "/account/password"
"""Sets a password from a set-password or reset link."""


def account_link(
    base_url: str, page: Literal["/account/verify", "/account/password"], token: str
) -> str:
    return f"{base_url.rstrip('/')}{page}#token={token}"
