"""What a healthcare resume says: licenses, certifications, work history, education, skills.

Each item carries both the line(s) the resume prints and the value the contract says
those lines mean, so the ground truth never depends on a parser's reading.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from tests.support.resume_factory.dates import (
    month_end,
    write_expiry,
    write_month,
    write_year,
)

# Nurse Licensure Compact states (a multistate license is issued by the home state only).
COMPACT_STATES = ["TX", "FL", "AZ", "GA", "NC", "TN", "CO", "VA", "UT", "MO", "OH"]
SINGLE_STATES = ["CA", "NY", "IL", "OR", "NV", "MA", "MN", "MI", "HI", "WA", "PA"]
STATE_NAMES = {
    "TX": "Texas",
    "FL": "Florida",
    "AZ": "Arizona",
    "GA": "Georgia",
    "NC": "North Carolina",
    "TN": "Tennessee",
    "CO": "Colorado",
    "VA": "Virginia",
    "UT": "Utah",
    "MO": "Missouri",
    "OH": "Ohio",
    "CA": "California",
    "NY": "New York",
    "IL": "Illinois",
    "OR": "Oregon",
    "NV": "Nevada",
    "MA": "Massachusetts",
    "MN": "Minnesota",
    "MI": "Michigan",
    "HI": "Hawaii",
    "WA": "Washington",
    "PA": "Pennsylvania",
}
LICENSE_NAMES = {
    "RN": "Registered Nurse",
    "LPN": "Licensed Practical Nurse",
    "LVN": "Licensed Vocational Nurse",
    "APRN": "Advanced Practice Registered Nurse",
    "CNA": "Certified Nursing Assistant",
    "RRT": "Registered Respiratory Therapist",
    "PT": "Physical Therapist",
    "PTA": "Physical Therapist Assistant",
    "OT": "Occupational Therapist",
    "SLP": "Speech-Language Pathologist",
    "RT": "Radiologic Technologist",
    "MLS": "Medical Laboratory Scientist",
}


@dataclass(frozen=True)
class Profession:
    key: str
    credentials: list[str]  # letters after the name
    license_types: list[str]  # first is the main license
    specialties: dict[str, list[str]]  # master specialty name -> ways a resume writes it
    titles: list[str]  # "{unit}" is replaced by a written specialty
    certs: list[str]  # optional certifications (BLS is added to almost everyone)
    skills: list[str]
    degrees: list[tuple[str, str | None, str]]  # (degree as written, field or None, canonical)


NURSE_UNITS = {
    "ICU": ["ICU", "MICU", "Intensive Care Unit", "Critical Care"],
    "ER": ["ER", "Emergency Department", "ED", "Emergency Room"],
    "Med-Surg": ["Med-Surg", "Medical-Surgical", "Med/Surg"],
    "Telemetry": ["Tele", "Telemetry", "Cardiac Telemetry"],
    "L&D": ["L&D", "Labor and Delivery", "Labor & Delivery"],
    "OR": ["OR", "Operating Room", "Perioperative Services"],
    "PACU": ["PACU", "Post-Anesthesia Care Unit"],
    "NICU": ["NICU", "Neonatal ICU", "Level III NICU"],
    "PICU": ["PICU", "Pediatric ICU"],
    "Step-Down": ["Step-Down", "Progressive Care", "Stepdown"],
    "Oncology": ["Oncology", "Hem/Onc", "Inpatient Oncology"],
    "Cath Lab": ["Cath Lab", "Cardiac Cath Lab", "Cardiac Catheterization Lab"],
    "CVICU": ["CVICU", "Cardiovascular ICU"],
}
RN_SKILLS = [
    "Epic",
    "Cerner",
    "Meditech",
    "IV insertion",
    "Ventilator management",
    "Titration of vasoactive drips",
    "CRRT",
    "Telemetry monitoring",
    "Wound care",
    "Patient education",
    "Pyxis",
    "Omnicell",
    "Central line care",
    "Blood product administration",
    "Chest tube management",
    "Insulin drip protocols",
    "Fetal heart monitoring",
    "Conscious sedation",
    "Arterial line management",
    "Charge nurse duties",
    "Preceptor",
    "Sepsis bundle compliance",
    "Tracheostomy care",
    "PICC line care",
    "Bilingual (Spanish)",
]
PROFESSIONS: dict[str, Profession] = {
    "RN": Profession(
        "RN",
        ["RN", "BSN"],
        ["RN"],
        NURSE_UNITS,
        [
            "Registered Nurse",
            "Travel RN - {unit}",
            "Staff RN, {unit}",
            "{unit} Registered Nurse",
            "Charge Nurse - {unit}",
            "Travel {unit} RN",
            "Clinical Nurse II",
            "RN III ({unit})",
        ],
        [
            "ACLS",
            "PALS",
            "NRP",
            "TNCC",
            "CCRN",
            "NIHSS",
            "ENPC",
            "CEN",
            "PCCN",
            "STABLE",
            "CMSRN",
            "OCN",
            "CNOR",
            "RNC-OB",
            "AWHONN Fetal Heart Monitoring",
        ],
        RN_SKILLS,
        [
            ("Bachelor of Science in Nursing", "Nursing", "BSN"),
            ("BSN", None, "BSN"),
            ("Associate Degree in Nursing", "Nursing", "ADN"),
            ("ADN", None, "ADN"),
            ("Associate of Science in Nursing", "Nursing", "ADN"),
            ("Master of Science in Nursing", "Nursing", "MSN"),
        ],
    ),
    "LPN": Profession(
        "LPN",
        ["LPN"],
        ["LPN"],
        {
            "Long-Term Care": ["Long-Term Care", "LTC", "Skilled Nursing"],
            "Rehab": ["Rehab", "Subacute Rehab"],
            "Med-Surg": ["Med-Surg"],
            "Home Health": ["Home Health"],
        },
        ["LPN", "Licensed Practical Nurse", "Charge LPN - {unit}", "{unit} LPN"],
        ["IV Certification"],
        [*RN_SKILLS[:12], "Medication passes", "G-tube feedings"],
        [
            ("Practical Nursing Diploma", "Practical Nursing", "DIPLOMA"),
            ("Certificate in Practical Nursing", "Practical Nursing", "CERTIFICATE"),
        ],
    ),
    "LVN": Profession(
        "LVN",
        ["LVN"],
        ["LVN"],
        {
            "Long-Term Care": ["Long-Term Care", "LTC", "Skilled Nursing"],
            "Rehab": ["Rehab"],
            "Home Health": ["Home Health"],
        },
        ["LVN", "Licensed Vocational Nurse", "Charge LVN - {unit}"],
        [],
        [*RN_SKILLS[:10], "Medication passes", "MDS documentation"],
        [("Vocational Nursing Certificate", "Vocational Nursing", "CERTIFICATE")],
    ),
    "NP": Profession(
        "NP",
        ["MSN", "APRN", "FNP-BC"],
        ["RN", "APRN"],
        {
            "Family Practice": ["Family Practice", "Primary Care"],
            "Urgent Care": ["Urgent Care"],
            "Hospitalist": ["Hospitalist", "Hospital Medicine"],
        },
        ["Family Nurse Practitioner", "Nurse Practitioner - {unit}", "APRN, {unit}"],
        ["ACLS", "FNP-BC", "PALS"],
        [
            "Epic",
            "athenahealth",
            "eClinicalWorks",
            "Suturing",
            "Chronic disease management",
            "Prescriptive authority",
            "DEA registration",
            "Point-of-care ultrasound",
        ],
        [
            ("Master of Science in Nursing", "Nursing", "MSN"),
            ("MSN", None, "MSN"),
            ("Doctor of Nursing Practice", "Nursing", "DNP"),
        ],
    ),
    "CNA": Profession(
        "CNA",
        ["CNA"],
        ["CNA"],
        {
            "Long-Term Care": ["Long-Term Care", "Nursing Home"],
            "Acute Care": ["Acute Care", "Hospital"],
            "Home Health": ["Home Health"],
        },
        ["Certified Nursing Assistant", "CNA", "Patient Care Assistant ({unit})"],
        [],
        [
            "Vital signs",
            "ADLs",
            "Hoyer lift",
            "Feeding assistance",
            "Bed baths",
            "Intake and output",
            "PointClickCare",
            "Fall prevention",
        ],
        [("Nurse Aide Training Program Certificate", None, "CERTIFICATE")],
    ),
    "RRT": Profession(
        "RRT",
        ["RRT"],
        ["RRT"],
        {
            "Adult Critical Care": ["Adult Critical Care", "Adult ICU"],
            "NICU": ["NICU"],
            "PICU": ["PICU"],
        },
        [
            "Respiratory Therapist",
            "Registered Respiratory Therapist - {unit}",
            "Travel RRT ({unit})",
        ],
        ["ACLS", "PALS", "NRP", "NBRC RRT"],
        [
            "Ventilator management",
            "ABG analysis",
            "BiPAP/CPAP",
            "High-flow nasal cannula",
            "Oscillator",
            "Airway management",
            "Bronchoscopy assist",
            "Epic",
        ],
        [
            ("Associate of Applied Science in Respiratory Therapy", "Respiratory Therapy", "AAS"),
            ("Bachelor of Science in Respiratory Care", "Respiratory Care", "BS"),
        ],
    ),
    "PT": Profession(
        "PT",
        ["PT", "DPT"],
        ["PT"],
        {
            "Acute Care": ["Acute Care"],
            "Outpatient": ["Outpatient", "Outpatient Orthopedics"],
            "Skilled Nursing": ["SNF", "Skilled Nursing"],
            "Home Health": ["Home Health"],
            "Inpatient Rehab": ["Inpatient Rehab", "IRF"],
        },
        ["Physical Therapist", "Travel PT - {unit}", "Staff Physical Therapist, {unit}"],
        [],
        [
            "Manual therapy",
            "Gait training",
            "Therapeutic exercise",
            "WebPT",
            "Vestibular rehab",
            "Dry needling",
            "Functional capacity evaluation",
            "Epic",
        ],
        [("Doctor of Physical Therapy", "Physical Therapy", "DPT"), ("DPT", None, "DPT")],
    ),
    "PTA": Profession(
        "PTA",
        ["PTA"],
        ["PTA"],
        {
            "Outpatient": ["Outpatient"],
            "Skilled Nursing": ["SNF", "Skilled Nursing"],
            "Home Health": ["Home Health"],
        },
        ["Physical Therapist Assistant", "PTA - {unit}"],
        [],
        ["Therapeutic exercise", "Gait training", "Modalities", "WebPT", "Fall prevention"],
        [
            (
                "Associate of Applied Science, Physical Therapist Assistant",
                "Physical Therapist Assistant",
                "AAS",
            )
        ],
    ),
    "OT": Profession(
        "OT",
        ["OTR/L"],
        ["OT"],
        {
            "Acute Care": ["Acute Care"],
            "Outpatient": ["Outpatient"],
            "Hand Therapy": ["Hand Therapy"],
            "Skilled Nursing": ["SNF"],
        },
        ["Occupational Therapist", "OTR/L - {unit}", "Travel Occupational Therapist"],
        [],
        [
            "ADL retraining",
            "Splinting",
            "Cognitive assessment",
            "Sensory integration",
            "NetHealth",
            "Upper extremity rehab",
        ],
        [
            ("Master of Occupational Therapy", "Occupational Therapy", "MOT"),
            ("MS, Occupational Therapy", "Occupational Therapy", "MS"),
        ],
    ),
    "SLP": Profession(
        "SLP",
        ["CCC-SLP"],
        ["SLP"],
        {
            "Acute Care": ["Acute Care"],
            "School-Based": ["School-Based", "K-12 Schools"],
            "Skilled Nursing": ["SNF"],
            "Outpatient": ["Outpatient"],
        },
        ["Speech-Language Pathologist", "SLP - {unit}", "Speech Therapist ({unit})"],
        [],
        [
            "Dysphagia management",
            "FEES",
            "Modified barium swallow",
            "AAC devices",
            "Aphasia therapy",
            "IEP development",
        ],
        [
            ("Master of Science in Speech-Language Pathology", "Speech-Language Pathology", "MS"),
            (
                "MA, Communication Sciences and Disorders",
                "Communication Sciences and Disorders",
                "MA",
            ),
        ],
    ),
    "RAD": Profession(
        "RAD",
        ["RT(R)"],
        ["RT"],
        {
            "Diagnostic X-Ray": ["Diagnostic Radiology", "X-Ray"],
            "Fluoroscopy/C-Arm": ["Fluoroscopy", "C-Arm"],
        },
        ["Radiologic Technologist", "X-Ray Technologist", "Rad Tech - {unit}"],
        ["ARRT (R)"],
        [
            "Digital radiography",
            "Portable imaging",
            "C-arm",
            "PACS",
            "Fluoroscopy",
            "Radiation safety",
        ],
        [
            ("Associate of Science in Radiologic Technology", "Radiologic Technology", "AS"),
            ("Bachelor of Science in Radiologic Sciences", "Radiologic Sciences", "BS"),
        ],
    ),
    "CT": Profession(
        "CT",
        ["RT(R)(CT)"],
        ["RT"],
        {"CT": ["CT", "Computed Tomography"], "CT Trauma": ["Level I Trauma CT"]},
        ["CT Technologist", "Travel CT Tech", "CT Technologist - {unit}"],
        ["ARRT (R)", "ARRT (CT)"],
        [
            "CT angiography",
            "Contrast power injectors",
            "PACS",
            "Siemens SOMATOM",
            "GE Revolution CT",
            "Stroke protocols",
        ],
        [("Associate of Applied Science in Radiography", "Radiography", "AAS")],
    ),
    "MRI": Profession(
        "MRI",
        ["RT(R)(MR)"],
        ["RT"],
        {"MRI": ["MRI", "Magnetic Resonance Imaging"], "Cardiac MRI": ["Cardiac MRI"]},
        ["MRI Technologist", "Travel MRI Tech", "MR Technologist - {unit}"],
        ["ARRT (MR)", "ARRT (R)"],
        [
            "MRI safety screening",
            "Siemens MAGNETOM",
            "GE Signa",
            "Contrast administration",
            "Breast MRI",
            "PACS",
        ],
        [("Associate of Science in Radiologic Technology", "Radiologic Technology", "AS")],
    ),
    "ST": Profession(
        "ST",
        ["CST"],
        [],
        {
            "General Surgery": ["General Surgery"],
            "CVOR": ["CVOR", "Open Heart"],
            "Orthopedics": ["Orthopedics", "Ortho"],
            "L&D": ["L&D", "OB/C-Section"],
        },
        ["Surgical Technologist", "Certified Surgical Tech - {unit}", "Travel Surg Tech ({unit})"],
        ["CST"],
        [
            "Sterile technique",
            "Instrument setup",
            "Da Vinci robotic cases",
            "Laparoscopic procedures",
            "Counts and specimen handling",
        ],
        [
            ("Surgical Technology Certificate", "Surgical Technology", "CERTIFICATE"),
            ("AAS in Surgical Technology", "Surgical Technology", "AAS"),
        ],
    ),
    "MLS": Profession(
        "MLS",
        ["MLS(ASCP)"],
        ["MLS"],
        {
            "Blood Bank": ["Blood Bank", "Transfusion Services"],
            "Microbiology": ["Microbiology"],
            "Chemistry": ["Chemistry"],
            "Hematology": ["Hematology"],
        },
        ["Medical Laboratory Scientist", "MLS - {unit}", "Clinical Laboratory Scientist"],
        ["ASCP (MLS)"],
        [
            "LIS (Sunquest)",
            "Beaker",
            "Quality control",
            "Antibody identification",
            "MALDI-TOF",
            "Flow cytometry",
            "CAP inspections",
        ],
        [
            (
                "Bachelor of Science in Medical Laboratory Science",
                "Medical Laboratory Science",
                "BS",
            ),
            ("BS, Clinical Laboratory Science", "Clinical Laboratory Science", "BS"),
        ],
    ),
}
PROFESSION_WEIGHTS = {
    "RN": 40,
    "LPN": 6,
    "LVN": 4,
    "NP": 5,
    "CNA": 5,
    "RRT": 6,
    "PT": 5,
    "PTA": 3,
    "OT": 4,
    "SLP": 3,
    "RAD": 4,
    "CT": 4,
    "MRI": 3,
    "ST": 4,
    "MLS": 4,
}

# (standard name, ways it is written, issuers as written)
CERTS: dict[str, tuple[list[str], list[str]]] = {
    "BLS": (
        ["BLS", "Basic Life Support (BLS)", "Basic Life Support", "BLS for Healthcare Providers"],
        ["AHA", "American Heart Association", "American Red Cross", "Red Cross"],
    ),
    "ACLS": (
        ["ACLS", "Advanced Cardiovascular Life Support (ACLS)", "Advanced Cardiac Life Support"],
        ["AHA", "American Heart Association"],
    ),
    "PALS": (
        ["PALS", "Pediatric Advanced Life Support (PALS)"],
        ["AHA", "American Heart Association"],
    ),
    "NRP": (
        ["NRP", "Neonatal Resuscitation Program (NRP)"],
        ["AAP", "American Academy of Pediatrics"],
    ),
    "TNCC": (["TNCC", "Trauma Nursing Core Course (TNCC)"], ["ENA"]),
    "ENPC": (["ENPC", "Emergency Nursing Pediatric Course"], ["ENA"]),
    "CCRN": (["CCRN", "CCRN (Adult)"], ["AACN"]),
    "PCCN": (["PCCN"], ["AACN"]),
    "CEN": (["CEN", "Certified Emergency Nurse (CEN)"], ["BCEN"]),
    "NIHSS": (["NIHSS", "NIH Stroke Scale (NIHSS)"], ["NIH", "National Institutes of Health"]),
    "STABLE": (["S.T.A.B.L.E.", "STABLE"], ["S.T.A.B.L.E. Program"]),
    "CMSRN": (["CMSRN"], ["MSNCB"]),
    "OCN": (["OCN", "Oncology Certified Nurse (OCN)"], ["ONCC"]),
    "CNOR": (["CNOR"], ["CCI"]),
    "RNC-OB": (["RNC-OB", "Inpatient Obstetric Nursing (RNC-OB)"], ["NCC"]),
    "AWHONN Fetal Heart Monitoring": (
        ["AWHONN Fetal Heart Monitoring", "AWHONN Intermediate Fetal Monitoring"],
        ["AWHONN"],
    ),
    "FNP-BC": (["FNP-BC", "Family Nurse Practitioner (FNP-BC)"], ["ANCC"]),
    "NBRC RRT": (
        ["Registered Respiratory Therapist (RRT) credential", "NBRC RRT credential"],
        ["NBRC"],
    ),
    "ARRT (R)": (["ARRT (R)", "ARRT Radiography (R)"], ["ARRT"]),
    "ARRT (CT)": (["ARRT (CT)", "ARRT Computed Tomography (CT)"], ["ARRT"]),
    "ARRT (MR)": (["ARRT (MR)", "ARRT Magnetic Resonance (MR)"], ["ARRT"]),
    "CST": (["CST", "Certified Surgical Technologist (CST)"], ["NBSTSA"]),
    "ASCP (MLS)": (["MLS(ASCP)", "ASCP Medical Laboratory Scientist (MLS)"], ["ASCP BOC", "ASCP"]),
}
AHA_CARDS = {"BLS", "ACLS", "PALS"}

HOSPITALS = [
    ("St. David's Medical Center", "Austin", "TX"),
    ("Memorial Hermann Texas Medical Center", "Houston", "TX"),
    ("Baylor Scott & White Medical Center - Temple", "Temple", "TX"),
    ("University Health", "San Antonio", "TX"),
    ("Banner - University Medical Center Phoenix", "Phoenix", "AZ"),
    ("HonorHealth Scottsdale Osborn Medical Center", "Scottsdale", "AZ"),
    ("Tampa General Hospital", "Tampa", "FL"),
    ("AdventHealth Orlando", "Orlando", "FL"),
    ("Jackson Memorial Hospital", "Miami", "FL"),
    ("HCA Florida Kendall Hospital", "Miami", "FL"),
    ("Emory University Hospital", "Atlanta", "GA"),
    ("Atrium Health Carolinas Medical Center", "Charlotte", "NC"),
    ("Duke University Hospital", "Durham", "NC"),
    ("Vanderbilt University Medical Center", "Nashville", "TN"),
    ("UCHealth University of Colorado Hospital", "Aurora", "CO"),
    ("VCU Medical Center", "Richmond", "VA"),
    ("Cedars-Sinai Medical Center", "Los Angeles", "CA"),
    ("UC San Diego Health - Hillcrest", "San Diego", "CA"),
    ("Kaiser Permanente Oakland Medical Center", "Oakland", "CA"),
    ("NewYork-Presbyterian Brooklyn Methodist Hospital", "Brooklyn", "NY"),
    ("Erie County Medical Center", "Buffalo", "NY"),
    ("Rush University Medical Center", "Chicago", "IL"),
    ("OHSU Hospital", "Portland", "OR"),
    ("Sunrise Hospital & Medical Center", "Las Vegas", "NV"),
    ("Massachusetts General Hospital", "Boston", "MA"),
    ("Hennepin Healthcare", "Minneapolis", "MN"),
    ("Harborview Medical Center", "Seattle", "WA"),
    ("The Ohio State University Wexner Medical Center", "Columbus", "OH"),
    ("Penn Presbyterian Medical Center", "Philadelphia", "PA"),
    ("Intermountain Medical Center", "Murray", "UT"),
    ("Barnes-Jewish Hospital", "St. Louis", "MO"),
]
OTHER_EMPLOYERS = {
    "LPN": [
        ("Brookdale Senior Living", "Tampa", "FL"),
        ("Genesis HealthCare", "Columbus", "OH"),
        ("Kindred at Home", "Houston", "TX"),
    ],
    "LVN": [
        ("Golden Living Center", "San Antonio", "TX"),
        ("Windsor Care Center", "Sacramento", "CA"),
    ],
    "CNA": [("Sunrise Senior Living", "Phoenix", "AZ"), ("Brookdale Senior Living", "Tampa", "FL")],
    "PT": [("ATI Physical Therapy", "Chicago", "IL"), ("Select Physical Therapy", "Dallas", "TX")],
    "PTA": [
        ("Athletico Physical Therapy", "Chicago", "IL"),
        ("Encompass Health", "Richmond", "VA"),
    ],
    "OT": [("Encompass Health Rehabilitation Hospital", "Richmond", "VA")],
    "SLP": [
        ("Houston Independent School District", "Houston", "TX"),
        ("Soliant Health", "Jacksonville", "FL"),
    ],
    "MLS": [("Quest Diagnostics", "Tampa", "FL"), ("Labcorp", "Raleigh", "NC")],
    "NP": [("MinuteClinic", "Nashville", "TN"), ("One Medical", "Seattle", "WA")],
}
AGENCIES = [
    "AMN Healthcare",
    "Aya Healthcare",
    "Cross Country Nurses",
    "Medical Solutions",
    "Fastaff",
    "Host Healthcare",
    "Trusted Health",
    "Vivian Health",
    "AMN",
]
SCHOOLS = [
    ("University of Texas at Austin", "Austin", "TX"),
    ("Texas Woman's University", "Denton", "TX"),
    ("Austin Community College", "Austin", "TX"),
    ("Chamberlain University", "Chicago", "IL"),
    ("University of Florida", "Gainesville", "FL"),
    ("Miami Dade College", "Miami", "FL"),
    ("Arizona State University", "Tempe", "AZ"),
    ("Grand Canyon University", "Phoenix", "AZ"),
    ("Georgia State University", "Atlanta", "GA"),
    ("UNC Chapel Hill", "Chapel Hill", "NC"),
    ("Belmont University", "Nashville", "TN"),
    ("Regis University", "Denver", "CO"),
    ("San Diego State University", "San Diego", "CA"),
    ("Hunter College, CUNY", "New York", "NY"),
    ("University of Illinois Chicago", "Chicago", "IL"),
    ("Western Governors University", "Salt Lake City", "UT"),
    ("University of Southern California", "Los Angeles", "CA"),
    ("Ohio State University", "Columbus", "OH"),
    ("Temple University", "Philadelphia", "PA"),
    ("Valencia College", "Orlando", "FL"),
    ("Houston Community College", "Houston", "TX"),
]
DUTIES = [
    "Provided care for a {n}-bed unit with 1:{r} patient ratio",
    "Precepted new graduates and travelers on unit protocols",
    "Served as charge on night shift for {n} staff",
    "Documented assessments and care plans in Epic",
    "Maintained 98% compliance with core measures",
    "Collaborated with physicians, pharmacists and case management on discharge planning",
    "Managed a caseload of {n} patients per day",
    "Participated in the unit's shared governance council",
    "Responded to rapid responses and codes",
    "Floated to neighbouring units as needed",
    "Educated patients and families on medications, follow-up care and warning signs",
    "Completed hourly rounding and fall-risk reassessments per hospital policy",
    "Coordinated admissions, transfers and discharges with bed management",
    "Supported quality improvement projects that reduced CLABSI and CAUTI rates",
]


@dataclass
class License:
    type: str
    state: str
    number: str
    expiration: datetime.date | None
    compact: bool | None  # True/False only where the resume says so
    line: str = ""  # how the resume prints it (filled by render_license_line)
    cells: list[str] = field(default_factory=list)  # for a DOCX table row


@dataclass
class Certification:
    name: str
    issuer: str | None
    expiration: datetime.date | None
    written_name: str
    expiry_text: str | None


@dataclass
class Job:
    company: str
    agency: str | None
    title: str
    specialty: str | None
    city: str
    state: str
    start: datetime.date
    start_text: str
    end: datetime.date | None
    end_text: str
    current: bool
    duties: list[str]


@dataclass
class School:
    institution: str
    degree: str
    degree_canonical: str
    field: str | None
    start: datetime.date | None
    start_text: str | None
    end: datetime.date | None
    end_text: str | None
    city: str
    state: str


@dataclass
class Profile:
    profession: Profession
    licenses: list[License]
    certifications: list[Certification]
    cert_lines: list[str]
    jobs: list[Job]
    schools: list[School]
    skills: list[str]
    summary: str


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def license_number(rng: random.Random, state: str, kind: str) -> str:
    """Numbers shaped like the state boards' own: digits, letters+digits, dots and dashes."""
    prefix = {
        "RN": "RN",
        "LPN": "PN",
        "LVN": "VN",
        "APRN": "APRN",
        "CNA": "CNA",
        "PT": "PT",
        "PTA": "PTA",
        "OT": "OT",
        "SLP": "SLP",
        "RRT": "RCP",
        "RT": "CRT",
        "MLS": "MT",
    }[kind]
    if state in {"FL", "GA", "AZ", "MA", "WA"}:
        return f"{prefix}{_digits(rng, 7 if state in {'FL', 'MA'} else 6)}"
    if state == "PA":
        return f"{prefix}{_digits(rng, 6)}L"
    if state == "IL":
        code = {"RN": "041", "LPN": "043", "APRN": "209", "PT": "070", "OT": "056"}.get(kind, "062")
        return f"{code}.{_digits(rng, 6)}"
    if state == "MI":
        return f"4704-{_digits(rng, 6)}"
    if state == "CA":
        return _digits(rng, 8 if kind == "RN" else 6)
    if state == "VA":
        return f"0001-{_digits(rng, 6)}"
    if state == "NY":
        return _digits(rng, 6)
    if state == "OR":
        return f"{rng.randint(2000, 2024)}{_digits(rng, 5)}"
    return _digits(rng, rng.choice([6, 6, 7]))


