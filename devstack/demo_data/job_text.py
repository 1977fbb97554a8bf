"""The HTML description of a demo job and its plain-text twin (``description_text``)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from data_layer.master import catalog as md
from data_layer.models import JobType
from devstack.demo_data.choices import LICENSED_PROFESSIONS
from devstack.demo_data.jobs import JobCore, Pay
from devstack.fakes import pick

__all__ = ["JOB_TYPE_WORDS", "describe_job"]

JOB_TYPE_WORDS: dict[JobType, str] = {
    JobType.TRAVEL: "travel",
    JobType.LOCAL: "local contract",
    JobType.PER_DIEM: "per diem",
    JobType.PERM: "permanent",
}
_BENEFITS = (
    "Weekly direct deposit",
    "Day-one medical, dental and vision insurance",
    "401(k) with company match",
    "Tax-free housing and meals stipends (when eligible)",
    "Travel reimbursement",
    "License and certification reimbursement",
    "24/7 clinical and recruiter support",
    "Referral bonuses of up to $1,000",
    "Completion bonus",
    "Paid orientation",
    "Extension and rapid-rebook opportunities",
)
_PERM_BENEFITS = (
    "Comprehensive medical, dental and vision coverage",
    "Retirement plan with employer match",
    "Paid time off and holidays",
    "Tuition reimbursement and clinical ladder",
    "Relocation assistance",
    "Sign-on bonus for eligible candidates",
)


def _esc(text: str) -> str:
    if "&" not in text and "<" not in text and ">" not in text:
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pay_line(core: JobCore, pay: Pay) -> str:
    if core.job_type is JobType.PERM and pay.annual is not None:
        return f"${pay.annual * 0.92:,.0f} - ${pay.annual:,.0f} per year (${pay.hourly:,.2f}/hr)"
    if core.job_type is JobType.TRAVEL:
        return f"{pay.weekly_range} per week (blended, taxable + stipends)"
    return f"{pay.hourly_range} per hour"


def _licence(prof: md.ProfessionInfo, state: md.StateInfo) -> str:
    if prof.abbreviation not in LICENSED_PROFESSIONS:
        return f"{prof.name} credential in good standing"
    compact = " or multistate compact license" if prof.abbreviation in {"RN", "LPN/LVN"} else ""
    return f"Active {state.name} {prof.abbreviation} license{compact}"


def describe_job(
    rng: random.Random,
    core: JobCore,
    *,
    client: str,
    shift: md.ShiftInfo,
    pay: Pay,
    duration: int | None,
    asap: bool,
    start: datetime.date,
    openings: int,
    years: int,
    required: Sequence[str],
    preferred: Sequence[str],
    bonus: int | None,
) -> tuple[str, str]:
    """The HTML description and its plain-text twin."""
    prof, spec, city = core.profession, core.specialty, core.city
    state = md.state_by_code(city.state_code)
    kind = JOB_TYPE_WORDS[core.job_type]
    role = f"{spec.name} {prof.name}"
    article = "an" if kind[0] in "aeiou" else "a"
    intro = pick(
        rng,
        (
            f"Excel Medical Staffing is hiring {article} {kind} {role} for {client} in "
            f"{city.name}, {state.name}.",
            f"{client} in {city.name}, {city.state_code} needs {article} {kind} {role}"
            f" to join its {spec.department} team.",
            f"Join {client} in {city.name}, {state.name} as {article} {kind} {role}"
            " through Excel Medical Staffing.",
        ),
    )
    details = [
        f"Shift: {shift.label}",
        f"Start: {'ASAP' if asap else start.strftime('%B %d, %Y').replace(' 0', ' ')}",
    ]
    if duration:
        details.append(f"Duration: {duration} weeks")
    details.append(f"Pay: {_pay_line(core, pay)}")
    if bonus:
        details.append(f"Sign-on bonus: ${bonus:,}")
    if openings > 1:
        details.append(f"Openings: {openings}")
    reqs = [
        _licence(prof, state),
        f"{years}+ year{'s' if years > 1 else ''} of recent {spec.name} experience "
        f"as {'an' if prof.name[0] in 'AEIOU' else 'a'} {prof.name}",
    ]
    if required:
        reqs.append("Current " + ", ".join(required))
    if preferred:
        reqs.append("Preferred: " + ", ".join(preferred))
    pool = _PERM_BENEFITS if core.job_type is JobType.PERM else _BENEFITS
    benefits = rng.sample(pool, k=min(4, len(pool)))
    about = (
        f"The {spec.department} department at {client} serves {city.name} and the surrounding "
        f"{state.name} communities. {spec.description}"
    )
    sections = (
        ("Assignment details", details),
        ("Requirements", reqs),
        ("Benefits", benefits),
    )
    html_parts = [f"<p>{_esc(intro)}</p>", f"<p>{_esc(about)}</p>"]
    text_parts = [intro, about]
    for heading, items in sections:
        html_parts.append(f"<h3>{heading}</h3>")
        html_parts.append("<ul>" + "".join(f"<li>{_esc(i)}</li>" for i in items) + "</ul>")
        text_parts.append(heading)
        text_parts.extend(f"- {i}" for i in items)
    return "".join(html_parts), "\n".join(text_parts)
