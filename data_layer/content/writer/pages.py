"""The page types' bodies and SEO fields, from their snapshots."""

from __future__ import annotations

from typing import Any

from data_layer.content.kinds import slug
from data_layer.content.writer.jobs_list import job_line, jobs_section
from data_layer.content.writer.phrasing import (
    UNIT_WORD,
    count,
    day,
    fit,
    join,
    money,
    pick,
    search_url,
    top,
)
from data_layer.content.writer.sections import (
    certifications_paragraph,
    facilities_paragraph,
    pay_paragraph,
    shifts_paragraph,
)

BRAND = "Excel Medical Staffing"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _description(options: list[str]) -> str:
    return fit(options, 70, 160)


def city_guide(key: str, s: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    city, code, state = s["city"], s["state_code"], s.get("state_name") or s["state_code"]
    n, as_of = int(s["open_jobs"]), s["as_of"]
    jobs = count(n, "open healthcare job")
    intro = pick(
        key,
        "intro",
        [
            f"As of {as_of}, we have {jobs} in {city}, {state}.",
            f"{city} is hiring: as of {as_of} we list {jobs} there.",
            f"Thinking about a travel assignment in {city}, {state}? As of {as_of}, "
            f"we have {jobs} in the city.",
            f"Here is what the job market for travel clinicians in {city} looks like as of "
            f"{as_of}: {jobs} with us.",
        ],
    )
    specialties = top(s.get("specialties") or {}, 5)
    body = [intro]
    if specialties:
        body.append(
            pick(key, "spec.lead", ["The most openings are in", "Demand is highest in"])
            + f" {join([f'{name} ({n_})' for name, n_ in specialties])}."
        )
    lines = [" ".join(body), ""]
    lines += pay_paragraph(key, s, f"in {city}")
    lines += shifts_paragraph(key, s)
    lines += facilities_paragraph(key, s, f"in {city}")
    if specialties:
        lines += ["## Specialties in demand", ""]
        lines += [
            f"- [{name}]({search_url(specialty=name, state=code)}): {count(n_, 'open job')}"
            for name, n_ in specialties
        ]
        lines.append("")
    lines += jobs_section(s, f"Open jobs in {city} right now", place=False)
    lines.append(
        f"[Search all open jobs in {state}]({search_url(state=code)}) to see more "
        "near " + city + "."
    )
    title = f"Travel Nurse and Allied Jobs in {city}, {code}"
    page = {
        "title": title,
        "slug": f"{slug(city)}-{code.lower()}",
        "seo_title": fit(
            [
                f"Travel Nursing Jobs in {city}, {code} | Pay & Shifts",
                f"Travel Nurse Jobs in {city}, {code}",
                f"{city}, {code} Travel Jobs",
                f"Travel Jobs in {city}, {code}"[:60],
            ],
            30,
            60,
        ),
        "seo_description": _description(
            [
                f"{_upper_first(jobs)} in {city}, {state}: travel pay ranges, shifts and the "
                f"facilities hiring now, as of {as_of}.",
                f"Travel healthcare jobs in {city}, {state}: pay, shifts and facilities.",
            ]
        ),
        "seo_keywords": f"travel nurse jobs {city}, travel nursing {city} {code}, {city} "
        "healthcare jobs",
        "excerpt": intro,
        "city": city,
        "state_code": code,
        "state_name": state,
    }
    return lines, page


def specialty_page(key: str, s: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    name, n, as_of = s["specialty_name"], int(s["open_jobs"]), s["as_of"]
    jobs = count(n, f"open {name} job")
    cities = s.get("cities") or []
    intro = pick(
        key,
        "intro",
        [
            f"As of {as_of}, we have {jobs} across the country.",
            f"{name} clinicians are in demand: as of {as_of} we list {jobs}.",
            f"Looking for your next {name} assignment? As of {as_of}, there are {jobs} with us.",
        ],
    )
    lines = [intro]
    if cities:
        top_cities = join(
            [f"{c['city']}, {c['state_code']} ({c['open_jobs']})" for c in cities[:4]]
        )
        lines[0] += " " + pick(
            key,
            "cities",
            [
                f"The cities with the most openings are {top_cities}.",
                f"Openings are spread out; the most are in {top_cities}.",
            ],
        )
    lines.append("")
    lines += pay_paragraph(key, s, f"for {name}")
    lines += certifications_paragraph(key, s)
    lines += shifts_paragraph(key, s)
    if cities:
        lines += ["## Where the jobs are", ""]
        lines += [
            f"- {c['city']}, {c['state_code']}: {count(c['open_jobs'], 'open job')}"
            for c in cities[:8]
        ]
        lines.append("")
    lines += facilities_paragraph(key, s, "across the country")
    lines += jobs_section(s, f"Open {name} jobs right now")
    lines.append(f"[See every open {name} job]({search_url(specialty=name)}).")
    page = {
        "title": f"{name} Travel Jobs",
        "slug": slug(name),
        "seo_title": fit(
            [
                f"{name} Travel Jobs: Pay, Shifts and Openings",
                f"{name} Travel Nurse and Allied Jobs",
                f"{name} Travel Healthcare Jobs | {BRAND}",
                f"{name} Jobs | {BRAND}",
            ],
            30,
            60,
        ),
        "seo_description": _description(
            [
                f"{_upper_first(jobs)}: weekly pay ranges, the cities hiring, certifications "
                f"and shifts, as of {as_of}.",
                f"{name} travel jobs: pay ranges, cities, certifications and shifts.",
            ]
        ),
        "seo_keywords": f"{name} travel jobs, {name} travel nurse, {name} pay",
        "excerpt": intro,
        "specialty_name": name,
        "specialty_slug": slug(name),
    }
    return lines, page


def city_specialty_page(key: str, s: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    city, code, state = s["city"], s["state_code"], s.get("state_name") or s["state_code"]
    name, n, as_of = s["specialty_name"], int(s["open_jobs"]), s["as_of"]
    jobs = count(n, f"open {name} job")
    intro = pick(
        key,
        "intro",
        [
            f"As of {as_of}, we have {jobs} in {city}, {state}.",
            f"{city} needs {name} clinicians: as of {as_of} there are {jobs} with us.",
            f"Here are the {name} jobs we have in {city}, {state} as of {as_of}: {jobs}.",
        ],
    )
    lines = [intro, ""]
    lines += pay_paragraph(key, s, f"for {name} in {city}")
    lines += shifts_paragraph(key, s)
    lines += certifications_paragraph(key, s)
    lines += facilities_paragraph(key, s, f"in {city}")
    lines += jobs_section(s, f"Open {name} jobs in {city}", place=False)
    lines.append(f"[See all {name} jobs in {state}]({search_url(specialty=name, state=code)}).")
    page = {
        "title": f"{name} Travel Jobs in {city}, {code}",
        "slug": f"{slug(city)}-{code.lower()}-{slug(name)}",
        "seo_title": fit(
            [
                f"{name} Travel Jobs in {city}, {code}",
                f"{name} Jobs in {city}, {code} | Pay & Shifts",
                f"{name} Jobs in {city}, {code}"[:60],
            ],
            30,
            60,
        ),
        "seo_description": _description(
            [
                f"{_upper_first(jobs)} in {city}, {state}: pay ranges, shifts and facilities "
                f"hiring, as of {as_of}.",
                f"{name} jobs in {city}, {state}: pay, shifts and facilities.",
            ]
        ),
        "seo_keywords": f"{name} jobs {city}, {name} travel nurse {city} {code}",
        "excerpt": intro,
        "city": city,
        "state_code": code,
        "state_name": state,
        "specialty_name": name,
        "specialty_slug": slug(name),
    }
    return lines, page


def job_description(key: str, s: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    job = s["job"]
    title, city, code = job["title"], job.get("city"), job.get("state_code")
    where = f" in {city}, {s.get('state_name') or code}" if city else ""
    facility = job.get("facility")
    kind = (job.get("job_type") or "").lower()
    article = "an" if kind[:1] in "aeiou" and kind else "a"
    first = f"We are hiring {article} {kind + ' ' if kind else ''}{title}{where}"
    first += f" at {facility}." if facility else "."
    lines = [first]
    details: list[str] = []
    if job.get("shift"):
        details.append(f"- Shift: {job['shift']}")
    if job.get("shift_start") and job.get("shift_end"):
        details.append(f"- Hours: {job['shift_start']} to {job['shift_end']}")
    if job.get("shifts_per_week") and job.get("hours_per_shift"):
        details.append(
            f"- Schedule: {count(job['shifts_per_week'], 'shift')} a week, "
            f"{job['hours_per_shift']} hours each"
        )
    if job.get("duration"):
        details.append(f"- Assignment length: {job['duration']}")
    if job.get("asap"):
        details.append("- Start: as soon as possible")
    elif job.get("start_date"):
        details.append(f"- Start: {day(job['start_date'])}")
    if job.get("pay"):
        unit = UNIT_WORD.get(job.get("pay_unit") or "week", "")
        if job.get("pay_min") and job["pay_min"] < job["pay"]:
            details.append(f"- Pay: {money(job['pay_min'])} to {money(job['pay'])} {unit}")
        else:
            details.append(f"- Pay: {money(job['pay'])} {unit}")
    if job.get("sign_on_bonus"):
        details.append(f"- Sign-on bonus: {money(job['sign_on_bonus'])}")
    if job.get("openings") and job["openings"] > 1:
        details.append(f"- Openings: {job['openings']}")
    lines += ["", "## The job", "", *details, ""]
    certs = job.get("certifications") or []
    if certs:
        lines += ["## What you need", "", *(f"- {c}" for c in certs), ""]
    specialty = job.get("specialty")
    lines.append(
        pick(
            key,
            "close",
            [
                "Apply on this page, or ask a recruiter any question about the job in the chat.",
                "Ready to go? Apply here, and a recruiter will contact you about the next steps.",
            ],
        )
    )
    if specialty and code:
        lines += [
            "",
            f"[More {specialty} jobs in {code}]({search_url(specialty=specialty, state=code)})",
        ]
    page = {
        "title": title,
        "slug": f"job-{slug(title)}-{job['id'][:8]}",
        "seo_title": fit([f"{title}{where}"[:60], f"{title} | {BRAND}"], 30, 60),
        "seo_description": _description(
            [
                f"{first} " + (f"{job['shift']}. " if job.get("shift") else "") + "Apply today.",
                first,
            ]
        )[:160],
        "seo_keywords": ", ".join(x for x in (title, specialty, city) if x),
        "excerpt": first,
        "city": city,
        "state_code": code,
        "job_id": job["id"],
        "specialty_name": specialty,
    }
    return lines, page


def blog_post(key: str, s: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    rows, as_of = s.get("rows") or [], s["as_of"]
    post_slug = key.removeprefix("blog/")
    if s.get("topic") == "top_paying_specialties":
        title = f"The Highest-Paying Travel Nursing Specialties in {as_of}"
        intro = (
            f"Which travel specialties pay the most right now? We ranked our open travel jobs "
            f"by median weekly pay as of {as_of}. The list counts only specialties with at "
            f"least {min(r['open_jobs'] for r in rows)} open jobs, so one unusual job does "
            "not top it."
        )
        lines = [intro, "", "## The ranking", ""]
        for i, row in enumerate(rows, 1):
            lines.append(
                f"{i}. [{row['name']}]({search_url(specialty=row['name'], job_type='Travel')}): "
                f"median {money(row['median'])} a week, up to {money(row['max'])}, "
                f"{count(row['open_jobs'], 'open job')}"
            )
        lead = rows[0]
        lines += [
            "",
            "## What this means for you",
            "",
            f"{lead['name']} leads with a median of {money(lead['median'])} a week. "
            "Pay also depends on the city, the shift and how soon the job starts. "
            "Open a job to see its full package.",
        ]
        description = f"The travel specialties with the highest median weekly pay in {as_of}."
    else:
        name = s.get("specialty_name") or ""
        title = f"Where {name} Travel Nurses Are Needed in {as_of}"
        intro = (
            f"We looked at our {count(int(s['open_jobs']), f'open {name} travel job')} as of "
            f"{as_of}. These are the cities with the most openings."
        )
        lines = [intro, "", "## Cities with the most openings", ""]
        for i, row in enumerate(rows, 1):
            lines.append(
                f"{i}. {row['city']}, {row['state_code']}: "
                f"{count(row['open_jobs'], 'open job')}, median {money(row['median'])} a week"
            )
        lines += ["", *pay_paragraph(key, s, f"for {name} travel jobs")]
        lines.append(
            f"[Browse all {name} travel jobs]({search_url(specialty=name, job_type='Travel')})."
        )
        description = f"The cities with the most open {name} travel jobs in {as_of}, with pay."
    lines += ["", *jobs_section(s, "A few open jobs", limit=5)]
    page = {
        "title": title,
        "slug": post_slug,
        "seo_title": fit([title, title[:60]], 30, 60),
        "seo_description": _description(
            [description + " Pay ranges and open jobs, from our own listings.", description]
        ),
        "seo_keywords": "travel nursing pay, travel nurse jobs",
        "excerpt": intro,
        "specialty_name": s.get("specialty_name"),
    }
    return lines, page


__all__ = [
    "blog_post",
    "city_guide",
    "city_specialty_page",
    "job_description",
    "job_line",
    "specialty_page",
]