def _type_words(rng: random.Random, kind: str) -> str:
    return rng.choice([kind, kind, LICENSE_NAMES[kind]])


def _state_words(rng: random.Random, state: str) -> str:
    return rng.choice([state, STATE_NAMES[state]])


def render_license_line(rng: random.Random, lic: License) -> None:
    """One of the many ways a license line is printed; also the cells of a table row."""
    exp_text = None
    if lic.expiration is not None:
        full = lic.expiration.day != month_end(lic.expiration.year, lic.expiration.month).day
        full = full or rng.random() < 0.4
        exp_text, lic.expiration = write_expiry(rng, lic.expiration, full=full)
    compact_word = {
        True: rng.choice(["Compact", "Multistate", "Multi-State", "NLC Compact"]),
        False: rng.choice(["Single-State", "Single State"]),
        None: None,
    }[lic.compact]
    t, s, n = lic.type, lic.state, lic.number
    form = rng.randrange(7)
    if form == 0:
        line = f"{t} License - {STATE_NAMES[s]} #{n}"
        line += f" ({compact_word})" if compact_word else ""
        line += f" exp. {exp_text}" if exp_text else ""
    elif form == 1:
        parts = [_type_words(rng, t), s, n]
        parts += [compact_word] if compact_word else []
        parts += [exp_text] if exp_text else []
        line = " | ".join(parts)
    elif form == 2:
        line = f"State of {STATE_NAMES[s]} {t} {n}"
        line += f", {compact_word.lower()}" if compact_word else ""
        line += f", expires {exp_text}" if exp_text else ""
    elif form == 3:
        line = f"{STATE_NAMES[s]} Board - {LICENSE_NAMES[t]}, License No. {n}"
        line += f", {compact_word}" if compact_word else ""
        line += f", Expires {exp_text}" if exp_text else ""
    elif form == 4:
        line = f"{t}, {s}" + (f" ({compact_word.lower()})" if compact_word else "") + f", #{n}"
        line += f", exp {exp_text}" if exp_text else ""
    elif form == 5:
        line = f"{LICENSE_NAMES[t]} ({t}) – {STATE_NAMES[s]} – License {n}"
        line += f" – {compact_word}" if compact_word else ""
        line += f" – Exp. {exp_text}" if exp_text else " – Active"
    else:
        line = f"{_state_words(rng, s)} {t} License: {n}"
        line += f" [{compact_word}]" if compact_word else ""
        line += f"; Expiration: {exp_text}" if exp_text else " (Active)"
    lic.line = line
    compact_cell = {
        True: rng.choice(["Yes", "Multistate", "Compact"]),
        False: rng.choice(["No", "Single-State"]),
        None: "",
    }[lic.compact]
    lic.cells = [_type_words(rng, t), _state_words(rng, s), n, exp_text or "", compact_cell]


