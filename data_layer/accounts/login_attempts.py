"""Abuse protection: failed logins per (e-mail, address) pair and per address, registrations.

The one home of the throttling rules. Logins (checked before the password is):

- per (e-mail, address) pair, growing delays: once the pair has ``free_failures``
  failures within ``window`` (counted since the pair's last successful login),
  its next attempt must wait ``2 ** (failures - free_failures)`` seconds after
  the last failure, at most ``max_delay``;
- per address, a ceiling: ``max_per_ip`` failures within ``window`` (for any
  e-mails; a success does not reset it, so one attacker's own account does not
  unlock guessing at others) and its logins are refused until the oldest leaves
  the window.

There is deliberately no per-e-mail block: failures from other addresses never
refuse the owner's login from theirs (a lock-out anyone could trigger).
A registration is refused while the address made ``max_per_ip`` registration
attempts (created or not: trying known e-mails counts too) within its window.
Rows older than :data:`KEEP` are pruned as new attempts arrive.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.models import LoginAttempt
from data_layer.models.base import utcnow

KEEP = dt.timedelta(days=1)
"""How long attempts are kept (longer than any sensible throttling window)."""

LOGIN = "login"
REGISTRATION = "registration"
PASSWORD_RESET = "password_reset"
"""A "forgot password" request: counted per address like registrations, for the same reason
(each one sends mail)."""


_failed_logins = (LoginAttempt.kind == LOGIN, LoginAttempt.succeeded.is_(False))


@dataclass(frozen=True)
class LoginThrottle:
    window: dt.timedelta
    free_failures: int
    """Failures of one (e-mail, address) pair before its attempts are delayed."""
    max_delay: dt.timedelta
    max_per_ip: int


@dataclass(frozen=True)
class RegistrationThrottle:
    window: dt.timedelta
    max_per_ip: int


@dataclass(frozen=True)
class Blocked:
    reason: str
    """``pair`` (this e-mail from this address) or ``ip``."""
    retry_after_s: int


async def _blocked_until(
    session: AsyncSession,
    where: list[ColumnElement[bool]],
    limit: int,
    since: dt.datetime,
    window: dt.timedelta,
) -> dt.datetime | None:
    """When the oldest of the last ``limit`` matching attempts leaves the window; None: free."""
    if limit <= 0:
        return None
    recent = (
        select(LoginAttempt.created_at)
        .where(*where, LoginAttempt.created_at > since)
        .order_by(LoginAttempt.created_at.desc())
        .limit(limit)
        .subquery()
    )
    count, oldest = (
        await session.execute(select(func.count(), func.min(recent.c.created_at)))
    ).one()
    if int(count) < limit or oldest is None:
        return None
    return oldest + window  # type: ignore[no-any-return]


def pair_delay(failures: int, rule: LoginThrottle) -> dt.timedelta:
    """How long a pair with ``failures`` recent failures waits after its last one."""
    over = failures - rule.free_failures
    if over < 0:
        return dt.timedelta(0)
    cap = rule.max_delay.total_seconds()
    return dt.timedelta(seconds=cap if over >= 30 else min(cap, 2.0**over))


async def login_blocked(
    session: AsyncSession,
    *,
    email: str | None,
    ip_address: str | None,
    rule: LoginThrottle,
    now: dt.datetime | None = None,
) -> Blocked | None:
    """Whether a login for ``email`` from ``ip_address`` must be refused now, and for how long."""
    now = now or utcnow()
    window_start = now - rule.window
    found: list[tuple[dt.datetime, str]] = []
    if email:
        pair = [
            LoginAttempt.email == email,
            LoginAttempt.ip_address.is_(None)
            if ip_address is None
            else LoginAttempt.ip_address == ip_address,
            LoginAttempt.kind == LOGIN,
        ]
        last_success = (
            await session.execute(
                select(func.max(LoginAttempt.created_at)).where(
                    *pair, LoginAttempt.succeeded.is_(True), LoginAttempt.created_at > window_start
                )
            )
        ).scalar_one_or_none()
        since = max(window_start, last_success) if last_success else window_start
        count, last_failure = (
            await session.execute(
                select(func.count(), func.max(LoginAttempt.created_at)).where(
                    *pair, LoginAttempt.succeeded.is_(False), LoginAttempt.created_at > since
                )
            )
        ).one()
        if last_failure is not None:
            until = last_failure + pair_delay(int(count), rule)
            if until > now:
                found.append((until, "pair"))
    if ip_address:
        until = await _blocked_until(
            session,
            [LoginAttempt.ip_address == ip_address, *_failed_logins],
            rule.max_per_ip,
            window_start,
            rule.window,
        )
        if until is not None:
            found.append((until, "ip"))
    if not found:
        return None
    until, reason = max(found)
    return Blocked(reason, max(1, math.ceil((until - now).total_seconds())))


async def registration_blocked(
    session: AsyncSession,
    *,
    ip_address: str | None,
    rule: RegistrationThrottle,
    now: dt.datetime | None = None,
    kind: str = REGISTRATION,
) -> Blocked | None:
    """Whether a registration (or another ``kind`` of mail-sending request) from
    ``ip_address`` must be refused now, and for how long."""
    if not ip_address:
        return None
    now = now or utcnow()
    until = await _blocked_until(
        session,
        [LoginAttempt.ip_address == ip_address, LoginAttempt.kind == kind],
        rule.max_per_ip,
        now - rule.window,
        rule.window,
    )
    if until is None:
        return None
    return Blocked("ip", max(1, math.ceil((until - now).total_seconds())))


async def record_login_attempt(
    session: AsyncSession,
    *,
    email: str | None,
    ip_address: str | None,
    succeeded: bool,
    kind: str = LOGIN,
    now: dt.datetime | None = None,
) -> None:
    now = now or utcnow()
    session.add(
        LoginAttempt(
            email=email, ip_address=ip_address, succeeded=succeeded, kind=kind, created_at=now
        )
    )
    await session.execute(delete(LoginAttempt).where(LoginAttempt.created_at < now - KEEP))
    await session.flush()
