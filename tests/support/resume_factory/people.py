"""Who the resume belongs to: name, e-mail, phone and home town, written the many ways people do."""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_NAMES = [
    "Maria",
    "Jennifer",
    "Ashley",
    "Jessica",
    "Brittany",
    "Amanda",
    "Sarah",
    "Tiffany",
    "Keisha",
    "Latoya",
    "Nguyen",
    "Priya",
    "Mei",
    "Olga",
    "Fatima",
    "Guadalupe",
    "Shaniqua",
    "Kathleen",
    "Rebecca",
    "Hannah",
    "Emily",
    "Megan",
    "Danielle",
    "Rosa",
    "Ana",
    "Chiamaka",
    "Michael",
    "James",
    "Robert",
    "David",
    "Carlos",
    "Jose",
    "Marcus",
    "Tyrone",
    "Kevin",
    "Brian",
    "Anthony",
    "Daniel",
    "Joshua",
    "Andre",
    "Rajesh",
    "Wei",
    "Dmitri",
    "Kwame",
    "Juan",
    "Luis",
    "Christopher",
    "Matthew",
    "Jean-Pierre",
    "Mary Ellen",
    "Ann-Marie",
]
LAST_NAMES = [
    "Garcia",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Okafor",
    "Patel",
    "Chen",
    "Kim",
    "O'Brien",
    "McAllister",
    "Van der Berg",
    "Washington",
    "Dela Cruz",
    "Santos",
    "Kowalski",
    "Okonkwo-Reyes",
    "St. James",
    "Ramirez",
    "Castillo",
    "Bui",
    "Singh",
    "Abernathy",
]
CITIES = [
    ("Austin", "TX", "787"),
    ("Houston", "TX", "770"),
    ("San Antonio", "TX", "782"),
    ("Dallas", "TX", "752"),
    ("Phoenix", "AZ", "850"),
    ("Tucson", "AZ", "857"),
    ("Tampa", "FL", "336"),
    ("Orlando", "FL", "328"),
    ("Miami", "FL", "331"),
    ("Jacksonville", "FL", "322"),
    ("Atlanta", "GA", "303"),
    ("Charlotte", "NC", "282"),
    ("Raleigh", "NC", "276"),
    ("Nashville", "TN", "372"),
    ("Denver", "CO", "802"),
    ("Richmond", "VA", "232"),
    ("Los Angeles", "CA", "900"),
    ("San Diego", "CA", "921"),
    ("Sacramento", "CA", "958"),
    ("Oakland", "CA", "946"),
    ("Brooklyn", "NY", "112"),
    ("Buffalo", "NY", "142"),
    ("Chicago", "IL", "606"),
    ("Springfield", "IL", "627"),
    ("Portland", "OR", "972"),
    ("Las Vegas", "NV", "891"),
    ("Boston", "MA", "021"),
    ("Minneapolis", "MN", "554"),
    ("Seattle", "WA", "981"),
    ("Columbus", "OH", "432"),
    ("Philadelphia", "PA", "191"),
    ("Salt Lake City", "UT", "841"),
    ("Kansas City", "MO", "641"),
]
AREA_CODES = [
    "512",
    "713",
    "210",
    "214",
    "602",
    "520",
    "813",
    "407",
    "305",
    "904",
    "404",
    "704",
    "919",
    "615",
    "303",
    "804",
    "213",
    "619",
    "916",
    "510",
    "718",
    "716",
    "312",
    "217",
    "503",
    "702",
    "617",
    "612",
    "206",
    "614",
    "215",
    "801",
    "816",
]
STREETS = [
    "Oak St",
    "Maple Ave",
    "Cedar Ln",
    "Elm Dr",
    "Main St",
    "Pecan Blvd",
    "Sunset Rd",
    "Lakeview Ct",
    "Willow Way",
    "Magnolia Pkwy",
    "W 34th St",
    "Palm Ave",
]
MAIL_DOMAINS = [
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "icloud.com",
    "hotmail.com",
    "aol.com",
    "protonmail.com",
]


@dataclass(frozen=True)
class Person:
    name: str  # the name as the truth has it (no credentials)
    name_line: str  # the name as written at the top, sometimes with credentials or in capitals
    email: str
    phone: str  # as written
    city: str
    state: str
    address: str  # as written: "Austin, TX" or a street address


def _phone(rng: random.Random, area: str) -> str:
    exchange = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
    line = f"{rng.randint(0, 9999):04d}"
    form = rng.randrange(6)
    if form == 0:
        return f"({area}) {exchange}-{line}"
    if form == 1:
        return f"{area}-{exchange}-{line}"
    if form == 2:
        return f"{area}.{exchange}.{line}"
    if form == 3:
        return f"+1 {area} {exchange} {line}"
    if form == 4:
        return f"+1 ({area}) {exchange}-{line}"
    return f"{area}{exchange}{line}"


def _email(rng: random.Random, first: str, last: str) -> str:
    f = "".join(c for c in first.lower() if c.isalpha())
    la = "".join(c for c in last.lower() if c.isalpha())
    user = rng.choice(
        [
            f"{f}.{la}",
            f"{f[0]}{la}",
            f"{f}{la}{rng.randint(1, 99)}",
            f"{la}.{f}",
            f"{f}_{la}",
            f"{f}.{la}.rn",
            f"{f[0]}.{la}{rng.randint(70, 99)}",
        ]
    )
    return f"{user}@{rng.choice(MAIL_DOMAINS)}"


def make_person(rng: random.Random, credentials: list[str]) -> Person:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    middle = f" {rng.choice('ABCDEJKLMRST')}." if rng.random() < 0.3 else ""
    name = f"{first}{middle} {last}"
    name_line = name
    if credentials and rng.random() < 0.5:
        name_line = f"{name}, {', '.join(credentials)}"
    if rng.random() < 0.25:
        name_line = name_line.upper()
    city, state, _zip3 = rng.choice(CITIES)
    area = rng.choice(AREA_CODES)
    if rng.random() < 0.25:
        address = (
            f"{rng.randint(100, 9899)} {rng.choice(STREETS)}, {city}, {state} "
            f"{_zip3}{rng.randint(0, 99):02d}"
        )
    else:
        address = f"{city}, {state}"
    return Person(
        name=name,
        name_line=name_line,
        email=_email(rng, first, last),
        phone=_phone(rng, area),
        city=city,
        state=state,
        address=address,
    )
