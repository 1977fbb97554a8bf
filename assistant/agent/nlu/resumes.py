"""Messages about the person's resume: what was read from it, jobs matching it, deleting it.

"I uploaded my resume" (what the widget sends after an upload), "here is my CV", "did
you get my resume?", "what did you find in my resume?" ask what was read; "find jobs
that match my resume" asks for matching; "delete my resume" asks for its removal.
Checked before the search rules: "jobs that match my resume" is no keyword search for
the word "resume".

While the assistant waits for a yes or no to what it read, :func:`is_resume_correction`
tells a correction ("no, my Texas license expires June 2028", "remove ACLS", "I have 10
years of experience") from a plain answer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

from data_layer.resumes.corrections import read_correction

__all__ = ["ResumeIntent", "is_resume_correction", "resume_intent"]

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
_JOB_TALK = re.compile(
    r"\b(?:jobs?|positions?|openings?|assignments?|gigs?|find|search|show\s+me|looking\s+for"
    r"|apply|applying|hiring)\b"
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


def is_resume_correction(text: str, *, said_yes: bool = False) -> bool:
    """Whether ``text``, the answer to "Is that right?" about a resume, says what is
    different rather than only yes or no.

    A license or certification with something to change about it always counts, even
    after a yes ("yes, but my Texas license is compact"). Other parts of a resume count
    when the person speaks of themselves ("no, I have 10 years of experience"), so they
    hear what can be changed here; after a plain yes such words change nothing and the
    yes stands.
    """
    plain = _plain(text or "")
    if _JOB_TALK.search(plain):
        return False  # "find jobs for a compact license": a search, whatever it names
    reading = read_correction(text)
    if reading.facts:
        return True
    if said_yes or "?" in text or resume_intent(text) is not None:
        return False
    return bool(reading.topics) and reading.first_person
