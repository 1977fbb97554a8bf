"""General questions for the knowledge base: how pay packages work, housing, benefits,
the referral bonus, licensure and the compact, credentialing, what happens after applying.

:func:`faq_topic` names the topic of a question (one of :data:`FAQ_TOPICS`); the rule in
:mod:`.intents` decides whether the message is such a question at all: a question (not a
request for jobs) about a topic, about no job shown, and, for the topics whose words
also describe jobs ("housing", "benefits", "stipends"), naming no profession, specialty
or place ("ICU jobs with a housing stipend in Texas" stays a search). The answer itself
is retrieved from the approved articles by the question's words (``Understanding.question``);
the topic is a hint.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["FAQ_TOPICS", "STRONG_TOPICS", "faq_topic", "is_question", "requests_jobs"]

_TOPICS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    (
        "referral_bonus",
        re.compile(
            r"\breferral (?:bonus|bonuses|program rules|rules|reward|rewards|payout|money|pay)\b"
            r"|\b(?:bonus|bonuses|paid|pay|money|reward|rewards|get)\b(?: \w+){0,5}? "
            r"(?:referring|referral|referrals|refer|referred)\b"
            r"|\brefer(?:ring)?\b(?: \w+){0,5}? (?:bonus|paid|money|reward)\b"
            r"|\bbonus\b(?: \w+){0,4}? (?:friend|friends|colleague|someone|somebody|nurse|"
            r"nurses)\b|\bhow much\b(?: \w+){0,5}? (?:refer|referring|referral|referrals)\b"
            # How referring works, not a referral: "how do i refer my coworker", "is there a
            # limit to how many i can refer" ("refer my friend jane@x.com" refers).
            r"|\bhow (?:do|can|does|would) (?:i|you|one|someone) (?:refer|make a referral)\b"
            r"|\bhow many\b(?: \w+){0,4}? refer\b|\blimit\b(?: \w+){0,6}? refer\b"
        ),
    ),
    (
        "requirements",
        re.compile(
            r"\bhow (?:much|many (?:years?|yrs)(?: of)?) experience\b"
            r"|\b(?:years?|yrs) (?:of )?experience\b"
            r"(?: \w+){0,4}? (?:need|needed|required|require|requirement)\b"
            r"|\bexperience (?:do i need|required|requirement|requirements|needed|to travel)\b"
            r"|\b(?:need|needs|require|required|requires)\b(?: \w+){0,3}? (?:years?|yrs|months?) "
            r"(?:of )?experience\b"
            r"|\bnew grads?\b|\bnew graduates?\b|\b(?:what do i need|requirements?) to "
            r"(?:travel|be a travel)\b|\bqualify to travel\b"
        ),
    ),
    (
        "licensure",
        re.compile(
            r"\bnlc\b|\bcompact\b|\bmulti ?state\b|\bnurse licensure\b|\blicen[sc](?:e|es|ed|"
            r"ing|ure)\b|\bwalk ?through (?:state|states|license)\b|\bendorsement\b"
        ),
    ),
    (
        "credentialing",
        re.compile(
            r"\bcredential(?:ing|ed|s)?\b|\bonboard(?:ing)?\b|\bdrug (?:test|tests|testing|"
            r"screen|screens|screening)\b|\bbackground (?:check|checks|screening)\b"
            r"|\bimmuni[sz]ations?\b|\bvaccin(?:e|es|ation|ations|ated)\b|\bflu shot\b"
            r"|\btb (?:test|skin test)\b|\bfingerprint(?:s|ing)?\b|\bcompliance\b"
            r"|\bdocuments?\b|\bpaperwork\b|\bskills? (?:checklists?|tests?)\b|\bphysical exam\b"
        ),
    ),
    (
        "application_process",
        re.compile(
            r"\bapplication process\b|\b(?:after|once) (?:i |you |we )?(?:apply|applying|applied|"
            r"submit|submitting|submitted)\b|\bhear back\b|\binterview(?:s|ing|ed)?\b"
            r"|\bhow (?:does|do) (?:the )?(?:hiring|application|applying|process)\b"
            r"|\bwhat happens (?:next|now)\b|\bwhat (?:is|s) next\b|\bnext steps?\b"
            r"|\bwhat (?:do|would|will) i need (?:to|for) (?:apply|applying|an application)\b"
            r"|\bhow long (?:until|till|before) "
            r"(?:i )?(?:hear|get an offer|get a response|get hired)\b"
        ),
    ),
    (
        "contract",
        re.compile(
            r"\bhow long (?:are|is|do|does) (?:the |a |travel |most |your |typical )?"
            r"(?:contracts?|assignments?)\b|\bcontracts? (?:length|lengths|last|usually)\b"
            r"|\bexten(?:d|ds|ded|ding|sion|sions)\b|\b(?:cancel(?:s|led|ed|ling|lation|lations)?|"
            r"withdraw|break|breaking|quit|leave|end) (?:my |the |a |your )?"
            r"(?:contract|assignment)\b"
            r"|\bcontracts? (?:gets? |got |is |was |being )?(?:cancel\w*|ended|ends?)\b"
            r"|\b(?:two|2|multiple|several) (?:contracts|assignments|jobs) at "
            r"(?:once|the same time)\b"
            r"|\bguaranteed (?:hours|pay|shifts)\b|\bhours (?:are |be )?guaranteed\b"
            r"|\bcall offs?\b|\bcancelled shifts?\b"
        ),
    ),
    (
        "time_off",
        re.compile(r"\btime off\b|\bdays off\b|\bvacation\b|\brequest(?:ed)? off\b"),
    ),
    (
        "housing",
        re.compile(
            r"\bhousing\b|\blodging\b|\bapartments?\b|\bfurnished\b|\bwhere (?:will|would|do|"
            r"can) (?:i|we) (?:live|stay)\b|\bplace to (?:live|stay)\b|\bhotels?\b|\bairbnb\b"
            r"|\bextended stay\b|\bpets?\b|\bdogs?\b|\bcats?\b"
            r"|\b(?:bring|travel with|take|come with) (?:my |me )?(?:husband|wife|spouse|partner|"
            r"family|kids|children|boyfriend|girlfriend|significant other|fiance)\b"
        ),
    ),
    (
        "stipends",
        re.compile(
            r"\bstipends?\b|\btax ?free\b|\btax home\b|\bm and ie\b|\bmeals? and incidentals\b"
            r"|\bhow (?:do|does|are|will) (?:\w+ )?tax(?:es)?\b(?: \w+){0,2}? "
            r"(?:work|handled|done)\b"
        ),
    ),
    (
        "pay_package",
        re.compile(
            r"\bpay ?packages?\b|\btaxable\b|\bw ?2\b|\b1099\b|\bblended (?:rate|pay)\b"
            r"|\bnegotiab\w*\b|\b(?:pay|rates?)\b(?: \w+){0,5}? guaranteed\b"
            r"|\bnegotiate\b|\bpay breakdown\b|\bovertime\b|\bholiday pay\b|\bgross (?:or|vs|"
            r"versus) net\b|\b(?:before|after) taxes?\b"
            r"|\b(?:how|why) (?:does|do|is|are) (?:the |your |travel |my )?(?:pay|rates?|"
            r"compensation|wages?)(?: \w+){0,3}? (?:work|calculated|structured|determined|"
            r"broken down|so low|low)\b|\bwhy is the (?:hourly |base )?(?:rate|pay|wage)\b"
            r"|\bhow (?:work|works) (?:\w+ ){0,3}?pay\b|\bhow (?:is|does) (?:\w+ )?pay work\b"
            r"|\bhow (?:are|is|am) (?:\w+ ){0,3}?(?:paid|compensated)\b"
        ),
    ),
    (
        "benefits",
        re.compile(
            r"\bbenefits?\b|\b(?:health|medical|dental|vision|life) (?:insurance|coverage|"
            r"plan|plans)\b|\binsurance\b|\b401 ?k\b|\bretirement\b|\bdental\b|\bvision\b"
            r"|\bpto\b|\bsick (?:pay|leave|time|days)\b"
        ),
    ),
    (
        "payroll",
        re.compile(
            r"\bwhen (?:do|will|would|are) (?:i|we|you|nurses) (?:get |be )?(?:paid|pay)\b"
            r"|\bget paid\b|\bpay ?day\b|\bpay (?:schedule|period|frequency)\b"
            r"|\bdirect deposit\b|\bpay ?stubs?\b"
            r"|\b(?:do|does) (?:you(?: guys| all)?|excel|y ?all) pay (?:weekly|biweekly|every)\b"
            r"|\bpaid (?:weekly|biweekly|every)\b|\bpaychecks?\b"
            r"|\bpay (?:every|each) (?:week|two weeks|other week|friday)\b"
            r"|\bhow often (?:do|will|are|does) (?:you|they|we|i|excel) (?:pay|get paid|paid)\b"
        ),
    ),
    (
        "travel",
        re.compile(
            r"\btravel (?:expenses|reimbursement|reimbursed|costs?|allowance|money)\b"
            r"|\breimburs\w*\b|\bmileage\b|\bflights?\b|\bgas money\b|\bcover (?:my |the )?"
            r"(?:travel|flight|gas|moving|relocation)\b|\brelocation\b"
        ),
    ),
)
"""Checked in order: the first topic that matches names the question."""

FAQ_TOPICS: Final[tuple[str, ...]] = tuple(topic for topic, _ in _TOPICS)
STRONG_TOPICS: Final[frozenset[str]] = frozenset(
    {
        "referral_bonus", "requirements", "licensure", "credentialing", "application_process",
        "contract", "pay_package", "payroll", "time_off",
    }
)  # fmt: skip
"""Topics whose words never describe a job: the question may name a profession or a state
("is California a compact state?", "how much experience do I need to be a travel nurse?")."""

_QUESTION_RX: Final = re.compile(
    r"^(?:what|whats|how|hows|when|where|which|why|who|does|do|did|is|are|can|could|will|"
    r"would|should|shall|may|tell me|explain|wondering|curious|question|quick question|"
    r"any info|info|information|i was wondering|i wonder|im wondering)\b"
    r"|\b(?:how|what|when|why|which) (?:do|does|is|are|can|will|would|happens|long|much|if)\b"
    r"|\b(?:can|could|do|should|will|would) i\b"
)
_REQUEST_RX: Final = re.compile(
    r"\b(?:show|list|looking for|look for|get me|send me|hiring|open positions|openings|"
    r"highest paying|best paying|find me|search for)\b|\b(?:find|search) (?:a |some |any |"
    r"me )?(?:jobs?|positions?|work|openings?|assignments?|contracts?)\b"
)
_MAYBE_REQUEST_RX: Final = re.compile(r"\b(?:any|do you have|are there|got any|you got)\b")
_JOB_WORDS_RX: Final = re.compile(
    r"\b(?:jobs?|positions?|openings?|assignments?|gigs?|roles?|listings?|postings?|"
    r"vacanc(?:y|ies)|work)\b"
)


def faq_topic(words: str) -> str | None:
    """The topic of a general question, if it has one of :data:`FAQ_TOPICS`."""
    for topic, rx in _TOPICS:
        if rx.search(words):
            return topic
    return None


def is_question(words: str, text: str) -> bool:
    """``words`` (the message's plain words) ask something."""
    return text.rstrip().endswith("?") or _QUESTION_RX.search(words) is not None


def requests_jobs(words: str, filters_named: bool) -> bool:
    """The message asks for jobs ("any ICU jobs with housing?"), not about a topic."""
    if _REQUEST_RX.search(words):
        return True
    return _MAYBE_REQUEST_RX.search(words) is not None and (
        filters_named or _JOB_WORDS_RX.search(words) is not None
    )
