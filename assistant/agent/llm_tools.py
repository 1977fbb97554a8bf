"""The tools of `tools/` as LangChain tools. Identity comes from the runtime context only.

No tool takes a user, candidate or session id: those come from the `Actor` in
`runtime.context`, built by the server. A model asked to "apply for candidate X"
or "show other people's applications" has no argument to express it.

Each tool's arguments are a msgspec struct; the JSON schema the model sees is generated
from it (``search_jobs`` takes the service's one filter type, :class:`JobSearchFilters`),
and the model's arguments are decoded into it. Arguments that do not decode come back
to the model as an ``invalid_arguments`` result saying what is wrong, so it can retry.
What the person's screen shows (job cards, actions) goes out through the runtime's
stream writer as the tool finishes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

import msgspec
from langchain.tools import ToolRuntime
from langchain_core.tools import BaseTool, StructuredTool

from assistant.agent import events
from assistant.agent.events import ChatEvent
from assistant.agent.tool_calls import observed_call
from config.metrics import TOOL_CALLS
from data_layer.jobs.filters import JobSearchFilters
from tools import account, applications, faq, handoff, jobs, referrals, resumes
from tools.context import ToolContext
from tools.results import ClientEvent, ToolResult, model_json

Args = TypeVar("Args", bound=msgspec.Struct)

_Email = Annotated[str, msgspec.Meta(max_length=320)]
_Name = Annotated[str, msgspec.Meta(max_length=100)]


class SearchJobsArgs(msgspec.Struct, kw_only=True):
    filters: JobSearchFilters | None = None
    # Bounded: a page far beyond the results is a wasted deep OFFSET scan, never an answer.
    page: Annotated[
        int,
        msgspec.Meta(ge=1, le=jobs.MAX_PAGE, description="1 for the first results"),
    ] = 1


class JobIdArgs(msgspec.Struct, kw_only=True):
    job_id: Annotated[str, msgspec.Meta(description="the job's id from search results")]


class RegisterCandidateArgs(msgspec.Struct, kw_only=True):
    first_name: _Name
    last_name: _Name
    email: _Email
    phone: Annotated[str, msgspec.Meta(max_length=40)]


class FriendArgs(msgspec.Struct, kw_only=True):
    email: Annotated[_Email, msgspec.Meta(description="the friend's email address")]


class RecruiterArgs(msgspec.Struct, kw_only=True):
    reason: Annotated[str, msgspec.Meta(description="why, in a few words")] | None = None


class FaqArgs(msgspec.Struct, kw_only=True):
    question: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=500,
            description="the person's question, in their words and language",
        ),
    ]


class NoArgs(msgspec.Struct):
    pass


class WhichApplicationArgs(msgspec.Struct, kw_only=True):
    """Which of the person's own applications (never anyone else's: the server looks only
    among theirs). Leave all empty for "my application" when they have one, or the one
    just asked about."""

    position: (
        Annotated[
            int,
            msgspec.Meta(
                ge=-1, le=account.LIST_SIZE, description="n in the last list shown; -1: the last"
            ),
        ]
        | None
    ) = None
    words: (
        Annotated[
            str, msgspec.Meta(max_length=80, description="city, state, specialty or title words")
        ]
        | None
    ) = None
    application_id: Annotated[str, msgspec.Meta(max_length=40)] | None = None

    def pointer(self) -> account.Pointer:
        return account.Pointer(self.position, self.words, self.application_id)


class InvalidArguments(msgspec.Struct, frozen=True):
    """The model's arguments did not fit the tool's schema: it is told what to fix."""

    problem: str

    @property
    def status(self) -> Literal["invalid_arguments"]:
        return "invalid_arguments"

    def for_model(self) -> str:
        return model_json(self.status, f"{self.problem}. Call the tool again with valid arguments.")

    def client_events(self) -> tuple[ClientEvent, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class ToolCallShown:
    """What one finished tool call shows (``tool.finished``, then its cards or actions),
    written to the agent's custom stream."""

    tool_call_id: str | None
    events: list[ChatEvent]


def _parameters(args_type: type[msgspec.Struct]) -> dict[str, Any]:
    """The JSON schema of ``args_type`` as a tool's parameters (structs it uses in ``$defs``)."""
    definitions = dict(msgspec.json.schema(args_type)["$defs"])
    parameters: dict[str, Any] = definitions.pop(args_type.__name__)
    if definitions:
        parameters["$defs"] = definitions
    return parameters


def _agent_tool(
    name: str,
    description: str,
    args_type: type[Args],
    call: Callable[[ToolContext, Args], Awaitable[ToolResult]],
) -> BaseTool:
    async def run(runtime: ToolRuntime[ToolContext], **arguments: Any) -> str:
        result: ToolResult
        try:
            args = msgspec.convert(arguments, args_type, strict=False)
        except msgspec.ValidationError as exc:
            result = InvalidArguments(str(exc))
            TOOL_CALLS.labels(name, result.status).inc()
        else:
            context = runtime.context
            result = await observed_call(
                name, lambda: context.in_transaction(lambda: call(context, args))
            )
        runtime.stream_writer(ToolCallShown(runtime.tool_call_id, events.after_tool(name, result)))
        return result.for_model()

    return StructuredTool.from_function(
        coroutine=run,
        name=name,
        description=description,
        args_schema=_parameters(args_type),
    )


