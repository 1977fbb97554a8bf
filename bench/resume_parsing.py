"""Resume parsing quality (issue 12): field-level precision/recall/F1 against known truth.

Generates ``count`` synthetic resumes (tests/support/resume_factory, seeded) across the
layouts (one- and two-column PDF, DOCX with a license table and a text box, plain text,
and about one in twenty scanned PDFs that must go through OCR), reads each with
``read_document`` and parses it with the deterministic ``parse_resume_text``, then scores
the prediction against the ground truth.

Scoring: list items (licenses, certifications, experience, education) are matched to
the truth greedily by how many fields agree; per field, a matched pair with equal values
is a true positive, a wrong value counts as one false positive and one false negative, a
missing value a false negative and a value where the truth has none a false positive.
Strings compare after folding case, whitespace and punctuation; dates compare exactly;
an experience's end is its end date or "present". ``license_f1`` counts whole licenses
(type, state, number and expiry all right). ``invented_values`` counts predicted values
that cannot be read from the document's extracted text: the value's evidence must occur
in the text and the value must be derivable from it (a date's year, and its month unless
it is a year boundary, near each other; a state or certification by its code or names).

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.resume_factory import TODAY, SyntheticResume, make_resume  # noqa: E402
from tests.support.resume_factory.content import LICENSE_NAMES, STATE_NAMES  # noqa: E402

MASTER = ROOT / "data_layer" / "master" / "data"
TEXT_LAYOUTS = ("pdf_one_column", "pdf_two_column", "docx", "text")

# Fields in the overall figure (the list, plus the compact flag of a license).
CORE_FIELDS = (
    "contact.name",
    "contact.email",
    "contact.phone",
    "license.type",
    "license.state",
    "license.number",
    "license.expiration_date",
    "license.compact",
    "certification.name",
    "certification.expiration_date",
    "experience.company",
    "experience.title",
    "experience.start_date",
    "experience.end_date",
    "education.institution",
    "education.degree",
    "skills",
)
# Reported per field but left out of field_f1: the contract leaves their spelling open.
EXTRA_FIELDS = (
    "certification.issuer",
    "experience.location",
    "experience.specialty",
    "education.end_date",
)

DEGREE_ALIASES: list[tuple[str, str]] = [
    ("bachelor of science in nursing", "BSN"),
    ("bsn", "BSN"),
    ("b s n", "BSN"),
    ("bs nursing", "BSN"),
    ("bs in nursing", "BSN"),
    ("b s in nursing", "BSN"),
    ("associate degree in nursing", "ADN"),
    ("associate of science in nursing", "ADN"),
    ("associate of applied science in nursing", "ADN"),
    ("adn", "ADN"),
    ("asn", "ADN"),
    ("master of science in nursing", "MSN"),
    ("msn", "MSN"),
    ("doctor of nursing practice", "DNP"),
    ("dnp", "DNP"),
    ("doctor of physical therapy", "DPT"),
    ("dpt", "DPT"),
    ("master of occupational therapy", "MOT"),
    ("mot", "MOT"),
    ("associate of applied science", "AAS"),
    ("aas", "AAS"),
    ("a a s", "AAS"),
    ("associate of science", "AS"),
    ("as", "AS"),
    ("a s", "AS"),
    ("bachelor of science", "BS"),
    ("bs", "BS"),
    ("b s", "BS"),
    ("master of science", "MS"),
    ("ms", "MS"),
    ("m s", "MS"),
    ("master of arts", "MA"),
    ("ma", "MA"),
    ("m a", "MA"),
    ("diploma", "DIPLOMA"),
    ("practical nursing diploma", "DIPLOMA"),
    ("certificate", "CERTIFICATE"),
    ("nurse aide training program", "CERTIFICATE"),
    ("vocational nursing certificate", "CERTIFICATE"),
    ("surgical technology certificate", "CERTIFICATE"),
]


# ---------------------------------------------------------------- normalising


def norm(value: Any) -> str:
    """Case, whitespace and punctuation folded: 'St. David's' -> 'st david s'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(value).lower()).split())


def alnum(value: Any) -> str:
    return re.sub(r"[^0-9A-Z]", "", str(value).upper())


def digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value))


def canon_degree(value: str) -> str:
    n = norm(re.sub(r"\([^)]*\)", " ", value))
    for alias, canon in sorted(DEGREE_ALIASES, key=lambda a: -len(a[0])):
        if n == alias or n.startswith(alias + " "):
            return canon
    return n


def _load_synonyms(name: str, key: str) -> dict[str, set[str]]:
    rows = json.loads((MASTER / name).read_text())
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        out[row[key]].update(norm(s) for s in [row[key], *row.get("synonyms", [])])
    return out


CERT_SYNONYMS = _load_synonyms("certifications.json", "name")
SPECIALTY_SYNONYMS = _load_synonyms("specialties.json", "name")


# ---------------------------------------------------------------- comparing


def _equal(field: str, truth: Any, pred: Any, aliases: dict[str, Any], index: int) -> bool:
    if field == "contact.phone":
        return digits(truth)[-10:] == digits(pred)[-10:]
    if field == "license.number":
        return alnum(truth) == alnum(pred)
    if field == "license.compact":
        return truth is pred
    if field == "experience.company":
        return norm(pred) in {norm(a) for a in aliases["experience_company"][index]}
    if field == "education.degree":
        return canon_degree(str(pred)) == aliases["education_degree"][index]
    if field.endswith(("_date", ".end_date")) or field == "experience.end_date":
        return truth == pred
    return norm(truth) == norm(pred)


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, field: str, truth: Any, pred: Any, equal: bool) -> None:
        c = self.counts[field]
        if truth is not None and pred is not None:
            if equal:
                c["tp"] += 1
            else:
                c["fp"] += 1
                c["fn"] += 1
        elif truth is not None:
            c["fn"] += 1
        elif pred is not None:
            c["fp"] += 1

    def merge(self, other: Tally) -> None:
        for field, c in other.counts.items():
            self.counts[field].update(c)

    def figures(self, fields: tuple[str, ...] | None = None) -> dict[str, float]:
        total: Counter[str] = Counter()
        for field, c in self.counts.items():
            if fields is None or field in fields:
                total.update(c)
        return prf(total)


def prf(c: Counter[str]) -> dict[str, float]:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _items(kind: str, structured: dict[str, Any], details: dict[str, Any]) -> list[dict[str, Any]]:
    """The scored fields of each item of a list, with derived ones (compact, end, specialty)."""
    key = {
        "license": "licenses",
        "certification": "certifications",
        "experience": "experience",
        "education": "education",
    }[kind]
    rows = structured.get(key) or []
    extra = details.get(key) or []
    out = []
    for i, row in enumerate(rows):
        d = extra[i] if i < len(extra) and isinstance(extra[i], dict) else {}
        item = dict(row)
        if kind == "license":
            item["compact"] = d.get("compact")
        if kind == "experience":
            item["specialty"] = d.get("specialty")
            if item.get("end_date") is None and d.get("current"):
                item["end_date"] = "present"
        out.append(item)
    return out


LIST_FIELDS = {
    "license": {"number": 3, "state": 2, "type": 1, "expiration_date": 1, "compact": 0},
    "certification": {"name": 3, "expiration_date": 1, "issuer": 0},
    "experience": {
        "company": 2,
        "title": 2,
        "start_date": 1,
        "end_date": 1,
        "location": 0,
        "specialty": 0,
    },
    "education": {"institution": 2, "degree": 1, "end_date": 0},
}


