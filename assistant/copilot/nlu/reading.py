"""What the copilot understood a question to ask: a :data:`Reading`.

* :class:`Ask` - a metric query to run (maybe a follow-up of the last one);
* :class:`ForJob` - the asker's candidates who fit a job;
* :class:`Clarify` - the question is ambiguous: a question back, with choices;
* :class:`Refuse` - outside what the copilot can or may do (changing data, raw SQL,
  another topic, an unknown specialty), said honestly with examples;
* :class:`Explain` - "how did you get that?" about the last answer;
* :class:`Chitchat` - "thanks", "hi".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from assistant.copilot.nlu.recipes import Recipe
from data_layer.recruiting.metrics.query import MetricQuery

__all__ = [
    "EXAMPLE_QUESTIONS",
    "Ask",
    "Chitchat",
    "Clarify",
    "Explain",
    "ForJob",
    "Lookup",
    "Reading",
    "RefusalKind",
    "Refuse",
]

EXAMPLE_QUESTIONS: Final[tuple[str, ...]] = (
    "How many applications did my candidates make last month?",
    "Placements by specialty this year",
    "Which of my candidates have a license expiring in the next 30 days?",
    "Hot jobs without applicants in Texas",
    "How many handoffs are waiting for me?",
)
"""Offered when a question cannot be answered: what the copilot does answer."""


@dataclass(frozen=True, slots=True)
class Ask:
    query: MetricQuery
    job_reference: str | None = None
    """A job number still to be looked up into ``filters.job_id``."""
    candidate_name: tuple[str, str] | None = None
    """(first, last) of a candidate named in the question, to look up into
    ``filters.candidate_id`` among the candidates the asker may see."""
    pick: tuple[str, tuple[str, ...]] | None = None
    """(dimension, labels): answer with those rows of a breakdown (a filter the metric has
    no field for, e.g. applications from Indeed = the "indeed" row of "by source")."""
    notes: tuple[str, ...] = ()
    """Caveats said with the answer ("I ignored 'blah'", "only your own candidates")."""
    uncertain: bool = False
    follow_up: bool = False
    with_rows: bool = False
    """A bare noun phrase ("hot jobs without applicants", "placements this year"): the
    number, and the rows it counts below it."""
    people: bool = False
    """The question asks for candidates ("who", "which candidates", "those candidates"):
    rows of licenses or applications are shown one per candidate."""
    compare: MetricQuery | None = None
    """ "this month vs last month": the same question for the second period."""


@dataclass(frozen=True, slots=True)
class ForJob:
    job_reference: str
    """A job UUID or job number."""
    limit: int = 20
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Clarify:
    message: str
    choices: tuple[str, ...]
    """Each a full question the person may send back (or pick by its number)."""


RefusalKind = Literal[
    "write", "sql", "injection", "private", "unknown", "unknown_term", "unsupported", "empty"
]


@dataclass(frozen=True, slots=True)
class Refuse:
    kind: RefusalKind
    message: str


@dataclass(frozen=True, slots=True)
class Explain:
    """ "How did you get that?": the last query, explained again."""


@dataclass(frozen=True, slots=True)
class Chitchat:
    message: str


@dataclass(frozen=True, slots=True)
class Lookup:
    """A question beyond the metrics, answered by one of the fixed queries of
    :mod:`.recipes` (run through the guarded SQL tool)."""

    recipe: Recipe
    words: str = ""
    """The filters and period in words (" for ICU in Texas in the last 7 days")."""
    notes: tuple[str, ...] = ()
    uncertain: bool = False


Reading = Ask | ForJob | Clarify | Refuse | Explain | Chitchat | Lookup
