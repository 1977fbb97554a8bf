"""Resume embeddings (several vectors per resume) and matching both ways, on real pgvector.

Vectors are deterministic unit vectors where the point is the SQL (similarity to the
job's vector = cos(angle)); the real model where the point is what gets embedded.
"""

from __future__ import annotations

import datetime
import math
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from data_layer.embeddings.jobs import JobEmbeddingRow, upsert_job_embeddings
from data_layer.embeddings.model import EmbeddingModel
from data_layer.embeddings.resumes import (
    ResumePartVector,
    embed_resume,
    replace_resume_embeddings,
)
from data_layer.master.loader import load_master_data
from data_layer.models import (
    EMBEDDING_DIM,
    Candidate,
    CandidateLicense,
    CandidateProfession,
    CandidateResume,
    Job,
    JobRequiredCertification,
    JobType,
    LicenseStatus,
    Profession,
    Recruiter,
    ResumeEmbedding,
    State,
    User,
)
from data_layer.resumes.matching import (
    CandidateFilters,
    Viewer,
    find_candidates_for_job,
    jobs_for_candidate,
)
from data_layer.resumes.summaries import resume_texts, specialty_years, summary_text

MODEL = "test-unit-vectors"
TODAY = datetime.date(2026, 11, 28)
ADMIN = Viewer(user_id=uuid.uuid4(), roles=frozenset({"admin"}))
PAST = TODAY - datetime.timedelta(days=1)
FUTURE = TODAY + datetime.timedelta(days=365)


def unit(angle_deg: float, axis: int = 1) -> np.ndarray:
    """cos(angle) * e0 + sin(angle) * e_axis: similarity to e0 is cos(angle)."""
    v = np.zeros(EMBEDDING_DIM, dtype=np.float32)
    v[0] = math.cos(math.radians(angle_deg))
    v[axis] = math.sin(math.radians(angle_deg))
    return v


JOB_VECTOR = unit(0)


@dataclass
class World:
    session: AsyncSession
    states: dict[str, int]
    professions: dict[str, int]