def make_licenses(
    rng: random.Random, prof: Profession, today: datetime.date, home: str
) -> list[License]:
    out: list[License] = []
    used: set[tuple[str, str]] = set()
    nursing = prof.key in {"RN", "LPN", "NP"}
    for i, kind in enumerate(prof.license_types):
        count = 1 if i else rng.choice([1, 1, 2, 2, 3, 4])
        for j in range(count):
            compact: bool | None = None
            if nursing and j == 0 and kind != "APRN" and rng.random() < 0.7:
                state = home if home in COMPACT_STATES else rng.choice(COMPACT_STATES)
                compact = True if rng.random() < 0.85 else None
            elif kind == "LVN":
                state = rng.choice(["CA", "TX"])  # vocational nurses: California and Texas only
            elif kind == "APRN" and out:
                state = out[0].state
            else:
                state = rng.choice([*SINGLE_STATES, "TX", "FL"])
                if nursing and rng.random() < 0.15:
                    compact = False
            if (kind, state) in used:
                continue
            used.add((kind, state))
            exp: datetime.date | None = None
            if rng.random() < 0.85:
                months = rng.randint(-3, 30)
                y, m = divmod(today.month - 1 + months, 12)
                year, month = today.year + y, m + 1
                exp = (
                    month_end(year, month)
                    if rng.random() < 0.6
                    else datetime.date(year, month, rng.randint(1, 28))
                )
            lic = License(kind, state, license_number(rng, state, kind), exp, compact)
            render_license_line(rng, lic)
            out.append(lic)
    return out


