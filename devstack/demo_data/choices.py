"""Weighted draws of master data shared by demo jobs and candidates.

Weights are relative demand at a travel-heavy agency; the cumulative tables are built
once per process.
"""

from __future__ import annotations

import random
from collections import defaultdict
from functools import cache

from data_layer.master import catalog as md
from devstack.fakes import WeightedChoice

__all__ = [
    "LICENSED_PROFESSIONS",
    "USER_AGENTS",
    "city_choice",
    "profession_choice",
    "randint",
    "referrer_choice",
    "specialty_choice",
    "state_choice",
]

# fmt: off
_PROFESSION_WEIGHTS: dict[str, float] = {
    "RN": 60, "LPN/LVN": 5, "CNA": 3, "PCT": 1, "NP": 2, "CRNA": 0.8, "PA": 0.8, "PT": 3,
    "PTA": 1.5, "OT": 2, "COTA": 1, "SLP": 2, "RT": 3, "Surg Tech": 3, "Rad Tech": 2,
    "CT Tech": 2, "MRI Tech": 1.5, "Sonographer": 1.5, "Echo Tech": 1, "CVT": 1.5,
    "Nuc Med Tech": 0.5, "Mammo Tech": 0.5, "IR Tech": 0.7, "MLS": 1.5, "MLT": 0.7,
    "Pharmacist": 0.5, "Pharm Tech": 0.5, "Paramedic": 0.5, "EMT": 0.3, "RD": 0.3,
    "Social Worker": 0.5, "SPT": 0.6, "Dialysis Tech": 0.4, "EEG Tech": 0.3, "MA": 0.3,
    "MHT": 0.4,
}
_SPECIALTY_WEIGHTS: dict[tuple[str, str], float] = {
    ("RN", "ICU"): 12, ("RN", "ER"): 12, ("RN", "Med-Surg"): 12, ("RN", "Telemetry"): 9,
    ("RN", "Step-Down"): 7, ("RN", "L&D"): 7, ("RN", "OR"): 7, ("RN", "PACU"): 4,
    ("RN", "NICU"): 4, ("RN", "PICU"): 3, ("RN", "Cath Lab"): 3, ("RN", "CVICU"): 3,
    ("RN", "Oncology"): 3, ("RN", "Psych"): 4, ("RN", "Postpartum"): 2, ("RN", "Mother-Baby"): 2,
    ("RN", "Pediatrics"): 2, ("RN", "Float Pool"): 2, ("RN", "Dialysis"): 2,
    ("RN", "Home Health"): 2, ("RN", "Case Management"): 2, ("RN", "Pre-Op"): 2,
    ("RN", "Neuro ICU"): 1.5, ("RN", "Endoscopy"): 1.5, ("RN", "IR"): 1.5,
    ("RN", "Long-Term Care"): 1.5, ("RN", "Rehab"): 1.2,
}
_CITY_SIZE_WEIGHT: dict[str, float] = {"major": 10, "large": 5, "mid": 2.5, "small": 1}
_REFERRERS: tuple[tuple[str | None, float], ...] = (
    ("https://www.google.com/", 35), ("https://www.indeed.com/", 15),
    ("https://www.linkedin.com/", 8), ("https://www.facebook.com/", 10),
    ("https://www.instagram.com/", 4), (None, 20), ("/jobs", 8),
)
LICENSED_PROFESSIONS = frozenset({
    "RN", "LPN/LVN", "CNA", "NP", "CRNA", "PA", "PT", "PTA", "OT", "COTA", "SLP", "RT",
    "Rad Tech", "Pharmacist", "Pharm Tech", "Paramedic", "EMT", "RD", "Social Worker",
})
"""Abbreviations of the professions that need a state license."""
# fmt: on
USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1",
)
"""Browsers of the site's visitors (job views use them too)."""


def randint(rng: random.Random, lo: int, hi: int) -> int:
    """``rng.randint`` for the hot paths (one C call instead of three Python frames)."""
    return lo + int(rng.random() * (hi - lo + 1))


@cache
def profession_choice() -> WeightedChoice[md.ProfessionInfo]:
    return WeightedChoice.of(
        (p, _PROFESSION_WEIGHTS.get(p.abbreviation, 0.5)) for p in md.professions()
    )


@cache
def specialty_choice(profession_external_id: int) -> WeightedChoice[md.SpecialtyInfo]:
    prof = md.profession_by_external_id(profession_external_id)
    return WeightedChoice.of(
        (s, _SPECIALTY_WEIGHTS.get((prof.abbreviation, s.name), 1.0))
        for s in md.specialties_for(profession_external_id)
    )


@cache
def city_choice() -> WeightedChoice[md.CityInfo]:
    return WeightedChoice.of((c, _CITY_SIZE_WEIGHT[c.size]) for c in md.cities())


@cache
def state_choice() -> WeightedChoice[md.StateInfo]:
    """States weighted by the sizes of their cities."""
    weights: dict[str, float] = defaultdict(float)
    for city in md.cities():
        weights[city.state_code] += _CITY_SIZE_WEIGHT[city.size]
    return WeightedChoice.of((md.state_by_code(code), w) for code, w in weights.items())


@cache
def referrer_choice() -> WeightedChoice[str | None]:
    """Where a visitor of the site came from (None: typed the address)."""
    return WeightedChoice.of(_REFERRERS)
