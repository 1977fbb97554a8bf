"""Deterministic language understanding for the offline chat engine.

``understand(text, expecting=...)`` turns one visitor message into an :class:`Understanding`:
an :class:`Intent`, the job search (:class:`~data_layer.jobs.filters.JobSearchFilters`) the
message expressed, whether it refines the previous search, a reference to a job shown
earlier, contact details and a referral email. It is pure and deterministic; a message takes
well under a millisecond once the lexicon is compiled.

The parts, in the order a message meets them:

* :mod:`.lexicon` - every phrase known and what it can mean: professions, specialties and
  states from the master tables (:mod:`data_layer.master.vocabulary`), the rest bundled;
  :mod:`.live` keeps the process's lexicon current with the database;
* :mod:`.message` - the message read into words: :mod:`.contacts` (emails, phones),
  :mod:`.dates` (start dates) and :mod:`.pay` (minimum pay) are cut out first, then
  :mod:`.typos` corrects the words;
* :mod:`.entities` - the filters, with :mod:`.places` for state codes and cities that are
  also words (:mod:`.words` holds the hand-made word lists);
* :mod:`.answers` - bare answers to the engine's own question (``expecting``);
* :mod:`.intents` - the rule table deciding the intent, with :mod:`.patterns` (phrasings),
  :mod:`.references` ("the second one"), :mod:`.names` and :mod:`.search` (refinements);
* :mod:`.refine` - a refinement applied to the previous search.

:mod:`.confirmation` reads the same way whether a message is the person's own yes (or names
the friend to invite), the server's verdict for consequential tools in both engines.
"""

from assistant.agent.nlu.confirmation import (
    emails_typed,
    is_explicit_confirmation,
    user_confirmation,
)
from assistant.agent.nlu.language import detect_language
from assistant.agent.nlu.lexicon import CITY_NICKNAMES, JOB_TYPE_TERMS, SHIFT_NAMES, Lexicon
from assistant.agent.nlu.live import current_lexicon, lexicon_from_database, use_lexicon
from assistant.agent.nlu.refine import RefinedSearch, read_filters, refine
from assistant.agent.nlu.understand import understand, warm_up
from assistant.agent.nlu.understanding import (
    FILTER_FIELDS,
    ApplicationRef,
    ContactInfo,
    CredentialMention,
    DetailTopic,
    ErrorReason,
    Expecting,
    FieldError,
    FilterProvenance,
    Intent,
    JobReference,
    JobType,
    Language,
    ProfileUpdate,
    SmallTalkKind,
    Understanding,
)
from assistant.agent.nlu.words import (
    CONTEXT_CITIES,
    LOWERCASE_AMBIGUOUS_CODES,
    UPPERCASE_COMMON_CODES,
    WEAK_SPECIALTY_TERMS,
)

__all__ = [
    "CITY_NICKNAMES",
    "CONTEXT_CITIES",
    "FILTER_FIELDS",
    "JOB_TYPE_TERMS",
    "LOWERCASE_AMBIGUOUS_CODES",
    "SHIFT_NAMES",
    "UPPERCASE_COMMON_CODES",
    "WEAK_SPECIALTY_TERMS",
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
    "Lexicon",
    "ProfileUpdate",
    "RefinedSearch",
    "SmallTalkKind",
    "Understanding",
    "current_lexicon",
    "detect_language",
    "emails_typed",
    "is_explicit_confirmation",
    "lexicon_from_database",
    "read_filters",
    "refine",
    "understand",
    "use_lexicon",
    "user_confirmation",
    "warm_up",
]
