"""The Celery task of the outbox: a thin wrapper over :func:`~.delivery.deliver_due`.

The name ``workers.mail.deliver_outbox`` is what the API enqueues after a commit
that queued mail, and what beat enqueues every 30 s to retry due mail.
"""

from __future__ import annotations

import asyncio

from config.settings import get_settings
from workers.celery_app import celery_app
from workers.mail.delivery import deliver_due


@celery_app.task(name="workers.mail.deliver_outbox")
def deliver_outbox() -> dict[str, int | bool]:
    """Send the outbox's due mail (runs in parallel safely: rows are claimed one by one)."""
    return asyncio.run(deliver_due(get_settings())).as_dict()
