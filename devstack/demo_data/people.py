"""Demo people: sales reps, recruiters (``users`` + ``recruiters``), one content editor and
one admin (``users``), and candidates (``users`` + ``candidates`` + their professions,
specialties, job types, preferred states, licenses and site visits). Every demo user has
its ``user_roles`` row and no password: staff set theirs through a one-time link
(``make run`` prints them; ``python -m assistant users`` manages accounts).

A candidate's rows are drawn from the candidate's own stream (``"{seed}:candidate:{i}"``)
in a fixed order: :func:`draw_candidate` first, then the steps below in the order
:func:`~devstack.demo_data.build.build_world` calls them. Changing that order changes
every later draw.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from data_layer.master import catalog as md
from data_layer.models import (
    ApplicationStatus,
    CandidateJobType,
    CandidateJobTypeValue,
    CandidateLicense,
    CandidatePreferredState,
    CandidateProfession,
    CandidateSpecialty,
    LicenseStatus,
    UserStatus,
    UserType,
    VerificationStatus,
)
from devstack.demo_data.choices import (
    LICENSED_PROFESSIONS,
    USER_AGENTS,
    city_choice,
    profession_choice,
    referrer_choice,
    specialty_choice,
    state_choice,
)
from devstack.demo_data.keys import demo_external_recruiter_id, short_code, uid
from devstack.demo_data.world import DemoSpec, Row, World, table_of
from devstack.fakes import (
    FakePerson,
    StaffMember,
    WeightedChoice,
    fake_person,
    fake_phone,
    street_address,
)

__all__ = [
    "Candidate",
    "Recruiter",
    "add_candidate_children",
    "add_candidate_row",
    "add_candidate_user",
    "add_recruiter_rows",
    "add_site_visits",
    "add_staff_rows",
    "candidate_status",
    "draw_candidate",
    "job_type_preferences",
    "preferred_states",
    "recruiters",
    "sales_reps",
]

EMAIL_DOMAIN = "example.com"
STAFF_ACCOUNTS = (("admin", "admin"), ("content_editor", "editor"))
"""(role, mailbox) of the demo staff besides the recruiters: ``admin@``, ``editor@``."""
_RECRUITER_TITLES = (
    "Senior Recruiter", "Travel Nurse Recruiter", "Allied Recruiter", "Recruiter",
    "Lead Recruiter", "Per Diem Recruiter", "Permanent Placement Recruiter",
)  # fmt: skip
_SITE_PAGES = (
    "/", "/jobs", "/travel-nursing-jobs", "/allied-health-jobs", "/per-diem-jobs",
    "/refer-a-friend", "/benefits", "/about-us", "/apply", "/blog",
)  # fmt: skip
_SOURCE_WEIGHTS = {
    "Website": 30, "Chat Assistant": 14, "Employee Referral": 5, "Indeed": 12, "LinkedIn": 6,
    "Facebook": 6, "Instagram": 3, "Google Search": 8, "Vivian Health": 4, "ZipRecruiter": 3,
    "Glassdoor": 2, "Job Fair": 3, "Email Campaign": 3, "Text Campaign": 2, "Call In": 2,
    "Other": 1,
}  # fmt: skip
_STATUS_WEIGHTS = (
    ("New Lead", 20), ("Applicant", 20), ("In Screening", 12), ("Active", 25),
    ("Available", 10), ("Inactive", 10), ("Do Not Use", 1),
)  # fmt: skip


# ------------------------------------------------------------------------------ staff
@dataclass(frozen=True, slots=True)
class Recruiter:
    index: int
    id: uuid.UUID
    user_id: uuid.UUID
    external_id: int
    person: FakePerson
    email: str
    active: bool


def sales_reps(seed: int) -> tuple[StaffMember, ...]:
    rng = random.Random(f"{seed}:sales-reps")
    reps = []
    for k in range(8):
        person = fake_person(rng)
        reps.append(StaffMember(700_001 + k, person, person.email("staff.example.com", "am")))
    return tuple(reps)


def recruiters(seed: int, count: int) -> list[Recruiter]:
    out = []
    for i in range(count):
        rng = random.Random(f"{seed}:recruiter:{i}")
        person = fake_person(rng)
        out.append(
            Recruiter(
                index=i,
                id=uid(seed, "recruiter", i),
                user_id=uid(seed, "recruiter-user", i),
                external_id=demo_external_recruiter_id(seed, i),
                person=person,
                email=person.email(EMAIL_DOMAIN, f"r{i + 1}"),
                active=i < 3 or rng.random() < 0.85,
            )
        )
    return out


def add_recruiter_rows(spec: DemoSpec, staff: Sequence[Recruiter], world: World) -> None:
    """A ``users``, a ``user_roles`` (recruiter) and a ``recruiters`` row per recruiter."""
    anchor = spec.anchor
    for rec in staff:
        rng = random.Random(f"{spec.seed}:recruiter-detail:{rec.index}")
        created = anchor - datetime.timedelta(days=rng.randint(200, 2000))
        phone = fake_phone(rng)
        world.users.append(
            {
                "id": rec.user_id,
                "email": rec.email,
                "password_hash": None,
                "first_name": rec.person.first,
                "last_name": rec.person.last,
                "phone": phone,
                "user_type": UserType.RECRUITER,
                "status": UserStatus.ACTIVE if rec.active else UserStatus.INACTIVE,
                "last_login": (
                    anchor - datetime.timedelta(minutes=rng.randint(5, 7 * 24 * 60))
                    if rec.active
                    else None
                ),
                "created_at": created,
                "updated_at": created,
            }
        )
        role_id = uid(spec.seed, "recruiter-role", rec.index)
        world.roles.append(_role_row(role_id, rec.user_id, "recruiter", created))
        title = rng.choice(_RECRUITER_TITLES)
        world.recruiters.append(
            {
                "id": rec.id,
                "user_id": rec.user_id,
                "external_recruiter_id": rec.external_id,
                "title": title,
                "bio": (
                    f"{rec.person.first} is a {title.lower()} at Excel Medical Staffing with "
                    f"{rng.randint(2, 15)} years of healthcare staffing experience, helping "
                    "clinicians find assignments that fit their goals."
                ),
                "photo_url": None,
                "phone": phone,
                "email": rec.email,
                "active": rec.active,
                "created_at": created,
                "updated_at": created,
            }
        )


def add_staff_rows(spec: DemoSpec, world: World) -> None:
    """One content editor (``editor@``) and one admin (``admin@``): pending, no password."""
    created = spec.anchor - datetime.timedelta(days=400)
    for role, mailbox in STAFF_ACCOUNTS:
        person = fake_person(random.Random(f"{spec.seed}:staff:{role}"))
        user_id = uid(spec.seed, "staff-user", role)
        world.users.append(
            {
                "id": user_id,
                "email": f"{mailbox}@{EMAIL_DOMAIN}",
                "password_hash": None,
                "first_name": person.first,
                "last_name": person.last,
                "phone": None,
                "user_type": UserType.ADMIN,
                "status": UserStatus.PENDING,
                "last_login": None,
                "created_at": created,
                "updated_at": created,
            }
        )
        world.roles.append(_role_row(uid(spec.seed, "staff-role", role), user_id, role, created))


def _role_row(row_id: uuid.UUID, user_id: uuid.UUID, role: str, created: datetime.datetime) -> Row:
    return {
        "id": row_id,
        "user_id": user_id,
        "role": role,
        "created_at": created,
        "updated_at": created,
    }


# ------------------------------------------------------------------------------ candidates
@dataclass(frozen=True, slots=True)
class _CandidateVocabulary:
    sources: WeightedChoice[md.LookupInfo]
    candidate_referral: md.LookupInfo
    user_status: WeightedChoice[UserStatus]
    verification: WeightedChoice[VerificationStatus]
    status_by_name: Mapping[str, md.LookupInfo]
    status: WeightedChoice[md.LookupInfo]


@cache
def _vocabulary() -> _CandidateVocabulary:
    status_by_name = {s.name: s for s in md.candidate_statuses()}
    return _CandidateVocabulary(
        sources=WeightedChoice.of(
            (s, _SOURCE_WEIGHTS[s.name]) for s in md.referral_sources() if s.name in _SOURCE_WEIGHTS
        ),
        candidate_referral={s.name: s for s in md.referral_sources()}["Candidate Referral"],
        user_status=WeightedChoice.of(
            ((UserStatus.ACTIVE, 85), (UserStatus.PENDING, 10), (UserStatus.INACTIVE, 5))
        ),
        verification=WeightedChoice.of(
            (
                (VerificationStatus.VERIFIED, 80),
                (VerificationStatus.PENDING, 15),
                (VerificationStatus.FAILED, 5),
            )
        ),
        status_by_name=status_by_name,
        status=WeightedChoice.of((status_by_name[n], w) for n, w in _STATUS_WEIGHTS),
    )


@dataclass(frozen=True, slots=True)
class Candidate:
    """Who a demo candidate is: the first draws of the candidate's stream."""

    index: int
    id: uuid.UUID
    user_id: uuid.UUID
    person: FakePerson
    email: str
    created: datetime.datetime
    profession: md.ProfessionInfo
    primary: md.SpecialtyInfo
    specialties: Mapping[int, md.SpecialtyInfo]
    """external id -> specialty, the primary one first."""
    home: md.CityInfo
    travel: bool
    recruiter: Recruiter | None
    ambassador: bool
    referred_by: tuple[int, uuid.UUID] | None
    """(candidate index, user id) of the ambassador who referred this candidate."""
    referral_id: uuid.UUID
    referral_code: str
    """The code of the referral that brought this candidate (when referred)."""
    source: md.LookupInfo
    user_status: UserStatus
    code: str
    phone: str


