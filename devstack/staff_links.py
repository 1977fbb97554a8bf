"""`make run`'s staff sign-in: fresh one-time set-password links for demo staff.

Demo accounts have no password (none is known anywhere); a local run prints a link
per staff account that has none yet, so a developer can sign in as a recruiter,
content editor or admin by choosing a password. Links are made only for the
accounts shown (a link nobody sees is of no use), and each new one ends the
account's earlier set-password link.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from rich.markup import escape
from sqlalchemy.ext.asyncio import async_sessionmaker

from config.settings import Settings
from data_layer.accounts.staff import staff_invitation, staff_without_password
from data_layer.db.engine import create_engine

__all__ = [
    "SHOWN_LINKS",
    "StaffLinks",
    "local_staff_links",
    "staff_link_lines",
    "staff_sign_in_links",
]

SHOWN_LINKS = 10
HEADING = "Staff sign-in (one-time set-password links, local only)"


@dataclass(frozen=True)
class StaffLinks:
    links: list[tuple[str, str, str]]
    """(email, roles, link) of the accounts shown."""
    more: int
    """Staff accounts without a password that got no link (beyond the cap)."""


async def staff_sign_in_links(settings: Settings, *, limit: int = SHOWN_LINKS) -> StaffLinks:
    """Links for the first ``limit`` staff accounts without a password (admins first)."""
    engine = create_engine(settings)
    lifetime = dt.timedelta(hours=settings.set_password_link_hours)
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            staff = await staff_without_password(session)
            links = [
                (
                    user.email,
                    ", ".join(user.roles),
                    await staff_invitation(
                        session,
                        user_id=user.user_id,
                        email=user.email,
                        base_url=settings.public_base_url,
                        lifetime=lifetime,
                    ),
                )
                for user in staff[:limit]
            ]
    finally:
        await engine.dispose()
    return StaffLinks(links, max(0, len(staff) - limit))


def local_staff_links(settings: Settings) -> StaffLinks | None:
    """The links for `make run`; None when ``DATABASE_URL`` names a database of its own
    (its staff are real people: they get their links from ``python -m assistant users``)."""
    if settings.database_is_external:
        return None
    return asyncio.run(staff_sign_in_links(settings))


def staff_link_lines(staff: StaffLinks | None) -> str:
    """The banner's section (rich markup, ends with a newline); empty with no links."""
    if staff is None or not staff.links:
        return ""
    width = max(len(email) for email, _, _ in staff.links)
    lines = [f"  [bold]{HEADING}[/bold]"]
    lines += [
        f"    {escape(email):<{width}}  {escape(roles):<14} {escape(link)}"
        for email, roles, link in staff.links
    ]
    if staff.more:
        lines.append(f"    and {staff.more} more: python -m assistant users list --role recruiter")
    return "\n".join(lines) + "\n"
