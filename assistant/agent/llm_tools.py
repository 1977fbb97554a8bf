"""The tools of `tools/` as LangChain tools. Identity comes from the runtime context only.

No tool takes a user, candidate or session id: those come from the `Actor` in
`runtime.context`, built by the server. A model asked to "apply for candidate X"
or "show other people's applications" has no argument to express it.
"""

from __future__ import annotations

from typing import Any

from langchain.tools import ToolRuntime
from langchain_core.tools import BaseTool, tool
from pydantic import BaseModel, Field

from tools import applications, handoff, jobs, referrals
from tools.context import ToolContext


class SearchFilters(BaseModel):
    profession: str | None = Field(
        None, description="e.g. Registered Nurse, CNA, Physical Therapist"
    )
    specialty: str | None = Field(None, description="e.g. ICU, ER, Med-Surg, Telemetry, L&D")
    state: str | None = Field(None, description="USPS state code, e.g. TX")
    city: str | None = None
    job_type: str | None = Field(None, description="Travel, Perm, Per Diem or Local")
    shift: str | None = Field(None, description="Days, Nights or Evenings")
    shift_hours: float | None = Field(None, description="hours per shift, e.g. 12")
    min_weekly_pay: float | None = None
    min_hourly_pay: float | None = None
    start: str | None = Field(None, description='"asap" or earliest start date YYYY-MM-DD')
    start_to: str | None = Field(None, description="latest start date YYYY-MM-DD")
    hot_only: bool | None = None


def _ctx(runtime: ToolRuntime[ToolContext]) -> ToolContext:
    return runtime.context


@tool("search_jobs")
async def search_jobs_tool(
    runtime: ToolRuntime[ToolContext],
    filters: SearchFilters | None = None,
    query: str | None = None,
    page: int = 1,
) -> str:
    """Search open jobs. Structured wishes go in filters, anything else in query."""
    values: dict[str, Any] = filters.model_dump(exclude_none=True) if filters else {}
    return (await jobs.search_jobs(_ctx(runtime), values, query, max(1, page))).for_model()


@tool("get_job_details")
async def get_job_details_tool(runtime: ToolRuntime[ToolContext], job_id: str) -> str:
    """Full details of one job (pay, shift, dates, certifications) by its id from a search."""
    return (await jobs.get_job_details(_ctx(runtime), job_id)).for_model()


@tool("apply_to_job")
async def apply_to_job_tool(runtime: ToolRuntime[ToolContext], job_id: str) -> str:
    """Start applying to a job for the person in this conversation (needs their confirmation)."""
    return (await applications.apply_to_job(_ctx(runtime), job_id)).for_model()


@tool("confirm_application")
async def confirm_application_tool(runtime: ToolRuntime[ToolContext]) -> str:
    """Submit the pending application after the person explicitly said yes in a new message."""
    return (await applications.confirm_application(_ctx(runtime))).for_model()


@tool("cancel_application")
async def cancel_application_tool(runtime: ToolRuntime[ToolContext]) -> str:
    """Drop the pending application (the person said no)."""
    return (await applications.cancel_application(_ctx(runtime))).for_model()


@tool("register_candidate")
async def register_candidate_tool(
    runtime: ToolRuntime[ToolContext], first_name: str, last_name: str, email: str, phone: str
) -> str:
    """Create the person's candidate profile from the details they gave in this conversation."""
    return (
        await applications.register_candidate(_ctx(runtime), first_name, last_name, email, phone)
    ).for_model()


@tool("lookup_referrals")
async def lookup_referrals_tool(runtime: ToolRuntime[ToolContext]) -> str:
    """The person's own referrals with their status and bonuses."""
    return (await referrals.lookup_referrals(_ctx(runtime))).for_model()


@tool("create_referral")
async def create_referral_tool(runtime: ToolRuntime[ToolContext], email: str) -> str:
    """Invite a friend (by email) to Excel Medical Staffing on the person's behalf."""
    return (await referrals.create_referral(_ctx(runtime), email)).for_model()


@tool("request_recruiter")
async def request_recruiter_tool(
    runtime: ToolRuntime[ToolContext], reason: str | None = None
) -> str:
    """Hand this conversation to a human recruiter, who will reply here."""
    return (await handoff.request_recruiter(_ctx(runtime), reason)).for_model()


AGENT_TOOLS: list[BaseTool] = [
    search_jobs_tool,
    get_job_details_tool,
    apply_to_job_tool,
    confirm_application_tool,
    cancel_application_tool,
    register_candidate_tool,
    lookup_referrals_tool,
    create_referral_tool,
    request_recruiter_tool,
]