def _cert_line(rng: random.Random, cert: Certification, issuer_written: bool) -> str:
    parts = [cert.written_name]
    if issuer_written and cert.issuer:
        parts.append(cert.issuer)
    line = rng.choice([" - ", ", ", " | ", " – "]).join(parts)
    if issuer_written and cert.issuer and rng.random() < 0.3:
        line = f"{cert.written_name} ({cert.issuer})"
    if cert.expiry_text:
        line += rng.choice(
            [
                f" - exp {cert.expiry_text}",
                f", expires {cert.expiry_text}",
                f" (valid through {cert.expiry_text})",
                f", Exp: {cert.expiry_text}",
                f" | Expires {cert.expiry_text}",
            ]
        )
    return line


def make_certifications(
    rng: random.Random, prof: Profession, today: datetime.date
) -> tuple[list[Certification], list[str]]:
    names = ["BLS"] if rng.random() < 0.92 else []
    optional = [c for c in prof.certs if c in CERTS]
    names += rng.sample(optional, k=min(len(optional), rng.randint(0, 4)))
    if prof.key == "RN" and "ACLS" not in names and rng.random() < 0.6:
        names.append("ACLS")
    certs: list[Certification] = []
    lines: list[str] = []
    aha = [n for n in names if n in AHA_CARDS]
    grouped = len(aha) >= 2 and rng.random() < 0.4
    if grouped:
        # One card date for the AHA courses taken together: "BLS, ACLS, PALS - AHA - exp 04/2026".
        exp_day = month_end(today.year + rng.randint(0, 2), rng.randint(1, 12))
        text, value = write_expiry(rng, exp_day, full=False)
        issuer = rng.choice(["AHA", "American Heart Association"])
        for n in aha:
            certs.append(Certification(n, issuer, value, n, text))
        lines.append(f"{', '.join(aha)} - {issuer} - exp {text}")
    for n in names:
        if grouped and n in aha:
            continue
        written = rng.choice(CERTS[n][0])
        issuer_written = rng.random() < 0.6
        issuer = rng.choice(CERTS[n][1]) if issuer_written else None
        exp_text: str | None = None
        value: datetime.date | None = None
        if rng.random() < 0.75:
            months = rng.randint(-2, 30)
            y, m = divmod(today.month - 1 + months, 12)
            if n in AHA_CARDS or rng.random() < 0.6:
                form = rng.randrange(3)
                if form == 2:
                    day = month_end(today.year + y, m + 1)
                    exp_text, value = day.isoformat(), day  # "valid through 2027-01-31"
                else:
                    exp_text, value = write_expiry(
                        rng, month_end(today.year + y, m + 1), full=False
                    )
            else:
                exp_text, value = write_expiry(
                    rng, datetime.date(today.year + y, m + 1, rng.randint(1, 28)), full=True
                )
        cert = Certification(n, issuer, value, written, exp_text)
        certs.append(cert)
        lines.append(_cert_line(rng, cert, issuer_written))
    return certs, lines


