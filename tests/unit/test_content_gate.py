"""The quality gate's checks that need no store: grounding against the snapshot,
sanitisation of a model's markup, SEO fields, readability and the MinHash signature."""

from __future__ import annotations

from typing import Any

from data_layer.content.gate import evaluate
from data_layer.content.gate.similarity import from_list, signature, to_list
from data_layer.content.kinds import ContentType
from data_layer.content.rendering import render_markdown
from data_layer.content.writer import write_page

SNAPSHOT: dict[str, Any] = {
    "content_type": "city_guide",
    "key": "tx/dallas",
    "taken_at": "2026-11-28T10:00:00+00:00",
    "as_of": "November 2026",
    "city": "Dallas",
    "state_code": "TX",
    "state_name": "Texas",
    "open_jobs": 12,
    "pay": {"min": 2100, "max": 3050, "median": 2600, "unit": "week", "jobs": 9},
    "pay_weekly": {"min": 2100, "max": 3050, "median": 2600, "unit": "week", "jobs": 9},
    "pay_hourly": {"min": 48, "max": 61, "median": 55, "unit": "hour", "jobs": 3},
    "shifts": {"Nights 7p-7a 3x12": 7, "Days 7a-7p 3x12": 5},
    "job_types": {"Travel": 9, "Per Diem": 3},
    "facilities": ["Baylor University Medical Center", "Parkland Memorial Hospital"],
    "facility_count": 2,
    "specialties": {"ICU": 4, "ER": 3, "Med-Surg": 2},
    "professions": {"Registered Nurse": 12},
    "jobs": [
        {
            "id": "0b5b9e3e-1111-4aaa-8bbb-000000000001",
            "title": "ICU Registered Nurse",
            "specialty": "ICU",
            "facility": "Parkland Memorial Hospital",
            "city": "Dallas",
            "state_code": "TX",
            "shift": "Nights 7p-7a 3x12",
            "job_type": "Travel",
            "pay_min": 2800,
            "pay_max": 3050,
            "pay_unit": "week",
            "start_date": "2026-12-07",
            "asap": False,
        }
    ],
}


def _flags(markdown: str, page: dict[str, Any] | None = None) -> list[Any]:
    written = write_page(ContentType.CITY_GUIDE, "tx/dallas", SNAPSHOT)
    flags, _ = evaluate(
        markdown, page or written.page, SNAPSHOT, content_type=ContentType.CITY_GUIDE
    )
    return flags


def _errors(markdown: str) -> list[Any]:
    return [f for f in _flags(markdown) if f.severity == "error"]


def test_the_writers_page_is_grounded_and_passes() -> None:
    written = write_page(ContentType.CITY_GUIDE, "tx/dallas", SNAPSHOT)
    flags, scores = evaluate(
        written.markdown, written.page, SNAPSHOT, content_type=ContentType.CITY_GUIDE
    )
    assert not [f for f in flags if f.severity == "error"], flags
    assert scores["grounding"]["figures"] > 10 and scores["grounding"]["ungrounded"] == 0
    assert "$3,050" in written.markdown and "/jobs/0b5b9e3e-1111" in written.markdown


def test_a_planted_wrong_pay_figure_is_caught_at_its_sentence() -> None:
    written = write_page(ContentType.CITY_GUIDE, "tx/dallas", SNAPSHOT)
    planted = written.markdown.replace("$3,050", "$3,150", 1)
    assert planted != written.markdown
    errors = _errors(planted)
    assert [e.code for e in errors] == ["ungrounded_pay"]
    assert "$3,150" in errors[0].message and "$3,150" in (errors[0].sentence or "")
    assert "\n" not in (errors[0].sentence or "")


def test_numbers_dates_percentages_and_facilities_are_checked() -> None:
    text = (
        "We have 12 open jobs in Dallas as of November 2026. "
        "Nights 7p-7a 3x12 is the usual schedule. "
        "One job starts December 7, 2026. "
        "Pay reaches $3.05k a week at Parkland Memorial Hospital."
    )
    assert _errors(text) == []
    wrong = (
        "We have 14 open jobs. 40% of them are nights. One starts December 9, 2026. "
        "Methodist Dallas Medical Center is hiring. As of March 2025 pay was $2,100."
    )
    codes = sorted(e.code for e in _errors(wrong))
    assert codes == [
        "ungrounded_date",
        "ungrounded_date",
        "ungrounded_number",
        "ungrounded_percentage",
        "unknown_facility",
    ]


def test_a_model_reply_with_script_handlers_and_foreign_links_is_sanitised_and_flagged() -> None:
    reply = (
        "## Dallas\n\nWe have 12 open jobs.<script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        '<p onclick="steal()">Click</p>\n\n'
        "Apply [here](https://evil.example/phish) or "
        '<a href="javascript:alert(1)">there</a>, or [search jobs](/jobs?state=TX).\n'
    )
    html = render_markdown(reply)
    for bad in ("<script", "alert(", "onerror", "onclick", "evil.example", "javascript:", "<img"):
        assert bad not in html, bad
    assert '<a href="/jobs?state=TX">search jobs</a>' in html
    errors = _errors(reply)
    messages = " ".join(e.message for e in errors)
    assert {e.code for e in errors} == {"html_removed", "link_removed"}
    for removed in (
        "<script>",
        "onerror=",
        "onclick=",
        "https://evil.example/phish",
        "javascript:",
    ):
        assert removed in messages, removed


def test_seo_fields_and_slug_are_checked() -> None:
    written = write_page(ContentType.CITY_GUIDE, "tx/dallas", SNAPSHOT)
    bad_page = {**written.page, "slug": "Dallas TX", "seo_title": "Dallas", "seo_description": ""}
    codes = {f.code for f in _flags(written.markdown, bad_page)}
    assert {"slug_format", "seo_title_length", "seo_description_missing"} <= codes
    assert 30 <= len(written.page["seo_title"]) <= 60
    assert 70 <= len(written.page["seo_description"]) <= 160


def test_readability_length_and_vocabulary_are_scored() -> None:
    written = write_page(ContentType.CITY_GUIDE, "tx/dallas", SNAPSHOT)
    _, scores = evaluate(
        written.markdown, written.page, SNAPSHOT, content_type=ContentType.CITY_GUIDE
    )
    assert scores["words"] >= 150 and scores["unique_words"] > 80
    assert scores["readability"] > 30
    flags = _flags("We have 12 open jobs. " * 30)
    assert {"too_short", "repetitive"} <= {f.code for f in flags}


def test_signatures_estimate_similarity_and_survive_storage() -> None:
    a = write_page(ContentType.CITY_GUIDE, "tx/dallas", SNAPSHOT).markdown
    b = a.replace("Dallas", "Plano")
    other = "Completely different words about something else entirely, nothing shared here."
    sig_a = signature(a)
    assert from_list(to_list(sig_a)).jaccard(sig_a) == 1.0
    assert sig_a.jaccard(signature(b)) > 0.4
    assert sig_a.jaccard(signature(other)) < 0.1


def test_pages_of_different_cities_read_differently() -> None:
    openings = set()
    for city in ("Dallas", "Austin", "Houston", "El Paso", "Plano", "Irving", "Frisco", "Waco"):
        snapshot = {**SNAPSHOT, "city": city, "key": f"tx/{city.lower()}"}
        written = write_page(ContentType.CITY_GUIDE, f"tx/{city.lower()}", snapshot)
        openings.add(written.markdown.split(".")[0].replace(city, "<city>"))
    assert len(openings) >= 3
