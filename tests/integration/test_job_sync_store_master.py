"""Master lists of the LaborEdge sync (data_layer/sync/master.py) on a real PostgreSQL:
upserts by LaborEdge id, adoption by code, our columns kept, the mapper's lookups.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from data_layer.models import (
    CandidateStatus,
    CandidateType,
    Country,
    JobStatus,
    Profession,
    ReferralSource,
    Specialty,
    State,
)
from data_layer.sync.master import load_lookups, upsert_master


async def _count(session: AsyncSession, model: Any, *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


# ------------------------------------------------------------- master data


async def test_master_lists_upsert_by_external_id_and_feed_the_lookups(
    db_session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with db_session_factory() as session:
        # A state seeded without LaborEdge's id is adopted by its code.
        session.add(State(name="Texas", code="TX"))
        await session.commit()

        countries = await upsert_master(
            session,
            "countries",
            [{"id": 370, "name": "United States", "code": "USA"}, {"id": 244, "name": "Canada"}],
        )
        assert (countries.upserted, len(countries.skipped)) == (1, 1)
        assert countries.skipped[0].reason == "missing, empty or too long code"
        professions = await upsert_master(
            session,
            "professions",
            [
                {"id": 10263, "name": "Registered Nurse", "active": True},
                {"id": 10264, "name": "Pharmacy", "active": True},
                {"id": "bad", "name": "x"},
                "not an object",
            ],
        )
        assert (professions.received, professions.upserted, len(professions.skipped)) == (4, 2, 2)
        specialties = await upsert_master(
            session,
            "specialties",
            [
                {"id": 43834, "name": "ICU", "active": True, "professionId": 10263},
                {"id": 43835, "name": "Retail", "active": True, "professionId": 10264},
                {"id": 43836, "name": "Orphan", "active": True, "professionId": 1},
            ],
        )
        assert specialties.upserted == 3
        states = await upsert_master(
            session,
            "states",
            [
                {"id": 5043, "name": "Texas", "code": "TX", "countryId": 370},
                {"id": 5005, "name": "California", "code": "ca", "countryId": 370},
            ],
        )
        assert states.upserted == 2
        await upsert_master(
            session,
            "jobstatuses",
            [{"id": 1, "name": "Open", "code": "OPEN"}, {"id": 9, "name": "?"}],
        )
        for name, model in (
            ("referralsources", ReferralSource),
            ("candidatetypes", CandidateType),
            ("candidatestatuses", CandidateStatus),
        ):
            result = await upsert_master(session, name, [{"id": 3674, "name": "Axis Call In"}])
            assert result.upserted == 1
            assert await _count(session, model, model.external_id == 3674) == 1
        await session.commit()

        assert await _count(session, State) == 2  # TX adopted, not duplicated
        texas = await session.scalar(select(State).where(State.code == "TX"))
        assert texas is not None and texas.external_id == 5043
        texas_id = texas.id
        usa = await session.scalar(select(Country.id).where(Country.external_id == 370))
        assert texas.country_id == usa
        icu = await session.scalar(select(Specialty).where(Specialty.external_id == 43834))
        rn = await session.scalar(select(Profession.id).where(Profession.external_id == 10263))
        assert icu is not None and icu.profession_id == rn
        orphan = await session.scalar(select(Specialty).where(Specialty.external_id == 43836))
        assert orphan is not None and orphan.profession_id is None

        # Second delivery: renamed, deactivated; description (ours) kept; link kept if unknown.
        await session.execute(
            update(Profession).where(Profession.external_id == 10263).values(description="ours")
        )
        await upsert_master(session, "professions", [{"id": 10263, "name": "RN", "active": False}])
        await upsert_master(
            session, "specialties", [{"id": 43834, "name": "ICU", "professionId": 424242}]
        )
        conflict = await upsert_master(
            session, "states", [{"id": 9999, "name": "Texas again", "code": "TX"}]
        )
        assert (
            conflict.upserted == 0 and "belongs to external id 5043" in conflict.skipped[0].reason
        )
        await session.commit()
        session.expire_all()
        nurse = await session.scalar(select(Profession).where(Profession.external_id == 10263))
        assert nurse is not None
        assert (nurse.name, nurse.active, nurse.description) == ("RN", False, "ours")
        icu = await session.scalar(select(Specialty).where(Specialty.external_id == 43834))
        assert icu is not None and icu.profession_id == rn and icu.active is True
        assert await _count(session, Profession) == 2

        lookups = await load_lookups(session)
        assert set(lookups.professions) == {10263, 10264}
        assert lookups.specialties[43834] == icu.id
        assert lookups.states[5043] == texas_id
        assert lookups.states_by_code["TX"] == texas_id and "CA" in lookups.states_by_code
        assert lookups.states_by_name["texas"] == texas_id
        open_status = await session.scalar(select(JobStatus.id).where(JobStatus.code == "OPEN"))
        assert lookups.job_statuses == {1: open_status, 9: lookups.job_statuses[9]}
        assert lookups.job_statuses_by_code == {"OPEN": open_status}

        with pytest.raises(ValueError, match="unknown master list"):
            await upsert_master(session, "recruiters", [])
