"""The offline engine's account turns: my applications, one application's status, withdrawing
(asked first, done on the next message's yes), availability and preferences, licenses and
certifications.

:func:`respond` answers such a message through the tools of :mod:`tools.account` and
returns ``None`` for anything else, so the engine's usual dispatch goes on. The withdrawal
question is remembered as ``expecting == "confirm_withdraw"`` for exactly one message: a
yes to it withdraws, a no keeps the application, anything else drops the question (the
tool would not take a later yes either).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final, Protocol, TypeVar

from assistant.agent.nlu import Intent, Understanding
from assistant.agent.nlu.understanding import ApplicationRef, JobReference
from assistant.agent.replies import account as say
from data_layer.chat.dialogue import DialogueState
from tools import account
from tools.account import Pointer
from tools.context import ToolContext
from tools.results import ToolResult

Result = TypeVar("Result", bound=ToolResult)

CONFIRM_WITHDRAW: Final = "confirm_withdraw"
"""What the engine expects after asking whether to withdraw."""
WHICH: Final = "which_application:"
"""What it expects after listing applications or asking which one (``...:status`` or
``...:withdraw``): a bare "the second one" or "the Dallas one" then answers it."""

_ACCOUNT_INTENTS: Final = frozenset(
    {
        Intent.MY_APPLICATIONS,
        Intent.APPLICATION_STATUS,
        Intent.WITHDRAW,
        Intent.UPDATE_PROFILE,
        Intent.ADD_CREDENTIAL,
    }
)


class _Turn(Protocol):
    ctx: ToolContext
    state: DialogueState

    async def call(self, name: str, fn: Callable[..., Awaitable[Result]], *args: Any) -> Result: ...


def pointer(ref: ApplicationRef | None) -> Pointer:
    """The understanding's reference to an application, as the tools take it."""
    if ref is None:
        return Pointer()
    return Pointer(
        position=ref.ordinal,
        words=ref.text,
        application_id=ref.application_id,
        city=ref.city,
        state=ref.state,
        specialty=ref.specialty,
    )


async def respond(
    turn: _Turn, meaning: Understanding, expecting: str | None, text: str
) -> str | None:
    """The reply to an account message, or ``None`` when the message is about something else."""
    lang = meaning.language
    if turn.state.pending_withdrawal is not None:
        if expecting == CONFIRM_WITHDRAW and turn.ctx.user_confirmed.yes:
            return await withdraw(turn, Pointer(), lang)
        if expecting == CONFIRM_WITHDRAW and meaning.intent is Intent.CANCEL:
            await turn.call("cancel_withdrawal", account.cancel_withdrawal)
            return say.withdraw_kept(lang)
        # Not answered: the question lapses (a later yes must not withdraw anything).
        turn.state.pending_withdrawal = None
    if expecting and expecting.startswith(WHICH) and meaning.intent not in _ACCOUNT_INTENTS:
        which = _answer_to_which(meaning)
        if which is not None:
            if expecting == WHICH + "withdraw":
                return await withdraw(turn, which, lang)
            return await status(turn, which, lang)
    if meaning.intent not in _ACCOUNT_INTENTS:
        return None
    if meaning.intent is Intent.MY_APPLICATIONS:
        return await list_applications(turn, lang)
    if meaning.intent is Intent.APPLICATION_STATUS:
        return await status(turn, pointer(meaning.application_ref), lang)
    if meaning.intent is Intent.WITHDRAW:
        return await withdraw(turn, pointer(meaning.application_ref), lang)
    if meaning.intent is Intent.UPDATE_PROFILE:
        result = await turn.call("update_profile", account.update_profile)
        if result.status == "login_required":
            return say.login_prompt(lang)
        return say.profile(result, lang)
    result_cred = await turn.call("add_credential", account.add_credential)
    return say.credential(result_cred, lang)


def _answer_to_which(meaning: Understanding) -> Pointer | None:
    """A bare answer to "which application?": read as an application, or as the job words
    ("the second one", "the Dallas one") the engine would otherwise take for a job."""
    if meaning.application_ref is not None:
        return pointer(meaning.application_ref)
    ref: JobReference | None = meaning.job_reference
    if ref is None or not (ref.ordinal is not None or ref.city or ref.text):
        return None
    if meaning.intent not in (Intent.JOB_DETAILS, Intent.UNKNOWN):
        return None  # "apply to the second one" is about the jobs shown, not this question
    return Pointer(position=ref.ordinal, city=ref.city, words=ref.text)


async def list_applications(turn: _Turn, lang: str) -> str:
    result = await turn.call("my_applications", account.list_my_applications)
    if result.status == "login_required":
        return say.login_prompt(lang)
    if result.applications:
        _ask_which(turn, "status")  # "the second one" next is about these
    return say.applications(result.applications, result.total, lang)


def _ask_which(turn: _Turn, about: str) -> None:
    """The next message may answer "which one?" bare (the tool keeps the choices shown)."""
    turn.state.expecting = WHICH + about


async def _not_found(turn: _Turn, lang: str) -> str:
    """None fits: the list, so they can point at one."""
    result = await turn.call("my_applications", account.list_my_applications)
    return say.not_found(result.applications, result.total, lang)


async def status(turn: _Turn, which: Pointer, lang: str) -> str:
    result = await turn.call("application_status", account.application_status, which)
    if result.status == "login_required":
        return say.login_prompt(lang)
    if result.status == "no_applications":
        return say.no_applications(lang)
    if result.status == "ambiguous":
        _ask_which(turn, "status")
        return say.which_application(result.choices, lang)
    if result.status == "not_found":
        return await _not_found(turn, lang)
    return say.application(result, lang)


async def withdraw(turn: _Turn, which: Pointer, lang: str) -> str:
    result = await turn.call("withdraw_application", account.withdraw_application, which)
    if result.status == "login_required":
        return say.login_prompt(lang)
    if result.status == "no_applications":
        return say.no_applications(lang)
    if result.status == "ambiguous":
        _ask_which(turn, "withdraw")
        return say.which_application(result.choices, lang)
    if result.status == "not_found":
        return await _not_found(turn, lang)
    assert result.application is not None
    if result.status == "not_allowed":
        return say.withdraw_not_allowed(result.application, lang)
    if result.status == "confirmation_required":
        turn.state.expecting = CONFIRM_WITHDRAW
        return say.confirm_withdraw(result.application, lang)
    return say.withdrawn(result.application, lang)
