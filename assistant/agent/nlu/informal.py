"""Informal names and common misspellings the master data does not hold.

Candidates write "cali", "jersey", "socal", "philly", "nite shift", "texs", "pediatrics ICU".
The master tables name things properly, so these bundled lists add the informal terms to
the lexicon (:func:`with_informal_terms`, applied when a lexicon is built) and correct short
misspellings the typo corrector leaves alone (it corrects words of five letters or more).

A term is added only where it is unambiguous in a job search: "jersey" is New Jersey, and
"Jersey City" still wins as the longer phrase; "la" is no term here (a Spanish article, and
Louisiana's code: :mod:`.places` decides when "LA" is Los Angeles); "mass" is Massachusetts
(nobody searches for a mass).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Final

from data_layer.master.vocabulary import MasterVocabulary

__all__ = [
    "CITY_NICKNAMES",
    "MISSPELLINGS",
    "PROFESSION_TERMS",
    "RN_SPECIALTY_TERMS",
    "SHIFT_TERMS",
    "STATE_TERMS",
    "with_informal_terms",
]

STATE_TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "CA": (
        "cali", "calif", "socal", "so cal", "norcal", "nor cal", "southern california",
        "northern california", "southern cal", "central california", "bay area",
        "the bay", "sf bay area",
    ),
    "NJ": ("jersey", "jersy", "new jersy", "nueva jersey", "nuevo jersey"),
    "MA": ("mass",),
    "PA": ("penn", "penna", "pensilvania", "pennsilvania"),
    "FL": ("fla", "florda"),
    "AZ": ("ariz", "arizonia"),
    "CO": ("colo",),
    "CT": ("conn",),
    "MI": ("mich",),
    "MN": ("minn", "minesota"),
    "WI": ("wisc",),
    "TN": ("tenn",),
    "OK": ("okla",),
    "NV": ("nev",),
    "TX": ("texs", "txas", "texes", "tejas", "texaz"),
    "NY": ("nueva york", "nuevo york", "upstate ny", "upstate new york"),
    "NM": ("nuevo mexico", "nuevo méxico", "new mex"),
    "NC": ("carolina del norte",),
    "SC": ("carolina del sur",),
    "ND": ("dakota del norte",),
    "SD": ("dakota del sur",),
    "WV": ("virginia occidental",),
    "LA": ("luisiana",),
    "MO": ("misuri",),
    "MS": ("misisipi", "misisipí"),
    "HI": ("hawái", "hawai"),
    "OR": ("oregón",),
}  # fmt: skip
"""USPS code -> informal, abbreviated, misspelled and Spanish names of the state."""

CITY_NICKNAMES: Final[Mapping[str, tuple[str, str]]] = {
    "big apple": ("New York", "NY"),
    "the big apple": ("New York", "NY"),
    "chi town": ("Chicago", "IL"),
    "chitown": ("Chicago", "IL"),
    "chiraq": ("Chicago", "IL"),
    "windy city": ("Chicago", "IL"),
    "atl": ("Atlanta", "GA"),
    "htown": ("Houston", "TX"),
    "h town": ("Houston", "TX"),
    "san antone": ("San Antonio", "TX"),
    "satx": ("San Antonio", "TX"),
    "dfw": ("Dallas", "TX"),
    "beantown": ("Boston", "MA"),
    "bmore": ("Baltimore", "MD"),
    "motor city": ("Detroit", "MI"),
    "mile high city": ("Denver", "CO"),
    "sin city": ("Las Vegas", "NV"),
    "jax": ("Jacksonville", "FL"),
    "abq": ("Albuquerque", "NM"),
    "stl": ("St. Louis", "MO"),
    "pdx": ("Portland", "OR"),
    "phx": ("Phoenix", "AZ"),
    "indy": ("Indianapolis", "IN"),
    "cincy": ("Cincinnati", "OH"),
    "cinci": ("Cincinnati", "OH"),
    "filadelfia": ("Philadelphia", "PA"),
    "nueva orleans": ("New Orleans", "LA"),
    "los ángeles": ("Los Angeles", "CA"),
    "san diego ca": ("San Diego", "CA"),
    "twin cities": ("Minneapolis", "MN"),
    "the twin cities": ("Minneapolis", "MN"),
    "mpls": ("Minneapolis", "MN"),
    "nawlins": ("New Orleans", "LA"),
    "sacto": ("Sacramento", "CA"),
}
"""More city nicknames (and Spanish names), each naming a master-data city."""

PROFESSION_TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "Registered Nurse": ("nursing", "travel nursing", "rn nurse", "reg nurse"),
    "Respiratory Therapist": ("respiratory", "resp", "respiratory care", "rcp"),
    "Diagnostic Medical Sonographer": ("ultrasound techs", "sono tech", "sono", "sonography"),
    "Radiologic Technologist": ("x ray", "xray techs", "radiology tech", "radiology techs"),
}
"""Profession -> more terms for it ("nursing jobs": the agency's nurses are RNs first)."""

RN_SPECIALTY_TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "PICU": (
        "pediatrics icu", "pediatrics intensive care", "peds intensive care",
        "pediatric intensive care unit", "pediatric icu nurse", "peds icu nurse",
        "pedi icu", "ped icu",
    ),
    "NICU": ("neonatal icu nurse", "neo icu"),
    "ER": (
        "emergency dept", "emergency room nurse", "emerg", "emergency rm", "er dept", "ed dept",
    ),
    "Psych": ("psyc", "psychiatric nursing"),
    "Med-Surg": ("med surgical", "medical surg"),
    "L&D": ("labor n delivery", "l n d", "labor & delivery nurse", "lnd", "l and d nurse"),
    "Telemetry": ("telemetery", "telemitry"),
}  # fmt: skip
"""Registered Nurse specialty -> more terms for it."""

