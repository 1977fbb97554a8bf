"""Name, email, phone and address, read from the top of the resume (and a Contact section).

Lines of other sections are not searched for a phone or an address (a reference's phone
is not the candidate's); an email is, when the top has none and the section is not
"References".
"""

from __future__ import annotations

import re

from data_layer.resumes.parsing.model import ContactInfo, Evidenced
from data_layer.resumes.parsing.places import find_location
from data_layer.resumes.parsing.sections import Section
from data_layer.resumes.parsing.text import Line, clean, split_pieces

__all__ = ["parse_contact"]

EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?![\w])")
# A separator may carry a space after it ("919. 282. 5345", "754- 5085"): typed so, or
# how OCR reads a dot or dash printed close to the digits.
PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]\s?)\d{3}[\s.-]\s?\d{4}(?![\w])"
    r"|(?<=:\s)\d{10}(?!\w)"
)
_STREET = re.compile(
    r"(?ix)(?<![\w])\d{1,6}\s+(?:[NSEW]\.?\s+)?[A-Za-z0-9.'\- ]{1,40}?\s"
    r"(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place"
    r"|pkwy|parkway|cir|circle|trl|trail|hwy|highway|ter|terrace|loop|sq|square|pike|run)\b\.?"
    r"(?:,?\s*(?:apt|apartment|unit|suite|ste|\#)\.?\s*[\w-]+)?"
)
_CREDENTIAL = re.compile(
    r"(?ix)^(?:rn|lpn|lvn|bsn|msn|adn|asn|dnp|aprn|np|fnp|fnp-?bc|fnp-?c|crna|cna|rrt|crt|rcp"
    r"|pt|dpt|pta|ot|otr|otr/l|cota|cota/l|slp|ccc-?slp|ma|ms|ba|bs|phd|ccrn|cen|mba|mha"
    r"|pccn|cpn|cnor|rt|rt\(r\)|arrt|rdms|cst|emt|emt-p|pa-?c|pharmd|rph|lcsw|msw|jr\.?|sr\.?"
    r"|ii|iii|iv)$"
)
_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z][A-Z'\-]+|[A-Z]\.?|Mc[A-Z][a-z]+|O'[A-Z][a-z]+"
    r"|St\.|ST\.|de|van|von|la|del|der|den|da|di|du|le|ter|dos|das)$"
)
_NAME_LABEL = re.compile(r"(?i)^\s*(?:full\s+)?name\s*:\s*")
_NOT_NAMES = frozenset(
    [
        "resume",
        "curriculum",
        "vitae",
        "cv",
        "page",
        "confidential",
        "registered",
        "nurse",
        "therapist",
        "travel",
        # Lines of an employer or a school, which stand near the contact block in two columns.
        "college",
        "university",
        "hospital",
        "center",
        "centre",
        "health",
        "medical",
        "school",
        "clinic",
        "institute",
        "healthcare",
    ]
)


def _name_in(line: Line, below: Line | None = None, text: str = "") -> Evidenced[str] | None:
    found = _name_of(line.text)
    # A name never ends with a middle initial: "TIFFANY D." goes on on the next line.
    whole = found is not None and not re.fullmatch(r"[A-Z]\.?", found.value.split()[-1])
    if whole or below is None or not text:
        return found
    # A name too long for a narrow sidebar wraps: "JEAN-PIERRE" over "ANDERSON, RN".
    first = line.text.strip()
    words = first.split()
    if (
        not words
        or len(words) > 3
        or not all(_NAME_WORD.match(w) for w in words)
        or _CREDENTIAL.match(words[0])
        or any(w.lower() in _NOT_NAMES for w in words)
    ):
        return found
    joined = _name_of(f"{first} {below.text.lstrip()}")
    if joined is None or not joined.value.startswith(f"{first} "):
        return found
    rest = joined.value[len(first) + 1 :]
    start = line.start + line.text.index(first)
    end = below.start + below.text.index(rest) + len(rest)
    return Evidenced(f"{first} {rest}", joined.confidence - 0.1, text[start:end])


def _name_of(text: str) -> Evidenced[str] | None:
    label = _NAME_LABEL.match(text)
    offset = label.end() if label else 0
    first = next(split_pieces(text[offset:]), None)
    if first is None:
        return None
    start = offset + first.start
    # "Jane Doe, RN, BSN": the name ends where the credentials begin.
    words: list[str] = []
    end = start
    for match in re.finditer(r"[^\s,]+", text[start : offset + first.end]):
        word = match.group()
        if _CREDENTIAL.match(word.strip(".")) and len(words) >= 2:
            break
        words.append(word)
        end = start + match.end()
    if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words):
        return None
    if any(w.lower() in _NOT_NAMES for w in words):
        return None
    value = text[start:end]
    return Evidenced(value, 0.9 if label else 0.85, value)