@pytest.fixture
async def world(db_session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[World]:
    async with db_session_factory() as session:
        await load_master_data(session)
        await session.commit()
        states = dict((await session.execute(select(State.code, State.id))).tuples().all())
        professions = dict(
            (await session.execute(select(Profession.name, Profession.id))).tuples().all()
        )
        yield World(session, states, professions)


async def add_candidate(
    w: World,
    *,
    profession: str = "Registered Nurse",
    licenses: Sequence[tuple[str, datetime.date | None, LicenseStatus]] = (),
    vectors: dict[str, np.ndarray] | None = None,
    certs: dict[str, str | None] | None = None,
    recruiter_id: uuid.UUID | None = None,
) -> uuid.UUID:
    s = w.session
    user = User(email=f"{uuid.uuid4().hex}@example.com", first_name="Pat")
    s.add(user)
    await s.flush()
    cand = Candidate(user_id=user.id, recruiter_id=recruiter_id)
    s.add(cand)
    await s.flush()
    s.add(CandidateProfession(candidate_id=cand.id, profession_id=w.professions[profession]))
    for code, expires, status in licenses:
        s.add(
            CandidateLicense(
                candidate_id=cand.id,
                state_id=w.states[code],
                profession_id=w.professions[profession],
                expiration_date=expires,
                status=status,
            )
        )
    resume = CandidateResume(candidate_id=cand.id, file_name="cv.pdf", file_path="x/cv.pdf")
    s.add(resume)
    await s.flush()
    await replace_resume_embeddings(
        s,
        candidate_id=cand.id,
        resume_id=resume.id,
        model_name=MODEL,
        parts=[
            ResumePartVector(part, vec, f"{part:0>64}")
            for part, vec in (vectors or {"summary": unit(30)}).items()
        ],
        certifications=certs,
    )
    await s.commit()
    return cand.id


async def add_job(
    w: World,
    *,
    state: str,
    profession: str = "Registered Nurse",
    certs: Sequence[str] = (),
    vector: np.ndarray = JOB_VECTOR,
    closed: bool = False,
) -> uuid.UUID:
    s = w.session
    job = Job(
        job_title="Travel RN",
        job_type=JobType.TRAVEL,
        display_on_external_job_board=True,
        profession_id=w.professions[profession],
        client_state_id=w.states[state],
        client_state_code=state,
        closed_at=datetime.datetime.now(datetime.UTC) if closed else None,
    )
    s.add(job)
    await s.flush()
    for cert in certs:
        s.add(JobRequiredCertification(job_id=job.id, certification=cert))
    await upsert_job_embeddings(s, [JobEmbeddingRow(job.id, vector, "h" * 32)], model_name=MODEL)
    await s.commit()
    return job.id


VALID = LicenseStatus.ACTIVE


# ------------------------------------------------------------------ hard filters
@pytest.mark.parametrize("exact", [None, True, False])
async def test_hard_filters_license_compact_certification_profession(
    world: World, exact: bool | None
) -> None:
    w = world
    bls = {"BLS": FUTURE.isoformat()}
    az_ok = await add_candidate(w, licenses=[("AZ", FUTURE, VALID)], certs=bls)
    az_expired = await add_candidate(w, licenses=[("AZ", PAST, VALID)], certs=bls)
    az_status_expired = await add_candidate(
        w, licenses=[("AZ", FUTURE, LicenseStatus.EXPIRED)], certs=bls
    )
    tx_compact = await add_candidate(w, licenses=[("TX", None, VALID)], certs=bls)
    az_no_bls = await add_candidate(w, licenses=[("AZ", FUTURE, VALID)], certs={"ACLS": None})
    az_bls_expired = await add_candidate(
        w, licenses=[("AZ", FUTURE, VALID)], certs={"BLS": PAST.isoformat()}
    )
    lpn_az = await add_candidate(
        w, profession="Licensed Practical Nurse", licenses=[("AZ", FUTURE, VALID)], certs=bls
    )
    ca_only = await add_candidate(w, licenses=[("CA", FUTURE, VALID)], certs=bls)

    az_job = await add_job(w, state="AZ", certs=["bls"])
    found = await find_candidates_for_job(w.session, az_job, viewer=ADMIN, today=TODAY, exact=exact)
    by_id = {m.candidate_id: m for m in found}
    assert set(by_id) == {az_ok, tx_compact}
    assert not {az_expired, az_status_expired, az_no_bls, az_bls_expired, lpn_az, ca_only} & set(
        by_id
    )
    assert by_id[az_ok].license is not None and not by_id[az_ok].license.compact
    assert by_id[tx_compact].license is not None
    assert by_id[tx_compact].license.compact and by_id[tx_compact].license.state == "TX"
    assert by_id[az_ok].certifications == ("BLS",)

    # California is not in the compact: the Texas license does not count there.
    ca_job = await add_job(w, state="CA", certs=["BLS"])
    found = await find_candidates_for_job(w.session, ca_job, viewer=ADMIN, today=TODAY, exact=exact)
    assert [m.candidate_id for m in found] == [ca_only]


async def test_optional_filters(world: World) -> None:
    w = world
    a = await add_candidate(w, licenses=[("CA", FUTURE, VALID)])
    b = await add_candidate(w, licenses=[("CA", FUTURE, VALID)])
    await w.session.execute(
        update(Candidate)
        .where(Candidate.id == a)
        .values(years_of_experience=6, available_from=TODAY, state_id=w.states["NV"])
    )
    await w.session.execute(
        update(Candidate)
        .where(Candidate.id == b)
        .values(years_of_experience=1, available_from=FUTURE, state_id=w.states["OR"])
    )
    await w.session.commit()
    job = await add_job(w, state="CA")

    async def ids(filters: CandidateFilters) -> set[uuid.UUID]:
        found = await find_candidates_for_job(
            w.session, job, viewer=ADMIN, filters=filters, today=TODAY
        )
        return {m.candidate_id for m in found}

    assert await ids(CandidateFilters()) == {a, b}
    assert await ids(CandidateFilters(min_years=5)) == {a}
    assert await ids(CandidateFilters(available_by=TODAY)) == {a}
    assert await ids(CandidateFilters(state_codes=("or",))) == {b}


# ---------------------------------------------------------------------- ranking
async def test_ranked_by_best_vector_of_each_candidate(world: World) -> None:
    w = world
    lic = [("CA", FUTURE, VALID)]
    far = await add_candidate(w, licenses=lic, vectors={"summary": unit(70)})
    near = await add_candidate(w, licenses=lic, vectors={"summary": unit(10)})
    # Summary far away, but one job held is close: the experience vector ranks it.
    by_experience = await add_candidate(
        w,
        licenses=lic,
        vectors={"summary": unit(80), "experience:0": unit(40), "experience:1": unit(20)},
    )
    job = await add_job(w, state="CA")
    for exact in (True, False):
        found = await find_candidates_for_job(
            w.session, job, viewer=ADMIN, today=TODAY, exact=exact
        )
        assert [m.candidate_id for m in found] == [near, by_experience, far]
        assert found[1].part == "experience:1"
        assert found[0].similarity == pytest.approx(math.cos(math.radians(10)), abs=1e-5)
    limited = await find_candidates_for_job(w.session, job, viewer=ADMIN, limit=2, today=TODAY)
    assert [m.candidate_id for m in limited] == [near, by_experience]


# ---------------------------------------------------------------------- scoping
async def test_recruiters_see_only_their_candidates(world: World) -> None:
    w = world
    recruiters = [Recruiter(email=f"r{i}@example.com") for i in range(2)]
    w.session.add_all(recruiters)
    await w.session.commit()
    mine, other = recruiters
    cand = await add_candidate(w, licenses=[("CA", FUTURE, VALID)], recruiter_id=mine.id)
    job = await add_job(w, state="CA")

    def recruiter(rid: uuid.UUID | None) -> Viewer:
        return Viewer(user_id=uuid.uuid4(), roles=frozenset({"recruiter"}), recruiter_id=rid)

    seen = await find_candidates_for_job(w.session, job, viewer=recruiter(mine.id), today=TODAY)
    assert [m.candidate_id for m in seen] == [cand]
    assert await find_candidates_for_job(w.session, job, viewer=recruiter(other.id)) == []
    assert await find_candidates_for_job(w.session, job, viewer=recruiter(None)) == []
    assert [m.candidate_id for m in await find_candidates_for_job(w.session, job, viewer=ADMIN)]
    for nobody in (
        Viewer(user_id=None),
        Viewer(user_id=uuid.uuid4(), roles=frozenset({"candidate"})),
        Viewer(user_id=uuid.uuid4(), roles=frozenset({"content_editor"})),
    ):
        with pytest.raises(PermissionError):
            await find_candidates_for_job(w.session, job, viewer=nobody)
    with pytest.raises(LookupError):
        await find_candidates_for_job(w.session, uuid.uuid4(), viewer=ADMIN)


# ----------------------------------------------------------- selective filters
async def _bulk_candidates(w: World, licensed_in: Sequence[tuple[str, np.ndarray]]) -> list[Any]:
    """Candidates in bulk (Core inserts): one RN license in the given state, one vector."""
    s = w.session
    rn = w.professions["Registered Nurse"]
    users = [{"id": uuid.uuid4(), "email": f"{uuid.uuid4().hex}@example.com"} for _ in licensed_in]
    cands = [{"id": uuid.uuid4(), "user_id": u["id"]} for u in users]
    await s.execute(insert(User), users)
    await s.execute(insert(Candidate), cands)
    await s.execute(
        insert(CandidateProfession),
        [{"id": uuid.uuid4(), "candidate_id": c["id"], "profession_id": rn} for c in cands],
    )
    await s.execute(
        insert(CandidateLicense),
        [
            {
                "id": uuid.uuid4(),
                "candidate_id": c["id"],
                "state_id": w.states[code],
                "profession_id": rn,
                "expiration_date": FUTURE,
                "status": VALID,
            }
            for c, (code, _) in zip(cands, licensed_in, strict=True)
        ],
    )
    await s.execute(
        insert(ResumeEmbedding),
        [
            {
                "id": uuid.uuid4(),
                "candidate_id": c["id"],
                "embedding": vec,
                "model_name": MODEL,
                "content_hash": "0" * 64,
                "part": "summary",
            }
            for c, (_, vec) in zip(cands, licensed_in, strict=True)
        ],
    )
    await s.commit()
    return [c["id"] for c in cands]


async def test_selective_filter_returns_every_match_in_order(world: World) -> None:
    """7 of 3,000 licensed in Oregon, all farther from the job than the other 2,993."""
    w = world
    rng = np.random.default_rng(7)
    others = []
    for _ in range(2993):  # New York nurses, all close to the job vector
        v = JOB_VECTOR + rng.normal(0, 0.02, EMBEDDING_DIM).astype(np.float32)
        others.append(("NY", v / np.linalg.norm(v)))
    oregon_angles = [50, 20, 65, 35, 80, 45, 25]
    oregon = [("OR", unit(a, axis=2 + i)) for i, a in enumerate(oregon_angles)]
    ids = await _bulk_candidates(w, others + oregon)
    oregon_ids = ids[-7:]
    expected = [oregon_ids[i] for i in np.argsort(oregon_angles)]

    or_job = await add_job(w, state="OR")
    for exact in (None, False, True):  # False: the index walk comes back short, exact
        found = await find_candidates_for_job(
            w.session, or_job, viewer=ADMIN, today=TODAY, exact=exact
        )
        assert [m.candidate_id for m in found] == expected, exact

    # A wide filter: exactly `limit` rows, the same as the exact scan's.
    ny_job = await add_job(w, state="NY")
    for limit in (20, 50):
        by_index = await find_candidates_for_job(
            w.session, ny_job, viewer=ADMIN, limit=limit, today=TODAY, exact=False
        )
        by_exact = await find_candidates_for_job(
            w.session, ny_job, viewer=ADMIN, limit=limit, today=TODAY, exact=True
        )
        auto = await find_candidates_for_job(
            w.session, ny_job, viewer=ADMIN, limit=limit, today=TODAY
        )
        assert len(by_index) == len(by_exact) == len(auto) == limit
        exact_ids = [m.candidate_id for m in by_exact]
        assert len(set(m.candidate_id for m in by_index) & set(exact_ids)) >= 0.95 * limit
        assert not set(exact_ids) & set(oregon_ids)


# ------------------------------------------------------------- jobs for a candidate
async def test_jobs_for_candidate_hard_filters_and_ranking(world: World) -> None:
    w = world
    cand = await add_candidate(
        w,
        licenses=[("TX", FUTURE, VALID), ("CA", PAST, VALID)],
        vectors={"summary": unit(0), "experience:0": unit(90, axis=3)},
        certs={"BLS": FUTURE.isoformat(), "ACLS": PAST.isoformat()},
    )
    az_near = await add_job(w, state="AZ", certs=["BLS"], vector=unit(10))
    tx_far = await add_job(w, state="TX", vector=unit(60))
    by_experience = await add_job(w, state="FL", vector=unit(85, axis=3))  # near experience
    await add_job(w, state="CA", vector=unit(1))  # California license expired
    await add_job(w, state="NY", vector=unit(1))  # no license
    await add_job(w, state="AZ", profession="Licensed Practical Nurse", vector=unit(1))
    await add_job(w, state="AZ", certs=["ACLS"], vector=unit(1))  # ACLS expired
    await add_job(w, state="AZ", certs=["BLS", "PALS"], vector=unit(1))  # no PALS
    await add_job(w, state="AZ", vector=unit(1), closed=True)

    for exact in (None, True, False):
        found = await jobs_for_candidate(w.session, cand, today=TODAY, exact=exact)
        assert [m.job_id for m in found] == [by_experience, az_near, tx_far], exact
    # by_experience: cos(85 deg) to the summary, cos(5 deg) to the experience vector.
    found = await jobs_for_candidate(w.session, cand, today=TODAY)
    assert found[0].part == "experience:0" and found[1].part == "summary"
    assert found[0].similarity == pytest.approx(math.cos(math.radians(5)), abs=1e-5)
    assert found[1].license is not None and found[1].license.compact
    assert found[1].license.state == "TX" and found[1].certifications == ("BLS",)
    assert found[2].license is not None and not found[2].license.compact
    assert [m.job_id for m in await jobs_for_candidate(w.session, cand, limit=1)] == [by_experience]
    assert await jobs_for_candidate(w.session, uuid.uuid4()) == []


# ------------------------------------------------------- the embedded texts, stored
STRUCTURED: dict[str, Any] = {
    "contact_info": {"name": "Ana Ruiz", "email": None, "phone": None, "address": None},
    "education": [],
    "experience": [
        {
            "company": "St. Luke's Hospital",
            "title": "ICU Registered Nurse",
            "location": "Houston, TX",
            "start_date": "2022-01-01",
            "end_date": None,
            "description": "Critically ill adults, ventilators, CRRT, titrating drips.",
        },
        {
            "company": "Memorial Hermann",
            "title": "ER Nurse",
            "location": "Houston, TX",
            "start_date": "2019-06-01",
            "end_date": "2021-12-31",
            "description": "Level I trauma emergency department.",
        },
    ],
    "skills": ["ventilator management", "Epic"],
    "certifications": [
        {"name": "BLS", "issuer": "AHA", "date": None, "expiration_date": "2026-03-31"},
        {"name": "ACLS", "issuer": None, "date": None, "expiration_date": None},
    ],
    "licenses": [{"type": "RN", "state": "TX", "number": "884471", "expiration_date": None}],
}
DETAILS: dict[str, Any] = {
    "licenses": [{"compact": True, "fields": {}}],
    "experience": [
        {"specialty": "ICU", "current": True, "fields": {}},
        {"specialty": "ER", "current": False, "fields": {}},
    ],
}


def test_summary_text_holds_the_facts_and_fits_the_model(embedding_model: EmbeddingModel) -> None:
    text_ = summary_text(STRUCTURED, DETAILS, today=TODAY)
    assert "Registered Nurse (RN)" in text_
    assert "RN license Texas (multistate compact)" in text_
    assert "ICU 5 years" in text_ and "ER 2.5 years" in text_
    assert "BLS, ACLS" in text_
    assert text_.index("ICU Registered Nurse") < text_.index("ER Nurse")
    assert specialty_years(STRUCTURED, DETAILS, today=TODAY) == {"ICU": 59, "ER": 31}
    # A resume with very many skills still fits the model's 256 word pieces.
    big = {**STRUCTURED, "skills": [f"skill number {i} with words" for i in range(300)]}
    long_text = summary_text(big, DETAILS, today=TODAY)
    tokenizer = embedding_model.load().tokenizer
    assert len(tokenizer(long_text)["input_ids"]) <= 256
    assert "Certifications: BLS, ACLS" in long_text  # skills go first
    parts = resume_texts(STRUCTURED, DETAILS, today=TODAY)
    assert list(parts.parts) == ["summary", "experience:0", "experience:1"]
    assert (
        "present" in parts.parts["experience:0"] and "Specialty: ICU" in parts.parts["experience:0"]
    )
    assert parts.certifications == {"BLS": "2026-03-31", "ACLS": None}
    empty = {"contact_info": {}, "experience": [], "skills": [], "certifications": []}
    assert resume_texts(empty, None, today=TODAY).parts == {}


async def test_reparse_replaces_the_vectors_and_deleting_the_resume_deletes_them(
    world: World, embedding_model: EmbeddingModel
) -> None:
    w = world
    s = w.session
    cand_id = await add_candidate(w, licenses=[("TX", FUTURE, VALID)])
    resume = CandidateResume(candidate_id=cand_id, file_name="new.pdf", file_path="x/new.pdf")
    s.add(resume)
    await s.commit()
    texts = resume_texts(STRUCTURED, DETAILS, today=TODAY)
    await embed_resume(
        s,
        embedding_model,
        candidate_id=cand_id,
        resume_id=resume.id,
        texts=texts.parts,
        certifications=texts.certifications,
    )
    await s.commit()

    async def parts() -> dict[str, Any]:
        rows = await s.execute(
            select(ResumeEmbedding.part, ResumeEmbedding.certifications).where(
                ResumeEmbedding.resume_id == resume.id
            )
        )
        return dict(rows.tuples().all())

    assert await parts() == {
        "summary": {"BLS": "2026-03-31", "ACLS": None},
        "experience:0": None,
        "experience:1": None,
    }
    first_ids = set(
        (await s.execute(select(ResumeEmbedding.id).where(ResumeEmbedding.resume_id == resume.id)))
        .scalars()
        .all()
    )
    # Re-parse: one job held, no certifications any more.
    shorter = {**STRUCTURED, "experience": STRUCTURED["experience"][:1], "certifications": []}
    texts = resume_texts(shorter, DETAILS, today=TODAY)
    await embed_resume(
        s,
        embedding_model,
        candidate_id=cand_id,
        resume_id=resume.id,
        texts=texts.parts,
        certifications=texts.certifications,
    )
    await s.commit()
    assert await parts() == {"summary": {}, "experience:0": None}
    now_ids = set(
        (await s.execute(select(ResumeEmbedding.id).where(ResumeEmbedding.resume_id == resume.id)))
        .scalars()
        .all()
    )
    assert not first_ids & now_ids
    # The candidate's other resume kept its vector.
    total = await s.scalar(
        select(func.count()).where(ResumeEmbedding.candidate_id == cand_id)  # type: ignore[arg-type]
    )
    assert total == 3

    await s.execute(delete(CandidateResume).where(CandidateResume.id == resume.id))
    await s.commit()
    assert await parts() == {}
    total = await s.scalar(
        select(func.count())
        .select_from(ResumeEmbedding)
        .where(ResumeEmbedding.candidate_id == cand_id)
    )
    assert total == 1


# ------------------------------------------- several certifications, one pass
@pytest.mark.parametrize("exact", [True, False, None])
async def test_every_required_certification_checked_by_name_and_expiry(
    world: World, exact: bool | None
) -> None:
    """The exact scan checks certifications on the summary row it reads for distances.

    Each required name must be held and unexpired on its own: one valid and one
    expired is out, a certification without an expiry counts as held.
    """
    w = world
    lic = [("CA", FUTURE, VALID)]
    future, past = FUTURE.isoformat(), PAST.isoformat()
    both = await add_candidate(w, licenses=lic, certs={"BLS": future, "ACLS": future})
    no_expiry = await add_candidate(w, licenses=lic, certs={"BLS": future, "ACLS": None})
    await add_candidate(w, licenses=lic, certs={"BLS": future, "ACLS": past})
    await add_candidate(w, licenses=lic, certs={"BLS": past, "ACLS": future})
    await add_candidate(w, licenses=lic, certs={"ACLS": future})
    await add_candidate(w, licenses=lic, certs=None)
    # Experience vector near the job, summary far: ranked by the experience vector.
    near = await add_candidate(
        w,
        licenses=lic,
        certs={"ACLS": future, "BLS": future, "PALS": past},
        vectors={"summary": unit(80), "experience:0": unit(5), "experience:1": unit(60)},
    )
    job = await add_job(w, state="CA", certs=["BLS", "ACLS"])
    found = await find_candidates_for_job(w.session, job, viewer=ADMIN, today=TODAY, exact=exact)
    assert [m.candidate_id for m in found][:1] == [near]
    assert {m.candidate_id for m in found} == {both, no_expiry, near}
    assert found[0].part == "experience:0"
    assert found[0].similarity == pytest.approx(math.cos(math.radians(5)), abs=1e-5)
    assert all(set(m.certifications) == {"ACLS", "BLS"} for m in found)


async def test_jobs_exact_scan_measures_every_vector_once(world: World) -> None:
    """Jobs for a candidate with three vectors: each job goes to its nearest vector."""
    w = world
    cand = await add_candidate(
        w,
        licenses=[("CA", FUTURE, VALID)],
        vectors={
            "summary": unit(0),
            "experience:0": unit(90, axis=3),
            "experience:1": unit(90, axis=4),
        },
    )
    by_summary = await add_job(w, state="CA", vector=unit(30))
    by_first = await add_job(w, state="CA", vector=unit(88, axis=3))
    by_second = await add_job(w, state="CA", vector=unit(80, axis=4))
    for exact in (True, False, None):
        found = await jobs_for_candidate(w.session, cand, today=TODAY, exact=exact)
        assert [(m.job_id, m.part) for m in found] == [
            (by_first, "experience:0"),
            (by_second, "experience:1"),
            (by_summary, "summary"),
        ], exact
        assert found[2].similarity == pytest.approx(math.cos(math.radians(30)), abs=1e-5)
