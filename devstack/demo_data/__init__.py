"""Deterministic, realistic demo data: jobs, recruiters, candidates and their activity.

:func:`seed_demo` fills an already migrated database (master data is loaded first) with

* ``jobs`` (+ ``job_required_certifications``, ``job_rates``) in real cities of their
  states, at real or plausibly named facilities, with pay that fits the job type,
  profession, specialty and local cost of living;
* recruiters (``users`` + ``recruiters``), some inactive; each active recruiter shares a
  few jobs (``recruiter_job_shares``) whose views are ``job_views`` rows;
* one content editor (``editor@``) and one admin (``admin@``), pending;
* candidates (``users`` + ``candidates`` + professions, specialties, job types, preferred
  states, licenses), some referred by ambassador candidates;
* a ``user_roles`` row per user (recruiter, content_editor, admin, candidate). No demo
  user has a password: staff set theirs through a one-time link (``make run`` prints
  fresh ones, :mod:`devstack.staff_links`);
* ``applications`` with a ``application_status_history`` that follows the status
  progression (applied -> reviewing -> interviewing -> offered -> placed, or rejected);
* ``referrals`` and ``referral_rewards``; ``job_views`` and ``page_views``.

Determinism and idempotency: everything is drawn from ``random.Random`` streams keyed by
the seed and the entity's index, every primary key is a UUIDv5 of (seed, kind, key), and
every insert is ``ON CONFLICT DO NOTHING`` (or skips rows whose key already exists).
Running again with the same seed inserts nothing; raising ``jobs``/``candidates`` later
adds the new entities. Timestamps and dates derive from ``today``, not the clock.

Speed (>= 5,000 jobs/s with their child rows): rows are plain dicts written in batches
(:mod:`.writing`), and the cyclic GC is paused while they are built.

Modules: :mod:`.keys` (primary keys, codes, external ids), :mod:`.choices` (weighted
master-data draws), :mod:`.jobs` / :mod:`.job_text` / :mod:`.job_rows` (a job's core,
description and rows), :mod:`.people` (recruiters, candidates), :mod:`.activity` (shares,
applications, referrals), :mod:`.world` / :mod:`.build` (the rows in memory and their
generation), :mod:`.writing` (inserts and COPY), :mod:`.seed` (:func:`seed_demo`).
"""

from devstack.demo_data.keys import (
    DEMO_EXTERNAL_JOB_ID_BASE,
    DEMO_EXTERNAL_RECRUITER_ID_BASE,
    demo_external_job_id,
    is_demo_external_job_id,
)
from devstack.demo_data.seed import DEMO_SITE_URL, seed_demo
from devstack.demo_data.writing import ProgressFn

__all__ = [
    "DEMO_EXTERNAL_JOB_ID_BASE",
    "DEMO_EXTERNAL_RECRUITER_ID_BASE",
    "DEMO_SITE_URL",
    "ProgressFn",
    "demo_external_job_id",
    "is_demo_external_job_id",
    "seed_demo",
]
