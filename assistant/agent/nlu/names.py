"""People's names in a message: "I'm Jane Doe", "my name is jane", "Jane Doe, jane@x.com".

A name is one to three (four when asked for) name-like words that are no vocabulary term
("Georgia" answers "your first name?" but is a state in "jobs in Georgia"). Volunteered
names need an introduction ("I'm", "my name is", "this is") or to precede an email/phone.
"""

from __future__ import annotations

import re
from typing import Final

from assistant.agent.nlu.lexicon import Lexicon
from assistant.agent.nlu.message import Message
from assistant.agent.nlu.text import HOLE_MARK, words
from assistant.agent.nlu.understanding import ContactInfo, FieldError
from assistant.agent.nlu.words import KNOWN_WORDS, STOPWORDS

__all__ = ["ANSWER_PREFIX_RX", "name_words", "volunteered_contact"]

_NAME_WORD_RX: Final = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*\.?$")
_NAME_WORD_RX: Final = re.compile(r"^[^\W\d_]+(?:['\-][^\W\d_]+)*\.?$")
_NAME_INTRO_RX: Final = re.compile(
    r"\b(?:my\s+(?:full\s+|first\s+|last\s+)?name\s+is|my\s+name'?s|(?:full\s+|first\s+|last\s+)?"
    r"name\s*[:=-]|i\s*'?\s*a?m|this\s+is|it'?s|it\s+is)\s+",
    re.IGNORECASE,
)
_STRONG_NAME_INTRO_RX: Final = re.compile(r"name", re.IGNORECASE)
ANSWER_PREFIX_RX: Final = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|sure|ok|okay|hi|hello|hey|of course)\b[\s,.!]*)?"
    r"(?:(?:my\s+)?(?:full\s+|first\s+|last\s+|sur)?name\s*(?:is|'s|:|=|-)?|i\s*'?\s*a?m|"
    r"it'?s|it\s+is|this\s+is|call\s+me)?\s*",
    re.IGNORECASE,
)
_NAME_FILLERS: Final = words(
    """and my email phone number is its cell mobile e mail tel name first last"""
)
_NOT_NAMES: Final = words(
    """yes no yeah nope sure ok okay cancel stop help why what how skip later none na n/a
    nothing idk dunno pass hi hello hey thanks thank you the a an i im me please not"""
)


def _title(word: str) -> str:
    if word.islower() or word.isupper():
        return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[:1].upper() + m.group(0)[1:].lower(), word)
    return word


_NAME_BLOCKERS: Final = words(
    """in at for near from to on with of by jobs job looking look need want find show search
    searching me the a an what how why where when who which can could would do does did
    apply help cancel hiring work working nights days travel any some more"""
)
"""Words that make an answer something other than a name ("ICU jobs in Texas")."""


def _not_a_name(word: str, lex: Lexicon) -> bool:
    low = word.lower()
    if low in _NOT_NAMES or low in _NAME_BLOCKERS:
        return True
    entry = lex.phrases.get((low,))
    return entry is not None and bool(
        entry.professions or entry.specialties or entry.shifts or entry.job_types or entry.hot
    )


def name_words(text: str, lex: Lexicon) -> tuple[list[str], bool]:
    """Name words in an answer and whether anything else (not a name) was there."""
    found: list[str] = []
    other = False
    for part in re.split(r"[\s,;]+", text):
        piece = part.strip().rstrip(".!?").strip("\"'()")
        if not piece or piece == HOLE_MARK:
            continue
        if piece.lower() in _NAME_FILLERS:
            continue
        if _NAME_WORD_RX.match(piece) and not _not_a_name(piece, lex) and len(piece) <= 40:
            found.append(_title(piece.rstrip(".")) if len(piece) > 2 else _title(piece))
        else:
            other = True
    return found, other


def _vocab_word(word: str, lex: Lexicon) -> bool:
    entry = lex.phrases.get((word.lower(),))
    if entry is None:
        return word.lower() in KNOWN_WORDS
    return bool(entry.professions or entry.specialties or entry.states or entry.shifts)


def volunteered_contact(msg: Message, lex: Lexicon) -> ContactInfo | None:
    """Contact details volunteered outside a question ("I'm Jane Doe, jane@x.com, ...")."""
    contact = ContactInfo(
        email=msg.emails[0] if msg.emails else None,
        phone=msg.phones[0] if msg.phones else None,
    )
    if msg.bad_emails and not msg.emails:
        contact.errors.append(FieldError("email", "email_format"))
    names: list[str] = []
    m = _NAME_INTRO_RX.search(msg.text)
    if m:
        strong = bool(_STRONG_NAME_INTRO_RX.search(m.group(0)))
        for piece in re.split(r"\s+", msg.text[m.end() :].strip()):
            word = piece.strip(',.;!?"()')
            if not word or not _NAME_WORD_RX.match(word) or len(names) == 3:
                break
            if not strong and (not word[:1].isupper() or msg.all_caps):
                break
            if word.lower() in _NOT_NAMES or word.lower() in STOPWORDS:
                break
            if not strong and _vocab_word(word, lex):
                break
            names.append(_title(word))
            if piece.endswith((",", ".", ";", "!", "?")):
                break
    elif msg.emails or msg.phones:
        found, other = name_words(msg.name_prefix, lex)
        if found and not other and len(found) <= 3:
            names = [w for w in found if not _vocab_word(w, lex)]
            if len(names) != len(found):
                names = []
    if names:
        contact.first_name = names[0]
        contact.last_name = " ".join(names[1:]) or None
    return None if contact.is_empty() else contact
