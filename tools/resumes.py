"""Tools: what the person's resume says, saving what they confirm, jobs matching it, deleting it.

The resume is always the newest one of this conversation (or of the signed-in
candidate), looked up by the server's :class:`~tools.context.Actor`: no tool takes a
resume id, so neither a model nor a message can point at someone else's.

Saving facts and deleting a resume are consequential, so, as with applications, they
happen only when the question was shown in an earlier turn (remembered in the dialogue
state's ``expecting`` as ``resume_confirm:<resume id>:<turn>`` or ``resume_delete:...``)
and the person's own message of this turn is a yes (:attr:`ToolContext.user_confirmed`).

A correction ("my Texas license expires June 2028", "remove ACLS") is read from the
person's own message of this turn too (``user_confirmed.message``), never from an
argument: ``correct_resume_facts`` takes none, so a model cannot put words in their
mouth. It changes the parsed document only, and asks again: the profile gets the
corrected facts on the next yes. A yes that also corrects something ("yes, but my Texas
license is compact") saves nothing until the correction is made and shown.

Matching needs an account: the facts it filters on (profession, licenses) are profile
rows, written only for a candidate. A visitor is asked to sign up or log in; their
upload goes with them (``adopt_conversation_resumes``). A keyword search built from
the unconfirmed parse was the alternative, but it could not honour the license rule
(a license valid in the job's state, or a compact one) and would show jobs the
visitor may not work in.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal
from uuid import UUID

import msgspec
from sqlalchemy import func, select

from data_layer.jobs.search import get_job_details as load_job_details
from data_layer.models import CandidateLicense, CandidateProfession, ResumeStatus
from data_layer.resumes.corrections import Corrected, apply_correction
from data_layer.resumes.describe import describe_resume
from data_layer.resumes.matching import JobMatch, jobs_for_candidate
from data_layer.resumes.parsed_store import load_parsed, save_corrections
from data_layer.resumes.profile_facts import remember_years_from, write_confirmed_facts
from data_layer.resumes.records import ResumeOwner, ResumeRecord, list_resumes, record_parse
from data_layer.resumes.removal import remove_resume
from tools.context import ToolContext
from tools.job_results import JobCard
from tools.results import ClientEvent, action, model_json

log = logging.getLogger(__name__)

__all__ = [
    "CONFIRM_TEXT",
    "CORRECT_TEXT",
    "DELETE_TEXT",
    "KEEP_TEXT",
    "MATCH_PAGE_SIZE",
    "PENDING_CONFIRM",
    "PENDING_DELETE",
    "ResumeCorrection",
    "ResumeDeletion",
    "ResumeFactsSaved",
    "ResumeJobs",
    "ResumeReview",
    "confirm_resume_facts",
    "correct_resume_facts",
    "delete_resume",
    "jobs_matching_resume",
    "pending_resume_question",
    "review_resume",
]

PENDING_CONFIRM: Final = "resume_confirm"
PENDING_DELETE: Final = "resume_delete"
MATCH_PAGE_SIZE: Final = 5

CONFIRM_TEXT: Final = "Yes, that's right"
CORRECT_TEXT: Final = "No, something's wrong"
DELETE_TEXT: Final = "Yes, delete it"
KEEP_TEXT: Final = "No, keep it"
"""What the widget's buttons send: the first and third are a yes to the server."""

_NOT_CONFIRMED = (
    "The person has not said yes in their own words: nothing was saved. Ask them whether "
    "what was read is right (yes or no)."
)
_ASK_FIRST = (
    "Nothing was saved: tell them what was read first (review_resume) and ask whether it is "
    "right; a yes counts only in a later message."
)
_CORRECT_FIRST = (
    "Nothing was saved: their message also corrects what was read. Call "
    "correct_resume_facts (it reads their message), show them the new summary and ask again."
)
CAN_CHANGE: Final = (
    "a license's expiry date, whether it is compact, its number or state, adding or removing "
    "a license or a certification, and a certification's expiry"
)
"""What a correction in the chat can change (everything else: a new upload or a recruiter)."""
_LOGIN = (
    "Nothing was saved: facts are kept on a candidate profile. Ask them to sign up or log in "
    "(the Log in button in this chat); their resume comes with them, then they can say yes."
)


