"""Intents: what a message asks for, alone and while the engine awaits an answer."""

from __future__ import annotations

import pytest

from assistant.agent.nlu import ContactInfo, FieldError, Intent, understand
from tests.unit.nlu.helpers import understand_today as _understand

INTENTS: list[tuple[str, Intent]] = [
    ("yes", Intent.CONFIRM),
    ("yep, submit it", Intent.CONFIRM),
    ("sounds good", Intent.CONFIRM),
    ("confirm", Intent.CONFIRM),
    ("no", Intent.CANCEL),
    ("cancel", Intent.CANCEL),
    ("never mind", Intent.CANCEL),
    ("stop", Intent.CANCEL),
    ("don't apply", Intent.CANCEL),
    ("did my friend sign up?", Intent.REFERRAL_STATUS),
    ("did Sarah sign up", Intent.REFERRAL_STATUS),
    ("when is my referral bonus paid?", Intent.REFERRAL_STATUS),
    ("my referrals", Intent.REFERRAL_STATUS),
    ("I want to refer someone", Intent.REFER_FRIEND),
    ("how does the referral program work", Intent.REFER_FRIEND),
    ("talk to a recruiter", Intent.HUMAN),
    ("can I speak to a real person", Intent.HUMAN),
    ("call me", Intent.HUMAN),
    ("I need a human", Intent.HUMAN),
    ("agent please", Intent.HUMAN),
    ("connect me with a recruiter", Intent.HUMAN),
    ("What's your phone number?", Intent.HUMAN),
    ("hello", Intent.GREETING),
    ("hi there!", Intent.GREETING),
    ("good morning", Intent.GREETING),
    ("I have an account", Intent.LOGIN),
    ("log in", Intent.LOGIN),
    ("show more", Intent.MORE_RESULTS),
    ("next page", Intent.MORE_RESULTS),
    ("more results", Intent.MORE_RESULTS),
    ("any others?", Intent.MORE_RESULTS),
    ("help", Intent.HELP),
    ("what can you do", Intent.HELP),
    ("asdfgh", Intent.UNKNOWN),
    ("May", Intent.UNKNOWN),
    ("apply", Intent.APPLY),
    ("I'd like to apply", Intent.APPLY),
    ("I'm interested", Intent.APPLY),
    ("tell me more", Intent.JOB_DETAILS),
    ("what does it pay?", Intent.JOB_DETAILS),
    ("I need a job", Intent.SEARCH),
    ("new search", Intent.SEARCH),
]


@pytest.mark.parametrize(("text", "intent"), INTENTS, ids=[c[0] for c in INTENTS])
def test_intents(text: str, intent: Intent) -> None:
    u = _understand(text)
    assert u.intent is intent
    if intent is not Intent.SEARCH:
        assert u.filters.is_empty()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("thanks!", "thanks"),
        ("thank you so much", "thanks"),
        ("how are you?", "how_are_you"),
        ("who are you", "who_are_you"),
        ("are you a bot?", "who_are_you"),
        ("are you a real person?", "who_are_you"),
        ("bye", "bye"),
        ("ok", "ack"),
    ],
)
def test_smalltalk(text: str, kind: str) -> None:
    u = _understand(text)
    assert u.intent is Intent.SMALLTALK
    assert u.smalltalk == kind


def test_refer_a_friend_by_email() -> None:
    u = _understand("refer my friend jane@x.com")
    assert u.intent is Intent.REFER_FRIEND
    assert u.referral_email == "jane@x.com"
    assert u.contact is None


@pytest.mark.parametrize(
    ("text", "expecting", "intent"),
    [
        ("yes", "confirm_apply", Intent.CONFIRM),
        ("ok", "confirm_apply", Intent.CONFIRM),
        ("submit", "confirm_apply", Intent.CONFIRM),
        ("no thanks", "confirm_apply", Intent.CANCEL),
        ("don't submit", "confirm_apply", Intent.CANCEL),
        ("cancel", "email", Intent.CANCEL),
        ("never mind", "first_name", Intent.CANCEL),
        ("talk to a recruiter", "phone", Intent.HUMAN),
        ("I already have an account", "email", Intent.LOGIN),
        ("actually show me ICU jobs in Texas", "email", Intent.SEARCH),
        ("ICU jobs in Texas", "first_name", Intent.SEARCH),
        ("no", "phone", Intent.CANCEL),
        ("what about the second one?", "confirm_apply", Intent.JOB_DETAILS),
    ],
)
def test_expecting_context(text: str, expecting: str, intent: Intent) -> None:
    assert _understand(text, expecting).intent is intent


def test_referral_email_when_expected() -> None:
    u = _understand("jane@x.com", "referral_email")
    assert u.intent is Intent.REFER_FRIEND
    assert u.referral_email == "jane@x.com"
    bad = _understand("jane@", "referral_email")
    assert bad.intent is Intent.REFER_FRIEND
    assert bad.referral_email is None
    assert bad.contact == ContactInfo(errors=[FieldError("referral_email", "email_format")])


def test_a_named_job_is_not_a_bare_yes_while_confirming() -> None:
    """While confirming, "apply to job <other id>" must not submit the pending job."""
    other = "3f1c2a4e-1111-4222-8333-444455556666"
    meaning = understand(f"Apply to job {other}", expecting="confirm_apply")
    assert meaning.intent is Intent.APPLY
    assert meaning.job_reference is not None and meaning.job_reference.job_id == other
    assert understand("yes", expecting="confirm_apply").intent is Intent.CONFIRM
