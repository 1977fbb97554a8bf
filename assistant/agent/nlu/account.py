"""A signed-in candidate's own account in their words: applications, availability and
preferences, licenses and certifications.

* :data:`MY_APPLICATIONS_RX` - "show my applications", "what jobs have I applied to?";
* :func:`asks_status` - one application: "what's the status of my application to the Dallas
  ICU job?", "any news on the Phoenix one I applied to?", "status of the second one";
* :data:`WITHDRAW_RX` - "withdraw my application", "take me out of the running";
* :func:`profile_update` - "I'm available from March 1", "I only want nights", "I prefer
  Texas and Arizona": a statement about oneself, not a search;
* :func:`credential` - "I got my BLS renewed (expires 03/2028)", "add my California RN
  license".

Patterns run on the message's *plain words* (:attr:`~.message.Message.plain`, split into
words): dates and amounts are still there ("available immediately", "expires 03/2028").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Final

from assistant.agent.nlu.entities import Entities
from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.message import Message
from assistant.agent.nlu.references import UUID_RX, ordinal
from assistant.agent.nlu.understanding import (
    ApplicationRef,
    CredentialMention,
    ProfileUpdate,
)
from data_layer.master import catalog as md

__all__ = [
    "MY_APPLICATIONS_RX",
    "NOT_WITHDRAW_RX",
    "WITHDRAW_RX",
    "application_ref",
    "asks_status",
    "credential",
    "profile_cue",
    "profile_update",
]

_APPS = r"(?:applications|apps|submissions)"
_APP = r"(?:application|app|submission)"

MY_APPLICATIONS_RX: Final = re.compile(
    rf"\b(?:my|all|the|view|see|list|show|check|open|submitted|past|previous|current|pending|"
    rf"active|recent) (?:job |submitted |current |open |pending |past |active |recent )?"
    rf"{_APPS}\b|^{_APPS}$"
    r"|\b(?:jobs|positions|places|hospitals|facilities|everything|anything)\b(?: \w+){0,4}? "
    r"(?:i|ive|i have|have i|did i|i ve) (?:already |ever )?(?:applied|apply|submitted|"
    r"put in|sent in)\b"
    r"|\b(?:have|did) i (?:already |ever )?(?:applied|apply|submitted) (?:to|for) (?:anything|"
    r"any jobs?|any positions?|something|jobs)\b"
    r"|\b(?:what|which)(?: jobs| positions| ones| places)? (?:have|did|do) i (?:already |ever )?"
    r"(?:apply|applied|submit|submitted)\b|\bwhat (?:have i|i have|ive) (?:already )?applied\b"
    rf"|\b{_APP} (?:history|list)\b|\bhow many {_APPS}\b"
    r"|\b(?:which|what) (?:jobs|positions|applications|ones|places|hospitals)\b(?: \w+){0,3}? "
    r"(?:waiting|still waiting|hoping) (?:to|for|on)\b"
)
"""The list of one's applications (plural, or the jobs one applied to)."""

_ONE_APPLICATION_RX: Final = re.compile(
    rf"\b(?:my|the|this|that|an|which) (?:job |last |latest |recent |first |second |third |"
    rf"\w+ )?{_APP}\b(?! (?:process|form|question|questions|steps))"
    rf"|\b{_APP} (?:to|for|at|with|in|number|no|#)\b|\b{_APP} \d\b"
)
_MY_ONE_APPLICATION_RX: Final = re.compile(rf"\bmy (?:\w+ )?{_APP}\b")
"""'my application' (one): whatever else the message says, it asks about it."""
_STATUS_WORDS_RX: Final = re.compile(
    r"\b(?:status|update|updates|news|word|progress|heard|hear|feedback|response|"
    r"reviewed|review|looked|seen|see|viewed|go through|went through|going|happening|"
    r"going on|accepted|rejected|declined|denied|approved|submitted|received|still|yet|"
    r"pending|stand|standing|where|any|latest|stage|step|phase|outcome|decision|result|"
    r"results|answer|back|movement|moving|look|looking)\b"
)
_I_APPLIED_RX: Final = re.compile(
    r"\bi (?:already |just |recently )?(?:applied|submitted|put in|sent)\b"
    r"|\b(?:was|am|have|got|been) i (?:been )?(?:rejected|accepted|hired|selected|declined|"
    r"turned down|offered|shortlisted|submitted|considered)\b"
    r"|\bwhere am i in the process\b"
    r"|\b(?:did|have|has) (?:i|we|anyone|anybody|they|you) (?:\w+ )?"
    r"(?:hear|heard|gotten|got) back\b"
    r"|\bhave ?n(?:o)?t heard back\b|\bheard back yet\b"
    r"|\bdid i get (?:the |that |this )?(?:[\w¤]+ ){0,2}?(?:job|position|offer)\b"
)
_STATUS_RX: Final = re.compile(r"\bstatus\b")
_REFERRAL_RX: Final = re.compile(r"\brefer\w*\b|\bfriends?\b|\bbonus\b")

