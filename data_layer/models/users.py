"""2.1 Users and Authentication: ``users``, ``user_roles``, ``sessions``."""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase, UUIDBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import CreatedAtMixin, enum_column

if TYPE_CHECKING:
    from data_layer.models.candidates import Candidate
    from data_layer.models.recruiters import Recruiter

__all__ = ["User", "UserRole", "UserSession", "UserStatus", "UserType"]


class UserType(enum.StrEnum):
    CANDIDATE = "candidate"
    RECRUITER = "recruiter"
    ADMIN = "admin"


class UserStatus(enum.StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    PENDING = "pending"


class User(UUIDAuditBase):
    __tablename__ = "users"
    __table_args__ = (
        Index("ix_users_status", "status"),
        Index("ix_users_user_type", "user_type"),
    )

    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    first_name: Mapped[str | None] = mapped_column(String(255))
    last_name: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(50))
    user_type: Mapped[UserType] = enum_column(UserType, "user_type", UserType.CANDIDATE)
    status: Mapped[UserStatus] = enum_column(UserStatus, "user_status", UserStatus.ACTIVE)
    last_login: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))

    roles: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )
    candidate: Mapped[Candidate | None] = relationship(
        back_populates="user",
        foreign_keys="Candidate.user_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="raise",
        uselist=False,
    )
    recruiter: Mapped[Recruiter | None] = relationship(
        back_populates="user", passive_deletes=True, lazy="raise", uselist=False
    )


class UserRole(UUIDAuditBase):
    __tablename__ = "user_roles"
    __table_args__ = (UniqueConstraint("user_id", "role", name="uq_user_roles_user_id_role"),)

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(100))

    user: Mapped[User] = relationship(back_populates="roles", lazy="raise")


class UserSession(CreatedAtMixin, UUIDBase):
    """A login session; ``token`` holds a hash of the bearer token, never the token."""

    __tablename__ = "sessions"

    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(128), unique=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    ip_address: Mapped[str | None] = mapped_column(String(45))
    user_agent: Mapped[str | None] = mapped_column(String)
