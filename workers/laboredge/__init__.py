"""LaborEdge (the agency's ATS): the API client and the mapping of its job records.

* :mod:`.client` - :class:`~.client.LaborEdgeClient` (master lists, job board, candidates),
  over :mod:`.transport` (timeouts, retries, backoff) and :mod:`.auth` (OAuth2 token);
  :mod:`.errors` - how a call fails; :mod:`.config` - connection settings;
* :mod:`.mapping` - a job record -> our rows (:mod:`.mapped`), reading values with
  :mod:`.fields` and master references with :mod:`.master_refs`.
"""
