"""Importing the sync builds no Celery app: the CLI, the bench and tests run it without one.

Each check runs in a fresh interpreter (a subprocess), because this test session
may have imported Celery already. Only ``workers.sync.tasks`` (the Celery
wrappers) may build the app.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import workers.laboredge
import workers.sync
from config.settings import PROJECT_ROOT

TASKS_MODULE = "workers.sync.tasks"

_REPORT_CELERY = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(
    m for m in sys.modules
    if m in ("workers.celery_app", "workers.sync.tasks", "celery") or m.startswith("celery.")
)))
"""


def _celery_modules_after_importing(modules: list[str]) -> list[str]:
    """The Celery modules (ours and the library's) loaded by importing ``modules``."""
    result = subprocess.run(
        [sys.executable, "-c", _REPORT_CELERY, *modules],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def _sync_modules() -> list[str]:
    """Every module of the sync and of the LaborEdge client but the Celery tasks."""
    return sorted(
        module.name
        for package in (workers.sync, workers.laboredge)
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")
        if module.name != TASKS_MODULE
    )


def test_importing_the_pipeline_builds_no_celery_app() -> None:
    assert _celery_modules_after_importing(["workers.sync.pipeline"]) == []


def test_no_module_of_the_sync_but_the_tasks_imports_celery() -> None:
    modules = _sync_modules()
    assert {"workers.sync.pipeline", "workers.sync.run", "workers.laboredge.client"} <= set(modules)
    assert _celery_modules_after_importing(modules) == []


def test_the_tasks_module_does_build_it() -> None:
    """The check sees a Celery app when there is one (so the checks above can fail)."""
    loaded = _celery_modules_after_importing([TASKS_MODULE])
    assert {"workers.celery_app", "celery"} <= set(loaded)
