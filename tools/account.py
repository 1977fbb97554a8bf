"""Tools: a signed-in candidate's account in the chat: their applications (listed, one with
its history, withdrawn), their availability and preferences, a license or certification.

Identity comes only from the server's :class:`~tools.context.Actor`: no tool takes a
candidate id, and every application is looked up among the actor's own, so someone
else's is "not found" whatever id or words are given. Anonymous visitors get
``login_required`` (the widget shows its log-in form, then sends their question again).

Consequential changes act on the person's own words only, never on a model's arguments:

* withdrawing asks first (``confirmation_required``, remembered as the dialogue state's
  ``pending_withdrawal``) and withdraws only when the person's very next message is an
  explicit yes (:attr:`ToolContext.user_confirmed`), as applying does;
* the profile and credential tools take no arguments: what to save is what the server
  read in the person's message of this turn (``user_confirmed.profile_change`` and
  ``user_confirmed.credential``), so text a model read elsewhere cannot change a profile.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from uuid import UUID

import msgspec

from data_layer.applications.mine import (
    FINAL_STATUSES,
    WITHDRAWN,
    application_history,
    my_applications,
)
from data_layer.applications.mine import withdraw_application as store_withdrawal
from data_layer.candidates.preferences import update_preferences
from data_layer.chat.dialogue import PendingWithdrawal
from data_layer.master.catalog import find_state
from data_layer.resumes.stated_facts import add_certification, add_license
from tools.account_results import (
    ApplicationItem,
    ApplicationsList,
    CredentialAdded,
    HistoryItem,
    OneApplication,
    PreferencesView,
    ProfileUpdated,
    Withdrawal,
)
from tools.context import ToolContext

log = logging.getLogger(__name__)

__all__ = [
    "LIST_SIZE",
    "Pointer",
    "add_credential",
    "application_status",
    "cancel_withdrawal",
    "list_my_applications",
    "update_profile",
    "withdraw_application",
]

LIST_SIZE: Final = 10
"""Applications a list shows (the newest); "the second one" counts over these."""

_NOT_CONFIRMED = (
    "Nothing was withdrawn: the person has not said yes to withdrawing it in their own "
    "words, right after being asked. Ask them to confirm (yes or no)."
)
_ASK = "Nothing is withdrawn yet: ask them to confirm; it is withdrawn only on their yes."
_FILLER: Final = frozenset(
    {
        *("the", "a", "an", "my", "one", "ones", "job", "jobs", "application", "applications"),
        *("app", "to", "in", "at", "for", "of", "that", "this", "position", "which"),
        *("el", "la", "los", "las", "mi", "mis", "de", "en", "del", "una", "uno", "trabajo"),
        *("solicitud", "aplicacion", "aplicación", "postulación", "postulacion"),
    }
)
"""Words that point without naming ("my application to the Dallas one")."""


@dataclass(frozen=True, slots=True)
class Pointer:
    """Which application the person means: a position in the list shown ("the second
    one"), what its job is ("the Dallas one", "my Texas application", "the ICU job", other
    words of its title), or its id (a button). All empty: "my application"."""

    position: int | None = None
    """1-based; -1 for "the last one"."""
    words: str | None = None
    """Words of the job (title, city, state, specialty), every one of which must fit."""
    application_id: str | None = None
    city: str | None = None
    state: str | None = None
    """USPS code."""
    specialty: str | None = None

    def is_empty(self) -> bool:
        return self.position is None and not any(
            (v or "").strip()
            for v in (self.words, self.application_id, self.city, self.state, self.specialty)
        )


# ------------------------------------------------------------------ reading
async def _items(ctx: ToolContext, candidate_id: UUID) -> list[ApplicationItem]:
    apps = await my_applications(ctx.db, candidate_id)
    return [ApplicationItem.of(n, app, ctx.job_url(app.job_id)) for n, app in enumerate(apps, 1)]


async def list_my_applications(ctx: ToolContext) -> ApplicationsList:
    """The candidate's applications, newest first, each with its job and status."""
    candidate_id = ctx.actor.candidate_id
    if candidate_id is None:
        return ApplicationsList(status="login_required")
    items = await _items(ctx, candidate_id)
    shown = items[:LIST_SIZE]
    ctx.state.applications = [item.ref() for item in shown]
    return ApplicationsList(status="ok", applications=shown, total=len(items))


