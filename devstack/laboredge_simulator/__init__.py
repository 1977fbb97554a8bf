"""A local LaborEdge: same protocol as the real API, deterministic data, faults on demand.

``create_simulator_app(SimulatorConfig(...))`` returns an ASGI app serving

* ``POST /auth/oauth2/token`` - OAuth2 password and refresh_token grants. HTTP
  Basic client credentials, ``organizationCode`` required in the form, the
  query string AND the ``organizationCode`` header. Answers ``acess_token`` (sic),
  ``refresh_token`` (single use), ``expires_in`` and a JWT-shaped token with ``exp``.
* ``GET /api/api-integration/v1/master/{name}`` - the ten master lists; the ids
  are the ``external_id``s of :mod:`data_layer.master.catalog`.
* ``POST /api/leap-service/v1/unsecured/jobboard/organization/{org}?offeringId=``
  - the job board search (filters + ``pagingSortingDetails``; ``{"records",
  "count"}``) and ``GET .../job/{jobId}`` (404 when unknown or closed). Beyond the
  documented filters it accepts ``modifiedSince`` (ISO timestamp).
* candidate search, create and update (in memory).

It changes over time and misbehaves through an admin API (``/__sim/...``): jobs are
added, updated, closed and reopened; faults are 429s with Retry-After, 500s, slow pages,
dropped connections, expired tokens and malformed records.

Modules:

* :mod:`.config` - :class:`SimulatorConfig` and :class:`FaultConfig`;
* :mod:`.records` - the generated LaborEdge-shaped job records (:func:`generate_job`);
* :mod:`.master` - the master lists (:func:`master_lists`);
* :mod:`.board` - the job board: search, paging, changes, malformed records;
* :mod:`.state` - one simulator's board, tokens, candidates, faults and counters;
* :mod:`.api` / :mod:`.admin` - the LaborEdge endpoints and the ``/__sim`` ones;
* :mod:`.server` - the ASGI app with request-level faults, :func:`run_simulator` and
  :class:`SimulatorServer` (a background thread, for tests).
"""

from devstack.laboredge_simulator.config import FaultConfig, SimulatorConfig
from devstack.laboredge_simulator.master import master_lists
from devstack.laboredge_simulator.records import (
    MALFORMED_KINDS,
    UNKNOWN_PROFESSION_ID,
    generate_job,
    malform,
)
from devstack.laboredge_simulator.server import (
    SimulatedConnectionDrop,
    SimulatorApp,
    SimulatorServer,
    create_simulator_app,
    run_simulator,
)
from devstack.laboredge_simulator.state import SimulatorState

__all__ = [
    "MALFORMED_KINDS",
    "UNKNOWN_PROFESSION_ID",
    "FaultConfig",
    "SimulatedConnectionDrop",
    "SimulatorApp",
    "SimulatorConfig",
    "SimulatorServer",
    "SimulatorState",
    "create_simulator_app",
    "generate_job",
    "malform",
    "master_lists",
    "run_simulator",
]