def make_jobs(rng: random.Random, prof: Profession, today: datetime.date) -> list[Job]:
    count = rng.choice([1, 2, 3, 3, 4, 4, 5, 6])
    jobs: list[Job] = []
    cursor = today
    employers = HOSPITALS + OTHER_EMPLOYERS.get(prof.key, [])
    if prof.key in OTHER_EMPLOYERS and rng.random() < 0.6:
        employers = OTHER_EMPLOYERS[prof.key] + rng.sample(HOSPITALS, 3)
    for i in range(count):
        current = i == 0 and rng.random() < 0.6
        if current:
            end_day = None
        else:
            gap = rng.choice([0, 0, 1, 2, 5, 9]) if i else rng.randint(1, 10)
            y, m = divmod(cursor.month - 1 - gap, 12)
            end_day = datetime.date(cursor.year + y, m + 1, 1)
        length = rng.choice([3, 4, 6, 13, 13, 18, 24, 30, 40, 52])
        ref = end_day or cursor
        y, m = divmod(ref.month - 1 - length, 12)
        start_day = datetime.date(ref.year + y, m + 1, 1)
        cursor = start_day
        year_only = rng.random() < 0.12
        if year_only:
            start_text, start = write_year(start_day, end=False)
        else:
            start_text, start = write_month(rng, start_day, end=False)
        if end_day is None:
            end_text, end = rng.choice(["Present", "Current", "present", "Now"]), None
        elif year_only:
            end_text, end = write_year(end_day, end=True)
        else:
            end_text, end = write_month(rng, end_day, end=True)
        company, city, state = rng.choice(employers)
        agency = rng.choice(AGENCIES) if prof.key != "CNA" and rng.random() < 0.3 else None
        specialty = rng.choice(list(prof.specialties))
        unit = rng.choice(prof.specialties[specialty])
        title = rng.choice(prof.titles)
        if "{unit}" in title:
            title = title.replace("{unit}", unit)
        duties: list[str] = []
        if unit not in title:
            if rng.random() < 0.7:
                duties.append(f"{rng.choice(['Unit', 'Department', 'Setting'])}: {unit}")
            else:
                specialty = None  # nothing on the page says which unit
        for d in rng.sample(DUTIES, k=rng.randint(1, 5)):
            duties.append(d.format(n=rng.randint(4, 36), r=rng.randint(1, 6)))
        jobs.append(
            Job(
                company,
                agency,
                title,
                specialty,
                city,
                state,
                start,
                start_text,
                end,
                end_text,
                current,
                duties,
            )
        )
    return jobs


