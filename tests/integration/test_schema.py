"""The migrated database against docs/database-schema.md (section 2 and 5.1) and
the ON DELETE table of docs/data-model.md.

The spec is parsed, not copied: a table or column added to the document
without a migration fails here.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from data_layer.models import (
    Application,
    ApplicationStatus,
    Candidate,
    Job,
    JobEmbedding,
    JobType,
    User,
)

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_DOC = ROOT / "docs" / "database-schema.md"
DATA_MODEL_DOC = ROOT / "docs" / "data-model.md"

# --------------------------------------------------------------------- the spec


@dataclass(frozen=True)
class SpecColumn:
    table: str
    name: str
    spec: str  # text inside the parentheses, e.g. "FK -> users.id, nullable"

    @property
    def base_type(self) -> str:
        return self.spec.split(",")[0].split(":")[0].strip()

    @property
    def fk_target(self) -> tuple[str, str] | None:
        m = re.search(r"FK -> (\w+)\.(\w+)", self.spec)
        return (m.group(1), m.group(2)) if m else None

    @property
    def enum_values(self) -> list[str] | None:
        m = re.match(r"ENUM:\s*(.*)$", self.spec)
        return re.findall(r"'([^']*)'", m.group(1)) if m else None

    @property
    def unique(self) -> bool:
        return "UNIQUE" in self.spec


def parse_schema_doc(path: Path = SCHEMA_DOC) -> dict[str, list[SpecColumn]]:
    """`#### table` headings and ``- `column` (...)`` bullets of section 2."""
    doc = path.read_text()
    section = doc.split("## 2. PostgreSQL Schema", 1)[1].split("\n## 3.", 1)[0]
    tables: dict[str, list[SpecColumn]] = {}
    current: str | None = None
    for line in section.splitlines():
        heading = re.match(r"^####\s+(\w+)\s*$", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        bullet = re.match(r"^- `(\w+)` \(([^)]*)\)", line)
        if bullet and current is not None:
            tables[current].append(SpecColumn(current, bullet.group(1), bullet.group(2)))
    return tables


def parse_on_delete_doc(path: Path = DATA_MODEL_DOC) -> dict[tuple[str, str], tuple[str, str]]:
    """``| `table.column` | `ref.id` | ACTION |`` rows of docs/data-model.md."""
    rows: dict[tuple[str, str], tuple[str, str]] = {}
    pattern = re.compile(
        r"^\| `(\w+)\.(\w+)` \| `(\w+)\.(\w+)` \| (CASCADE|SET NULL|RESTRICT|NO ACTION) \|"
    )
    for line in path.read_text().splitlines():
        m = pattern.match(line)
        if m:
            rows[(m.group(1), m.group(2))] = (m.group(3), m.group(5))
    return rows


SPEC = parse_schema_doc()

# spec type -> information_schema.columns.data_type
SPEC_TYPES = {
    "UUID": "uuid",
    "INT": "integer",
    "VARCHAR": "character varying",
    "TEXT": "text",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "timestamp with time zone",
    "DATE": "date",
    "TIME": "time without time zone",
    "DECIMAL": "numeric",
    "JSONB": "jsonb",
    "ENUM": "USER-DEFINED",
}

# ------------------------------------------------------------ the live catalog


@dataclass(frozen=True)
class IndexInfo:
    table: str
    name: str
    columns: tuple[str | None, ...]  # None = expression
    unique: bool
    method: str
    opclasses: tuple[str, ...]
    predicate: str | None


@dataclass
class Catalog:
    columns: dict[tuple[str, str], asyncpg.Record]
    indexes: list[IndexInfo]
    foreign_keys: list[asyncpg.Record]
    enum_labels: dict[str, list[str]]
    column_enum: dict[tuple[str, str], str]

    def indexes_on(self, table: str) -> list[IndexInfo]:
        return [ix for ix in self.indexes if ix.table == table]

    def leading(self, table: str, column: str, *, partial: bool | None = None) -> list[IndexInfo]:
        return [
            ix
            for ix in self.indexes_on(table)
            if ix.columns[:1] == (column,)
            and (partial is None or (ix.predicate is not None) == partial)
        ]


async def load_catalog(url: str) -> Catalog:
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        cols = await conn.fetch(
            """SELECT table_name, column_name, data_type, udt_name, is_nullable
               FROM information_schema.columns WHERE table_schema = 'public'"""
        )
        idx = await conn.fetch(
            """
            SELECT t.relname AS table_name, i.relname AS index_name, x.indisunique,
                   am.amname,
                   ARRAY(SELECT a.attname::text
                           FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                           LEFT JOIN pg_attribute a
                             ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                          ORDER BY k.ord) AS columns,
                   ARRAY(SELECT oc.opcname::text
                           FROM unnest(x.indclass::oid[]) WITH ORDINALITY c(oid, ord)
                           JOIN pg_opclass oc ON oc.oid = c.oid
                          ORDER BY c.ord) AS opclasses,
                   pg_get_expr(x.indpred, x.indrelid) AS predicate
              FROM pg_index x
              JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
              JOIN pg_am am ON am.oid = i.relam
             WHERE n.nspname = 'public'
            """
        )
        fks = await conn.fetch(
            """
            SELECT c.conrelid::regclass::text AS table_name,
                   c.confrelid::regclass::text AS ref_table,
                   ARRAY(SELECT a.attname::text FROM unnest(c.conkey) k(n)
                          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n)
                     AS columns,
                   ARRAY(SELECT a.attname::text FROM unnest(c.confkey) k(n)
                          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n)
                     AS ref_columns,
                   c.confdeltype::text AS confdeltype
              FROM pg_constraint c
              JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE c.contype = 'f' AND n.nspname = 'public'
            """
        )
        enums = await conn.fetch(
            """SELECT t.typname, e.enumlabel FROM pg_type t
               JOIN pg_enum e ON e.enumtypid = t.oid
               JOIN pg_namespace n ON n.oid = t.typnamespace
               WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder"""
        )
    finally:
        await conn.close()
    labels: dict[str, list[str]] = {}
    for row in enums:
        labels.setdefault(row["typname"], []).append(row["enumlabel"])
    columns = {(r["table_name"], r["column_name"]): r for r in cols}
    return Catalog(
        columns=columns,
        indexes=[
            IndexInfo(
                table=r["table_name"],
                name=r["index_name"],
                columns=tuple(r["columns"]),
                unique=r["indisunique"],
                method=r["amname"],
                opclasses=tuple(r["opclasses"]),
                predicate=r["predicate"],
            )
            for r in idx
        ],
        foreign_keys=list(fks),
        enum_labels=labels,
        column_enum={
            key: r["udt_name"] for key, r in columns.items() if r["data_type"] == "USER-DEFINED"
        },
    )


@pytest.fixture
async def catalog(migrated_db_url: str) -> Catalog:
    return await load_catalog(migrated_db_url)


@pytest.fixture
async def session(migrated_db_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(migrated_db_url)
    try:
        async with async_sessionmaker(engine, expire_on_commit=False)() as db:
            yield db
    finally:
        await engine.dispose()


# ------------------------------------------------------------------ the spec


def test_spec_has_forty_tables() -> None:
    assert len(SPEC) == 40, sorted(SPEC)
    assert all(cols for cols in SPEC.values()), "a table without parsed columns"


async def test_every_spec_table_and_column_exists(catalog: Catalog) -> None:
    tables = {table for table, _ in catalog.columns}
    missing_tables = sorted(set(SPEC) - tables)
    assert not missing_tables
    missing = [
        f"{c.table}.{c.name}"
        for cols in SPEC.values()
        for c in cols
        if (c.table, c.name) not in catalog.columns
    ]
    assert not missing


async def test_column_types_follow_the_spec(catalog: Catalog) -> None:
    wrong = []
    for cols in SPEC.values():
        for c in cols:
            expected_type = c.base_type
            if expected_type.startswith("FK") or expected_type.startswith("PK"):
                continue  # checked by the FK / PK tests
            actual = catalog.columns[(c.table, c.name)]["data_type"]
            if SPEC_TYPES[expected_type] != actual:
                wrong.append(f"{c.table}.{c.name}: spec {expected_type}, db {actual}")
    assert not wrong


async def test_primary_keys_follow_the_spec(catalog: Catalog) -> None:
    for table, cols in SPEC.items():
        pk = next(c for c in cols if c.name == "id")
        expected = "uuid" if "UUID" in pk.spec else "integer"
        assert catalog.columns[(table, "id")]["data_type"] == expected, table
        assert any(
            ix.columns == ("id",) and ix.unique and ix.name == f"pk_{table}"
            for ix in catalog.indexes_on(table)
        ), table


async def test_enums_store_the_spec_values(catalog: Catalog) -> None:
    type_names: dict[str, tuple[str, ...]] = {}
    for cols in SPEC.values():
        for c in cols:
            values = c.enum_values
            if values is None:
                continue
            type_name = catalog.column_enum[(c.table, c.name)]
            assert catalog.enum_labels[type_name] == values, f"{c.table}.{c.name}"
            type_names.setdefault(type_name, tuple(values))
            assert type_names[type_name] == tuple(values), f"{type_name} reused for other values"
    assert len(type_names) == 16


async def test_foreign_keys_follow_the_spec(catalog: Catalog) -> None:
    actual = {
        (fk["table_name"], fk["columns"][0]): (fk["ref_table"], fk["ref_columns"][0])
        for fk in catalog.foreign_keys
        if len(fk["columns"]) == 1
    }
    for cols in SPEC.values():
        for c in cols:
            target = c.fk_target
            if target is not None:
                assert actual.get((c.table, c.name)) == target, f"{c.table}.{c.name}"
            if "nullable" in c.spec:
                assert catalog.columns[(c.table, c.name)]["is_nullable"] == "YES", c


async def test_spec_unique_columns_are_unique(catalog: Catalog) -> None:
    required = [(c.table, c.name) for cols in SPEC.values() for c in cols if c.unique]
    required += [
        ("jobs", "external_job_id"),
        ("recruiter_job_shares", "share_code"),
        ("referrals", "referral_code"),
        ("sessions", "token"),
        ("states", "code"),
        ("countries", "code"),
    ]
    required += [
        (table, "external_id")
        for table, cols in SPEC.items()
        if any(c.name == "external_id" for c in cols)
    ]
    for table, column in required:
        assert any(
            ix.unique and ix.columns == (column,) and ix.predicate is None
            for ix in catalog.indexes_on(table)
        ), f"{table}.{column} is not UNIQUE"


async def test_on_delete_rules_match_the_data_model_doc(catalog: Catalog) -> None:
    documented = parse_on_delete_doc()
    actions = {"c": "CASCADE", "n": "SET NULL", "r": "RESTRICT", "a": "NO ACTION"}
    actual = {
        (fk["table_name"], fk["columns"][0]): (fk["ref_table"], actions[fk["confdeltype"]])
        for fk in catalog.foreign_keys
    }
    assert actual == documented
    assert actual[("applications", "job_id")] == ("jobs", "RESTRICT")


# ------------------------------------------------------------ 5.1 indexes


async def test_every_foreign_key_column_leads_a_btree_index(catalog: Catalog) -> None:
    missing = [
        f"{fk['table_name']}.{fk['columns'][0]}"
        for fk in catalog.foreign_keys
        if not any(
            ix.method == "btree"
            for ix in catalog.leading(fk["table_name"], fk["columns"][0], partial=False)
        )
    ]
    assert not missing


async def test_every_email_column_is_indexed(catalog: Catalog) -> None:
    emails = [
        key for key in catalog.columns if "email" in key[1] and not key[1].startswith("send_")
    ]
    assert len(emails) >= 6
    missing = [f"{t}.{c}" for t, c in emails if not catalog.leading(t, c, partial=False)]
    assert not missing


async def test_every_status_column_is_indexed(catalog: Catalog) -> None:
    def is_status(column: str) -> bool:
        return (
            column == "status"
            or column.endswith("_status")
            or column.endswith("status_id")
            or column == "job_status_code"
        )

    statuses = [key for key in catalog.columns if is_status(key[1])]
    assert len(statuses) >= 15
    missing = [f"{t}.{c}" for t, c in statuses if not catalog.leading(t, c)]
    assert not missing


async def test_every_jsonb_column_has_a_gin_index(catalog: Catalog) -> None:
    jsonb = [key for key, row in catalog.columns.items() if row["data_type"] == "jsonb"]
    assert set(jsonb) >= {("candidate_journey_events", "event_data"), ("user_searches", "filters")}
    for table, column in jsonb:
        assert any(ix.method == "gin" for ix in catalog.leading(table, column)), f"{table}.{column}"


@pytest.mark.parametrize(
    ("table", "flag"),
    [
        ("jobs", "hot_job"),
        ("jobs", "featured_job"),
        ("jobs", "display_on_external_job_board"),
        ("jobs", "asap"),
        ("recruiters", "active"),
        ("candidates", "ambassador"),
        ("candidates", "travel_status"),
        ("candidate_resumes", "parsed"),
    ],
)
async def test_partial_index_on_boolean_flag(catalog: Catalog, table: str, flag: str) -> None:
    assert any(
        ix.predicate is not None and re.search(rf"\b{flag}\b", ix.predicate)
        for ix in catalog.indexes_on(table)
    ), f"no partial index on {table}.{flag}"


async def test_job_board_search_index(catalog: Catalog) -> None:
    (ix,) = [i for i in catalog.indexes_on("jobs") if i.name == "ix_jobs_board_search"]
    assert ix.columns == ("profession_id", "specialty_id", "client_state_id", "job_type")
    assert ix.predicate == "display_on_external_job_board"


@pytest.mark.parametrize(
    ("table", "columns"),
    [
        ("applications", ("candidate_id", "status")),
        ("applications", ("job_id", "status")),
        ("job_views", ("job_id", "created_at")),
        ("page_views", ("user_id", "created_at")),
        ("user_searches", ("user_id", "created_at")),
        ("candidate_journey_events", ("user_id", "created_at")),
    ],
)
async def test_composite_index(catalog: Catalog, table: str, columns: tuple[str, ...]) -> None:
    assert any(ix.columns == columns for ix in catalog.indexes_on(table)), (table, columns)


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("jobs", "job_title"),
        ("jobs", "title"),
        ("jobs", "client_city"),
        ("city_guides", "city"),
        ("city_specialty_pages", "city"),
    ],
)
async def test_trigram_index(catalog: Catalog, table: str, column: str) -> None:
    assert any(
        ix.method == "gin" and ix.opclasses == ("gin_trgm_ops",)
        for ix in catalog.leading(table, column)
    ), f"{table}.{column}"


@pytest.mark.parametrize("column", ["weekly_pay", "start_date"])
async def test_job_range_filter_index(catalog: Catalog, column: str) -> None:
    assert any(ix.method == "btree" for ix in catalog.leading("jobs", column, partial=False))


@pytest.mark.parametrize("table", ["job_embeddings", "resume_embeddings"])
async def test_hnsw_cosine_index(catalog: Catalog, table: str) -> None:
    assert any(
        ix.method == "hnsw" and ix.opclasses == ("vector_cosine_ops",)
        for ix in catalog.leading(table, "embedding")
    )
    assert catalog.columns[(table, "embedding")]["udt_name"] == "vector"


# ------------------------------------------------------------ behaviour


async def _candidate_and_job(db: AsyncSession) -> tuple[Candidate, Job]:
    user = User(email=f"{uuid.uuid4().hex}@example.com", first_name="Ann")
    job = Job(job_title="ICU RN", job_type=JobType.PER_DIEM, external_job_id=1001)
    db.add_all([user, job])
    await db.flush()
    candidate = Candidate(user_id=user.id)
    db.add(candidate)
    await db.flush()
    return candidate, job


async def test_duplicate_application_is_rejected(session: AsyncSession) -> None:
    candidate, job = await _candidate_and_job(session)
    session.add(Application(candidate_id=candidate.id, job_id=job.id))
    await session.commit()
    session.add(Application(candidate_id=candidate.id, job_id=job.id))
    with pytest.raises(IntegrityError, match="uq_applications_candidate_id_job_id"):
        await session.commit()
    await session.rollback()


async def test_enum_values_defaults_and_restrict(session: AsyncSession) -> None:
    candidate, job = await _candidate_and_job(session)
    application = Application(candidate_id=candidate.id, job_id=job.id)
    session.add(application)
    await session.commit()

    raw = (
        await session.execute(
            text(
                "SELECT j.job_type::text, j.hot_job, j.page_views, a.status::text "
                "FROM jobs j JOIN applications a ON a.job_id = j.id"
            )
        )
    ).one()
    assert tuple(raw) == ("Per Diem", False, 0, "applied")
    loaded = await session.scalar(select(Application).where(Application.id == application.id))
    assert loaded is not None and loaded.status is ApplicationStatus.APPLIED

    with pytest.raises(IntegrityError, match="fk_applications_job_id_jobs"):
        await session.execute(delete(Job).where(Job.id == job.id))
    await session.rollback()


async def test_vector_round_trip_and_cosine_order(session: AsyncSession) -> None:
    jobs = [Job(job_title=f"job {i}", external_job_id=2000 + i) for i in range(3)]
    session.add_all(jobs)
    await session.flush()
    vectors = [[1.0] + [0.0] * 383, [0.0, 1.0] + [0.0] * 382, [0.7, 0.7] + [0.0] * 382]
    for job, vec in zip(jobs, vectors, strict=True):
        session.add(JobEmbedding(job_id=job.id, embedding=vec, model_name="m", content_hash="h"))
    await session.commit()

    query = [0.9, 0.1] + [0.0] * 382
    distance = JobEmbedding.embedding.cosine_distance(query)
    ordered = (await session.scalars(select(JobEmbedding.job_id).order_by(distance))).all()
    assert ordered == [jobs[0].id, jobs[2].id, jobs[1].id]
    stored = await session.scalar(
        select(JobEmbedding.embedding).where(JobEmbedding.job_id == jobs[2].id)
    )
    assert stored is not None and len(stored) == 384 and stored[0] == pytest.approx(0.7)
