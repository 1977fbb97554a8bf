"""Signing up the way a person does: register, read the mailed link, open it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from litestar.testing import AsyncTestClient
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from config.settings import Settings
from devstack.mailbox import LocalMailbox
from workers.mail.delivery import deliver_due

PASSWORD = "correct horse battery"
CANDIDATE_PASSWORD = "plum-orchard-lantern-73"


async def signed_in_candidate(client: AsyncTestClient, db: AsyncEngine, email: str) -> UUID:
    """A candidate account made directly in the database, logged in in ``client``'s
    browser (for tests about what a candidate can do, not about signing up)."""
    from assistant.auth.passwords import hash_password
    from data_layer.accounts.service import create_candidate_account

    async with async_sessionmaker(db)() as session, session.begin():
        account = await create_candidate_account(
            session,
            email=email,
            first_name="Maria",
            last_name="Delgado",
            phone=None,
            password_hash=await hash_password(CANDIDATE_PASSWORD),
            referral_id=None,
            from_chat=False,
        )
    login = await client.post(
        "/api/auth/login", json={"email": email, "password": CANDIDATE_PASSWORD}
    )
    assert login.status_code == 200, login.text
    return account.candidate_id


@dataclass
class Mail:
    subject: str
    body: str
    links: list[str]

    def token(self, page: str) -> str:
        """The token of the first link to ``page`` (``/account/verify`` ...) in this mail."""
        for link in self.links:
            parts = urlsplit(link)
            if parts.path == page and parts.fragment.startswith("token="):
                return parts.fragment.removeprefix("token=")
        raise AssertionError(f"no {page} link in: {self.body}")


@dataclass
class SignUps:
    settings: Settings
    mailbox: LocalMailbox

    async def mail_to(self, email: str) -> Mail:
        """Deliver what the outbox holds (the worker's real code) and read the next mail."""
        await deliver_due(self.settings)
        message = self.mailbox.wait_for(email, timeout=10)
        body = message.get_body(preferencelist=("plain",))
        text = body.get_content() if body is not None else ""
        return Mail(str(message["Subject"]), text, self.mailbox.links(message))

    async def register(self, client: AsyncTestClient, email: str, **extra: Any) -> Any:
        body = {"email": email, "password": PASSWORD, "first_name": "Dana", "last_name": "Reyes"}
        return await client.post("/api/auth/register", json={**body, **extra})

    async def __call__(self, client: AsyncTestClient, email: str, **extra: Any) -> dict[str, Any]:
        """Register in ``client``'s browser and open the mailed link there: signed in."""
        registered = await self.register(client, email, **extra)
        assert registered.status_code == 202, registered.text
        mail = await self.mail_to(email.strip().lower())
        verified = await client.post(
            "/api/auth/verify", json={"token": mail.token("/account/verify")}
        )
        assert verified.status_code == 200, verified.text
        assert verified.json()["status"] == "verified", verified.text
        payload: dict[str, Any] = verified.json()
        return payload