def draw_candidate(
    rng: random.Random,
    spec: DemoSpec,
    index: int,
    active_recruiters: Sequence[Recruiter],
    ambassadors: Sequence[tuple[int, uuid.UUID]],
) -> Candidate:
    """Candidate ``index``; ``ambassadors`` are the earlier candidates who refer friends."""
    seed = spec.seed
    person = fake_person(rng)
    created = spec.anchor - datetime.timedelta(minutes=rng.randint(60, 540 * 24 * 60))
    prof = profession_choice().pick(rng)
    primary = specialty_choice(prof.external_id).pick(rng)
    specs = {primary.external_id: primary}
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        extra = specialty_choice(prof.external_id).pick(rng)
        specs.setdefault(extra.external_id, extra)
    home = city_choice().pick(rng)
    travel = rng.random() < 0.7
    recruiter = (
        active_recruiters[rng.randrange(len(active_recruiters))]
        if active_recruiters and rng.random() < 0.85
        else None
    )
    ambassador = rng.random() < 0.06
    referred_by: tuple[int, uuid.UUID] | None = None
    if ambassadors and rng.random() < 0.12:
        referred_by = ambassadors[rng.randrange(len(ambassadors))]
    referral_id = uid(seed, "referral", f"cand:{index}")
    vocabulary = _vocabulary()
    source = vocabulary.candidate_referral if referred_by else vocabulary.sources.pick(rng)
    user_status = vocabulary.user_status.pick(rng)
    return Candidate(
        index=index,
        id=uid(seed, "candidate", index),
        user_id=uid(seed, "candidate-user", index),
        person=person,
        email=person.email(EMAIL_DOMAIN, str(index + 1)),
        created=created,
        profession=prof,
        primary=primary,
        specialties=specs,
        home=home,
        travel=travel,
        recruiter=recruiter,
        ambassador=ambassador,
        referred_by=referred_by,
        referral_id=referral_id,
        referral_code=short_code(referral_id, 12),
        source=source,
        user_status=user_status,
        code=short_code(uid(seed, "candidate-code", index)),
        phone=fake_phone(rng),
    )