WITHDRAW_RX: Final = re.compile(
    r"\b(?:withdraw|withdrawn|withdrawing|withdrawal|retract|unapply|un apply|rescind|"
    r"pull out|back out|take me out of (?:the running|consideration)|remove me from "
    r"(?:consideration|the running))\b"
    r"|\btake (?:my name|me|my application|my app|my submission) (?:off|out of|out)\b"
    rf"|\b(?:cancel|remove|delete|drop|scratch|pull(?! up)|take back|revoke)\b(?: \w+){{0,3}}? "
    rf"(?:my |the |that |this |all my |all of my |all )?(?:job |last |first |second |third |"
    rf"\w+ )?(?:{_APP}|{_APPS})\b"
)
NOT_WITHDRAW_RX: Final = re.compile(
    r"\b(?:dont|do not|not|never|no need to|no dont)\b (?:\w+ ){0,2}?(?:withdraw|cancel|pull|"
    r"retract|remove)\b"
)
"""'don't withdraw it': the answer no to the withdrawal question."""

_AVAILABILITY_RX: Final = re.compile(
    r"\b(?:im|i am|ill be|i will be|i ll be|will be|i can be|i should be|i would be)\b"
    r"(?: \w+){0,2}? (?:available|free|ready|open|off)\b"
    r"|\bmy (?:new |updated |earliest |next )?(?:availability|available date|start date)\b"
    r"|\bavailability\b"
    r"|^available\b|\b(?:available|free) (?:from|starting|after|on|as of|beginning|to start)\b"
    r"|(?<!can )\bi (?:can|could) (?:only )?start\b|\bi am able to start\b|\bi can begin\b"
)
_PREFERENCE_RX: Final = re.compile(
    r"\bi (?:only|just|mostly|really only) (?:want|do|take|work|like|accept|consider)\b"
    r"|\bi (?:can|could|will|would|d) only (?:work|do|take|accept|consider|go)\b"
    r"|\bi (?:prefer|would prefer|d prefer|would rather|d rather|like)\b"
    r"|\bid (?:only|rather|prefer)\b|\bim (?:only|just) (?:interested in|open to|doing|taking)\b"
    r"|\bonly interested in\b|\bmy (?:preferred|preference|preferences|shift preference)\b"
    r"|\b(?:update|change|set|add|put|save|make)\b(?: \w+){0,6}? (?:profile|preferences?|"
    r"preferred|availability)\b"
    r"|\b(?:update|change|set|switch|make)\b(?: \w+){0,2}? my (?:shift|shifts|job types?|"
    r"work type|type of work|contract type|start date|preferred)\b"
    r"|\bfrom now on\b|\bgoing forward\b"
)
_SEARCH_REQUEST_RX: Final = re.compile(
    r"\b(?:show|find|search|list|looking for|look for|get me|send me|any|are there|do you have|"
    r"got any|what do you have|hiring)\b"
)

_STANDING_RX: Final = re.compile(r"\b(?:from now on|going forward|from here on|in the future)\b")
"""'only send me nights from now on': a standing preference, not this one search."""

_CREDENTIAL_VERB_RX: Final = re.compile(
    r"\b(?:add|added|adding|got|get|gotten|have|has|hold|holding|renewed|renew|renewing|"
    r"passed|pass|earned|obtained|received|completed|finished|updated|update|upload|uploaded|"
    r"new|now|certified|licensed|recertified|expires?|expired|expiring|expiration|exp|"
    r"valid|good till|good until|good thru|good through|number)\b"
)
_FIRST_PERSON_RX: Final = re.compile(r"\b(?:i|im|ive|my|me|mine)\b")
_ASKS_ABOUT_JOBS_RX: Final = re.compile(
    r"\b(?:need|needs|require|requires|required|requirement|requirements|do i have to|"
    r"accept|accepts|which|what)\b"
)
_ELIDED_I_RX: Final = re.compile(
    r"(?:just |finally |recently |also )?(?:got|renewed|passed|earned|added|add|obtained|"
    r"received|finished|completed|licensed|certified|recertified|have|hold|update)\b"
)
"""A statement without its "I": "just got licensed in Arizona", "renewed BLS"."""
_ADD_REQUEST_RX: Final = re.compile(r"\b(?:can|could|would|will) (?:you|u) (?:add|put|update)\b")
_LICENSE_RX: Final = re.compile(r"\b(?:license|licence|licenses|licensed|licensure|lic)\b")
_COMPACT_RX: Final = re.compile(r"\b(?:compact|multi ?state|nlc)\b")
_NUMBER_RX: Final = re.compile(
    r"\b(?:license|licence|lic|cert|certificate|card)?\s*(?:number|no|num|#)\.?\s*(?:is\s+)?"
    r"[:#]?\s*([a-z]{0,3}[-]?\d[\w-]{2,})\b",
    re.IGNORECASE,
)

