"""What the copilot says back (:class:`CopilotAnswer`) and what it remembers between
questions of one conversation (:class:`CopilotState`).

Both engines (offline and LLM) return the same :class:`CopilotAnswer`; the question API
sends it as JSON or as SSE events without knowing which engine answered. The state is
small and contains no personal data beyond candidate ids, so it can be stored with the
conversation and handed back with the next question ("and last month?", "only ICU",
"show me those candidates").
"""

from __future__ import annotations

from typing import Any

import msgspec

from data_layer.recruiting.metrics.query import MetricQuery

__all__ = ["Clarification", "CopilotAnswer", "CopilotState", "Table"]


class Table(msgspec.Struct, kw_only=True):
    """Rows to show as a table, in the order the answer's sentence talks about them."""

    columns: list[str]
    rows: list[list[Any]]


class CopilotAnswer(msgspec.Struct, kw_only=True):
    """One answer: a sentence, and the number, table and chart it stands on."""

    answer: str
    """One or two plain sentences with the number(s) and the period in words."""
    value: int | float | None = None
    """The single number when the answer is one number, else ``None``."""
    table: Table | None = None
    chart: dict[str, Any] | None = None
    """A Vega-Lite v5 spec with its data inline (``data.values``); never code to run."""
    explanation: str = ""
    """How the number was got: the metric's meaning, the filters, whose data."""
    sql: str | None = None
    """The statement that ran; filled only for admins."""
    uncertain: bool = False
    """The copilot is not sure it understood (or cannot answer): do not trust blindly."""
    outside_scope: bool = False
    """Nothing the asker may see matched, but rows exist outside their scope."""
    clarify: list[str] | None = None
    """Choices offered when the question was ambiguous; each is a question to send back."""


class Clarification(msgspec.Struct, kw_only=True, omit_defaults=True):
    """A clarifying question the copilot asked, and what each offered choice means."""

    choices: list[str]
    """The choices as shown (each a full question the person may send back)."""
    queries: list[MetricQuery] = []
    """The query each choice stands for, in the same order (empty: re-read the choice)."""


class CopilotState(msgspec.Struct, kw_only=True, omit_defaults=True):
    """What a conversation remembers for follow-up questions."""

    last_query: MetricQuery | None = None
    """The last metric question answered ("and last month?" changes its period)."""
    row_ids: list[str] = []
    """Candidate ids of the last answer's rows, in order ("show me those candidates")."""
    pending: Clarification | None = None
    """The clarifying question waiting for an answer ("2", "placements", a choice)."""
    job_id: str | None = None
    """The job the last "candidates for job" answer was about."""
