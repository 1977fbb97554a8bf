"""Deleting a resume and everything derived from it: one code path for the API and the chat.

The ``candidate_resumes`` row goes first (its vectors and the profile facts confirmed
from it follow by ON DELETE CASCADE; years of experience it filled are emptied), then
the parsed document in MongoDB, then the stored file. A failure after the row is gone
leaves at most an orphan document or file, never a resume that seems whole but is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pymongo.asynchronous.database import AsyncDatabase
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.resumes.parsed_store import delete_parsed, load_parsed
from data_layer.resumes.profile_facts import forget_years_from
from data_layer.resumes.records import ResumeRecord, delete_resume_row
from data_layer.resumes.storage import ResumeStorage, resume_storage

if TYPE_CHECKING:
    from config.settings import Settings

__all__ = ["ResumeFiles", "remove_resume"]


@dataclass(frozen=True)
class ResumeFiles:
    """Where a resume's derived data lives besides PostgreSQL: the parsed documents and the
    file store (made when needed: an S3 client is not free)."""

    mongo: AsyncDatabase
    settings: Settings

    def storage(self) -> ResumeStorage:
        return resume_storage(self.settings)


async def remove_resume(
    db: AsyncSession, files: ResumeFiles, record: ResumeRecord, *, in_open_transaction: bool = False
) -> None:
    """Delete ``record`` (already found for its owner) and all that came from it.

    The row is deleted in a transaction of its own, committed before the document and
    the file go; ``in_open_transaction``: in the caller's (a chat tool's, committed when
    the tool returns).
    """
    parsed = await load_parsed(files.mongo, record.id)

    async def drop_row() -> None:
        await forget_years_from(db, parsed, record.candidate_id)
        await delete_resume_row(db, record.id)

    if in_open_transaction:
        await drop_row()
    else:
        async with db.begin():
            await drop_row()
    await delete_parsed(files.mongo, record.id)
    await files.storage().delete(record.file_path)
