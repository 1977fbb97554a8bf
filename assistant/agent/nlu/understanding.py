"""What :func:`~assistant.agent.nlu.understand` returns: the meaning of one visitor message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Literal, get_args

from data_layer.jobs.filters import FIELD_NAMES, JobSearchFilters, JobTypeName

__all__ = [
    "EXPECTING",
    "FILTER_FIELDS",
    "NAME_FIELDS",
    "ApplicationRef",
    "ContactInfo",
    "CredentialMention",
    "DetailTopic",
    "ErrorReason",
    "Expecting",
    "FieldError",
    "FilterProvenance",
    "Intent",
    "JobReference",
    "JobType",
    "Language",
    "ProfileUpdate",
    "SmallTalkKind",
    "Understanding",
]


class Intent(StrEnum):
    SEARCH = "search"
    """A new job search or a refinement of the previous one."""
    JOB_DETAILS = "job_details"
    APPLY = "apply"
    CONFIRM = "confirm"
    CANCEL = "cancel"
    PROVIDE_INFO = "provide_info"
    """Contact details (name, email, phone), usually while the engine collects them."""
    REFERRAL_STATUS = "referral_status"
    REFER_FRIEND = "refer_friend"
    HUMAN = "human"
    GREETING = "greeting"
    SMALLTALK = "smalltalk"
    LOGIN = "login"
    MORE_RESULTS = "more_results"
    HELP = "help"
    MY_APPLICATIONS = "my_applications"
    """List the signed-in candidate's applications."""
    APPLICATION_STATUS = "application_status"
    """The status and history of one application (:attr:`Understanding.application_ref`)."""
    WITHDRAW = "withdraw"
    """Withdraw one application (the server asks first, see ``tools.account``)."""
    UPDATE_PROFILE = "update_profile"
    """Availability, preferred states, job types or shift (:attr:`Understanding.profile_update`)."""
    ADD_CREDENTIAL = "add_credential"
    """A license or certification the person states (:attr:`Understanding.credential`)."""
    FAQ = "faq"
    """A general question for the knowledge base (:attr:`Understanding.faq_topic`, ``question``)."""
    UNKNOWN = "unknown"


JobType = JobTypeName
SmallTalkKind = Literal["thanks", "how_are_you", "who_are_you", "bye", "ack"]
DetailTopic = Literal["pay", "certifications", "shift", "dates", "location"]
Expecting = Literal[
    "first_name", "last_name", "name", "email", "phone", "confirm_apply", "referral_email"
]
Language = Literal["en", "es"]
CredentialKind = Literal["license", "certification"]
ErrorReason = Literal["email_format", "phone_digits", "name_format", "missing"]
"""Why a contact value was refused (see ``replies.invalid``)."""

EXPECTING: Final[frozenset[str]] = frozenset(get_args(Expecting))
NAME_FIELDS: Final[frozenset[str]] = frozenset({"first_name", "last_name", "name"})

FILTER_FIELDS: Final[tuple[str, ...]] = FIELD_NAMES
"""The fields of :class:`~data_layer.jobs.filters.JobSearchFilters`, in display order."""


@dataclass(frozen=True, slots=True)
class FilterProvenance:
    """How a search named its profession and specialty: NLU bookkeeping, never a filter.

    :func:`~assistant.agent.nlu.refine` needs it to keep a refined search coherent.
    """

    specialty_term: str | None = None
    """The normalized words that named the specialty (to re-resolve it under a profession)."""
    profession_implied: bool = False
    """The profession was inferred from the specialty, not named."""


@dataclass(frozen=True, slots=True)
class JobReference:
    """A job shown earlier: by position, by city, or by other words.

    All fields ``None`` means "this/that job, it": the one the conversation is about.
    """

    ordinal: int | None = None
    """1-based position in the last results; -1 for "the last one"."""
    city: str | None = None
    """Canonical city name ("that Dallas job")."""
    text: str | None = None
    """Other identifying words: a canonical specialty/profession name ("ICU") or free words."""
    job_id: str | None = None
    """A job id quoted in the message (the widget's buttons send them)."""


