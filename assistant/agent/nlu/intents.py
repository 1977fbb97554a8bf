"""Intents as a rule table: the first rule that applies to a message decides what it means.

Messages often fit several intents ("hi, any ICU jobs?" is a greeting and a search; "no
nights" starts like a cancellation), so the order of :data:`RULES` is the precedence, and
each rule says why it sits where it does. A rule looks at the message through
:class:`Clues`, which computes the costlier readings (entities, the job referenced, contact
details) once, on first use. Only SEARCH carries filters; for APPLY and JOB_DETAILS the
entity words describe the job referenced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar, overload

from assistant.agent.nlu import account
from assistant.agent.nlu import patterns as p
from assistant.agent.nlu.entities import Entities, extract
from assistant.agent.nlu.faq import STRONG_TOPICS, faq_topic, is_question, requests_jobs
from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.message import Message
from assistant.agent.nlu.names import volunteered_contact
from assistant.agent.nlu.references import job_reference
from assistant.agent.nlu.search import search_understanding
from assistant.agent.nlu.understanding import (
    ContactInfo,
    CredentialMention,
    DetailTopic,
    FieldError,
    Intent,
    JobReference,
    ProfileUpdate,
    SmallTalkKind,
    Understanding,
)

__all__ = ["RULES", "Clues", "IntentRule", "understand_freely"]

_T = TypeVar("_T")


class _Once(Generic[_T]):
    """An attribute computed on first use, like ``functools.cached_property`` without its
    per-access lock (Python 3.11 takes one), which costs more than most clues themselves."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self._compute = compute
        self._name = compute.__name__

    @overload
    def __get__(self, clues: None, owner: type) -> _Once[_T]: ...
    @overload
    def __get__(self, clues: Clues, owner: type) -> _T: ...
    def __get__(self, clues: Clues | None, owner: type) -> _T | _Once[_T]:
        if clues is None:
            return self
        value = self._compute(clues)
        clues.__dict__[self._name] = value  # found first from now on: no second call
        return value


class Clues:
    """What the rules look at in one message; each reading is made once, when first needed."""

    def __init__(self, msg: Message, lex: Lexicon) -> None:
        self.msg = msg
        self.lex = lex

    def says(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.msg.norm) is not None

    @_Once
    def entities(self) -> Entities:
        return extract(self.msg, self.lex)

    @_Once
    def no_filters(self) -> bool:
        return self.entities.filters.is_empty()

    @_Once
    def email(self) -> str | None:
        return self.msg.emails[0] if self.msg.emails else None

    @_Once
    def refers(self) -> bool:
        return self.says(p.REFER_RX) or self.says(p.REFERRAL_LINK_RX)

    @_Once
    def reference(self) -> JobReference | None:
        """The job pointed at by words alone ("the second one", "that Dallas job")."""
        return job_reference(self.msg, self.entities, pointed=False)

    @_Once
    def topic(self) -> DetailTopic | None:
        return p.detail_topic(self.msg.norm)

    @_Once
    def is_question(self) -> bool:
        return self.says(p.QUESTION_RX) or self.msg.text.rstrip().endswith("?")

    @_Once
    def contact(self) -> ContactInfo | None:
        return volunteered_contact(self.msg, self.lex)

    @_Once
    def gives_contact(self) -> bool:
        contact = self.contact
        return contact is not None and bool(contact.email or contact.phone or self.msg.bad_emails)

    @_Once
    def gives_name(self) -> bool:
        return self.contact is not None and bool(self.contact.first_name or self.contact.last_name)

    @_Once
    def search_cue(self) -> bool:
        return self.says(p.SEARCH_CUE_RX)

    @_Once
    def words(self) -> str:
        """The plain words: the message in English with its dates and amounts still in."""
        return " ".join(_PLAIN_WORD_RX.findall(self.msg.plain))

    def says_plainly(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.words) is not None

    @_Once
    def names_core_or_place(self) -> bool:
        """A profession (named, not implied), specialty, state or city."""
        f = self.entities.filters
        named_profession = f.profession is not None and not (
            self.entities.provenance.profession_implied
        )
        return bool(named_profession or f.specialty or f.state or f.city)

    @_Once
    def profile(self) -> ProfileUpdate | None:
        return account.profile_update(self.msg, self.entities, self.lex, self.words)

    @_Once
    def credential(self) -> CredentialMention | None:
        if self.says_plainly(_JOB_REQUEST_RX):
            return None  # "I have my BLS, any ICU jobs?": a search that mentions it
        if self.says_plainly(_ASKS_IF_I_CAN_RX):
            return None  # "I have a California license, can I work in Texas?": a question
        return account.credential(self.msg, self.entities, self.lex, self.words)

    @_Once
    def faq_topic(self) -> str | None:
        return faq_topic(self.words)


