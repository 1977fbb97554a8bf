"""Wake the mail worker after a commit that queued account mail.

The outbox row is already committed, and beat retries due mail every 30 s, so a
broker hiccup here only delays a mail: it is logged, never raised to the user.
"""

from __future__ import annotations

import asyncio
import logging

from celery import Celery

log = logging.getLogger(__name__)

DELIVER_TASK = "workers.mail.deliver_outbox"


def _publish(client: Celery) -> None:
    with client.connection_for_write() as connection:
        client.send_task(DELIVER_TASK, connection=connection)


async def wake_mail_worker(client: Celery) -> None:
    try:
        await asyncio.to_thread(_publish, client)
    except Exception as exc:  # the row is safe in the outbox; beat will pick it up
        log.warning("could not wake the mail worker (%s); beat will deliver", type(exc).__name__)
