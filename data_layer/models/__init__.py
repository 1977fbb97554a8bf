"""PostgreSQL models of database-schema.md section 2 (40 tables) plus the
pgvector tables and the operational tables (sync, chat, ``login_attempts``).
Importing this package registers every table on ``metadata``.

See docs/data-model.md for the decisions (ON DELETE rules, indexes, columns
added beyond the spec).
"""

from data_layer.models.analytics import CandidateJourneyEvent, JobView, PageView, UserSearch
from data_layer.models.applications import (
    Application,
    ApplicationStatus,
    ApplicationStatusHistory,
)
from data_layer.models.base import IntPKBase, metadata
from data_layer.models.candidates import (
    Candidate,
    CandidateJobType,
    CandidateJobTypeValue,
    CandidateLicense,
    CandidatePreferredState,
    CandidateProfession,
    CandidateResume,
    CandidateSpecialty,
    CandidateStatus,
    CandidateType,
    LicenseStatus,
    ResumeStatus,
    VerificationStatus,
)
from data_layer.models.chat import (
    ChatHandoff,
    ChatSession,
    ChatSessionStatus,
    HandoffOutcome,
    HandoffStatus,
)
from data_layer.models.content import (
    BlogPost,
    CityGuide,
    CitySpecialtyPage,
    ContentStatus,
    SpecialtyPage,
)
from data_layer.models.embeddings import EMBEDDING_DIM, JobEmbedding, ResumeEmbedding
from data_layer.models.events import ContentReplanMark, OutboxConsumer, OutboxEvent
from data_layer.models.faq import FaqArticle, FaqPassage
from data_layer.models.jobs import (
    DurationType,
    Job,
    JobRate,
    JobRequiredCertification,
    JobStatus,
    JobType,
)
from data_layer.models.marketing import (
    CampaignStatus,
    EmailCampaign,
    EmailCampaignRecipient,
    EmailTemplate,
    EmailTemplateType,
    RecipientStatus,
    SocialMediaPost,
    SocialPlatform,
    SocialPostStatus,
)
from data_layer.models.master import Certification, Country, Profession, Specialty, State
from data_layer.models.operations import SyncQuarantine, SyncRun, SyncRunKind, SyncRunStatus
from data_layer.models.recruiters import Recruiter, RecruiterJobShare
from data_layer.models.referrals import (
    Referral,
    ReferralReward,
    ReferralSource,
    ReferralStatus,
    RewardStatus,
)
from data_layer.models.security import (
    AccountToken,
    AccountTokenPurpose,
    LoginAttempt,
    OutboxEmail,
    OutboxStatus,
)
from data_layer.models.users import User, UserRole, UserSession, UserStatus, UserType

__all__ = [
    "EMBEDDING_DIM",
    "AccountToken",
    "AccountTokenPurpose",
    "Application",
    "ApplicationStatus",
    "ApplicationStatusHistory",
    "BlogPost",
    "CampaignStatus",
    "Candidate",
    "CandidateJobType",
    "CandidateJobTypeValue",
    "CandidateJourneyEvent",
    "CandidateLicense",
    "CandidatePreferredState",
    "CandidateProfession",
    "CandidateResume",
    "CandidateSpecialty",
    "CandidateStatus",
    "CandidateType",
    "Certification",
    "ChatHandoff",
    "ChatSession",
    "ChatSessionStatus",
    "CityGuide",
    "CitySpecialtyPage",
    "ContentReplanMark",
    "ContentStatus",
    "Country",
    "DurationType",
    "EmailCampaign",
    "EmailCampaignRecipient",
    "EmailTemplate",
    "EmailTemplateType",
    "FaqArticle",
    "FaqPassage",
    "HandoffOutcome",
    "HandoffStatus",
    "IntPKBase",
    "Job",
    "JobEmbedding",
    "JobRate",
    "JobRequiredCertification",
    "JobStatus",
    "JobType",
    "JobView",
    "LicenseStatus",
    "LoginAttempt",
    "OutboxConsumer",
    "OutboxEmail",
    "OutboxEvent",
    "OutboxStatus",
    "PageView",
    "Profession",
    "RecipientStatus",
    "Recruiter",
    "RecruiterJobShare",
    "Referral",
    "ReferralReward",
    "ReferralSource",
    "ReferralStatus",
    "ResumeEmbedding",
    "ResumeStatus",
    "RewardStatus",
    "SocialMediaPost",
    "SocialPlatform",
    "SocialPostStatus",
    "Specialty",
    "SpecialtyPage",
    "State",
    "SyncQuarantine",
    "SyncRun",
    "SyncRunKind",
    "SyncRunStatus",
    "User",
    "UserRole",
    "UserSearch",
    "UserSession",
    "UserStatus",
    "UserType",
    "VerificationStatus",
    "metadata",
]
