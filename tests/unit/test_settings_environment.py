"""The deployment mode is read from APP_ENV only: a shell's own variables never switch it."""

from __future__ import annotations

import pytest

from config.settings import Settings


def test_a_shells_env_variable_does_not_change_the_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    # POSIX shells read ENV as the path of a startup file; it is not ours.
    monkeypatch.setenv("ENV", "/home/nurse/.shinit")
    monkeypatch.delenv("APP_ENV", raising=False)
    assert Settings().app_env == "development"  # type: ignore[call-arg]


def test_app_env_selects_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    assert Settings().app_env == "production"  # type: ignore[call-arg]
