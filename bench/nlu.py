"""How fast the offline engine understands a visitor's message.

Times ``understand`` (after its one-off warm-up) over every phrasing of the NLU test
tables (tests/unit/nlu: searches, refinements, intents), three times each, and over
hostile inputs far beyond the message cap (a message is read only up to ``MAX_LENGTH``
characters, tests/unit/nlu/test_input_cap.py).

    .venv/bin/python bench/nlu.py

The last line printed is one JSON object: ``understand_p50_ms``, ``understand_p99_ms``,
``understand_mean_ms`` and ``hostile_max_ms`` (the slowest hostile input).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.agent.nlu import understand, warm_up
from bench.common import percentile
from tests.unit.nlu.helpers import TODAY
from tests.unit.nlu.test_input_cap import HOSTILE
from tests.unit.nlu.test_intents import INTENTS
from tests.unit.nlu.test_refinements import REFINEMENTS
from tests.unit.nlu.test_searches import NEW_SEARCHES


def _ms(text: str) -> float:
    started = time.perf_counter()
    understand(text, today=TODAY)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    warm_up()
    messages = [c[0] for c in (*NEW_SEARCHES, *REFINEMENTS, *INTENTS)]
    timings = [_ms(m) for m in messages * 3]
    hostile = [_ms(text) for text in HOSTILE]
    figures = {
        "messages": len(messages),
        "understand_p50_ms": round(percentile(timings, 0.5), 3),
        "understand_p99_ms": round(percentile(timings, 0.99), 3),
        "understand_mean_ms": round(statistics.fmean(timings), 3),
        "hostile_max_ms": round(max(hostile), 2),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