@dataclass(frozen=True, slots=True)
class IntentRule:
    name: str
    intent: Intent
    applies: Callable[[Clues], bool]
    why: str
    """Why the rule sits where it does in :data:`RULES`."""
    smalltalk: SmallTalkKind | None = None


_PLAIN_WORD_RX: Final = re.compile(r"[^\W_]+|¤")
_JOB_REQUEST_RX: Final = re.compile(
    r"\b(?:jobs|positions|openings|assignments|looking for|any (?:job|position|opening)|"
    r"show me|find me|hiring)\b"
)
_PERSONAL_REFERRAL_RX: Final = re.compile(
    r"\bmy (?:referral|referrals|bonus)\b|\bi (?:referred|invited)\b|\bdid\b"
    r"|\b(?:has|have) my\b"
)
_POINTS_AT_JOB_RX: Final = re.compile(
    r"\b(?:this|that) (?:one|job|position|assignment|contract|offer|listing|posting|gig)\b"
)


def _asks_faq(c: Clues) -> bool:
    """A general question about a topic of the knowledge base (rules in :mod:`.faq`)."""
    topic = c.faq_topic
    if topic is None or not is_question(c.words, c.msg.text):
        return False
    if requests_jobs(c.words, c.names_core_or_place):
        return False
    if topic == "referral_bonus" and c.says_plainly(_PERSONAL_REFERRAL_RX):
        return False  # "when is my referral bonus paid?": about one's own referrals
    ref = c.reference
    if c.says_plainly(_POINTS_AT_JOB_RX) or (
        ref is not None and (ref.ordinal is not None or ref.city or ref.job_id)
    ):
        return False  # "is housing included in that one?": about a job shown
    return topic in STRONG_TOPICS or not c.names_core_or_place


def _withdraws(c: Clues) -> bool:
    if c.says_plainly(_CONTRACT_QUESTION_RX) and not c.says_plainly(_APPLICATION_WORDS_RX):
        return False  # "can I cancel my contract early?" asks about a contract's rules
    return c.says_plainly(account.WITHDRAW_RX) and not c.says_plainly(_REFERRAL_WORDS_RX)


_CONTRACT_QUESTION_RX: Final = re.compile(
    r"\b(?:can|could|may|do|should) i\b(?: \w+){0,4}? (?:my |the |a )?(?:contract|assignment)s?\b"
)
_APPLICATION_WORDS_RX: Final = re.compile(
    r"\b(?:application|applications|app|apps|applied|submission)\b"
)
_ASKS_WHAT_NEXT_RX: Final = re.compile(
    r"\bwhat (?:happens|is next|s next|now|comes next|do i do now)\b|\bnext steps?\b|\bnow what\b"
)
"""'I just applied, what happens now?': the application process, not one application's status."""
_ASKS_IF_I_CAN_RX: Final = re.compile(
    r"\b(?:can|could|may) i (?:still )?(?:work|travel|practice|use|take)\b|\bdo i need\b"
)
"""'I have a California license only, can I work in Texas?': asks about licensure rules."""


_REFERRAL_WORDS_RX: Final = re.compile(r"\brefer\w*\b|\bfriends?\b|\binvit\w*\b")


def _asks_about_listed_job(c: Clues) -> bool:
    ref = c.reference
    return ref is not None and (
        ref.ordinal is not None
        or ref.job_id is not None
        or c.says(p.DETAILS_RX)
        or c.topic is not None
        or c.is_question
    )