def add_candidate_user(rng: random.Random, spec: DemoSpec, cand: Candidate, world: World) -> None:
    created = cand.created
    world.users.append(
        {
            "id": cand.user_id,
            "email": cand.email,
            "password_hash": None,
            "first_name": cand.person.first,
            "last_name": cand.person.last,
            "phone": cand.phone,
            "user_type": UserType.CANDIDATE,
            "status": cand.user_status,
            "last_login": (
                None
                if cand.user_status is UserStatus.PENDING
                else created + (spec.anchor - created) * rng.random()
            ),
            "created_at": created,
            "updated_at": created,
        }
    )
    world.roles.append(
        _role_row(uid(spec.seed, "candidate-role", cand.index), cand.user_id, "candidate", created)
    )


def job_type_preferences(rng: random.Random, travel: bool) -> list[CandidateJobTypeValue]:
    job_types = [CandidateJobTypeValue.TRAVEL] if travel else []
    for value, p in (
        (CandidateJobTypeValue.LOCAL, 0.35),
        (CandidateJobTypeValue.PERDIEM, 0.3),
        (CandidateJobTypeValue.PERM, 0.2),
    ):
        if rng.random() < p:
            job_types.append(value)
    if not job_types:
        job_types.append(CandidateJobTypeValue.LOCAL)
    return job_types