def _street_address(text: str, lines: list[Line], i: int) -> Evidenced[str] | None:
    line = lines[i]
    match = _STREET.search(clean(line.text))
    if match is None:
        return None
    end = match.end()
    location = find_location(line.text[end:])
    if location is not None and line.text[end : end + location.start].strip(" ,") == "":
        end += location.end
        value = line.text[match.start() : end]
        return Evidenced(value, 0.9, value)
    street = line.text[match.start() : end]
    # The street ending one line, "City, ST ZIP" starting the next.
    if i + 1 < len(lines) and not line.text[end:].strip():
        below = lines[i + 1]
        location = find_location(below.text)
        if location is not None and not below.text[: location.start].strip():
            value = f"{street}, {location.text}"
            evidence = text[line.start + match.start() : below.start + location.end]
            return Evidenced(value, 0.8, evidence)
    return Evidenced(street, 0.8, street)


def _city_address(line: Line) -> Evidenced[str] | None:
    for piece in split_pieces(line.text):
        if "@" in piece.text or PHONE.search(piece.text):
            continue
        location = find_location(line.text[piece.start :])
        if location is not None and location.start == 0:
            return Evidenced(location.text, 0.7, location.text)
    return None


# A number written without separators, alone between separators: "2143645119".
_BARE_PHONE = re.compile(r"(?:\+?1[\s.-]?)?[2-9]\d{9}")
_PHONE_LABEL = re.compile(
    r"(?i)^\s*(?:phone|cell|mobile|tel|telephone|home|work|c|m|p)\.?\s*[:#]?\s*"
)


def _phone_in(line: Line, *, alone: bool = False) -> Evidenced[str] | None:
    """The phone number of a contact line; with ``alone``, only when it is the whole line
    (a label aside): how a sidebar lists it, where no reference's number stands so."""
    body = _PHONE_LABEL.sub("", line.text).strip()
    if alone:
        if PHONE.fullmatch(body) or _BARE_PHONE.fullmatch(body):
            return Evidenced(body, 0.85, body)
        return None
    if m := PHONE.search(line.text):
        return Evidenced(m.group().strip(), 0.95, m.group().strip())
    for piece in split_pieces(line.text):
        if _BARE_PHONE.fullmatch(_PHONE_LABEL.sub("", piece.text).strip()):
            value = _PHONE_LABEL.sub("", piece.text).strip()
            return Evidenced(value, 0.9, value)
    return None


def _is_references(section: Section) -> bool:
    return section.has("other") and "reference" in section.heading_text.lower()


def parse_contact(text: str, sections: list[Section]) -> ContactInfo:
    """The candidate's contact details; each ``None`` when the resume does not show it."""
    near = [line for s in sections if s.has("top") or s.has("contact") for line in s.lines]
    near = [line for line in near if not line.blank]
    # Every line but the references', in order: where a sidebar's contact block lands when
    # its column is read after the main one, or after a heading ("Objective") beside it.
    ordered = [
        line for s in sections if not _is_references(s) for line in s.lines if not line.blank
    ]
    name = email = phone = address = None
    for position, line in enumerate(near[:6]):
        name = _name_in(line, near[position + 1] if position + 1 < len(near) else None, text)
        if name is not None:
            if position > 0:
                name = Evidenced(name.value, name.confidence - 0.1, name.evidence)
            break
    for i, line in enumerate(near):
        if email is None and (m := EMAIL.search(line.text)):
            email = Evidenced(m.group(), 0.98, m.group())
        if phone is None:
            phone = _phone_in(line)
        if address is None:
            address = _street_address(text, near, i)
    if address is None:
        for line in near[:8]:
            if name is not None and name.evidence in line.text and line.text.strip() == name.value:
                continue
            address = _city_address(line)
            if address is not None:
                break
    if email is None:
        # An email further down (a footer), never one of the references.
        for line in ordered:
            if m := EMAIL.search(line.text):
                email = Evidenced(m.group(), 0.8, m.group())
                break
    if phone is None:
        phone = next((p for line in ordered if (p := _phone_in(line, alone=True))), None)
    if name is None:
        name = _name_above(ordered, email, phone, text)
    return ContactInfo(name=name, email=email, phone=phone, address=address)


def _name_above(
    ordered: list[Line],
    email: Evidenced[str] | None,
    phone: Evidenced[str] | None,
    text: str,
) -> Evidenced[str] | None:
    """The name heading the contact block found further down: a name line at most four
    lines above the email or the phone."""
    for found in (email, phone):
        if found is None:
            continue
        at = next((i for i, line in enumerate(ordered) if found.evidence in line.text), None)
        if at is None:
            continue
        for i in range(at - 1, max(-1, at - 5), -1):
            below = ordered[i + 1] if i + 1 < at else None
            name = _name_in(ordered[i], below, text)
            if name is not None:
                return Evidenced(name.value, name.confidence - 0.15, name.evidence)
    return None