RULES: Final[tuple[IntentRule, ...]] = (
    IntentRule(
        "who are you",
        Intent.SMALLTALK,
        lambda c: c.says(p.WHO_RX) and c.no_filters,
        "before HUMAN: 'are you a real person?' asks about the assistant, not for a recruiter",
        smalltalk="who_are_you",
    ),
    IntentRule(
        "wants a person",
        Intent.HUMAN,
        lambda c: c.says(p.HUMAN_RX),
        "early: asking for a recruiter wins over anything else the message also says",
    ),
    IntentRule(
        "refers a friend by email",
        Intent.REFER_FRIEND,
        lambda c: c.email is not None and (c.refers or c.says(p.FRIEND_RX)),
        "before PROVIDE_INFO and LOGIN: the email is the friend's, not the visitor's",
    ),
    IntentRule(
        "keeps an application",
        Intent.CANCEL,
        lambda c: c.says_plainly(account.NOT_WITHDRAW_RX),
        "before WITHDRAW: 'no, don't withdraw it' is the no to the withdrawal question",
    ),
    IntentRule(
        "withdraws an application",
        Intent.WITHDRAW,
        _withdraws,
        "before CANCEL and APPLY: 'cancel my application to the Dallas job' names both",
    ),
    IntentRule(
        "lists my applications",
        Intent.MY_APPLICATIONS,
        lambda c: c.says_plainly(account.MY_APPLICATIONS_RX),
        "before the status rule: 'the status of my applications' asks for all of them",
    ),
    IntentRule(
        "asks how an application is doing",
        Intent.APPLICATION_STATUS,
        lambda c: (
            account.asks_status(c.msg, c.words)
            and not c.says(p.APPLY_RX)
            and not c.says_plainly(_ASKS_WHAT_NEXT_RX)
        ),
        "before SEARCH and JOB_DETAILS: 'my application to the Dallas ICU job' names a job",
    ),
    IntentRule(
        "states a license or certification",
        Intent.ADD_CREDENTIAL,
        lambda c: c.credential is not None,
        "before LOGIN ('add BLS to my account') and SEARCH ('my BLS expires 6/30/2027')",
    ),
    IntentRule(
        "states availability or preferences",
        Intent.UPDATE_PROFILE,
        lambda c: c.profile is not None,
        "before SEARCH: 'I only want nights' is about oneself; 'only nights' refines",
    ),
    IntentRule(
        "asks a general question",
        Intent.FAQ,
        _asks_faq,
        "before REFERRAL_STATUS, REFER_FRIEND, LOGIN, APPLY and SEARCH: 'what happens after I "
        "apply?', 'how much is the referral bonus?', 'is California a compact state?'",
    ),
    IntentRule(
        "asks about referrals made",
        Intent.REFERRAL_STATUS,
        lambda c: c.says(p.REFERRAL_STATUS_RX) and not c.says(p.REFERRAL_LINK_RX),
        "before REFER_FRIEND: 'did my friend sign up' mentions a friend but refers nobody",
    ),
    IntentRule(
        "refers a friend",
        Intent.REFER_FRIEND,
        lambda c: c.refers,
        "after the status rule: 'how do I refer' refers, 'my referral bonus' asks about one",
    ),
    IntentRule(
        "logs in",
        Intent.LOGIN,
        lambda c: c.says(p.LOGIN_RX),
        "before APPLY: 'log in to apply' asks to log in first",
    ),
    IntentRule(
        "does not want to apply",
        Intent.CANCEL,
        lambda c: c.says(p.NEGATED_APPLY_RX),
        "before APPLY: 'don't apply' contains 'apply'",
    ),
    IntentRule(
        "applies",
        Intent.APPLY,
        lambda c: c.says(p.APPLY_RX) or (c.says(p.INTERESTED_RX) and c.reference is not None),
        "before JOB_DETAILS and SEARCH: 'apply to the Dallas job' names a city and a job",
    ),
    IntentRule(
        "asks about a listed job",
        Intent.JOB_DETAILS,
        _asks_about_listed_job,
        "before SEARCH: 'what's the pay on the second one?' is about a shown job",
    ),
    IntentRule(
        "points at a listed job",
        Intent.JOB_DETAILS,
        lambda c: c.reference is not None and c.no_filters,
        "'that one': a reference and nothing to search for",
    ),
    IntentRule(
        "names a listed job",
        Intent.JOB_DETAILS,
        lambda c: (
            c.reference is not None and not p.SEARCH_CUE_RX.search(c.msg.norm.replace("job", ""))
        ),
        "'the ICU one': its words are filters, but without a search cue they describe a job",
    ),
    IntentRule(
        "asks for details",
        Intent.JOB_DETAILS,
        lambda c: c.says(p.DETAILS_RX) and c.no_filters and not c.says(p.WHAT_ABOUT_RX),
        "'tell me more' about the job in focus; 'what about ...' is a refinement instead",
    ),
    IntentRule(
        "wants more results",
        Intent.MORE_RESULTS,
        lambda c: c.says(p.MORE_RX) and c.no_filters,
        "before SEARCH, whose cue words ('more jobs') it shares, when no filter is named",
    ),
    IntentRule(
        "gives an email or phone",
        Intent.PROVIDE_INFO,
        lambda c: c.gives_contact,
        "before SEARCH: 'Jane, RN, jane@x.com' gives contact details even though it names an RN",
    ),
    IntentRule(
        "names filters",
        Intent.SEARCH,
        lambda c: not c.no_filters or bool(c.entities.clears) or c.says(p.RESET_RX),
        "before HELP, CANCEL, CONFIRM and small talk: 'hi, any ICU jobs?' and 'no nights' search",
    ),
    IntentRule(
        "asks for help",
        Intent.HELP,
        lambda c: c.says(p.HELP_RX),
        "after SEARCH: 'what can you do for ICU nurses in Texas?' is a search",
    ),
    IntentRule(
        "asks about the job in focus",
        Intent.JOB_DETAILS,
        lambda c: c.topic is not None and c.is_question and not c.search_cue,
        "'what does it pay?' with no job named: the one in focus; after HELP ('what can you do?')",
    ),
    IntentRule(
        "says no",
        Intent.CANCEL,
        lambda c: c.says(p.CANCEL_RX) and c.msg.is_short(),
        "after SEARCH ('no nights' refines); short only: a 'no' inside a sentence cancels nothing",
    ),
    IntentRule(
        "says yes",
        Intent.CONFIRM,
        lambda c: c.says(p.CONFIRM_RX) and c.msg.is_short(),
        "after CANCEL: 'sure, cancel it' cancels",
    ),
    IntentRule(
        "asks for jobs",
        Intent.SEARCH,
        lambda c: c.search_cue,
        "'I need a job': a search without filters, after the yes/no rules ('sure, find jobs')",
    ),
    IntentRule(
        "greets with a name",
        Intent.GREETING,
        lambda c: c.gives_name and c.says(p.GREETING_RX),
        "'hi, I'm Jane': the greeting answered, the name kept",
    ),
    IntentRule(
        "gives a name",
        Intent.PROVIDE_INFO,
        lambda c: c.gives_name,
        "'I'm Jane Doe' outside a question",
    ),
    IntentRule(
        "says bye",
        Intent.SMALLTALK,
        lambda c: c.says(p.BYE_RX),
        "before thanks: 'thanks, bye' ends the conversation",
        smalltalk="bye",
    ),
    IntentRule(
        "asks how things are",
        Intent.SMALLTALK,
        lambda c: c.says(p.HOW_ARE_RX),
        "before GREETING: 'hi, how are you?' wants an answer",
        smalltalk="how_are_you",
    ),
    IntentRule(
        "thanks",
        Intent.SMALLTALK,
        lambda c: c.says(p.THANKS_RX),
        "after BYE: 'thanks, bye' says goodbye",
        smalltalk="thanks",
    ),
    IntentRule(
        "acknowledges",
        Intent.SMALLTALK,
        lambda c: c.says(p.ACK_RX),
        "a bare 'ok' or 'got it'; after CONFIRM, which also takes 'sounds good'",
        smalltalk="ack",
    ),
    IntentRule(
        "greets",
        Intent.GREETING,
        lambda c: (
            c.says(p.GREETING_RX)
            and all(t.low in p.GREETING_FILLER for t in c.msg.tokens if not t.hole)
        ),
        "a greeting and nothing else ('hi there', 'good morning team')",
    ),
    IntentRule(
        "greets briefly",
        Intent.GREETING,
        lambda c: c.says(p.GREETING_RX) and c.msg.is_short(4),
        "last: a short message opening with a greeting that nothing else explains",
    ),
)
"""Checked in order; the first rule that applies decides. No rule: :attr:`Intent.UNKNOWN`."""


