"""Development stand-ins, never imported by production code (only by :mod:`cli` and tests).

* :mod:`devstack.services` - embedded PostgreSQL, MongoDB wire server and Redis;
* :mod:`devstack.runner` - `make run`: every process in the foreground;
* :mod:`devstack.seeding` - first-run data: the master catalog and the demo data;
* :mod:`devstack.laboredge_simulator` - a local server speaking the LaborEdge API;
* :mod:`devstack.demo_data` - deterministic demo jobs, candidates and activity;
* :mod:`devstack.fakes` - the fake people and places both of them draw (``names.json``).
"""
