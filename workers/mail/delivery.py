"""Deliver the due mail of the outbox over SMTP (a plain module: no Celery).

Each message is claimed, sent and marked in a transaction of its own, so a
refused address costs only its own attempt and a crash mid-run loses nothing
(the row is still ``pending``). A failure that is about one message (a refused
recipient, a rejected body, a header that cannot be encoded) moves on to the
next; any other failure means the server is unreachable or refuses us, so the
run stops there and the rest wait for the next run instead of each burning an
attempt.

Without ``SMTP_HOST`` nothing is sent: the whole message is logged at WARNING in a
banner (local use: the reader needs the link in it) and the row counts as sent.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import smtplib
import ssl
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from config.settings import Settings
from data_layer.accounts.outbox import (
    ClaimedEmail,
    FailedDelivery,
    claim_due,
    mark_failed,
    mark_sent,
)
from data_layer.db.engine import create_engine
from data_layer.models import OutboxStatus
from data_layer.models.base import utcnow

__all__ = ["LOCAL_MAIL_BANNER", "MAX_ATTEMPTS", "DeliveryReport", "build_message", "deliver_due"]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
"""Attempts before a message is given up (``failed``); with the outbox's backoff
that is about three hours of retries."""
BATCH_LIMIT = 200
"""Messages one run sends at most; beat's next run takes the rest."""
SMTP_TIMEOUT_S = 30.0
LOCAL_MAIL_BANNER = "==== LOCAL MAIL (SMTP_HOST not set; not sent) ===="
LOCAL_MAIL_END = "==== END OF LOCAL MAIL ===="

_MESSAGE_FAULTS: tuple[type[Exception], ...] = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPDataError,
    ValueError,  # a header with a line break, an address that cannot be encoded
)


@dataclass(slots=True)
class DeliveryReport:
    sent: int = 0
    """Accepted by the SMTP server."""
    logged: int = 0
    """Written to the log instead (no ``SMTP_HOST``)."""
    retrying: int = 0
    """Failed this time, due again later."""
    failed: int = 0
    """Failed for the last allowed time: given up."""
    paused: bool = False
    """The server failed: the run stopped early, the rest is left for the next run."""

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)


def _sender_address(settings: Settings) -> str:
    return parseaddr(settings.mail_from)[1]


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "?"


def build_message(settings: Settings, mail: ClaimedEmail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(utcnow())
    # Derived from the outbox id, not random: should a message go out twice (the
    # worker died between the send and the commit), both copies are the same message.
    message["Message-ID"] = f"<{mail.id}@{_domain(_sender_address(settings))}>"
    message.set_content(mail.body_text)
    return message


def _smtp_send(settings: Settings, message: EmailMessage, to_address: str) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_S) as smtp:
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        # An explicit envelope: the recipient is the row's address, never whatever
        # header parsing makes of it.
        smtp.send_message(message, from_addr=_sender_address(settings), to_addrs=[to_address])


def _log_locally(mail: ClaimedEmail) -> None:
    log.warning(
        "\n%s\nTo: %s\nSubject: %s\n\n%s\n%s",
        LOCAL_MAIL_BANNER,
        mail.to_address,
        mail.subject,
        mail.body_text.rstrip(),
        LOCAL_MAIL_END,
    )


def _reply_text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else reply


def _describe(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # Its own text repeats the full address; the server's replies are what matter.
        replies = "; ".join(f"{code} {_reply_text(text)}" for code, text in exc.recipients.values())
        return f"recipient refused: {replies}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{type(exc).__name__}: {exc.smtp_code} {_reply_text(exc.smtp_error)}"
    return f"{type(exc).__name__}: {exc}"


def _log_failure(mail: ClaimedEmail, outcome: FailedDelivery, error: str) -> None:
    # The recipient's domain, not the address: enough to spot a bad provider, no PII.
    which = f"mail {mail.id} ({mail.kind} to @{_domain(mail.to_address)})"
    if outcome.status is OutboxStatus.FAILED:
        log.error("%s given up after %d attempts: %s", which, outcome.attempts, error)
        return
    log.warning(
        "%s not delivered (attempt %d of %d), next try after %s: %s",
        which,
        outcome.attempts,
        MAX_ATTEMPTS,
        outcome.send_after.isoformat(timespec="seconds"),
        error,
    )


async def _dispatch(settings: Settings, mail: ClaimedEmail) -> bool:
    """Send (True) or, without an SMTP server, log (False) one message."""
    if not settings.smtp_host:
        _log_locally(mail)
        return False
    message = build_message(settings, mail)
    await asyncio.to_thread(_smtp_send, settings, message, mail.to_address)
    return True


async def _deliver_next(
    factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    report: DeliveryReport,
    now: dt.datetime | None,
) -> bool:
    """Deliver the oldest due message; False when the run should stop."""
    async with factory() as session, session.begin():
        claimed = await claim_due(session, 1, now=now)
        if not claimed:
            return False
        mail = claimed[0]
        try:
            sent = await _dispatch(settings, mail)
        except Exception as exc:  # whatever went wrong, the row must record it
            error = _describe(exc)
            outcome = await mark_failed(session, mail.id, error, max_attempts=MAX_ATTEMPTS)
            _log_failure(mail, outcome, error)
            if outcome.status is OutboxStatus.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
            if isinstance(exc, _MESSAGE_FAULTS):
                return True
            report.paused = True
            return False
        await mark_sent(session, mail.id)
    if sent:
        report.sent += 1
        log.info("mail %s (%s to @%s) sent", mail.id, mail.kind, _domain(mail.to_address))
    else:
        report.logged += 1
    return True


async def deliver_due(
    settings: Settings, *, limit: int = BATCH_LIMIT, now: dt.datetime | None = None
) -> DeliveryReport:
    """Deliver up to ``limit`` due messages; ``now`` is the clock the claims use.

    Safe to run in several workers at once: each message is taken by one of them.
    """
    engine = create_engine(settings)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    report = DeliveryReport()
    try:
        for _ in range(limit):
            if not await _deliver_next(factory, settings, report, now):
                break
    finally:
        await engine.dispose()
    if report.paused:
        log.warning(
            "mail delivery paused until the next run: SMTP %s:%d failed",
            settings.smtp_host,
            settings.smtp_port,
        )
    return report