_MONTHS: Final = {
    **{name.lower(): i for i, name in enumerate(calendar.month_name) if name},
    **{name.lower(): i for i, name in enumerate(calendar.month_abbr) if name},
    "sept": 9,
}
_MONTH_ALT: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_EXPIRY_RX: Final = re.compile(
    r"\b(?:expires?|expiring|expiration(?: date)?|exp|valid (?:until|till|thru|through)|"
    r"good (?:until|till|thru|through|to)|until|till|thru|through)\b[\s:.]*(?:on|in|is|date)?"
    r"(?:[\s:]*(?:to|of|as|now|will be|date is|is now|at))?[\s:]*(?:"
    r"(?P<m1>\d{1,2})/(?P<d1>\d{1,2})/(?P<y1>\d{4}|\d{2})\b"
    r"|(?P<y2>20\d\d)-(?P<m2>\d{1,2})-(?P<d2>\d{1,2})\b"
    r"|(?P<m3>\d{1,2})[/-](?P<y3>20\d\d|\d\d)\b"
    rf"|(?P<mon>{_MONTH_ALT})\.?(?:\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?)?,?\s+(?P<y4>20\d\d)\b"
    rf"|(?P<mon5>{_MONTH_ALT})\b"
    r")"
)


def _words(msg: Message) -> str:
    return " ".join(re.findall(r"[^\W_]+|¤", msg.plain))


def application_ref(msg: Message, ent: Entities) -> ApplicationRef:
    """Which of one's applications the message means (all ``None``: "my application")."""
    uuid = UUID_RX.search(msg.text)
    f = ent.filters
    specialty = f.specialty or (
        f.profession if f.profession and not ent.provenance.profession_implied else None
    )
    return ApplicationRef(
        ordinal=ordinal(msg, ent),
        city=f.city,
        state=f.state,
        specialty=specialty,
        text=_proper_names(msg, ent),
        application_id=uuid.group(0).lower() if uuid else None,
    )


def _proper_names(msg: Message, ent: Entities) -> str | None:
    """Capitalized words that are no filter and do not start the message ("Mercy", "Baylor"):
    a facility's or a job title's name. Lowercase words are never guessed at."""
    used = {i for m in ent.matches for i in range(m.start, m.end)}
    names = [
        t.low
        for i, t in enumerate(msg.tokens)
        if i > 0
        and i not in used
        and t.raw[:1].isupper()
        and not t.raw.isupper()
        and t.low not in ("i", "im", "ive", "id")
        and msg.tokens[i - 1].joined
    ]
    return " ".join(names) or None


def asks_status(msg: Message, words: str | None = None) -> bool:
    """The message asks how one of one's applications is doing."""
    text = words if words is not None else _words(msg)
    if _REFERRAL_RX.search(text):
        return False
    one = _ONE_APPLICATION_RX.search(text) is not None
    if _MY_ONE_APPLICATION_RX.search(text):
        return True
    if one and (_STATUS_WORDS_RX.search(text) or msg.text.rstrip().endswith("?")):
        return True
    if _I_APPLIED_RX.search(text):
        return True
    return _STATUS_RX.search(text) is not None and (
        one or _says_ordinal(text) or _THE_ONE_RX.search(text) is not None
    )


_THE_ONE_RX: Final = re.compile(r"\b(?:the|that|this) (?:[\w¤]+ ){0,2}one\b")
"""'the status of the Dallas one': the status is an application's."""


def _says_ordinal(text: str) -> bool:
    return re.search(r"\b(?:first|second|third|fourth|fifth|last|\d)\b", text) is not None


def profile_cue(msg: Message, words: str | None = None) -> bool:
    """The message speaks of one's availability or preferences (not of a search)."""
    text = words if words is not None else _words(msg)
    return _AVAILABILITY_RX.search(text) is not None or _PREFERENCE_RX.search(text) is not None


def _available_from(msg: Message) -> dt.date | None:
    start = msg.start
    if start.start == "asap":
        return msg.today
    for value in (start.start, start.start_from):
        if value:
            return dt.date.fromisoformat(value)
    return None


