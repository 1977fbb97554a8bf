"""What demo people do: recruiters share jobs (and the links get views), candidates apply
(with a status history), ambassadors refer friends (and get rewarded for placements).
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from data_layer.models import ApplicationStatus, ReferralStatus, RewardStatus
from devstack.demo_data.jobs import JobCore
from devstack.demo_data.keys import short_code, uid
from devstack.demo_data.people import Candidate, Recruiter
from devstack.demo_data.world import DemoSpec, Row, World
from devstack.fakes import WeightedChoice, fake_person

__all__ = [
    "Application",
    "JobIndex",
    "add_applications",
    "add_incoming_referral",
    "add_sent_referrals",
    "add_shares",
]

# fmt: off
_APP_FLOW = (
    ApplicationStatus.APPLIED,
    ApplicationStatus.REVIEWING,
    ApplicationStatus.INTERVIEWING,
    ApplicationStatus.OFFERED,
    ApplicationStatus.PLACED,
)
_APP_NOTES: dict[ApplicationStatus, tuple[str, ...]] = {
    ApplicationStatus.APPLIED: ("Applied online.", "Applied through the chat assistant.",
                                "Quick apply.", "Applied from a shared job link."),
    ApplicationStatus.REVIEWING: ("Profile under recruiter review.", "Checking references.",
                                  "Verifying license and certifications."),
    ApplicationStatus.INTERVIEWING: ("Submitted to the manager; interview scheduled.",
                                     "Phone interview with the unit manager.",
                                     "Interview completed, awaiting feedback."),
    ApplicationStatus.OFFERED: ("Offer extended.", "Verbal offer; contract sent.",
                                "Offer pending candidate acceptance."),
    ApplicationStatus.PLACED: ("Offer accepted; onboarding started.",
                               "Placed; credentialing complete.", "Start date confirmed."),
    ApplicationStatus.REJECTED: ("Position filled by another candidate.",
                                 "Client declined the submission.",
                                 "Candidate withdrew.", "Missing required experience."),
}
# (final status, weight): the history walks _APP_FLOW up to it; "rejected after k steps".
_APP_OUTCOMES: tuple[tuple[tuple[ApplicationStatus, int], float], ...] = (
    ((ApplicationStatus.APPLIED, 1), 33),
    ((ApplicationStatus.REVIEWING, 2), 18),
    ((ApplicationStatus.INTERVIEWING, 3), 12),
    ((ApplicationStatus.OFFERED, 4), 6),
    ((ApplicationStatus.PLACED, 5), 8),
    ((ApplicationStatus.REJECTED, 1), 9),
    ((ApplicationStatus.REJECTED, 2), 9),
    ((ApplicationStatus.REJECTED, 3), 5),
)
_APP_SOURCES = (("website", 40), ("chat_assistant", 25), ("indeed", 12), ("linkedin", 6),
                ("email_campaign", 5), ("mobile_app", 12))
_REWARD_STATUSES = ((RewardStatus.PAID, 50), (RewardStatus.APPROVED, 25),
                    (RewardStatus.PENDING, 20), (RewardStatus.REJECTED, 5))
_SHARE_REFERRERS = ("https://www.facebook.com/", "https://www.linkedin.com/",
                    "https://mail.google.com/", None)
# fmt: on


@cache
def _outcome_choice() -> WeightedChoice[tuple[ApplicationStatus, int]]:
    return WeightedChoice.of(_APP_OUTCOMES)


@cache
def _source_choice() -> WeightedChoice[str]:
    return WeightedChoice.of(_APP_SOURCES)


@dataclass(slots=True)
class JobIndex:
    """The demo jobs as applications and shares look for them."""

    open_jobs: list[JobCore] = field(default_factory=list)
    by_profession: dict[int, list[JobCore]] = field(default_factory=lambda: defaultdict(list))
    by_specialty: dict[int, list[JobCore]] = field(default_factory=lambda: defaultdict(list))
    shares_by_job: dict[int, list[Row]] = field(default_factory=lambda: defaultdict(list))
    """job index -> the recruiter shares of the job (filled by :func:`add_shares`)."""

    @classmethod
    def of(cls, cores: Sequence[JobCore]) -> JobIndex:
        index = cls(open_jobs=[c for c in cores if c.status_code == "OPEN"])
        for core in cores:
            index.by_profession[core.profession.external_id].append(core)
            index.by_specialty[core.specialty.external_id].append(core)
        return index


# ------------------------------------------------------------------------------ shares
def add_shares(spec: DemoSpec, staff: Sequence[Recruiter], jobs: JobIndex, world: World) -> None:
    """Each active recruiter shares a few open jobs; each share link gets some views."""
    seed, anchor, open_jobs = spec.seed, spec.anchor, jobs.open_jobs
    for rec in staff:
        if not rec.active or not open_jobs:
            continue
        rng = random.Random(f"{seed}:shares:{rec.index}")
        picks = rng.sample(range(len(open_jobs)), k=min(len(open_jobs), rng.randint(3, 12)))
        for s_i, j in enumerate(picks):
            core = open_jobs[j]
            share_id = uid(seed, "share", f"{rec.index}:{s_i}")
            code = short_code(share_id)
            created = core.posted + (anchor - core.posted) * rng.random() * 0.5
            n_views = rng.randint(0, 30)
            for v in range(n_views):
                world.share_views.append(
                    {
                        "id": uid(seed, "share-view", f"{rec.index}:{s_i}:{v}"),
                        "job_id": core.id,
                        "user_id": None,
                        "session_id": f"s_{rng.getrandbits(64):016x}",
                        "referrer_url": rng.choice(_SHARE_REFERRERS),
                        "referral_code": code,
                        "recruiter_share_id": share_id,
                        "created_at": created + (anchor - created) * rng.random(),
                    }
                )
            share: Row = {
                "id": share_id,
                "recruiter_id": rec.id,
                "job_id": core.id,
                "share_code": code,
                "share_url": f"{spec.site_url}/jobs/{core.external_job_id}?share={code}",
                "created_at": created,
                "views": n_views,
                "applications": 0,
                "placements": 0,
            }
            world.share_views_per_job[core.index] += n_views
            jobs.shares_by_job[core.index].append(share)
            world.shares.append(share)


# ------------------------------------------------------------------------ applications
@dataclass(frozen=True, slots=True)
class Application:
    job: JobCore
    status: ApplicationStatus
    """Where the application ended up (the last status of its history)."""


def add_applications(
    rng: random.Random,
    spec: DemoSpec,
    cand: Candidate,
    jobs: JobIndex,
    active_recruiters: Sequence[Recruiter],
    world: World,
) -> list[Application]:
    """A candidate's applications (mostly to jobs of their specialties) with their history."""
    applied: list[Application] = []
    pool = jobs.by_profession.get(cand.profession.external_id, [])
    n_apps = rng.choices((0, 1, 2, 3, 4, 5, 6), weights=(25, 25, 20, 15, 8, 5, 2))[0]
    chosen: set[int] = set()
    same_spec = [c for ext in cand.specialties for c in jobs.by_specialty.get(ext, ())]
    for _ in range(n_apps if pool else 0):
        candidates_pool = same_spec if same_spec and rng.random() < 0.7 else pool
        core = candidates_pool[rng.randrange(len(candidates_pool))]
        if core.index in chosen:
            continue
        chosen.add(core.index)
        owner = cand.recruiter or (
            active_recruiters[core.index % len(active_recruiters)] if active_recruiters else None
        )
        # The candidate's first application carries the referral that brought them in.
        first = not applied
        status = _add_application(rng, spec, cand, core, owner, jobs, world, first=first)
        world.applications_per_job[core.index] += 1
        applied.append(Application(core, status))
    return applied


