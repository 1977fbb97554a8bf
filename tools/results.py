"""The shape every tool returns: a status word, facts for the reply, and nothing secret."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID


@dataclass
class ToolResult:
    status: str
    """``ok`` or a reason the caller should react to (``login_required``, ``not_found`` ...)."""
    data: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    """A short hint for the model/engine on what to tell the user."""

    def for_model(self) -> str:
        payload: dict[str, Any] = {"status": self.status, **self.data}
        if self.message:
            payload["note"] = self.message
        return json.dumps(payload, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
