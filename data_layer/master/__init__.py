"""Master data: professions, specialties, states, cities, certifications, statuses.

* :mod:`.catalog` - the bundled catalog (JSON in ``data/``) with synonyms; seeds an empty database;
* :mod:`.loader` - idempotent upsert of the catalog into PostgreSQL;
* :mod:`.lookup` - the master tables as read from PostgreSQL (names, ids).
* :mod:`.vocabulary` - the names the offline chat understands: the master tables' names with
  the catalog's synonyms, and a cheap fingerprint telling when they changed.
"""
