"""`make run` gives the API an ops token and tells the operator how to use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from config.settings import Settings
from devstack.runner import _child_env, _ops_hint

BASE = "http://127.0.0.1:8000"


def test_a_local_run_makes_up_a_token_and_shows_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("OPS_TOKEN", raising=False)
    settings = Settings(OPS_TOKEN="", DATA_DIR=tmp_path)
    env = _child_env(settings)
    assert len(env["OPS_TOKEN"]) >= 24
    assert _child_env(settings)["OPS_TOKEN"] != env["OPS_TOKEN"]  # not a fixed default
    assert _ops_hint(settings, env, BASE) == (
        f"curl -H 'Authorization: Bearer {env['OPS_TOKEN']}' {BASE}/ops/sync"
    )


def test_a_configured_token_is_passed_on_but_never_printed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("OPS_TOKEN", "s3cret-ops")
    settings = Settings(DATA_DIR=tmp_path)
    env = _child_env(settings)
    assert env["OPS_TOKEN"] == "s3cret-ops"
    hint = _ops_hint(settings, env, BASE)
    assert "s3cret-ops" not in hint and "$OPS_TOKEN" in hint

    monkeypatch.delenv("OPS_TOKEN")
    from_settings = Settings(OPS_TOKEN=SecretStr("from-file"), DATA_DIR=tmp_path)
    env = _child_env(from_settings)
    assert env["OPS_TOKEN"] == "from-file"
    assert "from-file" not in _ops_hint(from_settings, env, BASE)
