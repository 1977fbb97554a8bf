"""A local OTLP/HTTP trace receiver: what a collector (Jaeger, Tempo, the OTel
Collector) is to a process that exports its spans with ``OTEL_EXPORTER_OTLP_ENDPOINT``.

It speaks the protocol's protobuf form (``POST /v1/traces``, an
``ExportTraceServiceRequest``, answered with an empty ``ExportTraceServiceResponse``)
and keeps each span as a small record the tests can search.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

__all__ = ["ReceivedSpan", "TraceReceiver", "otlp_receiver"]


@dataclass(frozen=True)
class ReceivedSpan:
    name: str
    trace_id: int
    span_id: int
    parent_span_id: int | None
    service: str
    attributes: dict[str, Any]


def _value(any_value: Any) -> Any:
    kind = any_value.WhichOneof("value")
    return getattr(any_value, kind) if kind else None


@dataclass
class TraceReceiver:
    base_url: str = ""
    spans: list[ReceivedSpan] = field(default_factory=list)
    _arrived: threading.Condition = field(default_factory=threading.Condition)

    def add(self, request: ExportTraceServiceRequest) -> None:
        received: list[ReceivedSpan] = []
        for resource_spans in request.resource_spans:
            resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    received.append(
                        ReceivedSpan(
                            name=span.name,
                            trace_id=int.from_bytes(span.trace_id, "big"),
                            span_id=int.from_bytes(span.span_id, "big"),
                            parent_span_id=(
                                int.from_bytes(span.parent_span_id, "big")
                                if span.parent_span_id
                                else None
                            ),
                            service=str(resource.get("service.name", "")),
                            attributes={a.key: _value(a.value) for a in span.attributes},
                        )
                    )
        with self._arrived:
            self.spans.extend(received)
            self._arrived.notify_all()

    def wait_for(self, name: str, timeout_s: float = 60) -> ReceivedSpan:
        """The first span called ``name``, once an exporter has sent it."""
        deadline = time.monotonic() + timeout_s
        with self._arrived:
            while True:
                for span in self.spans:
                    if span.name == name:
                        return span
                left = deadline - time.monotonic()
                if left <= 0:
                    names = sorted({s.name for s in self.spans})
                    raise AssertionError(f"no span {name!r} arrived; got {names}")
                self._arrived.wait(left)


@contextmanager
def otlp_receiver() -> Iterator[TraceReceiver]:
    receiver = TraceReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            if self.path != "/v1/traces":
                self.send_error(404)
                return
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            receiver.add(request)
            answer = ExportTraceServiceResponse().SerializeToString()
            self.send_response(200)
            self.send_header("Content-Type", "application/x-protobuf")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