def _referral(c: Clues, rule: IntentRule) -> Understanding:
    if c.email is not None:
        return Understanding(Intent.REFER_FRIEND, referral_email=c.email)
    bad = [FieldError("referral_email", "email_format")] if c.msg.bad_emails else []
    return Understanding(Intent.REFER_FRIEND, contact=ContactInfo(errors=bad) if bad else None)


_MEANINGS: Final[Mapping[Intent, Callable[[Clues, IntentRule], Understanding]]] = {
    Intent.SEARCH: lambda c, rule: search_understanding(c.msg, c.entities),
    Intent.APPLY: lambda c, rule: Understanding(
        Intent.APPLY, job_reference=job_reference(c.msg, c.entities, pointed=True)
    ),
    Intent.JOB_DETAILS: lambda c, rule: Understanding(
        Intent.JOB_DETAILS, job_reference=c.reference, detail_topic=c.topic
    ),
    Intent.REFER_FRIEND: _referral,
    Intent.LOGIN: lambda c, rule: Understanding(
        Intent.LOGIN, contact=ContactInfo(email=c.email) if c.email else None
    ),
    Intent.PROVIDE_INFO: lambda c, rule: Understanding(Intent.PROVIDE_INFO, contact=c.contact),
    Intent.GREETING: lambda c, rule: Understanding(Intent.GREETING, contact=c.contact),
    Intent.SMALLTALK: lambda c, rule: Understanding(Intent.SMALLTALK, smalltalk=rule.smalltalk),
    Intent.APPLICATION_STATUS: lambda c, rule: Understanding(
        Intent.APPLICATION_STATUS, application_ref=account.application_ref(c.msg, c.entities)
    ),
    Intent.WITHDRAW: lambda c, rule: Understanding(
        Intent.WITHDRAW, application_ref=account.application_ref(c.msg, c.entities)
    ),
    Intent.UPDATE_PROFILE: lambda c, rule: Understanding(
        Intent.UPDATE_PROFILE, profile_update=c.profile
    ),
    Intent.ADD_CREDENTIAL: lambda c, rule: Understanding(
        Intent.ADD_CREDENTIAL, credential=c.credential
    ),
    Intent.FAQ: lambda c, rule: Understanding(
        Intent.FAQ, faq_topic=c.faq_topic, question=c.msg.text.strip()
    ),
}
"""What each intent carries besides itself; the others carry nothing."""


