"""A parsed resume as typed values, each with the snippet of text it was read from.

Public through :mod:`data_layer.resumes.structure` (which see); defined here so that the
parsers, which build these values, need nothing outside this package.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

__all__ = [
    "Certification",
    "ContactInfo",
    "Education",
    "Evidenced",
    "Experience",
    "License",
    "ParsedResume",
    "Part",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Evidenced(Generic[T]):
    """A value, how sure the parser is of it (0..1), and the exact text it was read from."""

    value: T
    confidence: float
    evidence: str

    def detail(self) -> dict[str, Any]:
        return {"confidence": round(self.confidence, 2), "evidence": self.evidence}


Text = Evidenced[str] | None
Day = Evidenced[datetime.date] | None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class Part:
    """A resume part's shared views: its ``structured_data`` row and its field details."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()

    def found(self) -> dict[str, Evidenced[Any]]:
        return {name: value for name in self.FIELDS if (value := getattr(self, name)) is not None}

    def row(self) -> dict[str, Any]:
        values = self.found()
        return {
            name: _plain(values[name].value) if name in values else None for name in self.FIELDS
        }

    def field_details(self) -> dict[str, dict[str, Any]]:
        return {name: value.detail() for name, value in self.found().items()}


@dataclass(frozen=True, slots=True)
class ContactInfo(Part):
    FIELDS: ClassVar[tuple[str, ...]] = ("name", "email", "phone", "address")
    name: Text = None
    email: Text = None
    phone: Text = None
    address: Text = None


@dataclass(frozen=True, slots=True)
class License(Part):
    """A professional license: ``type`` an upper-case abbreviation (RN, LPN...), ``state`` a
    USPS code, ``number`` as written, ``compact`` said multistate (``None``: not said)."""

    FIELDS: ClassVar[tuple[str, ...]] = ("type", "state", "number", "expiration_date")
    type: Text = None
    state: Text = None
    number: Text = None
    expiration_date: Day = None
    compact: Evidenced[bool] | None = None


@dataclass(frozen=True, slots=True)
class Certification(Part):
    """A certification under its catalog name (BLS, ACLS...), issuer as written."""

    FIELDS: ClassVar[tuple[str, ...]] = ("name", "issuer", "date", "expiration_date")
    name: Text = None
    issuer: Text = None
    date: Day = None
    expiration_date: Day = None


@dataclass(frozen=True, slots=True)
class Experience(Part):
    """A job; ``specialty`` is a specialty name of the master catalog, ``current`` set when
    the end is written "Present" (then ``end_date`` is ``None``)."""

    FIELDS: ClassVar[tuple[str, ...]] = (
        "company",
        "title",
        "location",
        "start_date",
        "end_date",
        "description",
    )
    company: Text = None
    title: Text = None
    location: Text = None
    start_date: Day = None
    end_date: Day = None
    description: Text = None
    specialty: Text = None
    current: Evidenced[bool] | None = None


@dataclass(frozen=True, slots=True)
class Education(Part):
    FIELDS: ClassVar[tuple[str, ...]] = ("institution", "degree", "field", "start_date", "end_date")
    institution: Text = None
    degree: Text = None
    field: Text = None
    start_date: Day = None
    end_date: Day = None


@dataclass(frozen=True, slots=True)
class ParsedResume:
    contact_info: ContactInfo = dataclasses.field(default_factory=ContactInfo)
    education: tuple[Education, ...] = ()
    experience: tuple[Experience, ...] = ()
    skills: tuple[Evidenced[str], ...] = ()
    certifications: tuple[Certification, ...] = ()
    licenses: tuple[License, ...] = ()

    def structured_data(self) -> dict[str, Any]:
        """``parsed_resumes.structured_data`` (docs/database-schema.md section 3.1)."""
        return {
            "contact_info": self.contact_info.row(),
            "education": [e.row() for e in self.education],
            "experience": [e.row() for e in self.experience],
            "skills": [s.value for s in self.skills],
            "certifications": [c.row() for c in self.certifications],
            "licenses": [lic.row() for lic in self.licenses],
        }

    def details(self) -> dict[str, Any]:
        """Confidence and evidence of every value, in lists parallel to structured_data's."""
        return {
            "contact_info": self.contact_info.field_details(),
            "licenses": [
                {
                    "compact": lic.compact.value if lic.compact is not None else None,
                    "fields": lic.field_details(),
                }
                for lic in self.licenses
            ],
            "certifications": [{"fields": c.field_details()} for c in self.certifications],
            "experience": [
                {
                    "specialty": e.specialty.value if e.specialty is not None else None,
                    "current": e.current is not None and e.current.value,
                    "fields": e.field_details(),
                }
                for e in self.experience
            ],
            "education": [{"fields": e.field_details()} for e in self.education],
            "skills": [s.detail() for s in self.skills],
        }