# ------------------------------------------------------------------ results
class ResumeReview(msgspec.Struct, frozen=True, kw_only=True):
    """What the newest resume says (``parsed``), or why it says nothing yet."""

    status: Literal["parsed", "needs_review", "failed", "processing", "no_resume"]
    resume_id: UUID | None = None
    file_name: str | None = None
    summary: str | None = None
    """Plain words: licenses (last four digits), certifications, experience."""
    message: str | None = None
    """For needs_review / failed: the reason, for the person."""
    signed_in: bool = False

    def for_model(self) -> str:
        notes = {
            "parsed": "Tell them what was found in plain words and ask 'Is that right?'. "
            "Call confirm_resume_facts only after they say yes in a new message.",
            "needs_review": "Say the message; do not describe facts that are not in it.",
            "failed": "Say the message; they can upload another copy.",
            "processing": "It is still being read: ask them to wait a few seconds.",
            "no_resume": "No resume in this chat: they can attach one with the paperclip button.",
        }
        return model_json(
            self.status,
            notes[self.status],
            file_name=self.file_name,
            summary=self.summary,
            message=self.message,
            signed_in=self.signed_in,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status != "parsed":
            return ()
        return (_confirm_action(self.resume_id, self.summary),)


def _confirm_action(resume_id: UUID | None, summary: str | None) -> ClientEvent:
    """The widget's "is this right?" buttons under a resume's summary."""
    return action(
        "confirm_resume",
        resume_id=str(resume_id),
        summary=summary,
        confirm_text=CONFIRM_TEXT,
        correct_text=CORRECT_TEXT,
    )


class ResumeFactsSaved(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of ``confirm_resume_facts``: saved, or why nothing was."""

    status: Literal["saved", "confirmation_required", "login_required", "no_resume", "not_parsed"]
    note: str | None = None
    licenses: int = 0
    licenses_updated: int = 0
    licenses_removed: int = 0
    professions: int = 0
    specialties: int = 0
    years_of_experience: float | None = None
    summary: str | None = None
    resume_id: UUID | None = None

    def for_model(self) -> str:
        return model_json(
            self.status,
            self.note,
            licenses=self.licenses,
            licenses_updated=self.licenses_updated,
            licenses_removed=self.licenses_removed,
            professions=self.professions,
            specialties=self.specialties,
            years_of_experience=self.years_of_experience,
            summary=self.summary,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status == "login_required":
            return (action("login_required", reason="resume"),)
        if self.status == "confirmation_required" and self.summary:
            return (_confirm_action(self.resume_id, self.summary),)
        return ()


class NotChanged(msgspec.Struct, frozen=True):
    """Part of a correction that changed nothing: the person's words, and why."""

    said: str
    reason: str


class ResumeCorrection(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of ``correct_resume_facts``: what changed, what could not, the new summary."""

    status: Literal["corrected", "nothing_changed", "no_resume", "not_parsed"]
    changes: list[str] = []
    """What changed, in plain words ("changed your TX RN license's expiry to 2028-06-30")."""
    not_changed: list[NotChanged] = []
    summary: str | None = None
    """What the resume says now, to be confirmed again."""
    resume_id: UUID | None = None
    note: str | None = None

    def for_model(self) -> str:
        notes = {
            "corrected": "Tell them what changed (changes) and what was not changed and why "
            "(not_changed), then the summary, and ask 'Is that right?'. Nothing is on their "
            "profile yet: confirm_resume_facts only after a yes in a new message.",
            "nothing_changed": f"Nothing was changed: tell them why (not_changed). Here you can "
            f"change {CAN_CHANGE}; for anything else they can upload a corrected resume or "
            "ask for a recruiter.",
        }
        return model_json(
            self.status,
            self.note or notes.get(self.status),
            changes=self.changes,
            not_changed=[msgspec.to_builtins(n) for n in self.not_changed],
            summary=self.summary,
        )

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status != "corrected" or not self.summary:
            return ()
        return (_confirm_action(self.resume_id, self.summary),)


class ResumeJobs(msgspec.Struct, frozen=True, kw_only=True):
    """Open jobs the candidate qualifies for by their confirmed facts, each saying why."""

    status: Literal["ok", "login_required", "no_resume", "confirm_first", "no_matches"]
    jobs: list[JobCard] = []
    note: str | None = None

    def for_model(self) -> str:
        return model_json(self.status, self.note, jobs=[card.wire() for card in self.jobs])

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status == "login_required":
            return (action("login_required", reason="resume"),)
        if not self.jobs:
            return ()
        return (
            ClientEvent(
                "jobs",
                {
                    "filters": {},
                    "total": len(self.jobs),
                    "page": 1,
                    "jobs": [card.wire() for card in self.jobs],
                    "source": "resume",
                },
            ),
        )


class ResumeDeletion(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["deleted", "confirmation_required", "no_resume", "unavailable"]
    file_name: str | None = None
    resume_id: UUID | None = None
    note: str | None = None

    def for_model(self) -> str:
        return model_json(self.status, self.note, file_name=self.file_name)

    def client_events(self) -> tuple[ClientEvent, ...]:
        if self.status == "confirmation_required":
            return (
                action(
                    "confirm_resume_delete",
                    resume_id=str(self.resume_id),
                    file_name=self.file_name,
                    confirm_text=DELETE_TEXT,
                    cancel_text=KEEP_TEXT,
                ),
            )
        if self.status == "deleted":
            return (action("resume_deleted", resume_id=str(self.resume_id)),)
        return ()


# ------------------------------------------------------------------ helpers
def _owner(ctx: ToolContext) -> ResumeOwner:
    return ResumeOwner(
        candidate_id=ctx.actor.candidate_id, chat_session_id=ctx.actor.chat_session_id
    )


async def _newest(ctx: ToolContext) -> ResumeRecord | None:
    records = await list_resumes(ctx.db, _owner(ctx))
    return records[0] if records else None


def _ask(ctx: ToolContext, kind: str, resume_id: UUID) -> None:
    """The question about ``resume_id`` is shown in this turn's reply."""
    ctx.state.expecting = f"{kind}:{resume_id}:{ctx.turn}"


def pending_resume_question(expecting: str | None) -> tuple[str, UUID, int] | None:
    """``(kind, resume id, turn asked)`` of a resume question waiting for an answer."""
    if not expecting or not expecting.startswith("resume_"):
        return None
    kind, _, rest = expecting.partition(":")
    resume, _, turn = rest.partition(":")
    try:
        return kind, UUID(resume), int(turn)
    except ValueError:
        return None


def _asked_before(ctx: ToolContext, kind: str, resume_id: UUID) -> bool:
    """This question about this resume reached the person in an earlier turn."""
    pending = pending_resume_question(ctx.state.expecting)
    return pending is not None and pending[:2] == (kind, resume_id) and pending[2] < ctx.turn


async def _parsed(ctx: ToolContext, record: ResumeRecord) -> Mapping[str, Any] | None:
    if ctx.resume_files is None or record.parsed_data_id is None:
        return None
    return await load_parsed(ctx.resume_files.mongo, record.id)


def _summary(parsed: Mapping[str, Any] | None, record: ResumeRecord) -> str | None:
    if parsed is None:
        return record.status_message  # the worker's own plain-words summary
    structured = parsed.get("structured_data") or {}
    details = parsed.get("details") or {}
    return describe_resume(structured, details, today=dt.date.today()) or record.status_message


# -------------------------------------------------------------------- tools
async def review_resume(ctx: ToolContext) -> ResumeReview:
    """What the newest resume of this conversation says, to be confirmed by the person."""
    record = await _newest(ctx)
    signed_in = ctx.actor.is_candidate
    if record is None:
        return ResumeReview(status="no_resume", signed_in=signed_in)
    common: dict[str, Any] = {
        "resume_id": record.id,
        "file_name": record.file_name,
        "signed_in": signed_in,
    }
    if record.status == ResumeStatus.PROCESSING.value:
        return ResumeReview(status="processing", **common)
    if record.status in (ResumeStatus.NEEDS_REVIEW.value, ResumeStatus.FAILED.value):
        status: Literal["needs_review", "failed"] = (
            "failed" if record.status == ResumeStatus.FAILED.value else "needs_review"
        )
        return ResumeReview(status=status, message=record.status_message, **common)
    summary = _summary(await _parsed(ctx, record), record)
    if not summary:
        return ResumeReview(status="needs_review", message=record.status_message, **common)
    _ask(ctx, PENDING_CONFIRM, record.id)
    return ResumeReview(status="parsed", summary=summary, **common)


async def confirm_resume_facts(ctx: ToolContext) -> ResumeFactsSaved:
    """Save what was read from the newest resume to the candidate's profile.

    Only after the summary was shown in an earlier turn and the person's own message of
    this turn says yes; only for a signed-in candidate.
    """
    record = await _newest(ctx)
    if record is None:
        return ResumeFactsSaved(status="no_resume", note="There is no resume in this chat.")
    if record.status != ResumeStatus.PARSED.value:
        return ResumeFactsSaved(
            status="not_parsed", note=record.status_message or "It has not been read yet."
        )
    if not _asked_before(ctx, PENDING_CONFIRM, record.id):
        return ResumeFactsSaved(status="confirmation_required", note=_ASK_FIRST)
    parsed = await _parsed(ctx, record)
    summary = _summary(parsed, record)
    correcting = parsed is not None and ctx.user_confirmed.yes and _corrects(parsed, ctx).changed
    if correcting or not ctx.user_confirmed.yes:
        # Only the person's own words count: a model talked into "confirming" by text it
        # read saves nothing, and has to ask again. "Yes, but my Texas license is compact"
        # is no yes to what was shown either.
        log.info("resume facts not saved: no explicit yes to what was shown")
        _ask(ctx, PENDING_CONFIRM, record.id)
        return ResumeFactsSaved(
            status="confirmation_required",
            note=_CORRECT_FIRST if correcting else _NOT_CONFIRMED,
            summary=summary,
            resume_id=record.id,
        )
    if ctx.actor.candidate_id is None:
        # The question stays open: after they log in, their yes saves it.
        return ResumeFactsSaved(status="login_required", note=_LOGIN)
    if parsed is None:
        return ResumeFactsSaved(status="not_parsed", note="What was read is not available now.")
    written = await write_confirmed_facts(
        ctx.db,
        candidate_id=ctx.actor.candidate_id,
        resume_id=record.id,
        structured=parsed.get("structured_data") or {},
        details=parsed.get("details") or {},
    )
    if written.years_of_experience is not None and ctx.resume_files is not None:
        await remember_years_from(ctx.resume_files.mongo, record.id, written.years_of_experience)
    ctx.state.expecting = None
    log.info(
        "resume facts saved: %d licenses, %d professions, %d specialties",
        written.licenses,
        written.professions,
        written.specialties,
    )
    return ResumeFactsSaved(
        status="saved",
        note=None if written.anything else "All of it was on their profile already.",
        licenses=written.licenses,
        licenses_updated=written.licenses_updated,
        licenses_removed=written.licenses_removed,
        professions=written.professions,
        specialties=written.specialties,
        years_of_experience=_float(written.years_of_experience),
        summary=summary,
    )


def _corrects(parsed: Mapping[str, Any], ctx: ToolContext) -> Corrected:
    """The person's message of this turn applied to what was read."""
    return apply_correction(
        parsed.get("structured_data") or {},
        parsed.get("details") or {},
        ctx.user_confirmed.message,
        today=dt.date.today(),
    )


async def correct_resume_facts(ctx: ToolContext) -> ResumeCorrection:
    """Apply what the person's own message of this turn corrects in the newest resume's
    parse, then show the new summary and ask again (nothing reaches the profile here)."""
    record = await _newest(ctx)
    if record is None:
        return ResumeCorrection(status="no_resume", note="There is no resume in this chat.")
    if record.status != ResumeStatus.PARSED.value or ctx.resume_files is None:
        return ResumeCorrection(
            status="not_parsed", note=record.status_message or "It has not been read yet."
        )
    parsed = await _parsed(ctx, record)
    if parsed is None:
        return ResumeCorrection(status="not_parsed", note="What was read is not available now.")
    result = _corrects(parsed, ctx)
    not_changed = [NotChanged(n.said, n.reason) for n in result.not_applied]
    if not result.changed:
        # The question stays open: what was shown can still be confirmed as it is.
        _ask(ctx, PENDING_CONFIRM, record.id)
        return ResumeCorrection(
            status="nothing_changed",
            not_changed=not_changed,
            summary=_summary(parsed, record),
            resume_id=record.id,
        )
    now = dt.datetime.now(dt.UTC)
    saved = await save_corrections(
        ctx.resume_files.mongo,
        record.id,
        result.structured,
        result.details,
        [result.log_entry(ctx.user_confirmed.message, now)],
    )
    if not saved:
        return ResumeCorrection(status="not_parsed", note="What was read is not available now.")
    summary = describe_resume(result.structured, result.details, today=now.date())
    # What the resume's status says (GET .../resumes/{id}) is the corrected summary too.
    await record_parse(
        ctx.db,
        record.id,
        status=ResumeStatus.PARSED,
        message=summary or record.status_message,
        parsed_data_id=record.parsed_data_id,
    )
    _ask(ctx, PENDING_CONFIRM, record.id)
    log.info("resume corrected: %d changes, %d not applied", len(result.changes), len(not_changed))
    return ResumeCorrection(
        status="corrected",
        changes=[c.describe() for c in result.changes],
        not_changed=not_changed,
        summary=summary or None,
        resume_id=record.id,
    )


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


async def _has_confirmed_facts(ctx: ToolContext, candidate_id: UUID) -> bool:
    licenses = await ctx.db.scalar(
        select(func.count())
        .select_from(CandidateLicense)
        .where(CandidateLicense.candidate_id == candidate_id)
    )
    professions = await ctx.db.scalar(
        select(func.count())
        .select_from(CandidateProfession)
        .where(CandidateProfession.candidate_id == candidate_id)
    )
    return bool(licenses) and bool(professions)


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def match_reason(match: JobMatch, job_state: str | None) -> str:
    """Why a job fits: the license that lets them work there, specialty, certifications."""
    parts: list[str] = []
    lic = match.license
    if lic is not None:
        until = f", valid through {lic.expires.isoformat()}" if lic.expires else ""
        if lic.compact:
            parts.append(
                f"your {lic.state} compact license covers {job_state or 'this state'}{until}"
            )
        else:
            parts.append(f"your {lic.state} license{until}")
    if match.specialty:
        parts.append(f"{match.specialty} experience")
    if match.certifications:
        parts.append(f"you hold the required {_join(list(match.certifications))}")
    if not parts:
        parts.append("close to your experience")
    text = "; ".join(parts)
    return text[0].upper() + text[1:]


async def jobs_matching_resume(ctx: ToolContext) -> ResumeJobs:
    """Open jobs for the candidate's confirmed facts (profession, a license valid in the
    job's state or a compact one, the job's required certifications), nearest first."""
    candidate_id = ctx.actor.candidate_id
    if candidate_id is None:
        return ResumeJobs(status="login_required", note=_LOGIN.replace("saved", "matched"))
    record = await _newest(ctx)
    if record is None:
        return ResumeJobs(status="no_resume", note="No resume yet: they can attach one.")
    if not await _has_confirmed_facts(ctx, candidate_id):
        return ResumeJobs(
            status="confirm_first",
            note="Their license and profession are not confirmed yet: review the resume "
            "with them first (review_resume).",
        )
    matches = await jobs_for_candidate(ctx.db, candidate_id, limit=MATCH_PAGE_SIZE)
    cards: list[JobCard] = []
    for match in matches:
        details = await load_job_details(ctx.db, match.job_id)
        if details is None:
            continue
        card = JobCard.from_hit(details.card, ctx.job_url(match.job_id))
        cards.append(msgspec.structs.replace(card, why=match_reason(match, card.state)))
    if not cards:
        return ResumeJobs(
            status="no_matches",
            note="No open job fits their confirmed profession, licenses and certifications "
            "right now: offer a broader search.",
        )
    ctx.state.results = [card.ref() for card in cards]
    ctx.state.focus = None
    return ResumeJobs(status="ok", jobs=cards)


async def delete_resume(ctx: ToolContext) -> ResumeDeletion:
    """Delete the newest resume and everything read from it, after the person's yes."""
    record = await _newest(ctx)
    if record is None:
        return ResumeDeletion(status="no_resume", note="There is no resume in this chat.")
    if ctx.resume_files is None:
        return ResumeDeletion(status="unavailable", note="Deleting is unavailable here.")
    if not (_asked_before(ctx, PENDING_DELETE, record.id) and ctx.user_confirmed.yes):
        _ask(ctx, PENDING_DELETE, record.id)
        return ResumeDeletion(
            status="confirmation_required",
            file_name=record.file_name,
            resume_id=record.id,
            note="Nothing was deleted: ask them to confirm (yes or no); delete only after "
            "they say yes in a new message.",
        )
    await remove_resume(ctx.db, ctx.resume_files, record, in_open_transaction=True)
    ctx.state.expecting = None
    log.info("resume deleted from the chat")
    return ResumeDeletion(status="deleted", file_name=record.file_name, resume_id=record.id)
