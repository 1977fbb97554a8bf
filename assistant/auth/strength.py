"""Is a new password good enough? Length, the owner's own e-mail or name, and zxcvbn's guess.

zxcvbn (Dropbox's estimator) scores 0-4 from how many guesses a cracker would need,
knowing common passwords, words, names, keyboard patterns, dates and the inputs
given to it (the owner's e-mail and name); 3 or more is "safely unguessable" for an
online attacker and hard offline against a slow hash like ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from zxcvbn import zxcvbn

__all__ = ["MIN_SCORE", "password_problem"]

MIN_SCORE = 3
_SCORED_CHARS = 72
"""zxcvbn's matching grows steeply with length (it refuses more than 72 characters): a
longer password is judged by its start."""
_PIECE = re.compile(r"[^\W_]{4,}")


def _own_words(user_inputs: Iterable[str | None]) -> list[str]:
    """The inputs, lowercased, with an e-mail's local part and the words (4+ letters) of each."""
    words: set[str] = set()
    for value in user_inputs:
        text = (value or "").strip().casefold()
        if not text:
            continue
        local = text.partition("@")[0] if "@" in text else text
        for word in (text, local, *_PIECE.findall(local)):
            if len(word) >= 3:
                words.add(word)
    return sorted(words, key=len, reverse=True)


def password_problem(
    password: str, *, min_length: int, user_inputs: Iterable[str | None] = ()
) -> str | None:
    """What is wrong with ``password`` in a short sentence for its owner; None when it is fine.

    ``user_inputs``: the owner's e-mail address and names (None and empty ones are skipped).
    """
    if len(password) < min_length:
        return f"The password is too short: use at least {min_length} characters."
    own = _own_words(user_inputs)
    folded = password.casefold()
    if any(word in folded for word in own):
        return "The password contains your e-mail address or name; choose one without them."
    result = zxcvbn(password[:_SCORED_CHARS], user_inputs=own)
    if int(result["score"]) >= MIN_SCORE:
        return None
    warning = str(result.get("feedback", {}).get("warning") or "").strip()
    advice = warning or "Add another word or two; uncommon words together are hard to guess."
    return f"The password is too easy to guess. {advice}"
