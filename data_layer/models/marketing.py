"""2.9 Marketing and Communication: ``email_templates``, ``email_campaigns``,
``email_campaign_recipients``, ``social_media_posts``."""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING
from uuid import UUID

from advanced_alchemy.base import UUIDAuditBase, UUIDBase
from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data_layer.models.base import bool_column, enum_column

if TYPE_CHECKING:
    from data_layer.models.content import BlogPost, CityGuide
    from data_layer.models.jobs import Job
    from data_layer.models.users import User

__all__ = [
    "CampaignStatus",
    "EmailCampaign",
    "EmailCampaignRecipient",
    "EmailTemplate",
    "EmailTemplateType",
    "RecipientStatus",
    "SocialMediaPost",
    "SocialPlatform",
    "SocialPostStatus",
]


class EmailTemplateType(enum.StrEnum):
    WELCOME = "welcome"
    JOB_ALERT = "job_alert"
    APPLICATION_STATUS = "application_status"
    REFERRAL = "referral"
    NEWSLETTER = "newsletter"


class CampaignStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENT = "sent"
    CANCELLED = "cancelled"


class RecipientStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    OPENED = "opened"
    CLICKED = "clicked"
    BOUNCED = "bounced"


class SocialPlatform(enum.StrEnum):
    FACEBOOK = "facebook"
    TWITTER = "twitter"
    LINKEDIN = "linkedin"
    INSTAGRAM = "instagram"


class SocialPostStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    POSTED = "posted"
    FAILED = "failed"


class EmailTemplate(UUIDAuditBase):
    __tablename__ = "email_templates"

    name: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(500))
    content: Mapped[str] = mapped_column(Text)
    type: Mapped[EmailTemplateType] = enum_column(
        EmailTemplateType, "email_template_type", index=True
    )
    active: Mapped[bool] = bool_column(default=True)


class EmailCampaign(UUIDAuditBase):
    __tablename__ = "email_campaigns"

    name: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(500))
    content: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CampaignStatus] = enum_column(
        CampaignStatus, "campaign_status", CampaignStatus.DRAFT, index=True
    )
    scheduled_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    sent_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))

    recipients: Mapped[list[EmailCampaignRecipient]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class EmailCampaignRecipient(UUIDBase):
    __tablename__ = "email_campaign_recipients"
    __table_args__ = (
        UniqueConstraint(
            "campaign_id", "email", name="uq_email_campaign_recipients_campaign_email"
        ),
    )

    campaign_id: Mapped[UUID] = mapped_column(ForeignKey("email_campaigns.id", ondelete="CASCADE"))
    user_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(320), index=True)
    status: Mapped[RecipientStatus] = enum_column(
        RecipientStatus, "recipient_status", RecipientStatus.PENDING, index=True
    )
    sent_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    opened_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    clicked_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))

    campaign: Mapped[EmailCampaign] = relationship(back_populates="recipients", lazy="raise")
    user: Mapped[User | None] = relationship(lazy="raise")


class SocialMediaPost(UUIDAuditBase):
    __tablename__ = "social_media_posts"
    __table_args__ = (
        # Publisher work queue: due posts by status.
        Index("ix_social_media_posts_status_scheduled_at", "status", "scheduled_at"),
    )

    content: Mapped[str] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(String(2048))
    platform: Mapped[SocialPlatform] = enum_column(SocialPlatform, "social_platform")
    status: Mapped[SocialPostStatus] = enum_column(
        SocialPostStatus, "social_post_status", SocialPostStatus.DRAFT
    )
    scheduled_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    posted_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    job_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("jobs.id", ondelete="SET NULL"), index=True
    )
    city_guide_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("city_guides.id", ondelete="SET NULL"), index=True
    )
    blog_post_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("blog_posts.id", ondelete="SET NULL"), index=True
    )

    job: Mapped[Job | None] = relationship(lazy="raise")
    city_guide: Mapped[CityGuide | None] = relationship(lazy="raise")
    blog_post: Mapped[BlogPost | None] = relationship(lazy="raise")
