"""Beat traces (``OTEL_ENABLED``): its start-up hook turns tracing on, and the tasks it sends
(the start-up sync, each scheduled entry) carry a ``traceparent`` of a trace that starts in
beat with a ``celery.publish`` producer span, which the worker then continues.

Beat itself is not started: its ``beat_init`` signal is sent as beat sends it, with an
application on kombu's in-memory broker, and beat's own scheduler sends one entry through
it; the messages are read back from that broker.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import Celery
from celery.beat import Scheduler, Service
from celery.signals import beat_init
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

import workers.celery_app as celery_module
from config.settings import Settings
from config.tracing import add_processor, disable_tracing, tracing_enabled


@pytest.fixture
def memory_app() -> Iterator[Celery]:
    app = Celery("beat-tracing-test", broker="memory://", backend="disabled://")
    app.conf.task_default_queue = "beat-tracing-test"
    try:
        yield app
    finally:
        app.close()


def _beat_settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(  # type: ignore[call-arg]
        DATA_DIR=tmp_path, SYNC_SCHEDULE_ENABLED=True, SYNC_ON_START=True, **values
    )


def _beat(app: Celery, tmp_path: Path) -> Service:
    """Beat's service as ``celery beat`` creates it (not started)."""
    return Service(app, schedule_filename=str(tmp_path / "celerybeat-schedule"))


def _sent(app: Celery) -> list[dict[str, Any]]:
    """Headers of every message waiting on the in-memory broker's queue."""
    headers: list[dict[str, Any]] = []
    with app.connection_for_read() as connection:
        queue = connection.SimpleQueue(app.conf.task_default_queue)
        try:
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    return headers
                headers.append(dict(message.headers))
                message.ack()
        finally:
            queue.close()


def _trace_id(traceparent: str) -> int:
    version, trace_id, _span_id, _flags = traceparent.split("-")
    assert version == "00"
    return int(trace_id, 16)


def test_beat_init_turns_tracing_on_and_the_tasks_beat_sends_start_traces(
    tmp_path: Path, memory_app: Celery, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _beat_settings(tmp_path, OTEL_ENABLED=True)
    monkeypatch.setattr(celery_module, "get_settings", lambda: settings)
    exporter = InMemorySpanExporter()
    try:
        assert not tracing_enabled()
        beat_init.send(sender=_beat(memory_app, tmp_path))
        assert tracing_enabled()
        add_processor(SimpleSpanProcessor(exporter))
        # The start-up sync was sent by the hook (before the exporter was added); now one
        # scheduled entry, sent by beat's own scheduler.
        scheduler = Scheduler(memory_app, lazy=True)
        entry = scheduler.Entry(
            name="heartbeat", task="workers.health.heartbeat", schedule=30.0, app=memory_app
        )
        scheduler.apply_async(entry)
        sent = _sent(memory_app)
    finally:
        disable_tracing()
    assert [h["task"] for h in sent] == [
        "workers.sync.sync_jobs_incremental",
        "workers.health.heartbeat",
    ]
    assert all(h.get("traceparent") for h in sent), sent
    startup, scheduled = (_trace_id(h["traceparent"]) for h in sent)
    assert startup != scheduled  # each scheduled run is a trace of its own
    publish = [s for s in exporter.get_finished_spans() if s.name.startswith("celery.publish")]
    assert [s.name for s in publish] == ["celery.publish workers.health.heartbeat"]
    assert publish[0].kind is SpanKind.PRODUCER and publish[0].parent is None
    assert publish[0].context.trace_id == scheduled


def test_beat_sends_no_trace_context_while_tracing_is_off(
    tmp_path: Path, memory_app: Celery, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _beat_settings(tmp_path)
    monkeypatch.setattr(celery_module, "get_settings", lambda: settings)
    beat_init.send(sender=_beat(memory_app, tmp_path))
    assert not tracing_enabled()
    sent = _sent(memory_app)
    assert [h["task"] for h in sent] == ["workers.sync.sync_jobs_incremental"]
    assert "traceparent" not in sent[0]
