"""Master data and demo data.

* :mod:`data_layer.seed.master_data` - the bundled master data (JSON in ``data/``), typed
  and cached; no database needed (the offline NLU and the LaborEdge simulator read it).
* :mod:`data_layer.seed.master_loader` - idempotent upsert of that data into PostgreSQL.
* :mod:`data_layer.seed.demo` - deterministic, idempotent demo jobs, candidates and
  activity.

Import the submodules directly; this package imports nothing so that reading master data
stays free of SQLAlchemy.
"""
