"""Simulator postings as the embedding backfill turns them into text (tests and benches)."""

from __future__ import annotations

import datetime
import html
import re

from data_layer.embeddings.jobs import job_embedding_text
from devstack.laboredge_simulator.records import generate_job

_BASE_TIME = datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)


def simulator_job_text(ordinal: int, seed: int) -> str:
    """The embedded text of the simulator's job ``ordinal`` of board ``seed``."""
    record = generate_job(ordinal, seed, _BASE_TIME)
    return job_embedding_text(
        title=record.get("jobTitle") or record.get("title"),
        profession=record.get("profession"),
        specialty=record.get("specialty"),
        city=record.get("clientCity"),
        state=record.get("clientStateCode"),
        job_type=record.get("jobType"),
        shift=record.get("shift"),
        certifications=[c["certification"] for c in record.get("jobRequiredCertifications") or []],
        description=html.unescape(re.sub(r"<[^>]+>", " ", record.get("description") or "")),
    )
