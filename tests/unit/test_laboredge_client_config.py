"""The LaborEdge client's connection settings and its header/token helpers (no HTTP)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from config.settings import Settings
from workers.laboredge.auth import jwt_expiry
from workers.laboredge.config import SIMULATOR_CREDENTIALS, LaborEdgeConfig, default_auth_url
from workers.laboredge.transport import parse_retry_after


def test_config_for_the_simulator_and_the_real_host() -> None:
    cfg = LaborEdgeConfig.for_simulator("http://127.0.0.1:8900/", page_size=100)
    assert cfg.api_url == "http://127.0.0.1:8900"
    assert cfg.auth_url == "http://127.0.0.1:8900/auth/oauth2/token"
    assert cfg.username == SIMULATOR_CREDENTIALS.username
    assert cfg.page_size == 100 and cfg.is_simulator
    assert SIMULATOR_CREDENTIALS.password not in repr(cfg)
    assert SIMULATOR_CREDENTIALS.client_secret not in repr(cfg)
    assert (
        default_auth_url("https://api-nexus.laboredge.com:9000")
        == "https://api-nexus.laboredge.com/auth/oauth2/token"
    )
    with pytest.raises(ValueError):
        LaborEdgeConfig.for_simulator("http://x", page_size=0)


def _settings_like(**overrides: Any) -> Any:
    values: dict[str, Any] = {
        "laboredge_api_url": "",
        "laboredge_auth_url": "",
        "laboredge_organization_id": "",
        "laboredge_organization_code": "",
        "laboredge_offering_id": "",
        "laboredge_username": "",
        "laboredge_password": "",
        "laboredge_client_id": "",
        "laboredge_client_secret": "",
        "laboredge_timeout_s": 12.0,
        "laboredge_page_size": 250,
        "laboredge_max_retries": 3,
        "laboredge_backoff_base_s": 0.2,
        "laboredge_backoff_max_s": 8.0,
        "laboredge_retry_after_max_s": 30.0,
        "laboredge_sim_port": 8900,
        "laboredge_webhook_secret": "",
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def test_config_from_settings_values() -> None:
    sim = LaborEdgeConfig.from_settings(_settings_like(laboredge_sim_port=8912))
    assert sim.is_simulator
    assert (sim.api_url, sim.auth_url) == (
        "http://127.0.0.1:8912",
        "http://127.0.0.1:8912/auth/oauth2/token",
    )
    assert (sim.username, sim.organization_code) == (
        SIMULATOR_CREDENTIALS.username,
        SIMULATOR_CREDENTIALS.organization_code,
    )
    assert (sim.timeout_s, sim.page_size, sim.max_retries) == (12.0, 250, 3)

    class Secret:
        def get_secret_value(self) -> str:
            return "s3cret"

    real = LaborEdgeConfig.from_settings(
        _settings_like(
            laboredge_api_url="https://api-nexus.laboredge.com:9000/",
            laboredge_organization_id=77,
            laboredge_organization_code="EMS",
            laboredge_offering_id="5",
            laboredge_username="svc",
            laboredge_password=Secret(),
            laboredge_client_id="cid",
            laboredge_client_secret="csecret",
            laboredge_webhook_secret="hook",
        )
    )
    assert not real.is_simulator
    assert real.api_url == "https://api-nexus.laboredge.com:9000"
    assert real.auth_url == "https://api-nexus.laboredge.com/auth/oauth2/token"
    assert (real.organization_id, real.offering_id, real.password) == ("77", "5", "s3cret")
    assert (real.client_id, real.client_secret, real.webhook_secret) == ("cid", "csecret", "hook")


def test_config_from_settings() -> None:
    if "laboredge_api_url" not in Settings.model_fields:
        pytest.skip("LABOREDGE_* settings not added yet")
    sim = LaborEdgeConfig.from_settings(Settings(LABOREDGE_SIM_PORT=8911))  # type: ignore[call-arg]
    assert sim.is_simulator and sim.api_url == "http://127.0.0.1:8911"
    assert sim.client_id == SIMULATOR_CREDENTIALS.client_id
    real = LaborEdgeConfig.from_settings(
        Settings(  # type: ignore[call-arg]
            LABOREDGE_API_URL="https://api-nexus.laboredge.com:9000",
            LABOREDGE_ORGANIZATION_CODE="ORG",
            LABOREDGE_USERNAME="u",
            LABOREDGE_PASSWORD="p",
        )
    )
    assert not real.is_simulator
    assert real.auth_url == "https://api-nexus.laboredge.com/auth/oauth2/token"
    assert (real.organization_code, real.username, real.password) == ("ORG", "u", "p")


def test_retry_after_and_jwt_helpers() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("0.25") == 0.25
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    now = datetime.datetime(2025, 1, 1, 12, 0, 0, tzinfo=datetime.UTC).timestamp()
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:05 GMT", now=now) == 5.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now=now) == 0.0
    token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjE3MDAwMDAwMDB9.sig"  # {"exp":1700000000}
    assert jwt_expiry(token) == 1_700_000_000.0
    assert jwt_expiry("opaque-token") is None
    assert jwt_expiry("a.!!!.c") is None
