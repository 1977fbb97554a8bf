"""The offline engine's reply texts: facts present, natural wording, no debug artifacts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from assistant.agent import replies
from assistant.agent.nlu import Intent, understand
from assistant.agent.replies import Relaxation
from data_layer.jobs.filters import JobSearchFilters
from tools.application_results import ApplicationJob
from tools.job_results import JobCard, JobDetails
from tools.referrals import Referral, Reward
from tools.results import mask_email

TODAY = dt.date(2026, 11, 26)


def _card(number: int, **facts: Any) -> JobCard:
    values: dict[str, Any] = {
        "id": UUID(f"0b7d6c1e-0000-4000-8000-{number:012d}"),
        "title": "ICU RN",
        "profession": None,
        "specialty": None,
        "city": None,
        "state": None,
        "job_type": None,
        "shift": None,
        "weekly_pay": None,
        "hourly_pay": None,
        "start_date": None,
        "asap": False,
        "duration": None,
        "hot_job": False,
        "url": f"https://jobs.example/{number}",
        "why": "open now",
    }
    return JobCard(**{**values, **facts})


CARDS: list[JobCard] = [
    _card(
        1,
        title="ICU RN – Travel",
        profession="Registered Nurse",
        specialty="ICU",
        city="Dallas",
        state="TX",
        job_type="Travel",
        shift="Nights 7p-7a 3x12",
        weekly_pay=2750.0,
        start_date=dt.date(2027, 3, 1),
        duration="13 weeks",
        hot_job=True,
    ),
    _card(
        2,
        title="ICU RN – Travel",
        city="Houston",
        state="TX",
        weekly_pay=2600.0,
        shift="Days 7a-7p 3x12",
    ),
    _card(3, title="CVICU RN", city="Austin", state="TX", hourly_pay=68.5),
    _card(4, city="El Paso", state="TX", weekly_pay=2550.0),
    _card(5, city="Waco", state="TX", weekly_pay=2500.0),
]


def _details(card: JobCard, **facts: Any) -> JobDetails:
    values: dict[str, Any] = {
        "card": card,
        "description": None,
        "end_date": None,
        "shift_start_time": None,
        "shift_end_time": None,
        "shifts_per_week": None,
        "hours_per_shift": None,
        "weekly_pay_range": None,
        "hourly_pay_range": None,
        "sign_on_bonus": None,
        "openings": None,
        "certifications_required": [],
        "preferred_certifications": None,
        "is_open": True,
    }
    return JobDetails(**{**values, **facts})


DETAILS = _details(
    CARDS[0],
    description="Join a Level I trauma center in the heart of Dallas. "
    "Our 36-bed ICU cares for complex medical and surgical patients. " * 5,
    certifications_required=["BLS", "ACLS", "NIHSS"],
    weekly_pay_range="2600-2900",
    shift_start_time=dt.time(19, 0),
    shift_end_time=dt.time(7, 0),
    shifts_per_week=3,
    end_date=dt.date(2027, 5, 30),
    sign_on_bonus=1000.0,
)

APPLYING_TO = ApplicationJob(
    id=str(CARDS[0].id), title="ICU RN – Travel", city="Dallas", state="TX", job_type="Travel"
)


def _clean(text: str) -> None:
    """No debug artifacts: no None/null, no braces or reprs, no empty bold, no double spaces."""
    assert text.strip() == text and text
    assert "None" not in text
    assert "null" not in text.lower()
    assert "{" not in text and "}" not in text
    assert "[" not in text and "]" not in text
    assert "Decimal" not in text and "datetime" not in text
    assert "****" not in text
    assert "  " not in text
    assert re.sub(r"\w\*\*\*@", "", text).count("**") % 2 == 0
    if "***@" in text:  # a masked email never shares a reply with **bold**
        assert re.sub(r"\w\*\*\*@", "", text).count("**") == 0


def _filters(text: str) -> JobSearchFilters:
    u = understand(text, today=TODAY)
    assert u.intent is Intent.SEARCH
    return u.filters


# ---------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (2750, "wk", "$2,750/wk"),
        (Decimal("2750.00"), "week", "$2,750/wk"),
        (68, "hr", "$68/hr"),
        (68.5, "hr", "$68.50/hr"),
        (1000, None, "$1,000"),
        (None, "wk", ""),
    ],
)
def test_money(amount: Any, unit: str | None, text: str) -> None:
    assert replies.money(amount, unit) == text


@pytest.mark.parametrize(
    ("email", "masked"),
    [("jane@x.com", "j***@x.com"), ("Bob.Smith@mail.example.org", "B***@mail.example.org")],
)
def test_mask_email(email: str, masked: str) -> None:
    assert mask_email(email) == masked


# ---------------------------------------------------------------------------- search


def test_search_results_state_the_facts() -> None:
    filters = _filters("travel ICU RN jobs in Texas paying at least $2,500/week")
    text = replies.search_results(filters, 37, CARDS)
    _clean(text)
    assert (
        text.startswith("I found 37 travel ICU RN jobs in Texas paying at least $2,500/wk.")
        or "37 travel ICU RN jobs in Texas paying at least $2,500/wk" in text
    )
    assert "top 5" in text
    # the top three, one line each, with city, pay and shift
    lines = text.splitlines()
    assert any(
        "Dallas, TX" in ln and "$2,750/wk" in ln and "Nights 7p-7a 3x12" in ln for ln in lines
    )
    assert any("Houston, TX" in ln and "$2,600/wk" in ln for ln in lines)
    assert any("Austin, TX" in ln and "$68.50/hr" in ln for ln in lines)
    assert "El Paso" not in text  # only three are spelled out
    assert "2 more" in text
    assert "show more" in text  # 37 > 5 shown
    assert "apply" in text


def test_search_results_are_deterministic_but_vary() -> None:
    filters = _filters("ICU jobs in Texas")
    first = replies.search_results(filters, 12, CARDS[:3])
    assert first == replies.search_results(filters, 12, CARDS[:3])
    openings = {
        replies.search_results(filters, 12, CARDS[:3], seed=str(i)).splitlines()[0]
        for i in range(20)
    }
    assert len(openings) > 1


def test_search_results_single_and_next_page() -> None:
    one = replies.search_results(JobSearchFilters(), 1, CARDS[:1])
    _clean(one)
    assert "1 job" in one and "1 jobs" not in one
    page = replies.search_results(_filters("ICU jobs in Texas"), 37, CARDS, offset=5)
    _clean(page)
    assert "6–10 of 37" in page
    assert page.splitlines()[1].startswith("6. ")
    done = replies.search_results(_filters("ICU jobs in Texas"), 12, [], offset=10)
    _clean(done)
    assert "all 12" in done


def test_search_description_covers_every_filter() -> None:
    text = replies.describe_search(
        _filters("hot travel ICU RN jobs in Dallas, TX on 12 hour nights over $60/hr starting 3/15")
    )
    assert text == (
        "hot travel ICU RN jobs in Dallas, TX on 12-hour nights paying at least $60/hr "
        "starting on or after Mar 15, 2027"
    )
    assert replies.describe_search(_filters("PT jobs in March")) == (
        "PT jobs starting in March 2027"
    )
    assert replies.describe_search(_filters("CNA jobs ASAP"), 1) == "CNA job starting ASAP"


def test_no_results_suggests_dropping_the_most_restrictive_filter() -> None:
    filters = _filters("ICU RN jobs in Dallas over 4k a week starting in March")
    text = replies.no_results(filters)
    _clean(text)
    assert "ICU RN jobs in Dallas, TX paying at least $4,000/wk starting in March 2027" in text
    assert "$4,000/wk minimum" in text and '"any pay"' in text  # pay comes first
    by_city = replies.no_results(filters, "city")
    _clean(by_city)
    assert "all of Texas" in by_city and '"in Texas"' in by_city
    counted = replies.no_results(filters, Relaxation("min_weekly_pay", 12))
    _clean(counted)
    assert "$4,000/wk minimum" in counted and "12 jobs" in counted and '"any pay"' in counted
    by_name = replies.no_results(JobSearchFilters(specialty="ICU", shift="Nights"), "shift")
    _clean(by_name)
    assert '"any shift"' in by_name
    nothing = replies.no_results(JobSearchFilters())
    _clean(nothing)
    assert "recruiter" in nothing


@pytest.mark.parametrize(
    "phrase", ['"in Texas"', '"any pay"', '"any start date"', '"any shift"', '"anywhere"']
)
def test_suggested_phrases_are_understood(phrase: str) -> None:
    """The no-results suggestions are refinements the offline NLU understands."""
    u = understand(phrase.strip('"'), today=TODAY)
    assert u.intent is Intent.SEARCH and u.refinement


# ---------------------------------------------------------------------------- details


def test_job_details_show_the_package() -> None:
    text = replies.job_details(DETAILS)
    _clean(text)
    assert text.startswith("**ICU RN – Travel** — Dallas, TX (hot job)")
    for fact in (
        "$2,750/wk",
        "$2,600–$2,900/wk",
        "$1,000 sign-on bonus",
        "Nights 7p-7a 3x12",
        "7:00 PM–7:00 AM",
        "starts Mar 1, 2027",
        "13 weeks",
        "ends May 30, 2027",
        "BLS, ACLS, NIHSS",
        "Level I trauma center",
        "apply",
        "https://jobs.example/1",
    ):
        assert fact in text, fact
    assert len(text) < 1200  # the description is an excerpt


def test_job_details_lead_with_the_question_topic() -> None:
    text = replies.job_details(DETAILS, topic="certifications")
    assert text.splitlines()[1] == "- Certifications: BLS, ACLS, NIHSS"
    pay_first = replies.job_details(DETAILS, topic="pay")
    assert pay_first.splitlines()[1].startswith("- Pay: $2,750/wk")


def test_job_details_with_little_data() -> None:
    text = replies.job_details(_details(_card(9, title="RN")))
    _clean(text)
    assert "**RN**" in text
    assert "none listed beyond your license" in text


def test_job_details_of_an_asap_job() -> None:
    text = replies.job_details(_details(_card(8, asap=True, start_date=dt.date(2027, 1, 4))))
    _clean(text)
    assert "starts ASAP" in text and "Jan 4" not in text


# ---------------------------------------------------------------------------- applying


def test_confirm_apply_wording() -> None:
    text = replies.confirm_apply(APPLYING_TO)
    assert text == (
        "Ready to submit your application for **ICU RN – Travel** in Dallas, TX? "
        "Reply yes to confirm or no to cancel."
    )


def test_applied_and_cancelled() -> None:
    done = replies.applied(APPLYING_TO)
    again = replies.applied(APPLYING_TO, already=True)
    for text in (done, again, replies.apply_cancelled()):
        _clean(text)
    assert "**ICU RN – Travel** in Dallas, TX" in done and "submitted" in done
    assert "already applied" in again
    assert "haven't submitted" in replies.apply_cancelled()


@pytest.mark.parametrize(
    "field", ["first_name", "last_name", "name", "email", "phone", "referral_email", "job"]
)
def test_ask_for(field: str) -> None:
    text = replies.ask_for(field, name="Jane")
    _clean(text)
    assert text.endswith("?") or text.endswith(".")


def test_ask_for_uses_the_name() -> None:
    assert replies.ask_for("last_name", "Jane").startswith("Thanks, Jane!")
    assert "Jane" not in replies.ask_for("last_name")


@pytest.mark.parametrize(
    ("field", "reason", "fact"),
    [
        ("email", "email_format", "email address"),
        ("phone", "phone_digits", "10-digit"),
        ("first_name", "name_format", "first name"),
        ("last_name", "missing", "last name"),
        ("email", "is already registered {x}", "already registered"),
    ],
)
def test_invalid(field: str, reason: str, fact: str) -> None:
    text = replies.invalid(field, reason)
    _clean(text)
    assert fact in text


def test_login_required_masks_the_email() -> None:
    text = replies.login_required("jane@x.com")
    _clean(text)
    assert "j***@x.com" in text and "jane@x.com" not in text
    assert "log in" in text


# ---------------------------------------------------------------------------- referrals


def test_referrals_summary_masks_emails_and_states_rewards() -> None:
    referrals = [
        Referral(
            referred_email="jane@x.com",
            status="registered",
            created_at=dt.date(2026, 10, 3),
            rewards=[Reward(amount=500.0, status="approved", payment_date=dt.date(2026, 12, 15))],
        ),
        Referral(
            referred_email="bob@y.org",
            status="placed",
            created_at=dt.date(2026, 5, 1),
            rewards=[Reward(amount=1000.0, status="paid", payment_date=dt.date(2026, 8, 1))],
        ),
        Referral(referred_email="carol@z.com", status="sent"),
        Referral(
            referred_email="dan@z.com",
            status="applied",
            created_at=dt.date(2026, 9, 9),
            rewards=[Reward(amount=250.0, status="pending")],
        ),
    ]
    text = replies.referrals_summary(referrals, today=TODAY)
    _clean(text)
    for email in ("jane@x.com", "bob@y.org", "carol@z.com", "dan@z.com"):
        assert email not in text
    assert re.search(r"j\*\*\*@x\.com: signed up \(referred on Oct 3, 2026\)", text)
    assert "$500 bonus approved, to be paid on Dec 15, 2026" in text
    assert "b***@y.org" in text and "$1,000 bonus paid on Aug 1, 2026" in text
    assert "c***@z.com: invited, hasn't signed up yet" in text
    assert "$250 bonus pending" in text
    assert "4 referrals" in text
    assert "$1,000 paid" in text and "$500 approved" in text


def test_referral_bonus_already_paid_out() -> None:
    text = replies.referrals_summary(
        [
            Referral(
                referred_email="jane@x.com",
                status="registered",
                created_at=dt.date(2026, 1, 5),
                rewards=[Reward(amount=500.0, status="approved", payment_date=dt.date(2026, 3, 1))],
            )
        ],
        today=TODAY,
    )
    assert "$500 bonus approved, paid on Mar 1, 2026" in text


def test_no_referrals_yet() -> None:
    text = replies.referrals_summary([])
    _clean(text)
    assert "haven't referred anyone" in text


def test_referral_created() -> None:
    text = replies.referral_created("jane@x.com", "JANE500", "https://excel.example/r/JANE500")
    _clean(text)
    assert "j***@x.com" in text and "jane@x.com" not in text
    assert "JANE500" in text and "https://excel.example/r/JANE500" in text


# ---------------------------------------------------------------------------- conversation


def test_handoff() -> None:
    named = replies.handoff("Maria Lopez")
    anonymous = replies.handoff(None)
    already = replies.handoff("Maria Lopez", already=True)
    for text in (named, anonymous, already):
        _clean(text)
    assert "Maria Lopez" in named and "recruiter" in anonymous
    assert "already" in already


@pytest.mark.parametrize("kind", ["thanks", "how_are_you", "who_are_you", "bye", "ack", None])
def test_smalltalk(kind: str | None) -> None:
    _clean(replies.smalltalk(kind))


def test_who_are_you_is_honest_about_being_automated() -> None:
    assert "automated" in replies.smalltalk("who_are_you")


def test_conversation_texts() -> None:
    for text in (
        replies.greeting(),
        replies.greeting("session-1"),
        replies.help(),
        replies.did_not_understand("asdfgh"),
        replies.need_search_first(),
        replies.reference_not_found(),
    ):
        _clean(text)
    assert "recruiter" in replies.greeting()
    assert "- **Find jobs**" in replies.help()


def test_did_not_understand_never_echoes_the_message() -> None:
    hostile = "<script>alert('x')</script>"
    text = replies.did_not_understand(hostile)
    assert "script" not in text
    assert '"ICU travel jobs in Texas"' in text


def test_help_examples_are_understood() -> None:
    examples = re.findall(r'"([^"]+)"', replies.help())
    assert len(examples) >= 8
    for example in examples:
        assert understand(example, today=TODAY).intent is not Intent.UNKNOWN, example