def _add_application(
    rng: random.Random,
    spec: DemoSpec,
    cand: Candidate,
    core: JobCore,
    owner: Recruiter | None,
    jobs: JobIndex,
    world: World,
    *,
    first: bool,
) -> ApplicationStatus:
    """One application and its status history; returns its final status."""
    anchor = spec.anchor
    app_id = uid(spec.seed, "application", f"{cand.index}:{core.index}")
    final, steps = _outcome_choice().pick(rng)
    flow = list(_APP_FLOW[:steps])
    if final is ApplicationStatus.REJECTED:
        flow.append(ApplicationStatus.REJECTED)
    first_seen = max(core.posted, cand.created)
    t = first_seen + (anchor - first_seen) * rng.random() * 0.7
    referrer_id = None
    referral_code = None
    share_id = None
    app_source = _source_choice().pick(rng)
    if cand.referred_by is not None and first:
        referrer_id, app_source = cand.referred_by[1], "referral"
        referral_code = cand.referral_code
    elif jobs.shares_by_job.get(core.index) and rng.random() < 0.5:
        share = rng.choice(jobs.shares_by_job[core.index])
        referral_code, app_source = share["share_code"], "recruiter_share"
        share_id = share["id"]
        share["applications"] += 1
        if flow[-1] is ApplicationStatus.PLACED:
            share["placements"] += 1
    created_app = t
    for step, status in enumerate(flow):
        if step:
            remaining = max((anchor - t).total_seconds(), 0.0)
            t = t + datetime.timedelta(
                seconds=max(
                    60.0,
                    min(3 * 86400.0, remaining / (len(flow) - step + 1)) * rng.random(),
                )
            )
        world.history.append(
            {
                "id": uid(spec.seed, "app-history", f"{app_id}:{step}"),
                "application_id": app_id,
                "status": status,
                "notes": rng.choice(_APP_NOTES[status]),
                "created_by": cand.user_id if step == 0 or owner is None else owner.user_id,
                "created_at": t,
            }
        )
    world.applications.append(
        {
            "id": app_id,
            "candidate_id": cand.id,
            "job_id": core.id,
            "status": flow[-1],
            "recruiter_id": owner.id if owner else None,
            "referrer_id": referrer_id,
            "referral_code": referral_code,
            "recruiter_share_id": share_id,
            "source": app_source,
            "notes": None,
            "created_at": created_app,
            "updated_at": t,
        }
    )
    return flow[-1]