@dataclass(frozen=True, slots=True)
class ApplicationRef:
    """One of the candidate's own applications: by position in the last list, or by words.

    All fields ``None`` means "my application": the only one, or the one being discussed.
    """

    ordinal: int | None = None
    """1-based position in the last listed applications; -1 for "the last one"."""
    city: str | None = None
    """Canonical city name ("the Dallas one")."""
    state: str | None = None
    """USPS code ("my Texas application")."""
    specialty: str | None = None
    """Canonical specialty or profession name ("the ICU job")."""
    text: str | None = None
    """Other identifying words (a facility, a title) as typed, lowercased."""
    application_id: str | None = None
    """An application id quoted in the message (the widget's buttons send them)."""


@dataclass(slots=True)
class ProfileUpdate:
    """What the person says to change in their profile (empty fields: leave as is)."""

    available_from: dt.date | None = None
    preferred_states: list[str] = field(default_factory=list)
    """USPS codes."""
    job_types: list[str] = field(default_factory=list)
    """Search's job type names ("Travel", "Per Diem", "Perm", "Local")."""
    shift: str | None = None
    """A search shift name ("Nights", "Days", ...)."""

    def is_empty(self) -> bool:
        return not (self.available_from or self.preferred_states or self.job_types or self.shift)


@dataclass(frozen=True, slots=True)
class CredentialMention:
    """A license or certification the person's message states they hold."""

    kind: CredentialKind
    name: str
    """Normalised: a profession for a license ("RN", "LPN"), a certification ("BLS")."""
    state: str | None = None
    """USPS code (licenses)."""
    expires_on: dt.date | None = None
    number: str | None = None


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    """``first_name``, ``last_name``, ``name``, ``email``, ``phone`` or ``referral_email``."""
    reason: ErrorReason


@dataclass(slots=True)
class ContactInfo:
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    """Lowercased, validated."""
    phone: str | None = None
    """E.164, US: ``+1XXXXXXXXXX``."""
    errors: list[FieldError] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.first_name or self.last_name or self.email or self.phone or self.errors)


@dataclass(slots=True)
class Understanding:
    intent: Intent
    filters: JobSearchFilters = field(default_factory=JobSearchFilters)
    """The search this message expressed (only for :attr:`Intent.SEARCH`)."""
    provenance: FilterProvenance = FilterProvenance()
    """How :attr:`filters` named the profession and specialty (for ``refine``)."""
    refinement: bool = False
    replace_fields: frozenset[str] = frozenset()
    """Fields of the previous search this message replaces or clears (see the package doc)."""
    job_reference: JobReference | None = None
    contact: ContactInfo | None = None
    referral_email: str | None = None
    smalltalk: SmallTalkKind | None = None
    """For :attr:`Intent.SMALLTALK`: which kind."""
    detail_topic: DetailTopic | None = None
    """For :attr:`Intent.JOB_DETAILS`: what the question was about, if anything specific."""
    language: Language = "en"
    """The message's language (:func:`~assistant.agent.nlu.language.detect_language`)."""
    application_ref: ApplicationRef | None = None
    """For :attr:`Intent.APPLICATION_STATUS` and :attr:`Intent.WITHDRAW`: which application."""
    profile_update: ProfileUpdate | None = None
    """For :attr:`Intent.UPDATE_PROFILE`."""
    credential: CredentialMention | None = None
    """For :attr:`Intent.ADD_CREDENTIAL`."""
    faq_topic: str | None = None
    """For :attr:`Intent.FAQ`: the topic key (``pay_package``, ``housing``, ``benefits``...)."""
    question: str | None = None
    """For :attr:`Intent.FAQ`: the question as typed, for retrieval."""
    general_question: bool = False
    """Read as another intent, but shaped as a general question (a question word, "?",
    "¿", "can I"; no job request, no job pointed at): "when will I get my first check?"
    reads as a job's details, "are contracts 13 weeks" as a search. The offline engine
    tries the FAQ first and keeps the intent when no approved article clearly answers."""
