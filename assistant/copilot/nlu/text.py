"""One question read into text the rules can match: typos fixed, shorthand spelled out.

Recruiters type fast: "placments", "aplications", "liscense", "apps", "certs", "last wk",
"how may candidates". Shorthand is spelled out from a table; a typo is corrected towards the
copilot's own words with the chat NLU's :class:`~assistant.agent.nlu.typos.TypoCorrector`
(one keyboard slip, five letters or more, never a real English word). Master-data terms
(specialties, professions, states) are corrected later by the chat lexicon itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Final

from assistant.agent.nlu.text import lower
from assistant.agent.nlu.typos import TypoCorrector
from assistant.copilot.nlu.words import COPILOT_WORDS

__all__ = ["MAX_QUESTION_LENGTH", "Question", "norm_words", "prepare_question"]

MAX_QUESTION_LENGTH: Final = 500
"""The question API accepts at most this many characters; longer text is cut."""

SHORTHAND: Final[Mapping[str, str]] = {
    "apps": "applications", "app": "application", "appl": "application",
    "appls": "applications", "applic": "application", "applics": "applications",
    "certs": "certifications", "cert": "certification", "certif": "certification",
    "lic": "license", "lics": "licenses", "licence": "license", "licences": "licenses",
    "liscense": "license", "liscenses": "licenses", "lisence": "license",
    "lisences": "licenses", "liscence": "license", "liscences": "licenses",
    "lisense": "license", "lisenses": "licenses", "licens": "license", "licencse": "license",
    "cands": "candidates", "cand": "candidate", "candis": "candidates",
    "candidats": "candidates", "candiates": "candidates", "canidates": "candidates",
    "candidtes": "candidates", "candates": "candidates", "canditates": "candidates",
    "reqs": "jobs", "req": "job", "requisitions": "jobs", "requisition": "job",
    "wk": "week", "wks": "weeks", "yr": "year", "yrs": "years", "mth": "month",
    "mths": "months", "mnth": "month", "mnths": "months", "qtr": "quarter", "qtrs": "quarters",
    "yday": "yesterday", "yest": "yesterday", "tmrw": "tomorrow", "tmr": "tomorrow",
    "subs": "submissions", "sub": "submission", "submits": "submissions", "conv": "conversion",
    "nxt": "next", "prev": "previous", "gimme": "give me", "lemme": "let me", "wanna": "want to",
    "ppl": "people", "thru": "through", "til": "until", "tho": "though",
    "mnay": "many", "manny": "many", "mny": "many", "meny": "many", "nany": "many",
    "hw": "how", "hwo": "how", "whos": "who is", "whats": "what is", "hows": "how is",
    "wheres": "where is", "placemnts": "placements", "plcements": "placements",
    "refs": "referrals", "referals": "referrals", "referal": "referral",
    "convo": "conversation", "convos": "conversations", "msgs": "messages",
    "interveiws": "interviews", "interveiw": "interview", "intvws": "interviews",
    "intvw": "interview", "interviewes": "interviews", "expirng": "expiring",
    "expring": "expiring", "exipring": "expiring", "expirations": "expirations",
    "specality": "specialty", "specalty": "specialty", "speciality": "specialty",
    "specialities": "specialties", "specalties": "specialties", "statuss": "status",
    "stauts": "status", "staus": "status", "breakdwon": "breakdown", "hadnoffs": "handoffs",
}  # fmt: skip
"""Shorthand and misspellings too far from the word for the typo corrector."""

_PHRASE_FIXES: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (re.compile(r"\bw/o\b", re.IGNORECASE), " without "),
    (re.compile(r"\bw/(?=\s|\w)", re.IGNORECASE), " with "),
    (re.compile(r"\bhow may\b(?!\s+(?:i|we|you)\b)", re.IGNORECASE), "how many"),
    (
        re.compile(r"\bhow much\b(?=\s+(?:applications|placements|candidates|jobs))", re.I),
        "how many",
    ),
    (re.compile(r"\bhand[\s-]offs?\b", re.IGNORECASE), "handoffs"),
    (re.compile(r"\be[\s-]?mails?\b", re.IGNORECASE), "email"),
    (re.compile(r"#\s*of\b", re.IGNORECASE), "number of"),
    (re.compile(r"\bno\.\s*of\b", re.IGNORECASE), "number of"),
    (re.compile(r"[’‘`]"), "'"),
    # "what % of subs turn into interviews": a rate, and norm_words keeps no symbols
    (re.compile(r"(?<![\d.])%|(?<=\d)\s*%"), " percent "),
)

_WORD_RX = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True, slots=True)
class Question:
    raw: str
    """The text as typed (NFKC, at most :data:`MAX_QUESTION_LENGTH` characters)."""
    fixed: str
    """Typos corrected and shorthand spelled out; capitals kept where a word is unchanged
    (they tell "OR" the unit from "or" and "IN" the state from "in")."""
    low: str
    """``fixed`` in lower case, with the same offsets."""


@cache
def _corrector() -> TypoCorrector:
    return TypoCorrector((word,) for word in COPILOT_WORDS)


def _fix_word(m: re.Match[str]) -> str:
    word = m.group(0)
    low = word.lower()
    if low in SHORTHAND:
        return SHORTHAND[low]
    fixed = _corrector().correct(low)
    return word if fixed == low else fixed


def prepare_question(text: str) -> Question:
    raw = unicodedata.normalize("NFKC", text or "")[:MAX_QUESTION_LENGTH].strip()
    fixed = raw
    for rx, replacement in _PHRASE_FIXES:
        fixed = rx.sub(replacement, fixed)
    fixed = _WORD_RX.sub(_fix_word, fixed)
    return Question(raw=raw, fixed=fixed, low=lower(fixed))


_NORM_RX = re.compile(r"[^\W_]+|#")


def norm_words(text: str) -> str:
    """Lower-case words joined by single spaces ("L&D" -> "l and d", "what's" -> "whats")."""
    text = lower(text).replace("&", " and ").replace("'", "")
    return " ".join(_NORM_RX.findall(text))