def preferred_states(rng: random.Random, cand: Candidate) -> dict[str, md.StateInfo]:
    """Usually the home state; travelers name a few more."""
    home, travel = cand.home, cand.travel
    preferred: dict[str, md.StateInfo] = {}
    if rng.random() < 0.6 or not travel:
        preferred[home.state_code] = md.state_by_code(home.state_code)
    for _ in range(rng.randint(1 if travel else 0, 4 if travel else 1)):
        st = state_choice().pick(rng)
        preferred.setdefault(st.code, st)
    if not preferred:
        preferred[home.state_code] = md.state_by_code(home.state_code)
    return preferred


def candidate_status(rng: random.Random, outcomes: Collection[ApplicationStatus]) -> md.LookupInfo:
    """The candidate's status in the agency, from where their applications went."""
    by_name = _vocabulary().status_by_name
    statuses = set(outcomes)
    if ApplicationStatus.PLACED in statuses:
        return by_name["On Assignment"]
    if statuses & {ApplicationStatus.INTERVIEWING, ApplicationStatus.OFFERED}:
        return by_name["Submitted"]
    if statuses:
        return by_name["Applicant"]
    return _vocabulary().status.pick(rng)


def add_candidate_row(
    rng: random.Random, spec: DemoSpec, cand: Candidate, status: md.LookupInfo, world: World
) -> None:
    ids, created, home = spec.ids, cand.created, cand.home
    street = street_address(rng)
    handle = f"{cand.person.first}{cand.person.last}{cand.index + 1}".lower()
    site_url = spec.site_url
    # The literal's values are drawn in order from the candidate's stream: keep their order.
    world.candidates.append(
        {
            "id": cand.id,
            "user_id": cand.user_id,
            "status_id": ids.candidate_statuses[status.external_id],
            "referral_source_id": ids.referral_sources[cand.source.external_id],
            "referring_user_id": cand.referred_by[1] if cand.referred_by else None,
            "primary_specialty_id": ids.specialties[cand.primary.external_id],
            "years_of_experience": Decimal(rng.randint(1, 50)) / 2,
            "available_from": spec.today + datetime.timedelta(days=rng.randint(-10, 90)),
            "travel_status": cand.travel,
            "address_line1": street,
            "address_line2": f"Apt {rng.randint(1, 40)}" if rng.random() < 0.2 else None,
            "city": home.name,
            "state_id": ids.states[home.state_code],
            "zip": home.zip,
            "country_id": ids.countries["USA"],
            "cell_phone": cand.phone,
            "home_phone": fake_phone(rng) if rng.random() < 0.1 else None,
            "send_mass_emails": rng.random() < 0.8,
            "send_mass_sms": rng.random() < 0.6,
            "recruiter_id": cand.recruiter.id if cand.recruiter else None,
            "ambassador": cand.ambassador,
            "ambassador_url": f"{site_url}/refer/{cand.code}" if cand.ambassador else None,
            "facebook": None,
            "instagram": f"https://www.instagram.com/{handle}" if rng.random() < 0.1 else None,
            "linkedin": f"https://www.linkedin.com/in/{handle}" if rng.random() < 0.2 else None,
            "other_social": None,
            "external_candidate_id": None,
            "created_at": created,
            "updated_at": created,
        }
    )


