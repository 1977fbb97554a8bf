"""The import contracts of pyproject.toml bite: a wrong-way import or a cycle fails `make test`.

`make test` runs `lint-imports` on the real tree; these tests run it on a copy of the
tree with one bad import added, so a contract that silently stopped matching anything
(a renamed package, a typo in a module name) is noticed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.settings import PROJECT_ROOT

PACKAGES = ("config", "prompts", "data_layer", "tools", "assistant", "workers", "cli", "devstack")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    for package in PACKAGES:
        shutil.copytree(
            PROJECT_ROOT / package,
            root / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.js", "*.md"),
        )
    shutil.copy(PROJECT_ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # The copy comes first on the path, ahead of the editable install of the real tree.
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def add_import(tree_copy: Path) -> Iterator[object]:
    touched: dict[Path, str] = {}

    def add(module: str, statement: str) -> None:
        path = tree_copy / (module.replace(".", "/") + ".py")
        if not path.exists():
            path = tree_copy / module.replace(".", "/") / "__init__.py"
        touched.setdefault(path, path.read_text())
        path.write_text(path.read_text() + f"\n{statement}\n")

    yield add
    for path, text in touched.items():
        path.write_text(text)


def test_the_real_tree_keeps_every_contract(tree_copy: Path) -> None:
    result = _lint(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


@pytest.mark.parametrize(
    ("module", "statement", "contract"),
    [
        ("data_layer.jobs.search", "import tools.context", "Layers"),
        ("data_layer.db.engine", "import workers.celery_app", "Layers"),
        ("tools.context", "import assistant.app", "Layers"),
        ("config.settings", "import data_layer.models", "Layers"),
        ("workers.health", "import assistant.app", "Layers"),
        ("assistant.app", "import workers.sync.pipeline", "Layers"),
        ("workers.sync.pipeline", "import tools.context", "never through the tools"),
        ("assistant.app", "import devstack.services", "never imports the dev stand-ins"),
        ("data_layer.jobs.search", "import data_layer.jobs.featured", "No import cycles"),
    ],
)
def test_a_wrong_way_import_breaks_a_contract(
    tree_copy: Path, add_import: object, module: str, statement: str, contract: str
) -> None:
    add_import(module, statement)  # type: ignore[operator]
    result = _lint(tree_copy)
    assert result.returncode != 0, f"{statement} in {module} was accepted"
    # lint-imports wraps long contract names: compare with whitespace collapsed.
    broken = " ".join(result.stdout.split("Broken contracts", 1)[-1].split())
    assert contract in broken, result.stdout


def test_importing_the_sync_pipeline_builds_no_celery_app() -> None:
    code = (
        "import sys, workers.sync.pipeline, cli.sync;"
        "print('workers.celery_app' in sys.modules, 'celery' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    ).stdout.split()
    assert out == ["False", "False"], out
