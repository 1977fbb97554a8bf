"""LaborEdge sync: the plain orchestration and its Celery wrappers.

* :mod:`.pipeline` - the entry points (``run_sync``, ``run_refresh``, ``run_master_sync``,
  ``run_embeddings``, ...), the full, incremental and refresh runs;
* :mod:`.options` - :class:`~.options.SyncOptions` and the progress it reports;
* :mod:`.run` - one locked run's state and lifecycle (begin, resume, finish);
* :mod:`.scan` - paging the board, triage of each page, one transaction a page;
* :mod:`.closing` - closing the jobs that left the board, confirmed one by one;
* :mod:`.master` - the master lists within a run;
* :mod:`.tasks` - the Celery tasks (the only module that builds the Celery app).
"""
