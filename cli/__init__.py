"""`python -m assistant <command>`: the composition root that wires services, migrations,
seed data, the foreground sync and `make run` (the only production-side importer of
:mod:`devstack`).
"""