def score(
    truth: dict[str, Any], structured: dict[str, Any], details: dict[str, Any]
) -> tuple[Tally, Counter[str]]:
    """Per-field tallies of one prediction, and the whole-license tally."""
    tally = Tally()
    aliases = truth["aliases"]
    t_contact = truth["structured_data"]["contact_info"]
    p_contact = structured.get("contact_info") or {}
    for f in ("name", "email", "phone"):
        t, p = t_contact.get(f), p_contact.get(f)
        tally.add(
            f"contact.{f}",
            t,
            p,
            t is not None and p is not None and _equal(f"contact.{f}", t, p, aliases, 0),
        )
    whole: Counter[str] = Counter()
    for kind, weights in LIST_FIELDS.items():
        t_items = _items(kind, truth["structured_data"], truth["details"])
        p_items = _items(kind, structured, details)

        def same(f: str, ti: int, t: dict[str, Any], p: dict[str, Any], k: str = kind) -> bool:
            tv, pv = t.get(f), p.get(f)
            return tv is not None and pv is not None and _equal(f"{k}.{f}", tv, pv, aliases, ti)

        pairs = []
        for ti, t in enumerate(t_items):
            for pi, p in enumerate(p_items):
                s = sum(w for f, w in weights.items() if same(f, ti, t, p))
                if s > 0:
                    pairs.append((s, ti, pi))
        pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
        used_t: set[int] = set()
        used_p: set[int] = set()
        matched = []
        for _s, ti, pi in pairs:
            if ti not in used_t and pi not in used_p:
                used_t.add(ti)
                used_p.add(pi)
                matched.append((ti, pi))
        for ti, pi in matched:
            t, p = t_items[ti], p_items[pi]
            for f in weights:
                tally.add(f"{kind}.{f}", t.get(f), p.get(f), same(f, ti, t, p))
        for ti, t in enumerate(t_items):
            if ti not in used_t:
                for f in weights:
                    tally.add(f"{kind}.{f}", t.get(f), None, False)
        for pi, p in enumerate(p_items):
            if pi not in used_p:
                for f in weights:
                    tally.add(f"{kind}.{f}", None, p.get(f), False)
        if kind == "license":
            right = sum(
                all(
                    same(f, ti, t_items[ti], p_items[pi])
                    or (t_items[ti].get(f) is None and p_items[pi].get(f) is None)
                    for f in ("type", "state", "number", "expiration_date")
                )
                for ti, pi in matched
            )
            whole["tp"] += right
            whole["fn"] += len(t_items) - right
            whole["fp"] += len(p_items) - right
    t_skills = {norm(s) for s in truth["structured_data"]["skills"]}
    p_skills = {norm(s) for s in structured.get("skills") or [] if s}
    c = tally.counts["skills"]
    c["tp"] += len(t_skills & p_skills)
    c["fn"] += len(t_skills - p_skills)
    c["fp"] += len(p_skills - t_skills)
    return tally, whole


# ---------------------------------------------------------------- invented values

_MONTH_WORDS = [
    (calendar.month_name[m].lower(), calendar.month_abbr[m].lower()) for m in range(1, 13)
]


def date_derivable(iso: str, source: str) -> bool:
    """The date's year is written, and its month (and day) near it unless they are implied."""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return False
    src = source.lower()
    last = calendar.monthrange(day.year, day.month)[1]
    year_only = (day.month, day.day) in {(1, 1), (12, 31)}
    for match in re.finditer(rf"(?<!\d){day.year}(?!\d)", src):
        window = src[max(0, match.start() - 25) : match.end() + 25]
        rest = window.replace(str(day.year), " ")
        month_ok = (
            year_only
            or bool(re.search(rf"(?<!\d)0?{day.month}(?!\d)", rest))
            or any(w in window for w in _MONTH_WORDS[day.month - 1])
        )
        day_ok = day.day in {1, last} or bool(re.search(rf"(?<!\d)0?{day.day}(?!\d)", rest))
        if month_ok and day_ok:
            return True
    return False


def _tokens_in(value: str, source: str) -> bool:
    n = norm(value)
    return bool(n) and f" {n} " in f" {norm(source)} "


def _answered_no(source: str) -> bool:
    """A table with a compact (multistate) column and a "No" cell: the flag read as False."""
    return bool(
        re.search(r"(?i)\b(?:compact|multi.?state)\b", source)
        and re.search(r"(?im)(?:^|\||\s{2})\s*(?:no|n)\s*(?:\||$)", source)
    )


