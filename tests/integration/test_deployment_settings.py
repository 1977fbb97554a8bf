"""APP_ENV=production refuses every development default and guessable secret, one line each,
in the API, the Celery worker and beat, and the development launcher; a complete production
configuration starts."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from assistant.app import create_app
from cli.main import main
from config.settings import (
    PROJECT_ROOT,
    ProductionSettingsError,
    Settings,
    get_settings,
    production_problems,
)
from tests.support.production import process_env, production_settings


def _problems(settings: Settings) -> dict[str, str]:
    """Each problem line by the setting it names first."""
    return {line.split(" ", 1)[0]: line for line in production_problems(settings)}


def test_a_complete_production_configuration_starts(stack_settings: Settings) -> None:
    settings = production_settings(stack_settings)
    assert production_problems(settings) == []
    create_app(settings)
    # Development checks nothing: the defaults are what `make run` is made of.
    assert production_problems(Settings(APP_ENV="development")) == []


def test_every_development_default_is_one_line_of_the_refusal() -> None:
    settings = Settings(APP_ENV="production", SMTP_HOST="")
    with pytest.raises(ProductionSettingsError) as refused:
        create_app(settings)
    lines = str(refused.value).splitlines()
    assert lines[0] == f"APP_ENV=production refuses to start ({len(lines) - 1} problems):"
    assert lines[1:] == [f"  - {problem}" for problem in refused.value.problems]
    named = _problems(settings)
    assert set(named) == {
        "DATABASE_URL",
        "MONGODB_URL",
        "REDIS_URL",
        "LABOREDGE_WEBHOOK_SECRET",
        "PUBLIC_BASE_URL",
        "LABOREDGE_API_URL",
        "SMTP_HOST",
    }
    assert "embedded development PostgreSQL on 127.0.0.1:55432" in named["DATABASE_URL"]
    assert "http://127.0.0.1:8000" in named["PUBLIC_BASE_URL"]
    assert "simulator" in named["LABOREDGE_API_URL"]
    assert refused.value.code == str(refused.value)  # SystemExit: printed, exit status 1


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("database_url", "postgresql://postgres:postgres@db.internal/assistant", "DATABASE_URL"),
        ("database_url", "postgresql://assistant:assistant@db.internal/assistant", "DATABASE_URL"),
        ("mongodb_url", "mongodb://root:example@mongo.internal:27017/", "MONGODB_URL"),
        ("redis_url", "redis://:CHANGE-ME-redis@redis.internal:6379/0", "REDIS_URL"),
        (
            "laboredge_webhook_secret",
            SecretStr("change-me-" + "x" * 30),
            "LABOREDGE_WEBHOOK_SECRET",
        ),
        ("ops_token", SecretStr("ops-token"), "OPS_TOKEN"),
        ("ops_token", SecretStr("changeme" * 5), "OPS_TOKEN"),
        ("public_base_url", "http://careers.example.com", "PUBLIC_BASE_URL"),
        ("smtp_password", SecretStr("password"), "SMTP_PASSWORD"),
        ("resume_s3_access_key_id", "minioadmin", "RESUME_S3_ACCESS_KEY_ID"),
        ("resume_s3_secret_access_key", SecretStr("minioadmin"), "RESUME_S3_SECRET_ACCESS_KEY"),
    ],
)
def test_a_guessable_secret_is_refused_without_being_shown(
    stack_settings: Settings, field: str, value: object, named: str
) -> None:
    settings = production_settings(stack_settings, **{field: value})
    [problem] = production_problems(settings)
    assert problem.startswith(named + " ")
    secret = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
    for part in ("postgres:postgres", "assistant:assistant", "example", "CHANGE-ME", secret):
        if named != "PUBLIC_BASE_URL":
            assert part not in problem


def test_an_empty_ops_token_is_allowed_it_turns_the_ops_endpoints_off(
    stack_settings: Settings,
) -> None:
    assert production_problems(production_settings(stack_settings, ops_token=SecretStr(""))) == []


@pytest.fixture
def production_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in list(os.environ):
        if name.isupper() and name not in {"PATH", "HOME", "LANG", "TMPDIR"}:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("APP_ENV", "production")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_development_launcher_refuses_production(
    production_environment: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # `run` would start embedded services and load demo data into an empty database.
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "development launcher" in err and "Traceback" not in err


def test_a_celery_worker_on_development_defaults_stops_with_the_problems(
    stack_settings: Settings,
) -> None:
    env = process_env(production_settings(stack_settings), SMTP_HOST="", PUBLIC_BASE_URL="")
    env.pop("DATABASE_URL")
    finished = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--pool", "solo"],
        env={"PATH": os.environ.get("PATH", ""), **env},
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 1, finished.stderr[-2000:]
    assert "APP_ENV=production refuses to start (3 problems):" in finished.stderr
    for name in ("DATABASE_URL is not set", "PUBLIC_BASE_URL is not set", "SMTP_HOST is not set"):
        assert f"  - {name}" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert "ready." not in finished.stdout + finished.stderr  # it never consumed a task
