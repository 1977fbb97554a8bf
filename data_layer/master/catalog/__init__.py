"""Master data of a US healthcare staffing agency, read from the JSON files in ``data/``.

Pure Python, no database: the offline NLU, the LaborEdge simulator, the demo seeder and
the master-data loader all read the same typed, cached records from here.

Vocabularies and how terms resolve (every lookup goes through :func:`normalize_term`):

* professions - name, abbreviation and synonyms, unique across professions
  (``"lvn"`` -> Licensed Practical Nurse, ``"resp therapist"`` -> Respiratory Therapist);
* specialties - belong to exactly one profession; names and synonyms are unique *within*
  a profession (``"critical care"`` -> RN ICU) and may repeat across professions
  (``"home health"`` exists for RN, LPN, PT...): pass the profession to disambiguate;
* states (name, synonyms, or the USPS code), countries, certifications;
* cities, keyed by (name, state code) since names repeat across states;
* shifts (concrete schedules such as ``"7p-7a"``) and shift terms (facets such as
  ``"nights"``, ``"12s"``, ``"3x12"`` that narrow the set of shifts).

External ids are LaborEdge-style integers (the ``external_id`` columns).

Modules: :mod:`.terms` (:func:`normalize_term`), :mod:`.records` (the typed records
read from ``data/``, and the by-id lookups), :mod:`.lookups` (term indexes, ``find_*``).
"""

# The package's names are its modules' public names (each module's ``__all__``).
from data_layer.master.catalog import lookups, records
from data_layer.master.catalog.lookups import *  # noqa: F403
from data_layer.master.catalog.records import *  # noqa: F403
from data_layer.master.catalog.terms import normalize_term

__all__ = [*lookups.__all__, *records.__all__, "normalize_term"]
