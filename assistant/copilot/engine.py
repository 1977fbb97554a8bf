"""Which engine answers a copilot question, and the one answer shape both give back.

With a model configured (``settings.llm_enabled``) the LLM engine chooses the tool and its
arguments (:mod:`assistant.copilot.llm`); any model error, timeout or runaway ends in the
offline engine answering instead (:func:`assistant.copilot.offline.answer_offline`), which
needs no model at all. Either way the asker gets the same :class:`CopilotAnswer`, built
by the server from the rows the tools returned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Literal

import msgspec

from assistant.copilot.answer import CopilotAnswer, CopilotState, Table
from assistant.copilot.compose import compose_answer
from assistant.copilot.llm import CopilotLLM, MetricOutcome, SQLOutcome, TextOutcome
from assistant.copilot.offline import answer_offline
from tools.copilot import CopilotContext

log = logging.getLogger(__name__)

EngineName = Literal["offline", "llm", "llm_fallback", "cache"]


@dataclass(frozen=True)
class Answered:
    answer: CopilotAnswer
    state: CopilotState
    verified: bool
    """Safe to reuse from the cache: from the analytic tools or SQL that ran clean, sure of
    itself, not a clarifying question."""
    engine: EngineName


def state_from_data(data: dict[str, Any] | None) -> CopilotState | None:
    """A stored state back as :class:`CopilotState` (None when absent or from an older shape)."""
    if not data:
        return None
    try:
        return msgspec.convert(data, CopilotState)
    except msgspec.ValidationError:
        return None


def _verified(answer: CopilotAnswer) -> bool:
    return not answer.uncertain and not answer.clarify


async def answer_question(
    question: str,
    state: CopilotState | None,
    ctx: CopilotContext,
    *,
    llm: CopilotLLM | None,
    earlier_questions: list[str],
) -> Answered:
    if llm is not None:
        try:
            outcome = await llm.answer(
                ctx,
                question,
                earlier_questions=earlier_questions,
                last_query=state.last_query if state else None,
            )
        except Exception as exc:
            # The model failing must not fail the recruiter: the offline engine answers.
            log.warning("copilot model failed, answering offline: %s", type(exc).__name__)
        else:
            answered = _from_model(outcome, state, ctx)
            if answered is not None:
                return answered
        answer, new_state = await answer_offline(question, state, ctx)
        return Answered(answer, new_state, _verified(answer), "llm_fallback")
    answer, new_state = await answer_offline(question, state, ctx)
    return Answered(answer, new_state, _verified(answer), "offline")


def _from_model(
    outcome: MetricOutcome | SQLOutcome | TextOutcome,
    state: CopilotState | None,
    ctx: CopilotContext,
) -> Answered | None:
    """The answer of what the model did; None when it found no data (offline answers then,
    saying plainly what it can and cannot answer)."""
    if isinstance(outcome, MetricOutcome):
        answer = compose_answer(outcome.result, outcome.query, ctx)
        new_state = CopilotState(
            last_query=outcome.query if outcome.query is not None else (state and state.last_query),
            row_ids=list(outcome.result.candidate_ids),
            job_id=str(outcome.job_id) if outcome.job_id else None,
        )
        return Answered(answer, new_state, _verified(answer), "llm")
    if isinstance(outcome, SQLOutcome):
        answer = _sql_answer(outcome, ctx)
        kept = CopilotState(last_query=state.last_query) if state else CopilotState()
        return Answered(answer, kept, _verified(answer), "llm")
    return None


def _single_number(columns: list[str], rows: list[list[Any]]) -> int | float | None:
    if len(columns) != 1 or len(rows) != 1 or not rows[0]:
        return None
    cell = rows[0][0]
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, int | float):
        return cell
    try:
        number = float(cell)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else round(number, 4)


def _sql_answer(outcome: SQLOutcome, ctx: CopilotContext) -> CopilotAnswer:
    result = outcome.result
    whose = "all recruiters" if ctx.scope.is_admin else "your candidates"
    if result.outside_scope:
        return CopilotAnswer(
            answer="Nothing you can see matches that: the rows that do are outside your scope.",
            explanation=f"Ran a read-only query over the copilot views, limited to {whose}.",
            sql=outcome.sql if ctx.scope.is_admin else None,
            outside_scope=True,
        )
    count = len(result.rows)
    sentence = outcome.text or (
        "No rows matched." if count == 0 else f"{count} row{'' if count == 1 else 's'} matched."
    )
    note = " (only the first rows are shown)" if result.truncated else ""
    return CopilotAnswer(
        answer=sentence,
        value=_single_number(result.columns, result.rows),
        table=Table(columns=list(result.columns), rows=[list(r) for r in result.rows])
        if count
        else None,
        explanation=(
            f"Ran a read-only query written for this question over the copilot views, "
            f"limited to {whose}: {count} row{'' if count == 1 else 's'}{note}."
        ),
        sql=outcome.sql if ctx.scope.is_admin else None,
    )
