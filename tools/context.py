"""What every tool receives from the server: who is acting, the open transaction, the dialogue.

Identity is never a tool argument. The HTTP layer builds the :class:`Actor`
from the chat session's row and the login cookie; tools scope every read and
write of personal data by it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar
from uuid import UUID

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.accounts.login_attempts import RegistrationThrottle
from data_layer.accounts.signups import LinkRules
from data_layer.candidates.preferences import ProfileChange
from data_layer.chat.dialogue import DialogueState
from data_layer.chat.handoffs import HandoffLimits
from data_layer.resumes.removal import ResumeFiles
from data_layer.resumes.stated_facts import StatedCredential


@dataclass(frozen=True)
class Actor:
    chat_session_id: UUID
    user_id: UUID | None = None
    candidate_id: UUID | None = None
    role: str = "anonymous"
    """``anonymous``, ``candidate``, ``recruiter``, ``content_editor`` or ``admin``."""
    first_name: str | None = None
    referral_id: UUID | None = None
    referral_code: str | None = None
    recruiter_share_id: UUID | None = None
    share_job_id: UUID | None = None
    page_url: str | None = None
    referrer: str | None = None
    user_agent: str | None = None
    ip_address: str | None = None

    @property
    def is_candidate(self) -> bool:
        return self.candidate_id is not None


@dataclass(frozen=True)
class UserConfirmation:
    """What the person's own message of this turn allows: read by the server before the
    engine runs, never taken from the model. Consequential tools (submitting or holding an
    application, inviting a friend, handing off to a recruiter) act only on it."""

    yes: bool = False
    """The message is an explicit yes ("yes", "go ahead", the Confirm button's text)."""
    emails: frozenset[str] = frozenset()
    """Addresses the person typed in it (lower case): a referral goes only to one of them."""
    wants_recruiter: bool = False
    """The message asks for a person ("can I talk to a recruiter?"): a handoff needs it, or
    a yes to the assistant's offer of one."""
    message: str = ""
    """The message itself: what a resume correction reads, so the words applied are always
    the person's own and never text a model chose."""
    profile_change: ProfileChange | None = None
    """The availability date, preferred states, job types or shift the message states: all
    the profile tool saves."""
    credential: StatedCredential | None = None
    """The license or certification the message states: all the credential tool adds."""


QueryEmbedder = Callable[[str], Awaitable[np.ndarray | None]]
_T = TypeVar("_T")


@dataclass
class ToolContext:
    actor: Actor
    db: AsyncSession
    public_base_url: str
    state: DialogueState
    """The conversation's dialogue state, saved after the turn."""
    turn: int
    embed_query: QueryEmbedder | None = None
    registration_throttle: RegistrationThrottle | None = None
    """Sign-ups per client address, the same rule as the website's registration."""
    link_rules: LinkRules | None = None
    """Where confirmation links point and how long they work (None: sign-ups are off)."""
    user_confirmed: UserConfirmation = field(default_factory=UserConfirmation)
    """The person's own yes (or typed addresses) in this turn's message; none by default."""
    referrals_per_day: int = 10
    """Friends one user may invite per 24 hours (``REFERRALS_MAX_PER_USER_PER_DAY``)."""
    handoff_limits: HandoffLimits = field(default_factory=HandoffLimits)
    """New recruiter handoffs per conversation and per client address per day."""
    mail_queued: bool = False
    """A tool queued mail in this turn's transaction: wake the mail worker after commit."""
    metadata: dict[str, list[str]] = field(default_factory=dict)
    """Ids for the Mongo conversation's ``metadata`` (job_searches, job_views, ...)."""
    resume_files: ResumeFiles | None = None
    """Parsed resumes and their files, for the resume tools (None: not available here)."""

    async def in_transaction(self, call: Callable[[], Awaitable[_T]]) -> _T:
        """Run one tool call in a short transaction of its own, committed when it returns.

        No connection or row lock is held while the model thinks between tool calls, and
        what a tool shows (an ``applied`` receipt) is committed before it is shown. Inside
        an open transaction (a caller that manages its own) the call simply joins it.
        """
        if self.db.in_transaction():
            return await call()
        async with self.db.begin():
            return await call()

    def remember(self, key: str, value: UUID | str) -> None:
        self.metadata.setdefault(key, []).append(str(value))

    def job_url(self, job_id: UUID | str) -> str:
        return f"{self.public_base_url.rstrip('/')}/jobs/{job_id}"
