"""LaborEdge sync: :mod:`.pipeline` (plain orchestration) and :mod:`.tasks` (Celery wrappers)."""