# --------------------------------------------------------------------------- referrals
def add_incoming_referral(
    rng: random.Random,
    spec: DemoSpec,
    cand: Candidate,
    applied: Sequence[Application],
    world: World,
) -> None:
    """The referral that brought a referred candidate in (rewarded once they are placed)."""
    if cand.referred_by is None:
        return
    if any(a.status is ApplicationStatus.PLACED for a in applied):
        status = ReferralStatus.PLACED
    elif applied:
        status = ReferralStatus.APPLIED
    else:
        status = ReferralStatus.REGISTERED
    created = cand.created
    sent = created - datetime.timedelta(days=rng.randint(1, 20))
    world.referrals.append(
        {
            "id": cand.referral_id,
            "referrer_id": cand.referred_by[1],
            "referred_email": cand.email,
            "referred_user_id": cand.user_id,
            "referral_code": cand.referral_code,
            "status": status,
            "job_id": applied[0].job.id if applied else None,
            "created_at": sent,
            # The candidate's applications are the last ones added: the first of them.
            "updated_at": world.applications[-len(applied)]["created_at"] if applied else created,
        }
    )
    if status is ReferralStatus.PLACED:
        _add_reward(rng, spec, cand.referral_id, created, world)


def add_sent_referrals(
    spec: DemoSpec, ambassadors: Sequence[tuple[int, uuid.UUID]], jobs: JobIndex, world: World
) -> None:
    """Referrals ambassadors sent to friends who have not acted on them yet."""
    seed, anchor, open_jobs = spec.seed, spec.anchor, jobs.open_jobs
    for a_index, a_user in ambassadors:
        rng = random.Random(f"{seed}:ambassador:{a_index}")
        for k in range(rng.randint(1, 4)):
            ref_id = uid(seed, "referral", f"sent:{a_index}:{k}")
            friend = fake_person(rng)
            sent = anchor - datetime.timedelta(minutes=rng.randint(60, 120 * 24 * 60))
            job = (
                open_jobs[rng.randrange(len(open_jobs))]
                if open_jobs and rng.random() < 0.5
                else None
            )
            world.referrals.append(
                {
                    "id": ref_id,
                    "referrer_id": a_user,
                    "referred_email": friend.email("example.net", f"ref{a_index}x{k}"),
                    "referred_user_id": None,
                    "referral_code": short_code(ref_id, 12),
                    "status": ReferralStatus.SENT,
                    "job_id": job.id if job else None,
                    "created_at": sent,
                    "updated_at": sent,
                }
            )


def _add_reward(
    rng: random.Random,
    spec: DemoSpec,
    referral_id: uuid.UUID,
    since: datetime.datetime,
    world: World,
) -> None:
    status = WeightedChoice.of(_REWARD_STATUSES).pick(rng)
    created = since + (spec.anchor - since) * rng.random()
    paid = status is RewardStatus.PAID
    method = rng.choice(("ACH", "Check", "Payroll")) if paid else None
    reward_id = uid(spec.seed, "reward", str(referral_id))
    world.rewards.append(
        {
            "id": reward_id,
            "referral_id": referral_id,
            "amount": Decimal(rng.choice((500, 750, 1000, 1500, 2000))),
            "status": status,
            "payment_date": (
                (created + datetime.timedelta(days=rng.randint(7, 45))).date() if paid else None
            ),
            "payment_method": method,
            "payment_reference": f"{method}-{short_code(reward_id, 8).upper()}" if paid else None,
            "created_at": created,
            "updated_at": created,
        }
    )
