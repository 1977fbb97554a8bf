"""General questions against the intents whose words they share (issue 16 part 2).

A question about policy or process is the FAQ's ("can I cancel my contract early?" is no
withdrawal), while the account, search, apply and referral phrasings keep their meaning.
A question another rule still reads (a search, a job's details, a recruiter) is marked
``general_question`` so the offline engine tries the FAQ first; a plain request is not.
"""

from __future__ import annotations

import pytest

from assistant.agent.nlu import Intent
from tests.unit.nlu.helpers import understand_today as _understand

ROUTED: list[tuple[str, Intent]] = [
    ("¿puedo cancelar mi contrato antes de tiempo?", Intent.FAQ),
    ("can i break my contract if i hate the unit?", Intent.FAQ),
    ("withdraw my application to the Dallas job", Intent.WITHDRAW),
    ("cancel my application", Intent.WITHDRAW),
    ("i have a california license only, can i work in texas", Intent.FAQ),
    ("add my California RN license", Intent.ADD_CREDENTIAL),
    ("i just applied, what happens now?", Intent.FAQ),
    ("ya apliqué, ¿qué sigue?", Intent.FAQ),
    ("what's the status of my application to the Dallas ICU job?", Intent.APPLICATION_STATUS),
    ("how do i refer my coworker", Intent.FAQ),
    ("is there a limit to how many ppl i can refer", Intent.FAQ),
    ("refer my friend jane@example.com", Intent.REFER_FRIEND),
    ("how many yrs experience for labor and delivery travel", Intent.FAQ),
    ("¿cada cuánto pagan?", Intent.FAQ),
]


@pytest.mark.parametrize(("text", "intent"), ROUTED, ids=[r[0] for r in ROUTED])
def test_questions_about_process_are_faq_and_requests_keep_their_intent(
    text: str, intent: Intent
) -> None:
    assert _understand(text).intent is intent


TRIED_AS_FAQ: list[tuple[str, bool]] = [
    ("are contracts 13 weeks", True),
    ("can i take a week off in the middle of my contract", True),
    ("when will i get my first check", True),
    ("how soon will a recruiter call me", True),
    ("any ICU jobs in Texas?", False),
    ("do you have travel jobs in Dallas?", False),
    ("what about nights?", False),
    ("ICU nurse jobs in Texas", False),
    ("can i talk to a recruiter?", False),
    ("I want a real person", False),
    ("does the second one include housing?", False),
    ("apply to the Dallas one", False),
]


@pytest.mark.parametrize(("text", "tried"), TRIED_AS_FAQ, ids=[r[0] for r in TRIED_AS_FAQ])
def test_a_question_read_as_another_intent_is_marked_for_the_faq_and_a_request_is_not(
    text: str, tried: bool
) -> None:
    meaning = _understand(text)
    assert meaning.intent is not Intent.FAQ
    assert meaning.general_question is tried
