"""The one settings object. Every configurable value of the service lives here.

Values come from environment variables (and a local `.env` file). No other
module reads `os.environ`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # --- stores: set a URL to use an external service; leave empty for the embedded one
    database_url: str = Field(
        "",
        alias="DATABASE_URL",
        description="PostgreSQL (with pgvector) URL, postgresql+asyncpg://...; empty = embedded",
    )
    mongodb_url: str = Field("", alias="MONGODB_URL", description="MongoDB URL; empty = embedded")
    mongodb_db: str = Field("excel_staffing", alias="MONGODB_DB", description="Mongo database name")
    redis_url: str = Field(
        "", alias="REDIS_URL", description="Redis URL for Celery; empty = embedded"
    )

    # --- embedded local services
    data_dir: Path = Field(
        PROJECT_ROOT / ".data",
        alias="DATA_DIR",
        description="Folder holding the embedded services' data",
    )
    pg_port: int = Field(55432, alias="PG_PORT", description="Embedded PostgreSQL port")
    mongo_port: int = Field(57017, alias="MONGO_PORT", description="Embedded MongoDB port")
    redis_port: int = Field(56379, alias="REDIS_PORT", description="Embedded Redis port")
    db_pool_size: int = Field(
        10, alias="DB_POOL_SIZE", description="SQLAlchemy pool size per process"
    )
    pg_database: str = Field("assistant", alias="PG_DATABASE", description="Embedded database name")

    # --- HTTP API
    api_host: str = Field("127.0.0.1", alias="API_HOST", description="API bind address")
    api_port: int = Field(8000, alias="API_PORT", description="API port")
    log_level: str = Field("INFO", alias="LOG_LEVEL", description="Log level")
    log_json: bool = Field(True, alias="LOG_JSON", description="JSON log lines (false = console)")
    health_timeout_s: float = Field(
        2.0, alias="HEALTH_TIMEOUT_S", description="Per-dependency timeout of /health"
    )

    # --- data
    analytics_retention_days: int = Field(
        400,
        alias="ANALYTICS_RETENTION_DAYS",
        description="TTL of analytics_events documents, in days",
    )
    demo_jobs: int = Field(5000, alias="DEMO_JOBS", description="Demo jobs seeded by `make run`")
    demo_candidates: int = Field(
        500, alias="DEMO_CANDIDATES", description="Demo candidates seeded by `make run`"
    )
    demo_seed: int = Field(42, alias="DEMO_SEED", description="Random seed of the demo data")

    # --- LaborEdge (the upstream ATS); an empty API URL means the bundled local simulator
    laboredge_api_url: str = Field(
        "", alias="LABOREDGE_API_URL", description="LaborEdge API base URL; empty = local simulator"
    )
    laboredge_auth_url: str = Field(
        "", alias="LABOREDGE_AUTH_URL", description="OAuth2 token URL; empty = derived from API URL"
    )
    laboredge_organization_id: str = Field(
        "", alias="LABOREDGE_ORGANIZATION_ID", description="organization id of job board paths"
    )
    laboredge_organization_code: str = Field(
        "", alias="LABOREDGE_ORGANIZATION_CODE", description="organizationCode for the token"
    )
    laboredge_offering_id: str = Field(
        "", alias="LABOREDGE_OFFERING_ID", description="offeringId of job board calls"
    )
    laboredge_username: str = Field(
        "", alias="LABOREDGE_USERNAME", description="integration user (password grant)"
    )
    laboredge_password: SecretStr = Field(
        SecretStr(""), alias="LABOREDGE_PASSWORD", description="integration user's password"
    )
    laboredge_client_id: str = Field(
        "", alias="LABOREDGE_CLIENT_ID", description="OAuth client id (HTTP Basic)"
    )
    laboredge_client_secret: SecretStr = Field(
        SecretStr(""), alias="LABOREDGE_CLIENT_SECRET", description="OAuth client secret"
    )
    laboredge_timeout_s: float = Field(
        30.0, alias="LABOREDGE_TIMEOUT_S", description="timeout of every LaborEdge call"
    )
    laboredge_page_size: int = Field(
        500, alias="LABOREDGE_PAGE_SIZE", description="rows per job board page"
    )
    laboredge_max_retries: int = Field(
        5, alias="LABOREDGE_MAX_RETRIES", description="retries after 429/5xx/timeouts/drops"
    )
    laboredge_backoff_base_s: float = Field(
        0.5, alias="LABOREDGE_BACKOFF_BASE_S", description="first retry delay (doubles, jitter)"
    )
    laboredge_backoff_max_s: float = Field(
        30.0, alias="LABOREDGE_BACKOFF_MAX_S", description="longest retry delay"
    )
    laboredge_retry_after_max_s: float = Field(
        60.0, alias="LABOREDGE_RETRY_AFTER_MAX_S", description="cap on a server's Retry-After"
    )
    laboredge_webhook_secret: SecretStr = Field(
        SecretStr("dev-webhook-secret"),
        alias="LABOREDGE_WEBHOOK_SECRET",
        description="HMAC secret of POST /webhooks/laboredge/jobs",
    )
    laboredge_sim_port: int = Field(
        8900, alias="LABOREDGE_SIM_PORT", description="port of the local LaborEdge simulator"
    )
    laboredge_sim_jobs: int = Field(
        5000, alias="LABOREDGE_SIM_JOBS", description="jobs served by the simulator of `make run`"
    )
    laboredge_sim_seed: int = Field(
        42, alias="LABOREDGE_SIM_SEED", description="random seed of the simulator's jobs"
    )

    # --- workers
    celery_worker_concurrency: int = Field(
        2, alias="CELERY_CONCURRENCY", description="Celery worker processes started by `make run`"
    )

    heartbeat_interval_s: int = Field(
        300, alias="HEARTBEAT_INTERVAL_S", description="Beat interval of the worker heartbeat task"
    )

    @property
    def database_is_external(self) -> bool:
        return bool(self.database_url)

    @property
    def mongodb_is_external(self) -> bool:
        return bool(self.mongodb_url)

    @property
    def redis_is_external(self) -> bool:
        return bool(self.redis_url)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return _force_asyncpg(self.database_url)
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.pg_port}/{self.pg_database}"

    @property
    def effective_mongodb_url(self) -> str:
        return self.mongodb_url or f"mongodb://127.0.0.1:{self.mongo_port}/"

    @property
    def effective_redis_url(self) -> str:
        return self.redis_url or f"redis://127.0.0.1:{self.redis_port}/0"


def _force_asyncpg(url: str) -> str:
    # SQLAlchemy 2.1 maps bare postgresql:// to psycopg 3, which we do not ship.
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