def _haystack(item: ApplicationItem) -> set[str]:
    state = find_state(item.state) if item.state else None
    text = " ".join(
        p or ""
        for p in (
            item.title,
            item.city,
            item.state,
            state.name if state else None,
            item.specialty,
            item.job_type,
            item.status,
        )
    )
    return set(_words(text))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9áéíóúñü]+", text.lower())


def _by_words(items: Sequence[ApplicationItem], words: str) -> list[ApplicationItem]:
    wanted = [w for w in _words(words) if w not in _FILLER]
    if not wanted:
        return list(items)
    return [item for item in items if all(w in _haystack(item) for w in wanted)]


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().lower() == (b or "").strip().lower()


def _fits(item: ApplicationItem, pointer: Pointer) -> bool:
    if pointer.city and not _same(item.city, pointer.city):
        return False
    if pointer.state and not _same(item.state, pointer.state):
        return False
    # A specialty is the job's own, or named in its title ("Travel RN - ICU").
    return not pointer.specialty or bool(
        _same(item.specialty, pointer.specialty) or _by_words([item], pointer.specialty)
    )


def _pick(
    ctx: ToolContext, items: Sequence[ApplicationItem], pointer: Pointer
) -> list[ApplicationItem]:
    """The applications ``pointer`` fits, among the candidate's own ``items``."""
    if pointer.application_id:
        wanted = pointer.application_id.strip().lower()
        return [i for i in items if i.application_id == wanted]
    if pointer.position is not None:
        # Over the list the person saw last; without one, over their newest applications.
        order = [s.id for s in ctx.state.applications] or [i.application_id for i in items]
        index = pointer.position - 1 if pointer.position > 0 else len(order) + pointer.position
        if not 0 <= index < len(order):
            return []
        return [i for i in items if i.application_id == order[index]]
    return _by_words([i for i in items if _fits(i, pointer)], pointer.words or "")


async def _one(
    ctx: ToolContext, pointer: Pointer, *, open_only: bool = False
) -> tuple[str, ApplicationItem | None, list[ApplicationItem]]:
    """``(lookup status, the application, the choices when ambiguous)``."""
    candidate_id = ctx.actor.candidate_id
    if candidate_id is None:
        return "login_required", None, []
    items = await _items(ctx, candidate_id)
    if not items:
        return "no_applications", None, []
    found = _pick(ctx, items, pointer)
    if open_only and len(found) > 1:
        # "Withdraw my application": the ones that can still be withdrawn are meant.
        found = [i for i in found if not _final(i.status)] or found
    if len(found) == 1:
        return "ok", found[0], []
    if not found:
        return "not_found", None, []
    # Asked "which one?": the choices, numbered as shown, are what "the second one" counts.
    choices = [msgspec.structs.replace(item, n=n) for n, item in enumerate(found[:LIST_SIZE], 1)]
    ctx.state.applications = [item.ref() for item in choices]
    return "ambiguous", None, choices


def _final(status: str) -> bool:
    return status in FINAL_STATUSES or status == WITHDRAWN


async def application_status(ctx: ToolContext, pointer: Pointer) -> OneApplication:
    """One of the candidate's applications with its status history."""
    status, item, choices = await _one(ctx, pointer)
    if item is None or ctx.actor.candidate_id is None:
        return OneApplication(status=status, choices=choices)  # type: ignore[arg-type]
    history = await application_history(ctx.db, ctx.actor.candidate_id, UUID(item.application_id))
    return OneApplication(
        status="ok",
        application=item,
        history=[HistoryItem.of(entry) for entry in history or []],
    )


# ------------------------------------------------------------------ withdrawing
def _may_withdraw_now(ctx: ToolContext, pending: PendingWithdrawal | None, item_id: str) -> bool:
    """Asked about this application in the previous turn, and this turn's message is a yes."""
    return (
        pending is not None
        and pending.id == item_id
        and pending.turn == ctx.turn - 1
        and ctx.user_confirmed.yes
    )


