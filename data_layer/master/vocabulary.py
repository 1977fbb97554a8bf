"""The master-data words the chat understands: names from PostgreSQL, synonyms from the catalog.

The offline NLU recognises professions, specialties and states by name. The names are those
of the master tables, which the LaborEdge master-data sync keeps current (a specialty
LaborEdge adds becomes a row); the words people use for them ("tele", "critical care",
"cali") come from the bundled catalog, matched to a row by its LaborEdge id, else by its
name. A row the catalog does not know is named by its name and simple variants of it
(:func:`name_variants`). A database without professions (before the first seed or sync) is
read as the bundled catalog.

:func:`master_fingerprint` tells in one cheap query whether any of those rows changed, so a
process can keep its vocabulary current without reading the tables for every message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from data_layer.master import catalog as md
from data_layer.models import Profession, Specialty, State

__all__ = [
    "MasterVocabulary",
    "NamedProfession",
    "NamedSpecialty",
    "NamedState",
    "catalog_vocabulary",
    "master_fingerprint",
    "name_variants",
    "read_vocabulary",
]

Executor = AsyncSession | AsyncConnection


@dataclass(frozen=True, slots=True)
class NamedProfession:
    key: int
    """LaborEdge's id (``external_id``); minus our row id for a row that has none."""
    name: str
    """The canonical name the job search filters on."""
    terms: frozenset[str]
    """Every normalized term naming it: name, abbreviation, synonyms."""


@dataclass(frozen=True, slots=True)
class NamedSpecialty:
    key: int
    """LaborEdge's id (``external_id``); minus our row id for a row that has none."""
    profession_key: int
    name: str
    terms: frozenset[str]


@dataclass(frozen=True, slots=True)
class NamedState:
    code: str
    """USPS code, e.g. ``"TX"``."""
    name: str
    terms: frozenset[str]
    """Name and synonyms; the code is matched apart (it is often a word: "or", "in", "me")."""


@dataclass(frozen=True, slots=True)
class MasterVocabulary:
    """Professions, specialties and states with the words naming them (hashable, comparable)."""

    professions: tuple[NamedProfession, ...]
    """In LaborEdge id order: the order in which ties between professions are broken."""
    specialties: tuple[NamedSpecialty, ...]
    states: tuple[NamedState, ...]
    source: Literal["database", "catalog"] = field(default="catalog", compare=False)
    """Where the names came from. Not compared: a database seeded from the catalog reads as
    a vocabulary equal to the catalog's, so both share one compiled lexicon."""


_PARENTHESIZED = re.compile(r"\(([^)]*)\)")


def name_variants(name: str) -> frozenset[str]:
    """The normalized ways to write a name the catalog has no synonyms for.

    The whole name, the name without a parenthesized part and that part alone ("Hyperbaric
    Medicine (HBOT)" -> "hyperbaric medicine", "hbot"), and hyphenated words joined as well
    as apart ("Step-Down" -> "step down", "stepdown").
    """
    variants = {name, _PARENTHESIZED.sub(" ", name), *_PARENTHESIZED.findall(name)}
    variants.update([v.replace("-", "") for v in variants if "-" in v])
    return frozenset(t for t in (md.normalize_term(v) for v in variants) if t)


@cache
def catalog_vocabulary() -> MasterVocabulary:
    """The bundled catalog's vocabulary: the fallback for an empty database."""
    return MasterVocabulary(
        professions=tuple(
            NamedProfession(p.external_id, p.name, p.terms) for p in md.professions()
        ),
        specialties=tuple(
            NamedSpecialty(s.external_id, s.profession_external_id, s.name, s.terms)
            for s in md.specialties()
        ),
        states=tuple(NamedState(s.code, s.name, s.terms) for s in md.states()),
        source="catalog",
    )


@cache
def _catalog_specialties_by_name() -> dict[tuple[int, str], md.SpecialtyInfo]:
    return {(s.profession_external_id, md.normalize_term(s.name)): s for s in md.specialties()}


@cache
def _catalog_professions_by_name() -> dict[str, md.ProfessionInfo]:
    return {md.normalize_term(p.name): p for p in md.professions()}