_MAY_BE_FAQ: Final = frozenset(
    {Intent.SEARCH, Intent.JOB_DETAILS, Intent.HUMAN, Intent.APPLY, Intent.REFERRAL_STATUS}
)
"""Intents whose words a general question shares ("when will I get my first check" names
pay; "how soon will a recruiter call me" a recruiter). Account changes and referrals by
email are never tried as FAQ: their words are their own."""
_ASKS_AS_CANDIDATE_RX: Final = re.compile(r"\b(?:do|can|could|should|will|would|may) i\b")
_ASKS_ABOUT_PERSON_RX: Final = re.compile(
    r"^(?:how|when|what|whats|why|will|would|does|do|is|are|if)\b"
)
"""A question about recruiters ("how soon will a recruiter call me"), not a request for one
("can I talk to a recruiter?", "I want a real person")."""


def _general_question(c: Clues, intent: Intent) -> bool:
    """The message asks about policy or process though a rule read it as ``intent``."""
    if intent not in _MAY_BE_FAQ:
        return False
    if not (is_question(c.words, c.msg.text) or "¿" in c.msg.text):
        return False
    if requests_jobs(c.words, c.names_core_or_place) or c.says(p.WHAT_ABOUT_RX):
        return False  # "any ICU jobs?", "what about nights?": searches
    ref = c.reference
    if c.says_plainly(_POINTS_AT_JOB_RX) or (
        ref is not None and (ref.ordinal is not None or ref.city or ref.job_id)
    ):
        return False  # "does that one include housing?": about a job shown
    if intent is Intent.HUMAN:
        return c.says_plainly(_ASKS_ABOUT_PERSON_RX) and not c.says(p.WHO_RX)
    if intent is Intent.SEARCH:
        # "how much do ICU nurses make in Texas?" searches; "do I need ACLS for ICU jobs"
        # and "are contracts 13 weeks" ask.
        return (
            not c.names_core_or_place
            or c.faq_topic is not None
            or c.says_plainly(_ASKS_AS_CANDIDATE_RX)
        )
    return True


def understand_freely(msg: Message, lex: Lexicon) -> Understanding:
    """The meaning of a message that answers no question of the engine."""
    clues = Clues(msg, lex)
    for rule in RULES:
        if rule.applies(clues):
            meaning = _MEANINGS.get(rule.intent)
            understood = meaning(clues, rule) if meaning else Understanding(rule.intent)
            understood.general_question = _general_question(clues, rule.intent)
            return understood
    return Understanding(Intent.UNKNOWN)
