"""The offline engine's resume turns: say what was read, correct it, save it on a yes,
match, delete.

:func:`respond` answers a message about the person's resume (or the answer to the
engine's own question about one) through the tools of :mod:`tools.resumes`, and
returns ``None`` for anything else so the engine's usual dispatch goes on. An answer to
"Is that right?" that says what is different is applied and the new summary asked about
again; a bare no keeps the question open so their next message can say it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol, TypeVar

from assistant.agent.nlu import Intent, Understanding
from assistant.agent.nlu.resumes import is_resume_correction, resume_intent
from data_layer.chat.dialogue import DialogueState
from tools import resumes
from tools.context import ToolContext
from tools.results import ToolResult

Result = TypeVar("Result", bound=ToolResult)

NO_RESUME = (
    "I don't see a resume in this chat yet. Use the attach (paperclip) button to upload a PDF, "
    "Word or text file up to 5 MB, and I'll tell you what I found."
)
PROCESSING = (
    "I'm still reading your resume. Give me a few seconds, then ask me "
    '"what did you find in my resume?"'
)
CORRECTION = (
    "Thanks for checking: I haven't saved anything. Tell me what's different, for example "
    '"my Texas license expires June 2028", "my Texas license is compact", "remove ACLS" or '
    '"I also have a Florida RN license exp 03/2027". For anything else, such as work history '
    "or education, upload a corrected resume with the attach button or tell a recruiter "
    '(just say "talk to a recruiter").'
)
CANNOT_CHANGE = (
    f"Here I can change {resumes.CAN_CHANGE}. For anything else, upload a corrected resume "
    'with the attach button or tell a recruiter (just say "talk to a recruiter"). If what I '
    "read is right, just say yes."
)
NOTHING_LEFT = (
    "Now nothing is left from your resume to save. You can upload another one with the "
    "attach button."
)
LOGIN_TO_SAVE = (
    "Great! To keep this on your profile, please sign up or log in (use the Log in button in "
    "this chat): your resume comes with you. Then say yes and I'll save it."
)
LOGIN_TO_MATCH = (
    "To match jobs to your licenses and certifications I need your profile: please sign up or "
    "log in (use the Log in button in this chat). Your resume comes with you."
)
NO_MATCHES = (
    "I found no open jobs right now that fit your confirmed profession, licenses and "
    "certifications. Want me to search more broadly, for example by specialty or state?"
)
KEPT = "Okay, I kept your resume."
OFFER_MATCH = (
    'Want me to find jobs that match your resume? Just say "find jobs that match my resume".'
)
DELETED = (
    "Done: your resume and everything read from it (including what was saved to your profile "
    "from it) are deleted."
)
UNAVAILABLE = "I can't do that here right now; please try again in a moment."


class _Turn(Protocol):
    ctx: ToolContext
    state: DialogueState

    async def call(self, name: str, fn: Callable[..., Awaitable[Result]], *args: Any) -> Result: ...


async def respond(
    turn: _Turn, meaning: Understanding, expecting: str | None, text: str
) -> str | None:
    """The reply to a resume message, or ``None`` when the message is about something else."""
    pending = resumes.pending_resume_question(expecting)
    if (
        pending is not None
        and pending[0] == resumes.PENDING_CONFIRM
        and is_resume_correction(text, said_yes=meaning.intent is Intent.CONFIRM)
    ):
        return await correct(turn)
    if pending is not None and meaning.intent in (Intent.CONFIRM, Intent.CANCEL):
        if meaning.intent is Intent.CANCEL:
            if pending[0] == resumes.PENDING_DELETE:
                return KEPT
            turn.state.expecting = expecting  # still open: their next message says what's wrong
            return CORRECTION
        turn.state.expecting = expecting  # the question this yes answers
        if pending[0] == resumes.PENDING_DELETE:
            return await delete(turn)
        return await confirm(turn)
    wanted = resume_intent(text)
    if wanted == "review":
        return await review(turn)
    if wanted == "match":
        return await match(turn)
    if wanted == "delete":
        return await delete(turn)
    return None


def _said(summary: str | None) -> str:
    return f"Here's what I found in your resume: {summary}. Is that right?"


async def review(turn: _Turn) -> str:
    result = await turn.call("review_resume", resumes.review_resume)
    if result.status == "no_resume":
        return NO_RESUME
    if result.status == "processing":
        return PROCESSING
    if result.status in ("needs_review", "failed"):
        reason = result.message or "I couldn't read it."
        return f"I looked at {result.file_name}: {reason}"
    return _said(result.summary)


async def confirm(turn: _Turn) -> str:
    result = await turn.call("confirm_resume_facts", resumes.confirm_resume_facts)
    if result.status == "login_required":
        return LOGIN_TO_SAVE
    if result.status == "no_resume":
        return NO_RESUME
    if result.status == "not_parsed":
        return f"I can't save that yet: {result.note}"
    if result.status == "confirmation_required":
        return await review(turn)
    saved = [
        _count(n, word)
        for n, word in (
            (result.licenses, "license"),
            (result.professions, "profession"),
            (result.specialties, "specialty"),
        )
        if n
    ]
    if result.years_of_experience is not None:
        saved.append(f"{result.years_of_experience:g} years of experience")
    done = [f"saved {', '.join(saved)} to your profile"] if saved else []
    if result.licenses_updated:
        done.append(
            f"updated the expiry of {_count(result.licenses_updated, 'license')} on your profile"
        )
    if result.licenses_removed:
        done.append(f"removed {_count(result.licenses_removed, 'license')} you took off")
    said = f"Thanks! I {_join(done)}." if done else "Thanks! That's all on your profile already."
    return f"{said} {OFFER_MATCH}"


def _count(n: int, word: str) -> str:
    plural = "specialties" if word == "specialty" else f"{word}s"
    return f"{n} {word if n == 1 else plural}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _not_changed(items: list[resumes.NotChanged]) -> str:
    return " ".join(f'About "{item.said}": {item.reason}.' for item in items)


async def correct(turn: _Turn) -> str:
    """Apply what their answer says is different; say what changed and ask again."""
    result = await turn.call("correct_resume_facts", resumes.correct_resume_facts)
    if result.status == "no_resume":
        return NO_RESUME
    if result.status == "not_parsed":
        return f"I can't change that right now: {result.note}"
    skipped = _not_changed(result.not_changed)
    if result.status == "nothing_changed":
        return f"{skipped or 'I could not tell what to change.'} {CANNOT_CHANGE}"
    done = " ".join(p for p in (f"Got it: I {_join(result.changes)}.", skipped) if p)
    if not result.summary:
        return f"{done} {NOTHING_LEFT}"
    return f"{done} Here's what I have now: {result.summary}. Is that right?"


async def match(turn: _Turn) -> str:
    result = await turn.call("jobs_matching_resume", resumes.jobs_matching_resume)
    if result.status == "login_required":
        return LOGIN_TO_MATCH
    if result.status == "no_resume":
        return NO_RESUME
    if result.status == "confirm_first":
        summary = await review(turn)
        return f"First, let's check what I read. {summary}"
    if result.status == "no_matches":
        return NO_MATCHES
    lines = [
        f"{n}. {card.title} in {', '.join(p for p in (card.city, card.state) if p)}: {card.why}"
        for n, card in enumerate(result.jobs, 1)
    ]
    return "These open jobs match your resume:\n" + "\n".join(lines)


async def delete(turn: _Turn) -> str:
    result = await turn.call("delete_resume", resumes.delete_resume)
    if result.status == "no_resume":
        return "There's no resume in this chat to delete."
    if result.status == "unavailable":
        return UNAVAILABLE
    if result.status == "confirmation_required":
        return (
            f"Delete {result.file_name} and everything I read from it, including what was saved "
            "to your profile from it? This can't be undone."
        )
    return DELETED
