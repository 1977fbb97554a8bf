"""References to jobs shown earlier: ordinals, cities, words, job ids."""

from __future__ import annotations

import pytest

from assistant.agent.nlu import Intent, JobReference
from tests.unit.nlu.helpers import understand_today as _understand

REFERENCES: list[tuple[str, Intent, JobReference, str | None]] = [
    ("the second one", Intent.JOB_DETAILS, JobReference(ordinal=2), None),
    ("second", Intent.JOB_DETAILS, JobReference(ordinal=2), None),
    ("tell me more about the first one", Intent.JOB_DETAILS, JobReference(ordinal=1), None),
    ("#3", Intent.JOB_DETAILS, JobReference(ordinal=3), None),
    ("number 3", Intent.JOB_DETAILS, JobReference(ordinal=3), None),
    ("3", Intent.JOB_DETAILS, JobReference(ordinal=3), None),
    ("the last one", Intent.JOB_DETAILS, JobReference(ordinal=-1), None),
    ("that Dallas job", Intent.JOB_DETAILS, JobReference(city="Dallas"), None),
    ("the ICU one", Intent.JOB_DETAILS, JobReference(text="ICU"), None),
    ("the ICU one in Houston", Intent.JOB_DETAILS, JobReference(city="Houston", text="ICU"), None),
    ("the Methodist one", Intent.JOB_DETAILS, JobReference(text="methodist"), None),
    ("Does the first one offer housing?", Intent.JOB_DETAILS, JobReference(ordinal=1), None),
    ("what about the one in Dallas?", Intent.JOB_DETAILS, JobReference(city="Dallas"), None),
    ("what's the pay on the second one?", Intent.JOB_DETAILS, JobReference(ordinal=2), "pay"),
    (
        "what certs do I need for the 2nd job",
        Intent.JOB_DETAILS,
        JobReference(ordinal=2),
        "certifications",
    ),
    ("what shift is the third one", Intent.JOB_DETAILS, JobReference(ordinal=3), "shift"),
    ("is the 3rd one nights?", Intent.JOB_DETAILS, JobReference(ordinal=3), "shift"),
    (
        "what's the start date for the Dallas one",
        Intent.JOB_DETAILS,
        JobReference(city="Dallas"),
        "dates",
    ),
    ("I want to apply to the second one", Intent.APPLY, JobReference(ordinal=2), None),
    ("apply for the Dallas job", Intent.APPLY, JobReference(city="Dallas"), None),
    ("apply to job 4", Intent.APPLY, JobReference(ordinal=4), None),
    ("sign me up for that one", Intent.APPLY, JobReference(), None),
    (
        "tell me about 7d5b7e2c-8a8f-4c55-9b0f-0a3e2f1c9d11",
        Intent.JOB_DETAILS,
        JobReference(job_id="7d5b7e2c-8a8f-4c55-9b0f-0a3e2f1c9d11"),
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "intent", "reference", "topic"), REFERENCES, ids=[c[0] for c in REFERENCES]
)
def test_references_to_earlier_results(
    text: str, intent: Intent, reference: JobReference, topic: str | None
) -> None:
    u = _understand(text)
    assert u.intent is intent
    assert u.job_reference == reference
    assert u.detail_topic == topic
    assert u.filters.is_empty()


def test_ordinal_words_that_are_not_references() -> None:
    assert _understand("first shift jobs").filters.as_dict() == {"shift": "Days"}
    assert _understand("my first travel job").job_reference is None
    assert _understand("apply").job_reference is None
