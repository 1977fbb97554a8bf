"""What resumes call licenses, certifications and certifying bodies, as term indexes.

Terms are compared as :func:`~.text.normalize_words` writes them (lowercase words). The
certification names are the master catalog's (``data_layer/master/data/certifications.json``)
with its synonyms, plus the bare credentials people list under "Certifications" ("RRT").
"""

from __future__ import annotations

from functools import cache

from data_layer.master.catalog import certifications, normalize_term
from data_layer.resumes.parsing.text import normalize_words

__all__ = [
    "COMPACT_WORDS",
    "SINGLE_STATE_WORDS",
    "certification_index",
    "issuer_index",
    "license_type_index",
]

_LICENSE_TYPES: dict[str, tuple[str, ...]] = {
    "RN": ("registered nurse", "registered professional nurse", "rn", "r n", "professional nurse"),
    "LPN": ("licensed practical nurse", "practical nurse", "lpn", "l p n"),
    "LVN": ("licensed vocational nurse", "vocational nurse", "lvn", "l v n"),
    "APRN": (
        "advanced practice registered nurse",
        "advanced practice nurse",
        "advanced registered nurse practitioner",
        "aprn",
        "arnp",
        "aprn cnp",
        "aprn np",
        "aprn fnp",
    ),
    "NP": ("nurse practitioner", "np", "certified nurse practitioner", "cnp"),
    "CRNA": ("certified registered nurse anesthetist", "crna", "nurse anesthetist"),
    "CNM": ("certified nurse midwife", "cnm", "nurse midwife"),
    "CNS": ("clinical nurse specialist", "cns"),
    "CNA": (
        "certified nursing assistant",
        "certified nurse assistant",
        "certified nurse aide",
        "nurse aide",
        "nursing assistant",
        "cna",
        "stna",
    ),
    "RRT": ("registered respiratory therapist", "rrt"),
    "CRT": ("certified respiratory therapist", "crt"),
    "RT": (
        "respiratory therapist",
        "respiratory care practitioner",
        "respiratory care",
        "respiratory therapy",
        "rcp",
        "rt",
        # State boards license radiologic technologists as "RT" too (ARRT's "RT(R)").
        "radiologic technologist",
    ),
    # Only the title that is the abbreviation spelt out: a "Medical Technologist" or
    # "Clinical Laboratory Scientist" license is a type of its own in some states.
    "MLS": ("medical laboratory scientist", "mls"),
    "PT": ("physical therapist", "physical therapy", "pt", "dpt", "physiotherapist"),
    "PTA": ("physical therapist assistant", "physical therapy assistant", "pta"),
    "OT": ("occupational therapist", "occupational therapy", "ot", "otr", "otr l"),
    "COTA": (
        "certified occupational therapy assistant",
        "occupational therapy assistant",
        "occupational therapist assistant",
        "cota",
        "cota l",
        "ota",
    ),
    "SLP": (
        "speech language pathologist",
        "speech language pathology",
        "speech pathologist",
        "slp",
        "ccc slp",
    ),
    "PA": ("physician assistant", "physician associate", "pa c"),
    "RPH": ("pharmacist", "registered pharmacist", "rph"),
    "LCSW": ("licensed clinical social worker", "lcsw"),
    "EMT": ("emergency medical technician", "emt", "emt b"),
    "PARAMEDIC": ("paramedic", "emt p", "licensed paramedic"),
}

# Credentials people list bare under "Certifications" that the catalog names longer.
_EXTRA_CERTIFICATION_TERMS: dict[str, str] = {
    "rrt": "NBRC RRT",
    "crt": "NBRC CRT",
    "nps": "NBRC NPS",
    "critical care registered nurse": "CCRN",
    "progressive care certified nurse": "PCCN",
    "certified pediatric nurse": "CPN",
    "certified medical surgical registered nurse": "CMSRN",
    "medical surgical registered nurse": "CMSRN",
    "stroke certified registered nurse": "SCRN",
    "certified post anesthesia nurse": "CPAN",
    "certified ambulatory perianesthesia nurse": "CAPA",
    "trauma certified registered nurse": "TCRN",
    "certified pediatric emergency nurse": "CPEN",
    "certified hospice and palliative nurse": "CHPN",
    "c efm": "AWHONN Fetal Heart Monitoring",
    "nih stroke scale certification": "NIHSS",
    "neonatal resuscitation program": "NRP",
    "cardiopulmonary resuscitation": "BLS",
    "bls for healthcare providers": "BLS",
}

_ISSUERS: tuple[str, ...] = (
    "aha",
    "american heart association",
    "arc",
    "american red cross",
    "red cross",
    "ashi",
    "american safety and health institute",
    "hsi",
    "bcen",
    "board of certification for emergency nursing",
    "aacn",
    "american association of critical care nurses",
    "aacn certification corporation",
    "ena",
    "emergency nurses association",
    "ncc",
    "national certification corporation",
    "ancc",
    "american nurses credentialing center",
    "aanp",
    "aanpcb",
    "nbrc",
    "national board for respiratory care",
    "arrt",
    "ardms",
    "cci",
    "ptcb",
    "nha",
    "oncc",
    "ons",
    "oncology nursing society",
    "pncb",
    "pediatric nursing certification board",
    "nbstsa",
    "nremt",
    "national registry of emergency medical technicians",
    "aap",
    "american academy of pediatrics",
    "awhonn",
    "cpi",
    "crisis prevention institute",
    "nih",
    "national institutes of health",
    "american stroke association",
    "msncb",
    "wocncb",
    "abpanc",
    "cbrn",
    "nbcot",
    "asha",
    "apta",
    "abpts",
    "nmtcb",
    "ascp",
    "aacn cc",
    "stable program",
    "the s t a b l e program",
)

COMPACT_WORDS = ("compact", "multistate", "multi state", "nlc", "nurse licensure compact")
SINGLE_STATE_WORDS = ("single state", "non compact", "noncompact", "not compact")


@cache
def license_type_index() -> dict[str, str]:
    return {normalize_words(t): code for code, terms in _LICENSE_TYPES.items() for t in terms}


@cache
def certification_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for info in certifications():
        for term in (info.name, *info.synonyms):
            index[normalize_words(normalize_term(term))] = info.name
    for term, name in _EXTRA_CERTIFICATION_TERMS.items():
        index.setdefault(term, name)
    return index


@cache
def issuer_index() -> dict[str, str]:
    return {normalize_words(t): normalize_words(t) for t in _ISSUERS}
