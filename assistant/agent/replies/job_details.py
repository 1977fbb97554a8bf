"""The reply about one job: pay, shift, dates, certifications, then an offer to apply."""

from __future__ import annotations

import re

from assistant.agent.replies.search import card_title
from assistant.agent.replies.wording import bold, clock, day, location, money, pick
from tools.job_results import JobDetails

EXCERPT_CHARS = 320


def _range_text(raw: str | None, unit: str) -> str | None:
    """A posted pay range (``"2600-2900"``, ``"$2,600 - $2,900"``) as ``$2,600–$2,900/wk``."""
    if not raw:
        return None
    values = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", raw)]
    values = [v for v in values if v]
    if len(values) >= 2:
        return f"{money(values[0])}–{money(values[1], unit)}"
    if len(values) == 1:
        return money(values[0], unit)
    return None


def _excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    clean = re.sub(r"\s+", " ", text).strip()
    if len(clean) <= limit:
        return clean
    cut = clean[:limit]
    end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if end >= limit // 2:
        return cut[: end + 1]
    return cut[: cut.rfind(" ")].rstrip(",;:") + "…"


def job_details(job: JobDetails, *, topic: str | None = None, seed: str = "") -> str:
    """A job's pay package, shift, dates, certifications and place, then an offer to apply.

    ``topic`` ("pay", "certifications", "shift", "dates", "location") puts the answer to the
    question that was asked first.
    """
    card = job.card
    title = bold(card_title(card))
    where = location(card.city, card.state)
    header = f"{title} — {where}" if where else title
    if card.hot_job:
        header += " (hot job)"

    pay_parts: list[str] = []
    if card.weekly_pay:
        pay_parts.append(money(card.weekly_pay, "wk"))
    if card.hourly_pay:
        pay_parts.append(money(card.hourly_pay, "hr"))
    ranges = [
        r
        for r in (
            _range_text(job.weekly_pay_range, "wk"),
            _range_text(job.hourly_pay_range, "hr"),
        )
        if r
    ]
    pay = " · ".join(pay_parts)
    if ranges:
        pay = f"{pay} (range {', '.join(ranges)})" if pay else "range " + ", ".join(ranges)
    pay_line = f"- Pay: {pay}" if pay else "- Pay: ask your recruiter for the full package"
    if job.sign_on_bonus:
        pay_line += f" + {money(job.sign_on_bonus)} sign-on bonus"

    shift_bits: list[str] = []
    if card.shift:
        shift_bits.append(card.shift)
    if job.shift_start_time and job.shift_end_time:
        hours = f"{clock(job.shift_start_time)}–{clock(job.shift_end_time)}"
        shift_bits.append(f"({hours})" if card.shift else hours)
    if job.shifts_per_week and not (card.shift and f"{job.shifts_per_week}x" in card.shift):
        shift_bits.append(f"{job.shifts_per_week} shifts a week")
    shift_line = "- Shift: " + " ".join(shift_bits) if shift_bits else None

    date_bits: list[str] = []
    if card.asap:
        date_bits.append("starts ASAP")
    elif card.start_date:
        date_bits.append(f"starts {day(card.start_date)}")
    if card.duration:
        date_bits.append(card.duration)
    if job.end_date:
        date_bits.append(f"ends {day(job.end_date)}")
    dates_line = "- Dates: " + " · ".join(date_bits) if date_bits else None

    certs_line = (
        "- Certifications: " + ", ".join(job.certifications_required)
        if job.certifications_required
        else "- Certifications: none listed beyond your license"
    )
    type_line = f"- Type: {card.job_type}" if card.job_type else None

    by_topic = {
        "pay": pay_line,
        "shift": shift_line,
        "dates": dates_line,
        "certifications": certs_line,
    }
    lines = [line for line in (pay_line, shift_line, dates_line, certs_line, type_line) if line]
    first = by_topic.get(topic or "")
    if first:
        lines.remove(first)
        lines.insert(0, first)
    body = [header, *lines]
    if job.description:
        body.append("")
        body.append(_excerpt(job.description))
    closing = pick(
        (
            'Want to apply? Just say "apply" and I\'ll take care of it.',
            'Interested? Say "apply" and I\'ll submit your application in a minute.',
            'Say "apply" if you\'d like this one, or ask me anything about it.',
        ),
        str(card.id),
        seed,
    )
    return "\n".join(body) + "\n\n" + closing + f" Full posting: {card.url}"
