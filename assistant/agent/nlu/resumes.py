"""Messages about the person's resume: what was read from it, jobs matching it, deleting it.

"I uploaded my resume" (what the widget sends after an upload), "here is my CV", "did
you get my resume?", "what did you find in my resume?" ask what was read; "find jobs
that match my resume" asks for matching; "delete my resume" asks for its removal.
Checked before the search rules: "jobs that match my resume" is no keyword search for
the word "resume".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

__all__ = ["ResumeIntent", "resume_intent"]

ResumeIntent = Literal["review", "match", "delete"]

_RESUME: Final = r"(?:resume|resumes|cv|cvs|curriculum\s+vitae)"
_MENTIONS = re.compile(rf"\b{_RESUME}\b")
_DELETE = re.compile(
    r"\b(?:delete|deleting|remove|removing|erase|erasing|forget|wipe|destroy|get\s+rid\s+of"
    r"|take\s+down|withdraw)\b"
)
_MATCH = re.compile(
    r"\b(?:jobs?|positions?|openings?|roles?|assignments?|contracts?|gigs?|match|matches"
    r"|matching|fit|fits|suits?|qualify)\b"
)
# "Can I upload my resume?" asks about the feature, which the review answers as well
# (nothing yet: use the attach button), so every other mention is a review.


def _plain(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def resume_intent(text: str) -> ResumeIntent | None:
    """What a message about the person's resume asks; ``None`` when it is about no resume."""
    plain = _plain(text or "")
    if not _MENTIONS.search(plain):
        return None
    if _DELETE.search(plain):
        return "delete"
    if _MATCH.search(plain):
        return "match"
    return "review"
