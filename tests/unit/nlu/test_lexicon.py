"""The lexicon follows the master data: a specialty the bundled catalog lacks is understood."""

from __future__ import annotations

import dataclasses

from assistant.agent.nlu import Intent, understand
from assistant.agent.nlu.lexicon import build_lexicon
from data_layer.master.vocabulary import (
    MasterVocabulary,
    NamedSpecialty,
    catalog_vocabulary,
    name_variants,
)
from tests.unit.nlu.helpers import RN, TODAY


def _with_specialty(name: str, profession: str = RN) -> MasterVocabulary:
    catalog = catalog_vocabulary()
    owner = next(p for p in catalog.professions if p.name == profession)
    added = NamedSpecialty(990_001, owner.key, name, name_variants(name))
    return dataclasses.replace(catalog, specialties=(*catalog.specialties, added))


def test_a_new_specialty_is_understood_by_its_name_and_simple_variants() -> None:
    lexicon = build_lexicon(_with_specialty("Hyperbaric Medicine (HBOT)"))
    for text in ("hyperbaric medicine jobs", "HBOT jobs in Texas", "Hyperbaric Medicin nurse"):
        meaning = understand(text, today=TODAY, lexicon=lexicon)
        assert meaning.intent is Intent.SEARCH, text
        assert meaning.filters.specialty == "Hyperbaric Medicine (HBOT)", text
        assert meaning.filters.profession == RN, text  # only RN has it
    # The bundled catalog alone does not know it: the words stay free text.
    assert understand("hyperbaric medicine jobs", today=TODAY).filters.as_dict() == {
        "query": "hyperbaric medicine"
    }


def test_hyphenated_names_are_understood_joined_or_apart() -> None:
    lexicon = build_lexicon(_with_specialty("Wound-Care Clinic", "Licensed Practical Nurse"))
    for text in ("woundcare clinic LPN jobs", "wound care clinic LPN jobs"):
        assert understand(text, today=TODAY, lexicon=lexicon).filters.as_dict() == {
            "profession": "Licensed Practical Nurse",
            "specialty": "Wound-Care Clinic",
        }
