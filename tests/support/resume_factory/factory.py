"""One synthetic resume: a person, their career, a layout, the file and its ground truth."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from typing import Any

from tests.support.resume_factory.content import PROFESSION_WEIGHTS, PROFESSIONS, make_profile
from tests.support.resume_factory.layouts import RENDERERS
from tests.support.resume_factory.outline import build_outline
from tests.support.resume_factory.people import make_person
from tests.support.resume_factory.truth import ground_truth

# Fixed so a seed always gives the same resumes (expiries and "Present" are relative to it);
# pass the same date to the parser as ``today``.
TODAY = datetime.date(2026, 6, 15)
LAYOUTS = ("pdf_one_column", "pdf_two_column", "docx", "text", "pdf_scanned")


@dataclass(frozen=True)
class SyntheticResume:
    layout: str
    data: bytes
    truth: dict[str, Any]  # {"structured_data", "details", "aliases"}
    profession: str


def make_resume(rng: random.Random, layout: str, profession: str | None = None) -> SyntheticResume:
    key = (
        profession
        or rng.choices(list(PROFESSION_WEIGHTS), weights=list(PROFESSION_WEIGHTS.values()))[0]
    )
    person = make_person(rng, PROFESSIONS[key].credentials)
    profile = make_profile(rng, TODAY, person.state, key)
    outline = build_outline(rng, person, profile)
    data = RENDERERS[layout](outline, rng)
    return SyntheticResume(layout, data, ground_truth(person, profile), key)
