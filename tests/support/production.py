"""Settings and process environments of a complete production configuration.

The session's services (embedded, on free ports) stand in for the managed ones: their
URLs are given explicitly, as a deployment gives its managed services' URLs, so
``APP_ENV=production`` starts (``config.settings.production_problems`` finds nothing).
"""

from __future__ import annotations

import secrets
from typing import Any

from pydantic import SecretStr

from config.settings import Settings

PUBLIC_URL = "https://careers.example.com"
# Only ever sent to, never called: the API answers without LaborEdge, and the tasks these
# tests run (resume parsing) do not sync.
LABOREDGE_URL = "https://laboredge.example.com:9000"


def production_settings(base: Settings, **overrides: Any) -> Settings:
    """``base`` with every production requirement met, then ``overrides`` (field names)."""
    values: dict[str, Any] = {
        "app_env": "production",
        "database_url": base.effective_database_url,
        "mongodb_url": base.effective_mongodb_url,
        "redis_url": base.effective_redis_url,
        "public_base_url": PUBLIC_URL,
        "laboredge_api_url": LABOREDGE_URL,
        "laboredge_webhook_secret": SecretStr(secrets.token_urlsafe(32)),
        "ops_token": SecretStr(secrets.token_urlsafe(32)),
        "smtp_host": base.smtp_host or "127.0.0.1",
    }
    values.update(overrides)
    return base.model_copy(update=values)


def process_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment variables that give a new process ``settings`` (what compose sets).

    Only what differs from a default is named, plus the stores; ``extra`` overrides.
    """
    env = {
        "APP_ENV": settings.app_env,
        "DATABASE_URL": settings.effective_database_url,
        "MONGODB_URL": settings.effective_mongodb_url,
        "MONGODB_DB": settings.mongodb_db,
        "REDIS_URL": settings.effective_redis_url,
        "DATA_DIR": str(settings.data_dir),
        "PUBLIC_BASE_URL": settings.public_base_url,
        "LABOREDGE_API_URL": settings.laboredge_api_url,
        "LABOREDGE_WEBHOOK_SECRET": settings.laboredge_webhook_secret.get_secret_value(),
        "OPS_TOKEN": settings.ops_token.get_secret_value(),
        "SMTP_HOST": settings.smtp_host,
        "SMTP_PORT": str(settings.smtp_port),
        "SMTP_STARTTLS": str(settings.smtp_starttls).lower(),
        "LOG_JSON": "false",
        "OPENAI_API_KEY": "",
        "OPENAI_BASE_URL": "",
    }
    env.update(extra)
    return env