def make_schools(
    rng: random.Random, prof: Profession, today: datetime.date, first_job: datetime.date
) -> list[School]:
    count = 1 if rng.random() < 0.7 else 2
    schools: list[School] = []
    grad = datetime.date(first_job.year - rng.randint(0, 1), rng.choice([5, 5, 8, 12]), 1)
    for degree, fld, canonical in rng.sample(prof.degrees, k=min(count, len(prof.degrees))):
        institution, city, state = rng.choice(SCHOOLS)
        end_text, end = (
            write_year(grad, end=True) if rng.random() < 0.6 else write_month(rng, grad, end=True)
        )
        start_text: str | None = None
        start: datetime.date | None = None
        if rng.random() < 0.3:
            start_text, start = write_year(
                datetime.date(grad.year - rng.randint(2, 4), 8, 1), end=False
            )
        schools.append(
            School(
                institution, degree, canonical, fld, start, start_text, end, end_text, city, state
            )
        )
        grad = datetime.date(grad.year - rng.randint(2, 5), grad.month, 1)
    return schools


def make_profile(
    rng: random.Random, today: datetime.date, home: str, key: str | None = None
) -> Profile:
    if key is None:
        key = rng.choices(list(PROFESSION_WEIGHTS), weights=list(PROFESSION_WEIGHTS.values()))[0]
    prof = PROFESSIONS[key]
    licenses = make_licenses(rng, prof, today, home)
    certs, cert_lines = make_certifications(rng, prof, today)
    jobs = make_jobs(rng, prof, today)
    schools = make_schools(rng, prof, today, jobs[-1].start)
    skills = rng.sample(
        prof.skills, k=rng.randint(min(4, len(prof.skills)), min(10, len(prof.skills)))
    )
    years = max(2, (today - jobs[-1].start).days // 365)
    summary = rng.choice(
        [
            f"Dedicated {prof.titles[0].lower()} with {years}+ years of experience.",
            f"{prof.titles[0]} with {years} years in "
            f"{' and '.join(list(prof.specialties)[:2])} settings, "
            "seeking travel assignments.",
            f"Compassionate clinician with over {years} years of hands-on patient care experience.",
        ]
    )
    return Profile(prof, licenses, certs, cert_lines, jobs, schools, skills, summary)
