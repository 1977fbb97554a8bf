"""2.8 Master Data: ``professions``, ``specialties``, ``states``, ``countries``,
``certifications``.

Integer keys of our own; LaborEdge's id is ``external_id`` (UNIQUE, the upsert
key of the master-data sync). Rows are deactivated (``active = false``), not
deleted, while referenced: every reference to them is ON DELETE RESTRICT.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import IntPKBase, bool_column

__all__ = ["Certification", "Country", "Profession", "Specialty", "State"]


class Profession(IntPKBase):
    __tablename__ = "professions"
    __table_args__ = (Index("ix_professions_active_name", "name", postgresql_where=text("active")),)

    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1024))
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)

    specialties: Mapped[list[Specialty]] = relationship(
        back_populates="profession", passive_deletes="all", lazy="raise"
    )


class Specialty(IntPKBase):
    __tablename__ = "specialties"
    __table_args__ = (
        Index(
            "ix_specialties_active_profession_id_name",
            "profession_id",
            "name",
            postgresql_where=text("active"),
        ),
    )

    profession_id: Mapped[int | None] = mapped_column(
        ForeignKey("professions.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(1024))
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)

    profession: Mapped[Profession | None] = relationship(back_populates="specialties", lazy="raise")


class State(IntPKBase):
    __tablename__ = "states"
    __table_args__ = (Index("ix_states_active_name", "name", postgresql_where=text("active")),)

    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    country_id: Mapped[int | None] = mapped_column(
        ForeignKey("countries.id", ondelete="RESTRICT"), index=True
    )
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)

    country: Mapped[Country | None] = relationship(back_populates="states", lazy="raise")


class Country(IntPKBase):
    __tablename__ = "countries"

    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    active: Mapped[bool] = bool_column(default=True)
    external_id: Mapped[int | None] = mapped_column(Integer, unique=True)

    states: Mapped[list[State]] = relationship(
        back_populates="country", passive_deletes="all", lazy="raise"
    )


class Certification(IntPKBase):
    __tablename__ = "certifications"

    name: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str | None] = mapped_column(String(1024))
    active: Mapped[bool] = bool_column(default=True)
