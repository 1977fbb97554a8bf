"""A recruiter's copilot scope includes the applications that came through their own share
links.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28 14:00:00.000000

"How many applications came through my share links?" counts every application a
recruiter's link brought, whichever desk the candidate belongs to: the link is the
recruiter's work. Under 0010's policy an application of another desk's candidate was
invisible to the link's owner, so that count came out short without a warning. The
candidate row itself stays out of scope (the candidates policy is unchanged): the owner of
the link sees that an application came, not who the candidate is.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ADMIN = "(SELECT copilot.scope_admin())"
_RECRUITER = "(SELECT copilot.scope_recruiter())"
_MINE_OR_MY_CANDIDATES = (
    f"{_ADMIN} OR applications.recruiter_id = {_RECRUITER} OR "
    "applications.candidate_id IN (SELECT t.id FROM public.candidates t)"
)
# ``recruiter_job_shares`` is filtered by its own policy: only the asker's links.
_THROUGH_MY_LINKS = (
    "applications.recruiter_share_id IN (SELECT t.id FROM public.recruiter_job_shares t)"
)


def _policy(using: str) -> str:
    return f"ALTER POLICY copilot_scope ON public.applications USING ({using})"


def upgrade() -> None:
    op.execute(_policy(f"{_MINE_OR_MY_CANDIDATES} OR {_THROUGH_MY_LINKS}"))


def downgrade() -> None:
    op.execute(_policy(_MINE_OR_MY_CANDIDATES))
