"""One message read into words: contacts, dates and pay taken out, typos corrected.

Emails and phones are read first (a name often precedes them), then start dates and pay;
each is cut out of the text (:data:`~assistant.agent.nlu.text.HOLE`) so its digits and words
are never read again as something else. What remains is split into :class:`Token`\\s.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from assistant.agent.nlu.contacts import find_emails, find_phones
from assistant.agent.nlu.dates import StartFilter, parse_start
from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.pay import parse_pay
from assistant.agent.nlu.spanish import to_english
from assistant.agent.nlu.text import HOLE_MARK, blank, lower
from assistant.agent.nlu.understanding import Language

__all__ = ["MAX_LENGTH", "Message", "Token", "parse_message"]

MAX_LENGTH: Final = 4000
"""Longer messages are cut: nobody types more, and every pattern stays fast."""

_WORD_RX = re.compile(r"[^\W_]+|" + HOLE_MARK)


# Not frozen: tokens are built for every word of every message, and frozen dataclasses are
# slower to build (each field through object.__setattr__).
@dataclass(slots=True)
class Token:
    raw: str
    low: str
    key: str
    """``low``, or its correction when it is a typo of a vocabulary word."""
    joined: bool = True
    """Only spaces separate it from the previous word (no comma, period...)."""

    @property
    def hole(self) -> bool:
        return self.raw == HOLE_MARK


@dataclass(slots=True)
class Message:
    text: str
    """The original text (NFKC, at most :data:`MAX_LENGTH` characters)."""
    tokens: list[Token]
    norm: str
    """The lowercase words joined by single spaces (holes as ``¤``)."""
    all_caps: bool
    emails: list[str] = field(default_factory=list)
    bad_emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    weekly_pay: float | None = None
    hourly_pay: float | None = None
    start: StartFilter = field(default_factory=StartFilter)
    name_prefix: str = ""
    """The text before the first email/phone (a name often precedes them)."""
    plain: str = ""
    """The lowercase text in English (Spanish read as English), apostrophes removed, emails
    and phones cut out but dates and amounts still in: what account and FAQ phrasings are
    matched against ("available immediately", "expires 03/2028")."""
    today: dt.date = dt.date.min
    """The day relative dates were read against."""

    def is_short(self, limit: int = 6) -> bool:
        """At most ``limit`` words: a bare "no" or "yes", not a sentence that contains one."""
        return len([t for t in self.tokens if not t.hole]) <= limit


_TEXTING: Final[Mapping[str, str]] = {
    "u": "you", "r": "are", "abt": "about", "wat": "what", "wut": "what", "plz": "please",
    "thru": "through", "wanna": "want to", "gonna": "going to", "lemme": "let me",
    "ppl": "people", "bout": "about", "b4": "before",
}  # fmt: skip
"""Texting spellings, written out so every phrasing rule reads them ("do u guys pay weekly",
"how r the contracts"). Lowercase only: a capital "U" or "R" is an initial."""
_TEXTING_RX: Final = re.compile(r"(?<![\w'&/.\-])(?:" + "|".join(_TEXTING) + r")(?![\w'&/\-]|\.\w)")


def _tokens(text: str, lexicon: Lexicon) -> list[Token]:
    tokens: list[Token] = []
    previous_end = 0
    for m in _WORD_RX.finditer(text):
        word = m.group(0)
        low = lower(word)
        joined = not text[previous_end : m.start()].strip()
        previous_end = m.end()
        key = lexicon.typos.correct(low) if low != HOLE_MARK else low
        tokens.append(Token(raw=word, low=low, key=key, joined=joined))
    return tokens


def parse_message(
    text: str, today: dt.date, lexicon: Lexicon, language: Language = "en"
) -> Message:
    """``text`` read into words (a Spanish one first rewritten in English, see :mod:`.spanish`)."""
    raw = unicodedata.normalize("NFKC", text)[:MAX_LENGTH]
    raw = raw.replace("’", "'").replace("‘", "'").replace("`", "'")
    emails = find_emails(raw)
    s = blank(raw, emails.spans)
    phones = find_phones(s)
    s = blank(s, phones.spans)
    first_hole = s.find(HOLE_MARK)
    name_prefix = s[:first_hole] if first_hole >= 0 else ""
    if language == "es":
        s = to_english(s)
    s = _TEXTING_RX.sub(lambda m: _TEXTING[m.group(0)], s)
    s = re.sub(r"\b(early|mid|late)-(?=[a-z])", r"\1 ", s, flags=re.IGNORECASE)  # "mid-January"
    s = re.sub(r"'", "", s).replace("&", " and ")
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)  # "$2,500" -> "$2500"
    s = re.sub(r"(?<=\d)(?=(?:hrs?|hours?)\b)", " ", s, flags=re.IGNORECASE)  # "12hr" -> "12 hr"
    plain = lower(s)
    start, spans = parse_start(plain, today)
    s = blank(s, spans)
    pay = parse_pay(lower(s))
    s = blank(s, pay.spans)
    tokens = _tokens(s, lexicon)
    letters = [c for c in raw if c.isalpha()]
    return Message(
        text=raw,
        tokens=tokens,
        norm=" ".join(t.low for t in tokens),
        all_caps=bool(letters) and not any(c.islower() for c in letters),
        emails=emails.valid,
        bad_emails=emails.invalid,
        phones=phones.numbers,
        weekly_pay=pay.weekly,
        hourly_pay=pay.hourly,
        start=start or StartFilter(),
        name_prefix=name_prefix,
        plain=plain,
        today=today,
    )