def _catalog_profession(external_id: int | None, name: str) -> md.ProfessionInfo | None:
    if external_id is not None:
        try:
            return md.profession_by_external_id(external_id)
        except KeyError:
            pass
    return _catalog_professions_by_name().get(md.normalize_term(name))


def _catalog_specialty(
    external_id: int | None, profession_key: int, name: str
) -> md.SpecialtyInfo | None:
    if external_id is not None:
        try:
            return md.specialty_by_external_id(external_id)
        except KeyError:
            pass
    return _catalog_specialties_by_name().get((profession_key, md.normalize_term(name)))


def _terms(name: str, known: frozenset[str] | None) -> frozenset[str]:
    # A row the catalog knows keeps exactly the catalog's words (plus its current name), so a
    # seeded database understands what the catalog does; a new row gets its name's variants.
    if known is None:
        return name_variants(name)
    return known | {md.normalize_term(name)}


def _key(external_id: int | None, row_id: int) -> int:
    return external_id if external_id is not None else -row_id


async def read_vocabulary(db: Executor) -> MasterVocabulary:
    """The active professions, specialties and states of the database, with their words.

    Specialties without a (known, active) profession are left out: the NLU resolves a
    specialty under its profession. A database without professions reads as
    :func:`catalog_vocabulary`; one without states takes the catalog's states.
    """
    profession_rows = (
        await db.execute(
            select(Profession.id, Profession.external_id, Profession.name)
            .where(Profession.active)
            .order_by(Profession.external_id.asc().nulls_last(), Profession.id)
        )
    ).all()
    if not profession_rows:
        return catalog_vocabulary()
    specialty_rows = (
        await db.execute(
            select(Specialty.id, Specialty.external_id, Specialty.name, Specialty.profession_id)
            .where(Specialty.active, Specialty.profession_id.is_not(None))
            .order_by(Specialty.external_id.asc().nulls_last(), Specialty.id)
        )
    ).all()
    state_rows = (
        await db.execute(
            select(State.code, State.name)
            .where(State.active)
            .order_by(State.external_id.asc().nulls_last(), State.id)
        )
    ).all()

    professions: list[NamedProfession] = []
    profession_keys: dict[int, int] = {}
    for row_id, external_id, name in profession_rows:
        known = _catalog_profession(external_id, name)
        key = _key(external_id, row_id)
        profession_keys[row_id] = key
        professions.append(NamedProfession(key, name, _terms(name, known.terms if known else None)))
    specialties: list[NamedSpecialty] = []
    for row_id, external_id, name, profession_id in specialty_rows:
        profession_key = profession_keys.get(profession_id)
        if profession_key is None:
            continue
        known_specialty = _catalog_specialty(external_id, profession_key, name)
        specialties.append(
            NamedSpecialty(
                _key(external_id, row_id),
                profession_key,
                name,
                _terms(name, known_specialty.terms if known_specialty else None),
            )
        )
    catalog_states = {s.code: s for s in md.states()}
    states = tuple(
        NamedState(
            code.upper(),
            name,
            _terms(name, known.terms if (known := catalog_states.get(code.upper())) else None),
        )
        for code, name in state_rows
        if code
    )
    return MasterVocabulary(
        professions=tuple(professions),
        specialties=tuple(specialties),
        states=states or catalog_vocabulary().states,
        source="database",
    )


_FINGERPRINT_SQL = text(
    """
    SELECT md5(concat_ws('#',
        (SELECT string_agg(format('%s|%s|%s|%s', id, external_id, name, active), ','
                           ORDER BY id) FROM professions),
        (SELECT string_agg(format('%s|%s|%s|%s|%s', id, external_id, profession_id, name,
                                  active), ',' ORDER BY id) FROM specialties),
        (SELECT string_agg(format('%s|%s|%s|%s', id, code, name, active), ','
                           ORDER BY id) FROM states)))
    """
)


async def master_fingerprint(db: Executor) -> str:
    """A digest of every row :func:`read_vocabulary` reads: it changes when any of them does.

    One query over a few hundred small rows (well under a millisecond on the server), so it
    can be asked often; it sees a master-data sync, a seed or a hand edit alike.
    """
    return str(await db.scalar(_FINGERPRINT_SQL))
