"""Paragraphs several page types share: pay, shifts, job types, facilities, certifications.

Every figure comes from the snapshot as it is; sentences are chosen by the page key.
"""

from __future__ import annotations

from typing import Any

from data_layer.content.writer.phrasing import UNIT_WORD, count, join, money, pick, top


def pay_paragraph(key: str, snapshot: dict[str, Any], where: str) -> list[str]:
    weekly, hourly = snapshot.get("pay_weekly"), snapshot.get("pay_hourly")
    if not weekly and not hourly:
        return []
    lines = ["## Pay", ""]
    sentences: list[str] = []
    if weekly:
        low, high, median = money(weekly["min"]), money(weekly["max"]), money(weekly["median"])
        jobs = count(weekly["jobs"], "travel job")
        if weekly["min"] == weekly["max"]:
            sentences.append(f"Travel pay {where} is {high} a week, based on {jobs}.")
        else:
            sentences.append(
                pick(
                    key,
                    "pay.weekly",
                    [
                        f"Travel assignments {where} pay from {low} to {high} a week. "
                        f"The median across {jobs} is {median}.",
                        f"Across {jobs} {where}, weekly pay runs from {low} to {high}, "
                        f"with a median of {median}.",
                        f"The median travel package {where} is {median} a week. "
                        f"The range across {jobs} is {low} to {high}.",
                        f"Expect weekly travel pay between {low} and {high} {where}. "
                        f"Half of the {jobs} pay {median} or more.",
                    ],
                )
            )
    if hourly:
        low, high, median = money(hourly["min"]), money(hourly["max"]), money(hourly["median"])
        jobs = count(hourly["jobs"], "per diem or local job", "per diem and local jobs")
        if hourly["min"] == hourly["max"]:
            sentences.append(f"Hourly pay is {high} an hour ({jobs}).")
        else:
            sentences.append(
                pick(
                    key,
                    "pay.hourly",
                    [
                        f"Hourly rates run from {low} to {high} {UNIT_WORD['hour']} "
                        f"across {jobs}, with a median of {median}.",
                        f"For {jobs}, hourly pay is {low} to {high}, median {median}.",
                    ],
                )
            )
    sentences.append(
        pick(
            key,
            "pay.note",
            [
                "Each job page shows the full package, including stipends where they apply.",
                "Open a job below to see how its package is put together.",
                "Pay depends on the facility, the shift and the length of the assignment.",
            ],
        )
    )
    return [*lines, " ".join(sentences), ""]


def shifts_paragraph(key: str, snapshot: dict[str, Any]) -> list[str]:
    shifts = top(snapshot.get("shifts") or {}, 4)
    if not shifts:
        return []
    listed = [f"{name} ({count(n, 'job')})" for name, n in shifts]
    opener = pick(
        key,
        "shifts.open",
        [
            "The schedules on offer right now are",
            "Open jobs here are mostly",
            "By shift, the openings break down as",
        ],
    )
    lines = ["## Shifts and schedules", "", f"{opener} {join(listed)}."]
    types = top(snapshot.get("job_types") or {}, 4)
    if types:
        kinds = join([f"{count(n, name.lower() + ' job')}" for name, n in types])
        lines[-1] += " " + pick(
            key, "types", [f"By type, there are {kinds}.", f"That includes {kinds}."]
        )
    return [*lines, ""]


def facilities_paragraph(key: str, snapshot: dict[str, Any], where: str) -> list[str]:
    names = (snapshot.get("facilities") or [])[:6]
    if not names:
        return []
    total = int(snapshot.get("facility_count") or len(names))
    intro = pick(
        key,
        "facilities",
        [
            f"{count(total, 'facility', 'facilities')} {where} have open jobs with us, including",
            f"You could work at {count(total, 'facility', 'facilities')} {where}, such as",
            f"Hiring {where} right now: {count(total, 'facility', 'facilities')}, among them",
        ],
    )
    return ["## Where you would work", "", f"{intro} {join(list(names))}.", ""]


def certifications_paragraph(key: str, snapshot: dict[str, Any]) -> list[str]:
    certs = top(snapshot.get("certifications") or {}, 5)
    if not certs:
        return []
    listed = join([f"{name} ({count(n, 'job')})" for name, n in certs])
    sentence = pick(
        key,
        "certs",
        [
            f"The certifications these jobs ask for most are {listed}.",
            f"Have these ready: {listed} are the most requested certifications.",
        ],
    )
    return ["## Certifications", "", sentence, ""]
