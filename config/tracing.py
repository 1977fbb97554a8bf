"""OpenTelemetry traces: off unless ``OTEL_ENABLED``; exported over OTLP/HTTP when configured.

A trace follows one request: the API's server span (:mod:`assistant.observability.http`),
the chat turn, each tool call and model call, every SQL statement (SQLAlchemy cursor
events on every engine of the process), and into the Celery tasks the request enqueued
(the W3C ``traceparent`` travels in the task message's headers and the worker continues
the trace). A task sent outside any trace (beat's schedule) starts its own trace with a
``celery.publish`` producer span. Spans leave the process only when
``OTEL_EXPORTER_OTLP_ENDPOINT`` is set (batched, in a background thread); without it they
are recorded for processors added in process (the tests' in-memory exporter) and nothing
touches the network.

The provider is this module's own, not OpenTelemetry's global one, so a process (the
test suite) can turn tracing off again (:func:`disable_tracing`); code starts spans with
:func:`span`, which costs nothing while tracing is off. Span attributes never carry a
person's data: route templates, tool and task names, statement text with placeholders.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Final

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import INVALID_SPAN, Span, SpanKind, Status, StatusCode

from config.settings import Settings

__all__ = [
    "TRACER_NAME",
    "add_processor",
    "configure_tracing",
    "disable_tracing",
    "extract_context",
    "inject_context",
    "span",
    "start_span",
    "tracing_enabled",
]

log = logging.getLogger(__name__)

TRACER_NAME: Final = "excel_staffing_assistant"
_MAX_STATEMENT_CHARS: Final = 2000


@dataclass
class _State:
    provider: TracerProvider | None = None
    tracer: trace.Tracer | None = None
    exported_to: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


_state = _State()


def tracing_enabled() -> bool:
    return _state.tracer is not None


def span(
    name: str,
    *,
    kind: SpanKind = SpanKind.INTERNAL,
    attributes: Mapping[str, Any] | None = None,
) -> AbstractContextManager[Span]:
    """A span around a block, child of the current one; a do-nothing span when tracing is off.

    An exception leaving the block is recorded on the span and marks it as an error.
    """
    tracer = _state.tracer
    if tracer is None:
        return contextlib.nullcontext(INVALID_SPAN)
    return tracer.start_as_current_span(name, kind=kind, attributes=dict(attributes or {}))


def start_span(
    name: str,
    *,
    kind: SpanKind = SpanKind.INTERNAL,
    attributes: Mapping[str, Any] | None = None,
) -> Span:
    """A span that is not made current (ended by the caller, e.g. when a stream ends)."""
    tracer = _state.tracer
    if tracer is None:
        return INVALID_SPAN
    return tracer.start_span(name, kind=kind, attributes=dict(attributes or {}))


def _endpoint(base: str) -> str:
    base = base.rstrip("/")
    return base if base.endswith("/v1/traces") else f"{base}/v1/traces"


def _headers(raw: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    for part in raw.split(","):
        name, _, value = part.partition("=")
        if name.strip() and value.strip():
            headers[name.strip()] = value.strip()
    return headers


def configure_tracing(settings: Settings, role: str) -> TracerProvider | None:
    """Turn tracing on for this process when ``OTEL_ENABLED`` (once; later calls reuse it).

    Returns the provider (processors may be added to it), or None when tracing is off.
    """
    if not settings.otel_enabled:
        return None
    with _state.lock:
        if _state.provider is None:
            resource = Resource.create(
                {"service.name": settings.otel_service_name, "service.namespace": role}
            )
            sampler = ParentBased(TraceIdRatioBased(settings.otel_sample_ratio))
            _state.provider = TracerProvider(resource=resource, sampler=sampler)
            _state.tracer = _state.provider.get_tracer(TRACER_NAME)
            _install_sql_spans()
            _install_celery_propagation()
            log.info("tracing on (%s)", role)
        endpoint = settings.otel_exporter_otlp_endpoint.strip()
        if endpoint and endpoint not in _state.exported_to:
            # Imported only when used: the exporter pulls in requests and protobuf.
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            exporter = OTLPSpanExporter(
                endpoint=_endpoint(endpoint),
                headers=_headers(settings.otel_exporter_otlp_headers.get_secret_value()),
                timeout=10,
            )
            _state.provider.add_span_processor(BatchSpanProcessor(exporter))
            _state.exported_to.add(endpoint)
            log.info("traces exported over OTLP/HTTP")
        return _state.provider


def add_processor(processor: SpanProcessor) -> None:
    """Add a span processor to the running provider (tests add an in-memory exporter)."""
    if _state.provider is None:
        raise RuntimeError("tracing is off: configure_tracing() with OTEL_ENABLED first")
    _state.provider.add_span_processor(processor)


def disable_tracing() -> None:
    """Stop tracing in this process: flush and shut the provider down, remove the hooks."""
    with _state.lock:
        provider, _state.provider, _state.tracer = _state.provider, None, None
        _state.exported_to.clear()
        _remove_sql_spans()
        _remove_celery_propagation()
    if provider is not None:
        provider.shutdown()


# ------------------------------------------------------------------ context in carriers
def inject_context(carrier: dict[str, Any], context: otel_context.Context | None = None) -> None:
    """Write the trace context (``traceparent``) into a message's headers: ``context``'s,
    or else the current one."""
    propagate.inject(carrier, context=context)


def extract_context(carrier: Mapping[str, Any]) -> otel_context.Context:
    return propagate.extract(carrier)


# ------------------------------------------------------------------ SQL statements
def _sql_before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: Any):
    tracer = _state.tracer
    if tracer is None or context is None:
        return
    operation = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "SQL"
    database = getattr(conn.engine.url, "database", None) or ""
    sql_span = tracer.start_span(
        f"{operation} {database}".strip(),
        kind=SpanKind.CLIENT,
        attributes={
            "db.system.name": conn.engine.dialect.name,
            "db.namespace": database,
            "db.operation.name": operation,
            # Statements carry placeholders; the values (personal data) are never recorded.
            "db.query.text": statement[:_MAX_STATEMENT_CHARS],
        },
    )
    context._esa_span = sql_span


def _sql_after(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: Any):
    sql_span = getattr(context, "_esa_span", None)
    if sql_span is not None:
        sql_span.end()
        context._esa_span = None


def _sql_error(exception_context: Any) -> None:
    context = exception_context.execution_context
    sql_span = getattr(context, "_esa_span", None) if context is not None else None
    if sql_span is not None:
        error = exception_context.original_exception
        sql_span.set_status(Status(StatusCode.ERROR, type(error).__name__))
        sql_span.set_attribute("error.type", type(error).__name__)
        sql_span.end()
        context._esa_span = None


_SQL_HOOKS: Final = (
    ("before_cursor_execute", _sql_before),
    ("after_cursor_execute", _sql_after),
    ("handle_error", _sql_error),
)


def _install_sql_spans() -> None:
    # On the Engine class: every engine of the process (API, workers, CLI), no edits at
    # the places that create them. AsyncEngine runs these on its sync engine, in the
    # caller's context (SQLAlchemy carries contextvars into its greenlet).
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    for name, hook in _SQL_HOOKS:
        if not event.contains(Engine, name, hook):
            event.listen(Engine, name, hook)


def _remove_sql_spans() -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    for name, hook in _SQL_HOOKS:
        if event.contains(Engine, name, hook):
            event.remove(Engine, name, hook)


# ------------------------------------------------------------------ Celery tasks
_running: dict[str, tuple[Span, object, float]] = {}
"""Task id -> (its span, the context token, start time) while the task runs."""


def _before_publish(
    sender: str | None = None, headers: dict[str, Any] | None = None, **_: Any
) -> None:
    tracer = _state.tracer
    if headers is None or tracer is None:
        return
    if trace.get_current_span().get_span_context().is_valid:
        inject_context(headers)  # the task continues the request or task that sent it
        return
    # Sent outside any trace (beat's schedule, the CLI): the task's trace starts here, so
    # a scheduled run is one trace from the sending process into the worker.
    publish = tracer.start_span(
        f"celery.publish {sender or 'task'}",
        kind=SpanKind.PRODUCER,
        attributes={
            "messaging.system": "celery",
            "messaging.operation.name": "publish",
            "celery.task_name": str(sender or ""),
        },
    )
    try:
        inject_context(headers, trace.set_span_in_context(publish))
    finally:
        publish.end()


class _RequestGetter:
    """Reads the propagated headers off a Celery task request (they become attributes)."""

    def get(self, carrier: Any, key: str) -> list[str] | None:
        value = getattr(carrier, key, None)
        if value is None and isinstance(getattr(carrier, "headers", None), dict):
            value = carrier.headers.get(key)
        return [value] if isinstance(value, str) else None

    def keys(self, carrier: Any) -> list[str]:
        return []


_GETTER: Final = _RequestGetter()


def _task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    tracer = _state.tracer
    if tracer is None or task is None or task_id is None:
        return
    parent = propagate.extract(task.request, getter=_GETTER)
    task_span = tracer.start_span(
        f"celery.task {task.name}",
        context=parent,
        kind=SpanKind.CONSUMER,
        attributes={
            "messaging.system": "celery",
            "messaging.operation.name": "process",
            "celery.task_name": task.name,
            "celery.retries": int(getattr(task.request, "retries", 0) or 0),
        },
    )
    token = otel_context.attach(trace.set_span_in_context(task_span))
    _running[task_id] = (task_span, token, time.perf_counter())


def _task_failed(task_id: str | None = None, exception: BaseException | None = None, **_: Any):
    entry = _running.get(task_id or "")
    if entry is not None and exception is not None:
        entry[0].record_exception(exception)
        entry[0].set_status(Status(StatusCode.ERROR, type(exception).__name__))


def _task_finished(task_id: str | None = None, state: str | None = None, **_: Any) -> None:
    entry = _running.pop(task_id or "", None)
    if entry is None:
        return
    task_span, token, _started = entry
    if state:
        task_span.set_attribute("celery.state", state)
    task_span.end()
    with contextlib.suppress(Exception):  # a token of another context: nothing to undo
        otel_context.detach(token)  # type: ignore[arg-type]


def _celery_signals() -> Iterator[tuple[Any, Any]]:
    from celery import signals

    yield signals.before_task_publish, _before_publish
    yield signals.task_prerun, _task_started
    yield signals.task_failure, _task_failed
    yield signals.task_postrun, _task_finished


def _install_celery_propagation() -> None:
    for signal, handler in _celery_signals():
        signal.connect(handler, weak=False)


def _remove_celery_propagation() -> None:
    for signal, handler in _celery_signals():
        signal.disconnect(handler)
    _running.clear()