def _state_code_named_as_specialty(msg: Message, ent: Entities, lex: Lexicon) -> str | None:
    """A capitalized state code read as a specialty ("OR", "CT") in a message that names other
    states: in a list of states it is the state."""
    term = ent.provenance.specialty_term
    if term is None or len(term) != 2 or not ent.states:
        return None
    if not any(t.raw == term.upper() for t in msg.tokens):
        return None
    state = lex.states_by_code.get(term)
    return state.code if state is not None and state.code not in ent.states else None


def profile_update(
    msg: Message, ent: Entities, lex: Lexicon, words: str | None = None
) -> ProfileUpdate | None:
    """What a statement about oneself says to change in the profile; ``None`` when the message
    is a search instead (it names a profession, specialty or city, or asks for jobs)."""
    text = words if words is not None else _words(msg)
    if not profile_cue(msg, text):
        return None
    f = ent.filters
    states = list(ent.states)
    specialty = f.specialty
    code = _state_code_named_as_specialty(msg, ent, lex)
    if code is not None:
        specialty = None  # "my preferred states are WA and OR": Oregon, not the OR
        states.append(code)
    named_core = specialty is not None or (
        f.profession is not None and not ent.provenance.profession_implied and code is None
    )
    asks_jobs = _SEARCH_REQUEST_RX.search(text) and not _STANDING_RX.search(text)
    if named_core or f.city is not None or asks_jobs:
        return None
    update = ProfileUpdate(
        available_from=_available_from(msg) if _AVAILABILITY_RX.search(text) else None,
        preferred_states=states,
        job_types=list(ent.job_types) if len(ent.job_types) >= 1 else [],
        shift=f.shift,
    )
    if update.is_empty() and not re.search(r"\b(?:profile|preferences?|availability)\b", text):
        return None
    return update


def credential(
    msg: Message, ent: Entities, lex: Lexicon, words: str | None = None
) -> CredentialMention | None:
    """The license or certification the person says they hold (``None``: no such statement,
    or a question about a job's requirements)."""
    text = words if words is not None else _words(msg)
    if not (
        _CREDENTIAL_VERB_RX.search(text)
        and (_FIRST_PERSON_RX.search(text) or _ELIDED_I_RX.match(text))
    ):
        return None
    question = msg.text.rstrip().endswith("?") or re.match(
        r"(?:do|does|is|are|which|what|how|should|will|would|can|could)\b", text
    )
    if (
        question
        and not _ADD_REQUEST_RX.search(text)
        and (_ASKS_ABOUT_JOBS_RX.search(text) or not re.search(r"\b(?:add|update)\b", text))
    ):
        return None
    expires = _expiry(msg.plain, msg.today)
    number_match = _NUMBER_RX.search(msg.text)
    number = number_match.group(1) if number_match else None
    license_words = _LICENSE_RX.search(text) is not None
    compact = _COMPACT_RX.search(text) is not None
    if license_words or compact:
        name = _license_name(ent, lex) or ("RN" if compact else "")
        if name or license_words:
            state = ent.states[0] if ent.states else None
            return CredentialMention("license", name, state, expires, number)
    for m in ent.matches:
        if m.entry.certifications and not m.entry.professions:
            cert = m.entry.certifications[0]
            return CredentialMention("certification", cert.name, None, expires, number)
    return None


def _license_name(ent: Entities, lex: Lexicon) -> str | None:
    """The profession a license is for, as people write it: "RN", "LVN", "PT"."""
    for m in ent.matches:
        if not m.entry.professions:
            continue
        typed = " ".join(m.key)
        info = md.find_profession(m.entry.professions[0].name)
        abbreviations = info.abbreviation.split("/") if info and info.abbreviation else []
        singular = typed[:-1] if typed.endswith("s") and len(typed) > 2 else typed
        if singular.upper() in abbreviations:
            return singular.upper()  # as typed: "LVN" stays LVN
        return abbreviations[0] if abbreviations else m.entry.professions[0].name
    return None


def _expiry(plain: str, today: dt.date) -> dt.date | None:
    """The expiry date stated ("expires 03/2028" is the end of March 2028)."""
    m = _EXPIRY_RX.search(plain)
    if m is None:
        return None
    try:
        if m.group("m1"):
            return dt.date(_year(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
        if m.group("y2"):
            return dt.date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        if m.group("m3"):
            return _month_end(_year(m.group("y3")), int(m.group("m3")))
        if m.group("mon"):
            month = _MONTHS[m.group("mon")]
            year = int(m.group("y4"))
            day = m.group("d4")
            return dt.date(year, month, int(day)) if day else _month_end(year, month)
        if m.group("mon5") and len(m.group("mon5")) > 3:
            month = _MONTHS[m.group("mon5")]
            year = today.year if month >= today.month else today.year + 1
            return _month_end(year, month)
    except ValueError:
        return None
    return None


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])
