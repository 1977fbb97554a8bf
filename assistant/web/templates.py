"""The demo career site's HTML: plain Python templates; every value goes through :func:`esc`.

The site embeds the chat widget exactly the way a customer's page would:
``<script src="/widget.js" data-api="https://HOST" async></script>``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlencode

from assistant.web.format import day, duration, esc, json_for_script, pay, place, start
from data_layer.jobs.search import JobDetails, JobHit

COMPANY = "Excel Medical Staffing"
JOB_TYPES = ("Travel", "Per Diem", "Local", "Perm")
SHIFTS = ("Days", "Evenings", "Nights")

SITE_CSS = """
:root{--brand:#0b4f7c;--brand-dark:#083a5c;--accent:#c2410c;--ink:#1f2937;--muted:#4b5563;
--line:#d8dee6;--bg:#f6f8fb;--hot:#b42318;font-family:system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;color:var(--ink);line-height:1.5}
*{box-sizing:border-box}body{margin:0;background:#fff}
a{color:var(--brand)}a:hover{color:var(--brand-dark)}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
.skip{position:absolute;left:-999px}.skip:focus{left:12px;top:12px;background:#fff;padding:8px;z-index:10}
header.site{background:#fff;border-bottom:1px solid var(--line)}
header.site .wrap{display:flex;align-items:center;justify-content:space-between;gap:16px;
min-height:64px;flex-wrap:wrap}
.logo{font-weight:800;font-size:1.2rem;color:var(--brand-dark);text-decoration:none}
.logo span{color:var(--accent)}
nav.main a{margin-left:18px;text-decoration:none;font-weight:600;color:var(--ink);
white-space:nowrap}
nav.main a:hover{color:var(--brand)}
.hero{background:linear-gradient(135deg,#0b4f7c,#0e6ba8);color:#fff;padding:56px 0 64px}
.hero h1{font-size:clamp(1.8rem,4vw,2.8rem);margin:0 0 12px;line-height:1.15}
.hero p{font-size:1.15rem;max-width:640px;margin:0 0 24px;color:#e8f1f8}
.search{display:flex;flex-wrap:wrap;gap:10px;background:#fff;padding:14px;border-radius:10px;
max-width:820px;box-shadow:0 8px 24px rgba(0,0,0,.15)}
.search label{display:flex;flex-direction:column;font-size:.8rem;font-weight:600;color:var(--muted);
flex:1 1 160px;min-width:0}
.search select,.filters select{margin-top:4px;padding:9px;border:1px solid #9aa5b1;
border-radius:6px;font:inherit;color:var(--ink);background:#fff;width:100%;max-width:100%}
.btn{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:6px;
padding:11px 20px;font:inherit;font-weight:700;text-decoration:none;cursor:pointer}
.btn:hover{background:#9a3412;color:#fff}
.btn.secondary{background:var(--brand)}.btn.secondary:hover{background:var(--brand-dark)}
.search .btn{align-self:flex-end}
.stats{display:flex;gap:28px;flex-wrap:wrap;margin-top:22px;color:#e8f1f8}
.stats strong{display:block;font-size:1.5rem;color:#fff}
section.block{padding:40px 0}section.block.alt{background:var(--bg)}
section.block h2{margin:0 0 6px;font-size:1.6rem}
.lead{color:var(--muted);margin:0 0 22px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px}
.job{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px;display:flex;
flex-direction:column;gap:6px}
.job h3{margin:0;font-size:1.05rem}.job h3 a{text-decoration:none;color:var(--ink)}
.job h3 a:hover{color:var(--brand);text-decoration:underline}
.meta{color:var(--muted);font-size:.92rem;margin:0}
.pay{font-weight:700;color:#14532d;margin:0}
.badge{display:inline-block;font-size:.75rem;font-weight:700;border-radius:999px;padding:2px 9px;
background:#e0ecf6;color:var(--brand-dark);margin-right:4px}
.badge.hot{background:var(--hot);color:#fff}
.why{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:20px}
.why div{background:#fff;border:1px solid var(--line);border-radius:10px;padding:18px}
.why h3{margin:0 0 6px}
.layout{display:grid;grid-template-columns:260px 1fr;gap:28px;padding:28px 0 48px}
.filters{display:flex;flex-direction:column;gap:12px;background:var(--bg);padding:16px;
border-radius:10px;align-self:start}
.filters label{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
.filters .check{flex-direction:row;gap:8px;align-items:center}
.results{display:flex;flex-direction:column;gap:12px}
.pager{display:flex;gap:12px;align-items:center;margin-top:12px}
.detail{display:grid;grid-template-columns:1fr 300px;gap:32px;padding:28px 0 56px}
.facts{list-style:none;padding:16px;margin:0;background:var(--bg);border-radius:10px}
.facts li{padding:6px 0;border-bottom:1px solid var(--line)}.facts li:last-child{border:0}
.facts b{display:block;font-size:.8rem;color:var(--muted);text-transform:uppercase}
.crumbs{font-size:.9rem;color:var(--muted);padding-top:18px}
.closed{background:#fef3c7;border:1px solid #f59e0b;padding:10px 14px;border-radius:8px}
.account{max-width:560px;margin:8px 0 56px;padding:24px 28px;border:1px solid var(--line);
border-radius:12px;background:#fff}
.account h1{margin:0 0 14px;font-size:1.6rem;line-height:1.2}
.account-message p{margin:0 0 10px}.account-message p:last-child{margin:0}
.account-message:not(:empty){margin:0 0 16px}
.account-message.ok,.account-message.error{padding:12px 14px;border-radius:8px;border:1px solid}
.account-message.ok{background:#ecfdf5;border-color:#6ee7b7;color:#065f46}
.account-message.error{background:#fef2f2;border-color:#fca5a5;color:#7f1d1d}
.account-message.ok .btn{margin-top:6px}
.account-form{display:flex;flex-direction:column;gap:14px}.account-form[hidden]{display:none}
.account-form p{margin:0}
.field{display:flex;flex-direction:column;gap:4px}.field label{font-weight:600}
.field input{padding:10px;border:1px solid #9aa5b1;border-radius:6px;font:inherit;
color:var(--ink);max-width:100%}
.field input[aria-invalid=true]{border-color:var(--hot);border-width:2px}
.hint{font-size:.88rem;color:var(--muted)}
.field-error{color:var(--hot);font-weight:600;font-size:.92rem}.field-error:empty{display:none}
.account-form .btn{align-self:flex-start}.account-form[aria-busy=true] .btn{opacity:.6}
footer.site{background:#0f172a;color:#cbd5e1;padding:28px 0;font-size:.9rem}
footer.site a{color:#e2e8f0}
@media (max-width:760px){.layout,.detail{grid-template-columns:1fr}nav.main a{margin:0 12px 0 0}}
"""

_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self' {api}; base-uri 'none'; frame-ancestors 'self'; "
    "form-action 'self'"
)


def content_security_policy(api_origin: str) -> str:
    """The demo pages' CSP: what a strict customer page allows (the widget must live with it)."""
    return _CSP.format(api=api_origin)


def page(
    *,
    title: str,
    description: str,
    body: str,
    api_origin: str,
    canonical: str | None = None,
    head_extra: str = "",
    lang: str = "en",
) -> str:
    canonical_tag = f'<link rel="canonical" href="{esc(canonical)}">' if canonical else ""
    return f"""<!doctype html>
<html lang="{esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<meta name="description" content="{esc(description)}">
{canonical_tag}
<style>{SITE_CSS}</style>
{head_extra}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site"><div class="wrap">
<a class="logo" href="/">Excel <span>Medical</span> Staffing</a>
<nav class="main" aria-label="Main">
<a href="/jobs">Find jobs</a><a href="/jobs?job_type=Travel">Travel nursing</a>
<a href="/jobs?hot=1">Hot jobs</a>
</nav>
</div></header>
<main id="main">
{body}
</main>
<footer class="site"><div class="wrap">
<p>&copy; {dt.date.today().year} {esc(COMPANY)} &middot; Travel, per diem, local and permanent
healthcare jobs across the United States.</p>
<p>Questions? Use the chat in the corner of any page: our assistant finds jobs, applies for you
and connects you with a recruiter.</p>
</div></footer>
<script src="/widget.js" data-api="{esc(api_origin)}" async></script>
</body>
</html>"""


def job_card(hit: JobHit) -> str:
    badges = []
    if hit.hot_job:
        badges.append('<span class="badge hot">Hot job</span>')
    if hit.job_type:
        badges.append(f'<span class="badge">{esc(hit.job_type)}</span>')
    facts = [
        x
        for x in (
            place(hit.city, hit.state),
            hit.shift,
            f"Starts {start(hit)}" if start(hit) else None,
            duration(hit),
        )
        if x
    ]
    pay_line = f'<p class="pay">{esc(pay(hit))}</p>' if pay(hit) else ""
    return f"""<article class="job">
<div>{"".join(badges)}</div>
<h3><a href="/jobs/{esc(hit.id)}">{esc(hit.title)}</a></h3>
<p class="meta">{" · ".join(esc(f) for f in facts)}</p>
{pay_line}
</article>"""


def home(
    *,
    api_origin: str,
    hot: Sequence[JobHit],
    featured: Sequence[JobHit],
    open_jobs: int,
    open_capped: bool,
    professions: Iterable[str],
    states: Iterable[tuple[str, str]],
) -> str:
    profession_options = "".join(f'<option value="{esc(p)}">{esc(p)}</option>' for p in professions)
    state_options = "".join(
        f'<option value="{esc(code)}">{esc(name)}</option>' for code, name in states
    )
    count = f"{open_jobs:,}{'+' if open_capped else ''}"
    body = f"""
<section class="hero"><div class="wrap">
<h1>Travel nursing and allied jobs that fit your life</h1>
<p>Top-paying travel, per diem, local and permanent assignments with hospitals nationwide, and a
recruiter who has your back from the first call to your last shift.</p>
<form class="search" action="/jobs" method="get" role="search" aria-label="Search jobs">
<label>Profession<select name="profession"><option value="">Any profession</option>
{profession_options}</select></label>
<label>State<select name="state"><option value="">Any state</option>{state_options}</select></label>
<label>Job type<select name="job_type"><option value="">Any type</option>
<option>Travel</option><option>Per Diem</option><option>Local</option><option>Perm</option>
</select></label>
<button class="btn" type="submit">Search jobs</button>
</form>
<div class="stats"><div><strong>{esc(count)}</strong>open jobs</div>
<div><strong>50</strong>states</div><div><strong>24/7</strong>recruiter support</div></div>
</div></section>
<section class="block" aria-labelledby="hot-title"><div class="wrap">
<h2 id="hot-title">Hot jobs</h2>
<p class="lead">Urgent needs with our best pay packages. These fill fast.</p>
<div class="grid">{"".join(job_card(h) for h in hot)}</div>
<p><a class="btn secondary" href="/jobs?hot=1">See all hot jobs</a></p>
</div></section>
<section class="block alt" aria-labelledby="featured-title"><div class="wrap">
<h2 id="featured-title">Featured jobs</h2>
<p class="lead">Hand-picked assignments from our recruiters.</p>
<div class="grid">{"".join(job_card(h) for h in featured)}</div>
</div></section>
<section class="block" aria-labelledby="why-title"><div class="wrap">
<h2 id="why-title">Why clinicians choose Excel</h2>
<div class="why">
<div><h3>Pay you can plan on</h3><p>Transparent weekly pay packages with housing and travel
stipends, paid weekly.</p></div>
<div><h3>A recruiter, not a call center</h3><p>One dedicated recruiter who knows your
specialty, your licenses and where you want to go next.</p></div>
<div><h3>Apply in a minute</h3><p>Ask our chat assistant for jobs in plain words, then apply
right in the chat. No long forms.</p></div>
</div></div></section>"""
    return page(
        title=f"{COMPANY} | Travel Nursing & Allied Health Jobs",
        description="Find travel nursing, per diem, local and permanent healthcare jobs with "
        f"{COMPANY}. Search {count} open jobs and apply in minutes.",
        body=body,
        api_origin=api_origin,
    )


def _select(name: str, label: str, options: Iterable[tuple[str, str]], chosen: str | None) -> str:
    items = [f'<option value="">Any {esc(label.lower())}</option>']
    for value, text in options:
        selected = " selected" if chosen and value == chosen else ""
        items.append(f'<option value="{esc(value)}"{selected}>{esc(text)}</option>')
    return f'<label>{esc(label)}<select name="{esc(name)}">{"".join(items)}</select></label>'


def job_list(
    *,
    api_origin: str,
    hits: Sequence[JobHit],
    total: int,
    capped: bool,
    page_number: int,
    pages: int,
    chosen: dict[str, str],
    professions: Iterable[str],
    specialties: Iterable[str],
    states: Iterable[tuple[str, str]],
) -> str:
    def same(values: Iterable[str]) -> list[tuple[str, str]]:
        return [(v, v) for v in values]

    form = "".join(
        [
            _select("profession", "Profession", same(professions), chosen.get("profession")),
            _select("specialty", "Specialty", same(specialties), chosen.get("specialty")),
            _select("state", "State", states, chosen.get("state")),
            _select("job_type", "Job type", same(JOB_TYPES), chosen.get("job_type")),
            _select("shift", "Shift", same(SHIFTS), chosen.get("shift")),
        ]
    )
    hot_checked = " checked" if chosen.get("hot") else ""

    def link(number: int) -> str:
        return "/jobs?" + urlencode({**chosen, "page": str(number)})

    pager = []
    if page_number > 1:
        pager.append(f'<a href="{esc(link(page_number - 1))}" rel="prev">Previous</a>')
    pager.append(f"<span>Page {page_number} of {max(pages, 1)}</span>")
    if page_number < pages:
        pager.append(f'<a href="{esc(link(page_number + 1))}" rel="next">Next</a>')
    found = f"{total:,}{'+' if capped else ''}"
    results = (
        "".join(job_card(h) for h in hits)
        if hits
        else "<p>No open jobs match these filters. Try removing one, or ask our chat assistant.</p>"
    )
    body = f"""
<div class="wrap"><p class="crumbs"><a href="/">Home</a> &rsaquo; Jobs</p>
<h1>Find healthcare jobs</h1>
<div class="layout">
<form class="filters" action="/jobs" method="get" aria-label="Filter jobs">
{form}
<label class="check"><input type="checkbox" name="hot" value="1"{hot_checked}> Hot jobs only</label>
<button class="btn secondary" type="submit">Apply filters</button>
<a href="/jobs">Clear filters</a>
</form>
<div><p class="lead" role="status">{esc(found)} open job{"s" if total != 1 else ""}</p>
<div class="results">{results}</div>
<nav class="pager" aria-label="Pages">{"".join(pager)}</nav></div>
</div></div>"""
    return page(
        title=f"Healthcare Jobs ({found} open) | {COMPANY}",
        description="Search open travel, per diem, local and permanent healthcare jobs.",
        body=body,
        api_origin=api_origin,
    )


_EMPLOYMENT_TYPES = {
    "Travel": ["TEMPORARY", "CONTRACTOR"],
    "Per Diem": ["PER_DIEM"],
    "Local": ["CONTRACTOR"],
    "Perm": ["FULL_TIME"],
}


def job_posting_ld(
    job: JobDetails, *, url: str, site_url: str, written_description: str | None = None
) -> dict[str, Any]:
    """schema.org ``JobPosting`` of one open job (Google for Jobs reads this).

    Only for an open job: a closed job's page carries none (Google asks to remove the
    markup of an expired posting rather than keep it). ``written_description`` is our
    approved description (sanitised HTML) when the page shows one.
    """
    card = job.card
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": card.title,
        "description": written_description or job.description_text or card.title,
        "identifier": {"@type": "PropertyValue", "name": COMPANY, "value": str(card.id)},
        "datePosted": (job.posted_date or dt.datetime.now(dt.UTC)).date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": COMPANY, "sameAs": site_url},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": card.city,
                "addressRegion": card.state,
                "addressCountry": "US",
            },
        },
        "industry": "Healthcare",
        "url": url,
    }
    if card.job_type in _EMPLOYMENT_TYPES:
        data["employmentType"] = _EMPLOYMENT_TYPES[card.job_type]
    if card.profession:
        data["occupationalCategory"] = card.profession
    if card.shift:
        data["workHours"] = card.shift
    if card.weekly_pay or card.hourly_pay:
        weekly = bool(card.weekly_pay)
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {
                "@type": "QuantitativeValue",
                "value": card.weekly_pay if weekly else card.hourly_pay,
                "unitText": "WEEK" if weekly else "HOUR",
            },
        }
    if card.start_date and not card.asap:
        data["jobStartDate"] = card.start_date.isoformat()
    return data


def job_detail(
    *,
    api_origin: str,
    job: JobDetails,
    url: str,
    site_url: str,
    written_description: str | None = None,
) -> str:
    """One job's page. ``written_description``: our approved, sanitised description (HTML),
    printed as is after the upstream text when the upstream one is thin."""
    card = job.card
    facts = [
        ("Location", place(card.city, card.state)),
        ("Pay", pay(card)),
        ("Weekly pay range", job.weekly_pay_range),
        ("Shift", card.shift),
        ("Start", start(card)),
        ("Duration", duration(card)),
        ("Job type", card.job_type),
        ("Specialty", card.specialty),
        ("Profession", card.profession),
        ("Openings", job.no_of_openings),
        ("Sign-on bonus", f"${job.sign_on_bonus:,.0f}" if job.sign_on_bonus else None),
        ("Posted", day(job.posted_date)),
    ]
    fact_items = "".join(
        f"<li><b>{esc(label)}</b>{esc(value)}</li>" for label, value in facts if value
    )
    paragraphs = [p.strip() for p in (job.description_text or "").split("\n") if p.strip()]
    description = "".join(f"<p>{esc(p)}</p>" for p in paragraphs)
    if written_description:
        description += f'<div class="prose">{written_description}</div>'
    description = description or "<p>Details coming soon.</p>"
    certs = (
        "<h2>Certifications required</h2><ul>"
        + "".join(f"<li>{esc(c)}</li>" for c in job.certifications)
        + "</ul>"
        if job.certifications
        else ""
    )
    closed = (
        ""
        if job.is_open
        else '<p class="closed">This job is closed: it no longer accepts applications.</p>'
    )
    apply_button = (
        f'<button class="btn" type="button" data-esa-ask="I\'d like to apply to '
        f'{esc(card.title)} (job {esc(card.id)})">Apply with our assistant</button>'
        if job.is_open
        else '<a class="btn secondary" href="/jobs">Find similar jobs</a>'
    )
    badges = ('<span class="badge hot">Hot job</span>' if card.hot_job else "") + (
        f'<span class="badge">{esc(card.job_type)}</span>' if card.job_type else ""
    )
    body = f"""
<div class="wrap"><p class="crumbs"><a href="/">Home</a> &rsaquo; <a href="/jobs">Jobs</a>
&rsaquo; {esc(card.title)}</p>
<div class="detail"><article>
<div>{badges}</div>
<h1>{esc(card.title)}</h1>
<p class="meta">{esc(place(card.city, card.state) or "")}</p>
{closed}
<h2>About this job</h2>
{description}
{certs}
</article>
<aside aria-label="Job facts"><ul class="facts">{fact_items}</ul>
<p>{apply_button}</p>
<p class="meta">Questions about this job? Ask in the chat: pay package, housing, shift,
certifications.</p></aside>
</div></div>"""
    head = (
        '<script type="application/ld+json">'
        + json_for_script(
            job_posting_ld(job, url=url, site_url=site_url, written_description=written_description)
        )
        + "</script>"
        if job.is_open
        else ""
    )
    where = place(card.city, card.state)
    return page(
        title=f"{card.title}{' in ' + where if where else ''} | {COMPANY}",
        description=f"{card.title}{' in ' + where if where else ''}. "
        f"{pay(card) or ''} Apply with {COMPANY}.",
        body=body,
        api_origin=api_origin,
        canonical=url,
        head_extra=head,
    )


def not_found(*, api_origin: str) -> str:
    body = """<div class="wrap"><h1>We couldn't find that page</h1>
<p>The job may have been filled. <a href="/jobs">Browse open jobs</a> or ask our chat
assistant.</p></div>"""
    return page(
        title=f"Not found | {COMPANY}",
        description="Page not found.",
        body=body,
        api_origin=api_origin,
    )
