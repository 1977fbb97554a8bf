"""Celery tasks of change data capture: drain the job events, re-plan the marked pages."""
