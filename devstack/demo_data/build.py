"""Every non-job demo row, generated in memory: recruiters and the other staff, shares,
candidates and what they did, referrals.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence

from devstack.demo_data.activity import (
    JobIndex,
    add_applications,
    add_incoming_referral,
    add_sent_referrals,
    add_shares,
)
from devstack.demo_data.jobs import JobCore
from devstack.demo_data.people import (
    Recruiter,
    add_candidate_children,
    add_candidate_row,
    add_candidate_user,
    add_recruiter_rows,
    add_site_visits,
    add_staff_rows,
    candidate_status,
    draw_candidate,
    job_type_preferences,
    preferred_states,
)
from devstack.demo_data.world import DemoSpec, World

__all__ = ["build_world"]


def build_world(
    spec: DemoSpec, *, candidates: int, recruiters: Sequence[Recruiter], cores: Sequence[JobCore]
) -> World:
    world = World()
    add_recruiter_rows(spec, recruiters, world)
    add_staff_rows(spec, world)
    jobs = JobIndex.of(cores)
    add_shares(spec, recruiters, jobs, world)
    active_recruiters = [r for r in recruiters if r.active] or list(recruiters)
    ambassadors: list[tuple[int, uuid.UUID]] = []  # (candidate index, user id)
    for index in range(candidates):
        _add_candidate(spec, index, jobs, active_recruiters, ambassadors, world)
    add_sent_referrals(spec, ambassadors, jobs, world)
    return world


def _add_candidate(
    spec: DemoSpec,
    index: int,
    jobs: JobIndex,
    active_recruiters: Sequence[Recruiter],
    ambassadors: list[tuple[int, uuid.UUID]],
    world: World,
) -> None:
    """Candidate ``index`` with everything they did, drawn from the candidate's own stream.

    The steps draw from one stream in this order; reordering them changes the data.
    """
    rng = random.Random(f"{spec.seed}:candidate:{index}")
    cand = draw_candidate(rng, spec, index, active_recruiters, ambassadors)
    world.candidate_user_ids.append(cand.user_id)
    if cand.ambassador:
        ambassadors.append((index, cand.user_id))
    add_candidate_user(rng, spec, cand, world)
    job_types = job_type_preferences(rng, cand.travel)
    preferred = preferred_states(rng, cand)
    applied = add_applications(rng, spec, cand, jobs, active_recruiters, world)
    status = candidate_status(rng, [a.status for a in applied])
    add_candidate_row(rng, spec, cand, status, world)
    add_candidate_children(rng, spec, cand, job_types, preferred, world)
    add_site_visits(rng, spec, cand, world)
    add_incoming_referral(rng, spec, cand, applied, world)
