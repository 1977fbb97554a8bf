"""Delivery of the e-mail outbox (``data_layer.accounts.outbox``).

* :mod:`.delivery` - :func:`~.delivery.deliver_due`: claim due mail, send it over
  SMTP (or log it when ``SMTP_HOST`` is empty), record the outcome; no Celery;
* :mod:`.tasks` - the Celery task ``workers.mail.deliver_outbox`` (enqueued by the
  API after it queues mail, and by beat every 30 s for retries).
"""