SHIFT_TERMS: Final[Mapping[str, str]] = {
    "day shifts": "day",
    "dayshift": "day",
    "dayshifts": "day",
    "daytime shifts": "day",
    "nightshift": "night",
    "nightshifts": "night",
    "overnights": "night",
    "noc shift": "night",
    "noc shifts": "night",
    "evening shifts": "evening",
    "weekend shifts": "weekend",
}
"""More names of a time of day (master ``time_of_day``)."""

MISSPELLINGS: Final[Mapping[str, str]] = {
    "nite": "night",
    "nites": "nights",
    "nyte": "night",
    "nytes": "nights",
    "eves": "evenings",
    "wknd": "weekend",
    "wknds": "weekends",
    "wkends": "weekends",
    "wkend": "weekend",
    "trvl": "travel",
    "pedi": "pediatric",
    "nurce": "nurse",
    "nures": "nurse",
    "nurss": "nurses",
    "jobz": "jobs",
    "jbs": "jobs",
    "travl": "travel",
    "asst": "assistant",
}
"""Short misspellings (under five letters) and texting spellings -> the word meant."""


def with_informal_terms(vocabulary: MasterVocabulary) -> MasterVocabulary:
    """``vocabulary`` with the professions', states' and specialties' informal terms added."""
    states = tuple(
        dataclasses.replace(s, terms=s.terms | frozenset(STATE_TERMS.get(s.code, ())))
        for s in vocabulary.states
    )
    rn_keys = {p.key for p in vocabulary.professions if p.name == "Registered Nurse"}
    specialties = tuple(
        dataclasses.replace(sp, terms=sp.terms | frozenset(RN_SPECIALTY_TERMS[sp.name]))
        if sp.profession_key in rn_keys and sp.name in RN_SPECIALTY_TERMS
        else sp
        for sp in vocabulary.specialties
    )
    professions = tuple(
        dataclasses.replace(p, terms=p.terms | frozenset(PROFESSION_TERMS.get(p.name, ())))
        for p in vocabulary.professions
    )
    return dataclasses.replace(
        vocabulary, professions=professions, states=states, specialties=specialties
    )
