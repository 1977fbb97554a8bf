"""Everything the LaborEdge sync writes (and the few reads it needs).

The worker (``workers/laboredge``, ``workers/sync``) fetches and maps; its writes
go through these modules. Every function takes an ``AsyncSession`` or an
``AsyncConnection`` (:data:`data_layer.sync.sql.Executor`), uses Core/SQL
statements only and never commits: the caller owns the transaction (one per
page is the intended use).

* :mod:`.jobs` - bulk upserts of jobs with their certifications and rates;
* :mod:`.closing` - closing the jobs that left the board;
* :mod:`.runs` - the ``sync_runs`` records (counters, status, resume cursor);
* :mod:`.locks` - the advisory lock that lets one sync run at a time;
* :mod:`.quarantine` - records that could not be stored, with the reasons;
* :mod:`.master` - master lists by LaborEdge id, and the lookups of the mapper;
* :mod:`.sql` - the ``unnest`` building blocks of the bulk statements.
"""
