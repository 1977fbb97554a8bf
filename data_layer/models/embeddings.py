"""Vector tables (pgvector): ``job_embeddings`` and ``resume_embeddings``.

384 dimensions (all-MiniLM-L6-v2), cosine distance, HNSW indexes. Vectors are
bound as text by ``pgvector.sqlalchemy.Vector``; no asyncpg codec is needed.
``content_hash`` is the hash of the text that was embedded, so unchanged
content is not re-embedded.

A resume has several vectors (all-MiniLM-L6-v2 reads at most 256 word pieces, so a
whole resume does not fit): ``part`` says which text each one embeds (``summary`` or
``experience:N``). The summary row also carries the resume's ``certifications``
(``{"BLS": "2026-03-31", "ACLS": null}``, name -> expiry) because no candidate table
holds certifications and matching filters on a job's required ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase
from pgvector.sqlalchemy import Vector
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import NoPKBase, TimestampsMixin

if TYPE_CHECKING:
    from data_layer.models.candidates import Candidate, CandidateResume
    from data_layer.models.jobs import Job

__all__ = ["EMBEDDING_DIM", "JobEmbedding", "ResumeEmbedding"]

EMBEDDING_DIM = 384


def _hnsw(name: str) -> Index:
    return Index(
        name,
        "embedding",
        postgresql_using="hnsw",
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )


class JobEmbedding(TimestampsMixin, NoPKBase):
    __tablename__ = "job_embeddings"
    __table_args__ = (_hnsw("ix_job_embeddings_embedding_hnsw"),)

    job_id: Mapped[UUID] = mapped_column(
        ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True
    )
    embedding: Mapped[list[float]] = mapped_column(Vector(EMBEDDING_DIM), nullable=False)
    model_name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))

    job: Mapped[Job] = relationship(lazy="raise")


class ResumeEmbedding(UUIDAuditBase):
    __tablename__ = "resume_embeddings"
    __table_args__ = (
        _hnsw("ix_resume_embeddings_embedding_hnsw"),
        Index("ix_resume_embeddings_certifications_gin", "certifications", postgresql_using="gin"),
        # Matching checks a job's required certifications per candidate: this small
        # index answers from the summary row without reading its 1.6 kB vector row
        # (migration 0016).
        Index(
            "ix_resume_embeddings_summary_certifications",
            "candidate_id",
            "model_name",
            postgresql_include=["certifications"],
            postgresql_where=text("part = 'summary'"),
        ),
    )

    candidate_id: Mapped[UUID] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    resume_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("candidate_resumes.id", ondelete="CASCADE"), index=True
    )
    embedding: Mapped[list[float]] = mapped_column(Vector(EMBEDDING_DIM), nullable=False)
    model_name: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    # Which text of the resume: "summary" or "experience:<index in structured_data>".
    part: Mapped[str] = mapped_column(String(32), server_default=text("'summary'"))
    # Summary rows only: certification name -> expiry date (ISO) or null.
    certifications: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    candidate: Mapped[Candidate] = relationship(lazy="raise")
    resume: Mapped[CandidateResume | None] = relationship(lazy="raise")