def value_derivable(field: str, value: Any, source: str) -> bool:
    if isinstance(value, bool):
        if field == "compact" and not value and _answered_no(source):
            return True
        if field == "compact":
            pattern = r"compact|multi.?state|nlc" if value else r"single.?state|non.?compact"
        else:  # experience current
            pattern = r"present|current|now|today"
        return (
            bool(re.search(pattern, source, re.IGNORECASE)) if value or field == "compact" else True
        )
    value = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date_derivable(value, source)
    if field == "phone":
        return len(digits(value)) >= 7 and digits(value)[-10:] in digits(source)
    if field == "number":
        return alnum(value) in alnum(source)
    if field == "state" and value.upper() in STATE_NAMES:
        return _tokens_in(value, source) or _tokens_in(STATE_NAMES[value.upper()], source)
    if field == "type":
        names = [LICENSE_NAMES.get(value.upper(), "")]
        names += {
            "NP": ["nurse practitioner"],
            "LPN": ["practical nurse"],
            "LVN": ["vocational nurse"],
            "RT": ["radiologic technologist", "respiratory therapist"],
            "CNA": ["nursing assistant", "nurse aide"],
        }.get(value.upper(), [])
        return _tokens_in(value, source) or any(n and _tokens_in(n, source) for n in names)
    if field == "name" and value in CERT_SYNONYMS:
        # "ARRT (CT)" is written "ARRT Computed Tomography (CT)": every word of it, in any order.
        words = set(norm(source).split())
        # A board's credential may be written without the board: "RRT" for "NBRC RRT".
        credential = set(norm(value).split()) - {"nbrc", "arrt", "ascp", "ardms", "nmtcb"}
        return any(_tokens_in(s, source) for s in CERT_SYNONYMS[value]) or (
            bool(credential) and credential <= words
        )
    if field == "specialty":
        return any(_tokens_in(s, source) for s in SPECIALTY_SYNONYMS.get(value, {norm(value)}))
    if field == "degree":
        canon = canon_degree(value)
        return _tokens_in(value, source) or any(
            c == canon and _tokens_in(a, source) for a, c in DEGREE_ALIASES
        )
    if field == "description":
        lines = [ln for ln in value.splitlines() if norm(ln)]
        return all(_tokens_in(ln, source) for ln in lines)
    if field == "email":
        return value.lower() in source.lower()
    return _tokens_in(value, source)


def invented_values(text: str, structured: dict[str, Any], details: dict[str, Any]) -> list[str]:
    """The predicted values that cannot be read from ``text`` (as 'section.field=value')."""
    out: list[str] = []
    norm_text = f" {norm(text)} "

    def check(where: str, field: str, value: Any, fields: dict[str, Any], near: str) -> None:
        if value is None or value == "" or (value is False and field != "compact"):
            return
        evidence = (fields.get(field) or {}).get("evidence") if isinstance(fields, dict) else None
        source = text
        if evidence and norm(evidence):
            if f" {norm(evidence)} " not in norm_text:
                out.append(f"{where}.{field}={value!r} (evidence not in text)")
                return
            source = evidence
        if field in {"compact", "current", "specialty"}:
            source = near or text
        if not (
            value_derivable(field, value, source)
            or (
                source is not text
                and value_derivable(field, value, text)
                and field in {"compact", "current", "specialty"}
            )
        ):
            out.append(f"{where}.{field}={value!r}")

    contact = structured.get("contact_info") or {}
    c_fields = details.get("contact_info") or {}
    for f, v in contact.items():
        check("contact", f, v, c_fields, "")
    for key in ("licenses", "certifications", "experience", "education"):
        extra = details.get(key) or []
        for i, row in enumerate(structured.get(key) or []):
            d = extra[i] if i < len(extra) and isinstance(extra[i], dict) else {}
            fields = d.get("fields") or {}
            near = " ".join(
                str(x.get("evidence") or "") for x in fields.values() if isinstance(x, dict)
            )
            for f, v in row.items():
                check(f"{key}[{i}]", f, v, fields, near)
            if key == "licenses" and d.get("compact") is not None:
                check(f"{key}[{i}]", "compact", d["compact"], {}, near)
            if key == "experience":
                check(f"{key}[{i}]", "current", bool(d.get("current")), {}, near)
                check(f"{key}[{i}]", "specialty", d.get("specialty"), {}, text)
    skill_details = details.get("skills") or []
    for i, s in enumerate(structured.get("skills") or []):
        d = (
            skill_details[i]
            if i < len(skill_details) and isinstance(skill_details[i], dict)
            else {}
        )
        check(f"skills[{i}]", "skill", s, {"skill": d}, "")
    return out


