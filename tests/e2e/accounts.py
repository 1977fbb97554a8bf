"""Accounts for the browser tests: the mail the service sends, and confirmed accounts.

The live app runs no Celery worker, so the tests deliver the outbox themselves with
the worker's own code (:func:`workers.mail.delivery.deliver_due`) to the session's
local SMTP server (the ``mailbox`` fixture), and read the links from there.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx

from devstack.mailbox import LocalMailbox
from workers.mail.delivery import deliver_due

if TYPE_CHECKING:
    from tests.e2e.conftest import LiveApp

VERIFY_PAGE = "/account/verify"
PASSWORD_PAGE = "/account/password"
STRONG_PASSWORD = "plum-orbit-canvas-71-harbor"
OTHER_STRONG_PASSWORD = "lantern-quartz-meadow-58-violet"


async def mailed_link(app: LiveApp, mailbox: LocalMailbox, to: str, page: str) -> str:
    """Deliver the app's queued mail, then the link to ``page`` in the next mail to ``to``."""
    deadline = asyncio.get_running_loop().time() + 15
    while True:
        await deliver_due(app.settings)
        try:
            message = await asyncio.to_thread(mailbox.wait_for, to, 0.5)
            break
        except TimeoutError:
            if asyncio.get_running_loop().time() > deadline:
                raise
    links = [link for link in mailbox.links(message) if urlsplit(link).path == page]
    assert links, f"no {page} link in the mail to {to}: {mailbox.links(message)}"
    link = links[0]
    assert link.startswith(app.base_url + page + "#token="), link
    return link


def token_of(link: str) -> str:
    return urlsplit(link).fragment.removeprefix("token=")


async def confirmed_account(
    app: LiveApp,
    mailbox: LocalMailbox,
    email: str,
    *,
    first_name: str,
    last_name: str,
    password: str = STRONG_PASSWORD,
) -> str:
    """An account made the way a person makes one (register, mailed link); its user id."""
    async with httpx.AsyncClient(base_url=app.base_url) as client:
        registered = await client.post(
            "/api/auth/register",
            json={
                "email": email,
                "password": password,
                "first_name": first_name,
                "last_name": last_name,
            },
        )
        assert registered.status_code == 202, registered.text
        assert registered.json()["status"] == "verification_sent"
        token = token_of(await mailed_link(app, mailbox, email, VERIFY_PAGE))
        # This client registered (it holds the sign-up cookie): the typed password counts.
        verified = await client.post("/api/auth/verify", json={"token": token})
        assert verified.status_code == 200, verified.text
        body = verified.json()
        assert body["status"] == "verified", body
        return str(body["user"]["id"])
