"""The e-mail outbox end to end: rows in PostgreSQL, delivery over real SMTP (devstack's
aiosmtpd server), the Celery task in a real worker process."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import socket
import uuid

import pytest
from celery import Celery
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from config.settings import Settings
from data_layer.accounts.outbox import claim_due, mark_failed, queue_email, retry_delay
from data_layer.models import OutboxEmail, OutboxStatus
from data_layer.models.base import utcnow
from devstack.mailbox import LocalMailbox
from workers.mail.delivery import LOCAL_MAIL_BANNER, MAX_ATTEMPTS, DeliveryReport, deliver_due

Factory = async_sessionmaker[AsyncSession]


def _address() -> str:
    return f"nurse-{uuid.uuid4().hex[:10]}@example.com"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _link() -> str:
    return f"https://careers.example.com/account/confirm?token={uuid.uuid4().hex}"


async def _queue(factory: Factory, to: str, *, body: str | None = None) -> uuid.UUID:
    async with factory() as session, session.begin():
        return await queue_email(
            session,
            to_address=to,
            subject="Confirm your email for Excel Medical Staffing",
            body_text=body or f"Hello,\n\nConfirm this address:\n\n{_link()}\n",
            kind="confirm_email",
        )


async def _row(factory: Factory, mail_id: uuid.UUID) -> OutboxEmail:
    async with factory() as session:
        return await session.get_one(OutboxEmail, mail_id)


async def test_queued_mail_is_delivered_and_its_body_dropped(
    test_settings: Settings, db_session_factory: Factory, mailbox: LocalMailbox
) -> None:
    to, link = _address(), _link()
    body = f"Hello,\n\nConfirm this address:\n\n{link}\n\nExcel Medical Staffing\n"
    mail_id = await _queue(db_session_factory, to, body=body)

    report = await deliver_due(test_settings)

    assert report == DeliveryReport(sent=1)
    message = mailbox.wait_for(to, timeout=10)
    assert str(message["From"]) == test_settings.mail_from
    assert str(message["To"]) == to
    assert str(message["Subject"]) == "Confirm your email for Excel Medical Staffing"
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and plain.get_content() == body
    assert mailbox.links(message) == [link]
    assert str(mail_id) in str(message["Message-ID"])
    row = await _row(db_session_factory, mail_id)
    assert (row.status, row.body_text, row.attempts, row.last_error) == ("sent", "", 0, None)
    assert row.sent_at is not None
    # Sent once: the next run finds nothing to do.
    assert await deliver_due(test_settings) == DeliveryReport()
    assert len(mailbox.messages_to(to)) == 1


async def test_unreachable_server_keeps_the_mail_until_it_is_back(
    test_settings: Settings, db_session_factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    port = _free_port()  # nothing listens here yet
    settings = test_settings.model_copy(update={"smtp_port": port})
    first, second = _address(), _address()
    first_id = await _queue(db_session_factory, first)
    second_id = await _queue(db_session_factory, second)

    with caplog.at_level(logging.WARNING, logger="workers.mail.delivery"):
        report = await deliver_due(settings)

    # The server is down: one attempt is recorded and the run stops, the rest waits.
    assert report == DeliveryReport(retrying=1, paused=True)
    row = await _row(db_session_factory, first_id)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error is not None and "ConnectionRefusedError" in row.last_error
    assert row.body_text  # still there to be sent
    assert row.send_after > utcnow()
    untouched = await _row(db_session_factory, second_id)
    assert (untouched.status, untouched.attempts) == ("pending", 0)
    failure = next(r.getMessage() for r in caplog.records if str(first_id) in r.getMessage())
    assert "confirm_email to @example.com" in failure
    assert f"attempt 1 of {MAX_ATTEMPTS}" in failure
    assert first not in failure  # the recipient's domain only

    with LocalMailbox(port=port) as server:
        # The failed one waits for its backoff...
        assert await deliver_due(settings) == DeliveryReport(sent=1)
        server.wait_for(second, timeout=10)
        # ...and goes out once it is due again.
        later = utcnow() + retry_delay(1) + dt.timedelta(seconds=1)
        assert await deliver_due(settings, now=later) == DeliveryReport(sent=1)
        server.wait_for(first, timeout=10)

    for mail_id in (first_id, second_id):
        row = await _row(db_session_factory, mail_id)
        assert (row.status, row.body_text) == ("sent", "")


async def test_one_bad_message_does_not_hold_back_the_others(
    test_settings: Settings, db_session_factory: Factory, mailbox: LocalMailbox
) -> None:
    bad_id = await _queue(db_session_factory, "someone@example.com\nBcc: many@example.com")
    good = _address()
    good_id = await _queue(db_session_factory, good)

    report = await deliver_due(test_settings)

    assert report == DeliveryReport(sent=1, retrying=1)
    mailbox.wait_for(good, timeout=10)
    assert (await _row(db_session_factory, good_id)).status == "sent"
    bad = await _row(db_session_factory, bad_id)
    assert (bad.status, bad.attempts) == ("pending", 1)
    assert bad.last_error is not None and bad.last_error.startswith("ValueError")
    assert mailbox.messages_to("many@example.com") == []


async def test_a_rolled_back_change_sends_nothing(
    test_settings: Settings, db_session_factory: Factory, mailbox: LocalMailbox
) -> None:
    to = _address()
    with pytest.raises(RuntimeError):
        async with db_session_factory() as session, session.begin():
            await queue_email(
                session, to_address=to, subject="Reset", body_text=_link(), kind="reset"
            )
            raise RuntimeError("the change that queued the mail failed")

    assert await deliver_due(test_settings) == DeliveryReport()
    async with db_session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(OutboxEmail)) == 0
    # Delivery is synchronous: anything sent would already be in the mailbox.
    assert mailbox.messages_to(to) == []


async def test_without_smtp_host_the_mail_is_logged_not_sent(
    test_settings: Settings,
    db_session_factory: Factory,
    mailbox: LocalMailbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = test_settings.model_copy(update={"smtp_host": ""})
    to, link = _address(), _link()
    mail_id = await _queue(db_session_factory, to, body=f"Set your password:\n\n{link}\n")

    with caplog.at_level(logging.WARNING, logger="workers.mail.delivery"):
        report = await deliver_due(settings)

    assert report == DeliveryReport(logged=1)
    local = [r for r in caplog.records if LOCAL_MAIL_BANNER in r.getMessage()]
    assert len(local) == 1 and local[0].levelno == logging.WARNING
    text = local[0].getMessage()
    assert f"To: {to}" in text
    assert "Subject: Confirm your email for Excel Medical Staffing" in text
    assert link in text
    row = await _row(db_session_factory, mail_id)
    assert (row.status, row.body_text) == ("sent", "")
    assert mailbox.messages_to(to) == []


async def test_two_runs_at_once_send_each_mail_once(
    test_settings: Settings, db_session_factory: Factory, mailbox: LocalMailbox
) -> None:
    addresses = [_address() for _ in range(8)]
    for to in addresses:
        await _queue(db_session_factory, to)

    reports = await asyncio.gather(deliver_due(test_settings), deliver_due(test_settings))

    assert sum(report.sent for report in reports) == len(addresses)
    for to in addresses:
        mailbox.wait_for(to, timeout=10)
        assert len(mailbox.messages_to(to)) == 1


async def test_a_message_is_given_up_after_its_last_attempt(db_session_factory: Factory) -> None:
    mail_id = await _queue(db_session_factory, _address())
    far_future = utcnow() + dt.timedelta(days=1)
    waits: list[dt.datetime] = []
    for attempt in range(1, 4):
        async with db_session_factory() as session, session.begin():
            [claimed] = await claim_due(session, 10, now=far_future)
            assert (claimed.id, claimed.attempts) == (mail_id, attempt - 1)
            outcome = await mark_failed(session, mail_id, "x" * 5000, max_attempts=3)
            waits.append(outcome.send_after)
        assert outcome.attempts == attempt
    assert outcome.status is OutboxStatus.FAILED
    assert waits[0] < waits[1] < waits[2]  # the backoff grows

    async with db_session_factory() as session, session.begin():
        assert await claim_due(session, 10, now=far_future) == []
    row = await _row(db_session_factory, mail_id)
    assert (row.status, row.attempts) == ("failed", 3)
    assert row.last_error is not None and len(row.last_error) == 1000
    assert row.body_text  # kept, so an operator can re-queue it


async def test_the_celery_task_delivers_in_a_real_worker(
    celery_worker: Celery, worker_settings: Settings, mailbox: LocalMailbox
) -> None:
    engine = create_async_engine(worker_settings.effective_database_url)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    try:
        to = _address()
        mail_id = await _queue(factory, to)

        result = celery_worker.send_task("workers.mail.deliver_outbox")
        summary = await asyncio.to_thread(result.get, timeout=60)

        # The worker's own schedule (or another file's task on this shared worker) may
        # deliver it first; what matters is that a worker sent it exactly as queued.
        assert isinstance(summary["sent"], int)
        message = await asyncio.to_thread(mailbox.wait_for, to, 10)
        assert str(message["From"]) == worker_settings.mail_from
        row = await _row(factory, mail_id)
        assert (row.status, row.body_text) == ("sent", "")
    finally:
        await engine.dispose()