# ---------------------------------------------------------------- running


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 3)


def evaluate(
    resumes: list[SyntheticResume], progress: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Read, parse and score ``resumes``; the figures as one dict."""
    from data_layer.resumes.documents import UnreadableDocument, read_document
    from data_layer.resumes.parsing.engine import parse_resume_text

    overall = Tally()
    whole: Counter[str] = Counter()
    per_layout: dict[str, Tally] = defaultdict(Tally)
    invented: list[str] = []
    timings: dict[str, list[float]] = defaultdict(list)
    failures: Counter[str] = Counter()
    ocr_used = needs_review = 0
    for resume in resumes:
        started = time.perf_counter()
        try:
            document = read_document(resume.data)
        except UnreadableDocument as exc:
            failures[f"{resume.layout}: {exc}"] += 1
            document = None
        if document is None:
            structured: dict[str, Any] = {}
            details: dict[str, Any] = {}
        else:
            parsed = parse_resume_text(document.text, today=TODAY)
            elapsed = time.perf_counter() - started
            structured, details = parsed.structured_data(), parsed.details()
            ocr_used += document.ocr_used
            needs_review += document.needs_review is not None
            if resume.layout == "pdf_scanned":
                timings["ocr"].append(elapsed)
            elif resume.layout.startswith("pdf"):
                timings["pdf_2_pages" if document.pages == 2 else "pdf_other"].append(elapsed)
            invented += [
                f"{resume.layout}: {v}" for v in invented_values(document.text, structured, details)
            ]
        tally, lic = score(resume.truth, structured, details)
        overall.merge(tally)
        per_layout[resume.layout].merge(tally)
        whole.update(lic)
        if progress:
            progress()
    two_page = timings["pdf_2_pages"] or timings["pdf_other"]
    fields = {f: prf(overall.counts[f]) for f in (*CORE_FIELDS, *EXTRA_FIELDS)}
    total = overall.figures(CORE_FIELDS)
    return {
        "resumes": len(resumes),
        "layouts": dict(Counter(r.layout for r in resumes)),
        "professions": dict(Counter(r.profession for r in resumes)),
        "field_precision": total["precision"],
        "field_recall": total["recall"],
        "field_f1": total["f1"],
        "license_f1": prf(whole)["f1"],
        "invented_values": len(invented),
        "invented_examples": invented[:10],
        "per_field_f1": {f: v["f1"] for f, v in fields.items()},
        "per_field": fields,
        "per_layout_f1": {k: t.figures(CORE_FIELDS)["f1"] for k, t in sorted(per_layout.items())},
        "parse_p50_s": percentile(two_page, 0.5),
        "parse_p95_s": percentile(two_page, 0.95),
        "two_page_pdfs": len(timings["pdf_2_pages"]),
        "ocr_parse_p95_s": percentile(timings["ocr"], 0.95),
        "ocr_used": ocr_used,
        "needs_review": needs_review,
        "unreadable": dict(failures),
    }


def generate(count: int, seed: int, scanned_share: float = 0.05) -> list[SyntheticResume]:
    rng = random.Random(seed)
    scanned = max(1, round(count * scanned_share)) if scanned_share else 0
    layouts = [TEXT_LAYOUTS[i % len(TEXT_LAYOUTS)] for i in range(count - scanned)]
    layouts += ["pdf_scanned"] * scanned
    rng.shuffle(layouts)
    return [make_resume(rng, layout) for layout in layouts]


def measure(
    count: int = 200, seed: int = 7, progress: Callable[[], None] | None = None
) -> dict[str, Any]:
    return evaluate(generate(count, seed), progress)


def main() -> None:
    from rich.progress import Progress

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    resumes = generate(args.count, args.seed)
    with Progress() as bar:
        task = bar.add_task("parsing resumes", total=len(resumes))
        figures = evaluate(resumes, lambda: bar.advance(task))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