AGENT_TOOLS: list[BaseTool] = [
    _agent_tool(
        "search_jobs",
        "Search open jobs. Structured wishes go in filters, anything else in filters.query.",
        SearchJobsArgs,
        lambda ctx, a: jobs.search_jobs(ctx, a.filters or JobSearchFilters(), a.page),
    ),
    _agent_tool(
        "get_job_details",
        "Full details of one job (pay, shift, dates, certifications) by its id from a search.",
        JobIdArgs,
        lambda ctx, a: jobs.get_job_details(ctx, a.job_id),
    ),
    _agent_tool(
        "apply_to_job",
        "Start applying to a job for the person in this conversation (needs their confirmation).",
        JobIdArgs,
        lambda ctx, a: applications.apply_to_job(ctx, a.job_id),
    ),
    _agent_tool(
        "confirm_application",
        "Submit the pending application after the person explicitly said yes in a new message.",
        NoArgs,
        lambda ctx, _: applications.confirm_application(ctx),
    ),
    _agent_tool(
        "cancel_application",
        "Drop the pending application (the person said no).",
        NoArgs,
        lambda ctx, _: applications.cancel_application(ctx),
    ),
    _agent_tool(
        "register_candidate",
        "Sign the person up from the details they gave here: mails them a confirmation link; "
        "applications they confirm are sent once they open it.",
        RegisterCandidateArgs,
        lambda ctx, a: applications.register_candidate(
            ctx, a.first_name, a.last_name, a.email, a.phone
        ),
    ),
    _agent_tool(
        "lookup_referrals",
        "The person's own referrals with their status and bonuses.",
        NoArgs,
        lambda ctx, _: referrals.lookup_referrals(ctx),
    ),
    _agent_tool(
        "create_referral",
        "Invite a friend (by email) to Excel Medical Staffing on the person's behalf.",
        FriendArgs,
        lambda ctx, a: referrals.create_referral(ctx, a.email),
    ),
    _agent_tool(
        "request_recruiter",
        "Hand this conversation to a human recruiter, who will reply here.",
        RecruiterArgs,
        lambda ctx, a: handoff.request_recruiter(ctx, a.reason),
    ),
    _agent_tool(
        "answer_faq",
        "Passages of the agency's approved FAQ articles answering a general question (pay "
        "packages, housing, benefits, referral bonus, licensure, credentialing, applying). "
        "Answer only from them; none_found: a recruiter can tell.",
        FaqArgs,
        lambda ctx, a: faq.answer_question(ctx, a.question),
    ),
    _agent_tool(
        "application_status",
        "One of the person's own applications: its job, status and status history.",
        WhichApplicationArgs,
        lambda ctx, a: account.application_status(ctx, a.pointer()),
    ),
    _agent_tool(
        "withdraw_application",
        "Withdraw one of the person's own applications. The first call only asks: tell them "
        "and ask yes or no; call it again only after they say yes in their next message (the "
        "server checks their words).",
        WhichApplicationArgs,
        lambda ctx, a: account.withdraw_application(ctx, a.pointer()),
    ),
    *[
        _agent_tool(name, description, NoArgs, lambda ctx, _, fn=fn: fn(ctx))
        for name, description, fn in (
            (
                "my_applications",
                "The person's own applications, newest first, with each job and status.",
                account.list_my_applications,
            ),
            (
                "cancel_withdrawal",
                "They said no to withdrawing: keep the application.",
                account.cancel_withdrawal,
            ),
            (
                "update_profile",
                "Save the availability date, preferred states, job types or shift stated in "
                "their latest message; the server reads their own words, so it takes no "
                "arguments.",
                account.update_profile,
            ),
            (
                "add_credential",
                "Add the license or certification (with its expiry) stated in their latest "
                "message to their profile; the server reads their own words, so it takes no "
                "arguments.",
                account.add_credential,
            ),
            (
                "review_resume",
                "What was read from the resume the person uploaded here (or why nothing yet).",
                resumes.review_resume,
            ),
            (
                "confirm_resume_facts",
                "Save what was read from their resume to their profile, after they said it is "
                "right in a new message.",
                resumes.confirm_resume_facts,
            ),
            (
                "correct_resume_facts",
                "Correct what was read from their resume (a license's expiry, compact or not, "
                "adding or removing a license or certification) with what they say in their "
                "latest message; the server reads their own words, so it takes no arguments.",
                resumes.correct_resume_facts,
            ),
            (
                "jobs_matching_resume",
                "Open jobs matching their confirmed resume facts (license, certifications), "
                "each with why.",
                resumes.jobs_matching_resume,
            ),
            (
                "delete_resume",
                "Delete their resume and everything read from it (asks them to confirm first).",
                resumes.delete_resume,
            ),
        )
    ],
]
