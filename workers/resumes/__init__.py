"""Resume parsing in the workers: the LLM engine (:mod:`.llm_engine`) and its Celery task."""
