"""Content drafting in the background: Celery tasks and the model engine."""