async def withdraw_application(ctx: ToolContext, pointer: Pointer) -> Withdrawal:
    """Withdraw one of the candidate's applications: asks first, withdraws on their yes.

    An empty pointer means the application already asked about (or, with none, the
    candidate's only open one).
    """
    pending = ctx.state.pending_withdrawal
    if pointer.is_empty() and pending is not None:
        pointer = Pointer(application_id=pending.id)
    status, item, choices = await _one(ctx, pointer, open_only=True)
    if item is None or ctx.actor.candidate_id is None:
        return Withdrawal(status=status, choices=choices)  # type: ignore[arg-type]
    if _final(item.status):
        ctx.state.pending_withdrawal = None
        return Withdrawal(
            status="not_allowed",
            application=item,
            note=f"It is {item.status}: only an open application can be withdrawn.",
        )
    if not _may_withdraw_now(ctx, pending, item.application_id):
        if pending is not None and pending.id == item.application_id and pending.turn < ctx.turn:
            # Asked before, but this message is no yes to it: only the person's own words
            # count, never a model's reading of them.
            log.info("withdrawal refused: no explicit yes right after the question")
            note = _NOT_CONFIRMED
        else:
            note = _ASK
        ref = item.ref()
        ctx.state.pending_withdrawal = PendingWithdrawal(
            **{f: getattr(ref, f) for f in ref.__struct_fields__}, turn=ctx.turn
        )
        return Withdrawal(status="confirmation_required", application=item, note=note)
    ctx.state.pending_withdrawal = None
    outcome = await store_withdrawal(
        ctx.db,
        candidate_id=ctx.actor.candidate_id,
        application_id=UUID(item.application_id),
        acting_user_id=ctx.actor.user_id,
        source="chat",
    )
    if outcome.status == "not_found":
        return Withdrawal(status="not_found")
    if outcome.status == "final":
        return Withdrawal(
            status="not_allowed",
            application=item,
            note=f"It is {outcome.previous}: only an open application can be withdrawn.",
        )
    ctx.remember("applications_withdrawn", item.application_id)
    done = ApplicationItem(**{**_fields(item), "status": WITHDRAWN})
    _mark_shown(ctx, item.application_id)
    return Withdrawal(status="withdrawn", application=done)


def _fields(item: ApplicationItem) -> dict[str, object]:
    return {f: getattr(item, f) for f in item.__struct_fields__}


def _mark_shown(ctx: ToolContext, application_id: str) -> None:
    for shown in ctx.state.applications:
        if shown.id == application_id:
            shown.status = WITHDRAWN


async def cancel_withdrawal(ctx: ToolContext) -> Withdrawal:
    """The person said no: the application stays as it is."""
    pending = ctx.state.pending_withdrawal
    ctx.state.pending_withdrawal = None
    if pending is None:
        return Withdrawal(status="nothing_pending")
    return Withdrawal(status="cancelled", note="Nothing was withdrawn.")


# ------------------------------------------------------------------ the profile
async def update_profile(ctx: ToolContext) -> ProfileUpdated:
    """Save the availability date, preferred states, job types or shift that the person's
    own message of this turn states (read by the server, never given by a model)."""
    candidate_id = ctx.actor.candidate_id
    if candidate_id is None:
        return ProfileUpdated(status="login_required")
    change = ctx.user_confirmed.profile_change
    if change is None or change.is_empty():
        return ProfileUpdated(status="nothing_said")
    written = await update_preferences(ctx.db, candidate_id, change, source="chat")
    return ProfileUpdated(
        status="updated" if written.changed else "unchanged",
        changed=list(written.changed),
        profile=PreferencesView.of(written.now),
        ignored=list(written.ignored),
    )


async def add_credential(ctx: ToolContext) -> CredentialAdded:
    """Put the license or certification that the person's own message of this turn states
    on their profile (read by the server, never given by a model)."""
    candidate_id = ctx.actor.candidate_id
    if candidate_id is None:
        return CredentialAdded(status="login_required")
    stated = ctx.user_confirmed.credential
    if stated is None or not stated.name:
        return CredentialAdded(status="nothing_said")
    if stated.kind == "license":
        written = await add_license(ctx.db, candidate_id, stated)
    elif ctx.resume_files is None:
        return CredentialAdded(status="no_resume", kind=stated.kind, label=stated.name)
    else:
        written = await add_certification(ctx.db, ctx.resume_files.mongo, candidate_id, stated)
    return CredentialAdded(
        status=written.status,
        kind=stated.kind,
        label=written.label,
        expires_on=written.expires_on,
        expired=written.expired,
    )