def add_candidate_children(
    rng: random.Random,
    spec: DemoSpec,
    cand: Candidate,
    job_types: Sequence[CandidateJobTypeValue],
    preferred: Mapping[str, md.StateInfo],
    world: World,
) -> None:
    """Professions, specialties, job types, preferred states and licenses of a candidate."""
    seed, ids, created, i = spec.seed, spec.ids, cand.created, cand.index
    children = world.candidate_children
    children[table_of(CandidateProfession)].append(
        {
            "id": uid(seed, "cand-prof", i),
            "candidate_id": cand.id,
            "profession_id": ids.professions[cand.profession.external_id],
            "created_at": created,
        }
    )
    for ext in cand.specialties:
        children[table_of(CandidateSpecialty)].append(
            {
                "id": uid(seed, "cand-spec", f"{i}:{ext}"),
                "candidate_id": cand.id,
                "specialty_id": ids.specialties[ext],
                "created_at": created,
            }
        )
    for jt in job_types:
        children[table_of(CandidateJobType)].append(
            {
                "id": uid(seed, "cand-type", f"{i}:{jt.value}"),
                "candidate_id": cand.id,
                "job_type": jt,
                "created_at": created,
            }
        )
    for code in preferred:
        children[table_of(CandidatePreferredState)].append(
            {
                "id": uid(seed, "cand-state", f"{i}:{code}"),
                "candidate_id": cand.id,
                "state_id": ids.states[code],
                "created_at": created,
            }
        )
    if cand.profession.abbreviation in LICENSED_PROFESSIONS:
        others = [c for c in preferred if c != cand.home.state_code]
        states = [cand.home.state_code, *others[: rng.randint(0, 2)]]
        children[table_of(CandidateLicense)].extend(
            _license(rng, spec, cand, code) for code in states
        )


def _license(rng: random.Random, spec: DemoSpec, cand: Candidate, code: str) -> Row:
    """A license in state ``code``: some expire soon, some expired, some are pending."""
    today, ids = spec.today, spec.ids
    roll = rng.random()
    if roll < 0.10:
        expires = today + datetime.timedelta(days=rng.randint(1, 29))
        status = LicenseStatus.ACTIVE
    elif roll < 0.15:
        expires = today - datetime.timedelta(days=rng.randint(1, 200))
        status = LicenseStatus.EXPIRED
    elif roll < 0.22:
        expires = today + datetime.timedelta(days=rng.randint(300, 730))
        status = LicenseStatus.PENDING
    else:
        expires = today + datetime.timedelta(days=rng.randint(31, 730))
        status = LicenseStatus.ACTIVE
    verification = (
        VerificationStatus.PENDING
        if status is LicenseStatus.PENDING
        else _vocabulary().verification.pick(rng)
    )
    prof = cand.profession
    abbr = prof.abbreviation.split("/")[0].replace(" ", "").upper()[:4]
    return {
        "id": uid(spec.seed, "cand-license", f"{cand.index}:{code}"),
        "candidate_id": cand.id,
        "state_id": ids.states[code],
        "profession_id": ids.professions[prof.external_id],
        "license_number": f"{code}-{abbr}{rng.randint(100000, 999999)}",
        "expiration_date": expires,
        "status": status,
        "verification_status": verification,
        "created_at": cand.created,
        "updated_at": cand.created,
    }


def add_site_visits(rng: random.Random, spec: DemoSpec, cand: Candidate, world: World) -> None:
    """``page_views`` of the candidate's visits to the career site."""
    created, anchor = cand.created, spec.anchor
    for p in range(rng.randint(1, 6)):
        seen = created + (anchor - created) * rng.random()
        world.site_page_views.append(
            {
                "id": uid(spec.seed, "page-view", f"cand:{cand.index}:{p}"),
                "user_id": cand.user_id if rng.random() < 0.6 else None,
                "session_id": f"s_{rng.getrandbits(64):016x}",
                "page_url": rng.choice(_SITE_PAGES),
                "referrer_url": referrer_choice().pick(rng),
                "user_agent": rng.choice(USER_AGENTS),
                "ip_address": f"198.51.100.{rng.randint(1, 254)}",
                "created_at": seen,
            }
        )
