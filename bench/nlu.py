"""How fast and how well the offline engine understands a visitor's message.

Times ``understand`` (after its one-off warm-up) over every phrasing of the NLU test
tables (tests/unit/nlu: searches, refinements, intents and the English and Spanish breadth
tables), three times each, and over hostile inputs far beyond the message cap (a message is
read only up to ``MAX_LENGTH`` characters, tests/unit/nlu/test_input_cap.py).

Measures the share of rows understood per language over the project's own tables: English
over the searches, refinements, intents and English breadth tables; Spanish over the Spanish
breadth table (tests/unit/nlu/breadth.py says what "understood" means for a row). The rows
not understood are listed on stderr.

    .venv/bin/python bench/nlu.py

The last line printed is one JSON object: ``understood_pct`` (``{"en": .., "es": ..}``),
``understood_pct_en``, ``understood_pct_es``, the row counts, ``understand_p50_ms``,
``understand_p99_ms``, ``understand_mean_ms`` and ``hostile_max_ms`` (the slowest hostile
input).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.agent.nlu import Intent, understand, warm_up
from bench.common import percentile
from tests.unit.nlu import test_breadth_en, test_breadth_es
from tests.unit.nlu.breadth import check
from tests.unit.nlu.helpers import TODAY
from tests.unit.nlu.test_input_cap import HOSTILE
from tests.unit.nlu.test_intents import INTENTS
from tests.unit.nlu.test_refinements import REFINEMENTS
from tests.unit.nlu.test_searches import NEW_SEARCHES

Row = tuple[str, Callable[[], bool]]


def _ms(text: str) -> float:
    started = time.perf_counter()
    understand(text, today=TODAY)
    return (time.perf_counter() - started) * 1000


def _new_search(text: str, expected: dict[str, Any]) -> bool:
    u = understand(text, today=TODAY)
    return u.intent is Intent.SEARCH and u.filters.as_dict() == expected and not u.refinement


def _refinement(text: str, expected: dict[str, Any], replaced: set[str]) -> bool:
    u = understand(text, today=TODAY)
    return (
        u.intent is Intent.SEARCH
        and u.filters.as_dict() == expected
        and u.refinement
        and u.replace_fields == frozenset(replaced)
    )


def _intent(text: str, intent: Intent) -> bool:
    u = understand(text, today=TODAY)
    return u.intent is intent and (intent is Intent.SEARCH or u.filters.is_empty())


def _english_rows() -> list[Row]:
    rows: list[Row] = [(t, lambda t=t, e=e: _new_search(t, e)) for t, e in NEW_SEARCHES]
    rows += [(t, lambda t=t, e=e, r=r: _refinement(t, e, r)) for t, e, r in REFINEMENTS]
    rows += [(t, lambda t=t, i=i: _intent(t, i)) for t, i in INTENTS]
    rows += [(c.text, lambda c=c: check(c, "en") == []) for c in test_breadth_en.TABLE]
    return rows


def _spanish_rows() -> list[Row]:
    return [(c.text, lambda c=c: check(c, "es") == []) for c in test_breadth_es.TABLE]


def _understood_pct(language: str, rows: list[Row]) -> float:
    missed = [text for text, understood in rows if not understood()]
    for text in missed:
        print(f"not understood ({language}): {text}", file=sys.stderr)
    return round(100 * (len(rows) - len(missed)) / len(rows), 2)


def main() -> None:
    warm_up()
    english, spanish = _english_rows(), _spanish_rows()
    pct = {"en": _understood_pct("en", english), "es": _understood_pct("es", spanish)}
    messages = [c[0] for c in (*NEW_SEARCHES, *REFINEMENTS, *INTENTS)]
    messages += [m for c in (*test_breadth_en.TABLE, *test_breadth_es.TABLE) for m in c.messages]
    timings = [_ms(m) for m in messages * 3]
    hostile = [_ms(text) for text in HOSTILE]
    figures = {
        "understood_pct": pct,
        "understood_pct_en": pct["en"],
        "understood_pct_es": pct["es"],
        "rows_en": len(english),
        "rows_es": len(spanish),
        "breadth_rows_en": len(test_breadth_en.TABLE),
        "breadth_rows_es": len(test_breadth_es.TABLE),
        "messages": len(messages),
        "understand_p50_ms": round(percentile(timings, 0.5), 3),
        "understand_p99_ms": round(percentile(timings, 0.99), 3),
        "understand_mean_ms": round(statistics.fmean(timings), 3),
        "hostile_max_ms": round(max(hostile), 2),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
