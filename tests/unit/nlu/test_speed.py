"""Understanding stays fast and bounded, whatever the input."""

from __future__ import annotations

import statistics
import time

from assistant.agent.nlu import understand, warm_up
from tests.unit.nlu.helpers import TODAY
from tests.unit.nlu.test_intents import INTENTS
from tests.unit.nlu.test_refinements import REFINEMENTS
from tests.unit.nlu.test_searches import NEW_SEARCHES


def test_understanding_is_fast_after_warm_up() -> None:
    warm_up()
    messages = [c[0] for c in NEW_SEARCHES] + [c[0] for c in REFINEMENTS] + [c[0] for c in INTENTS]
    timings: list[float] = []
    for message in messages * 3:
        start = time.perf_counter()
        understand(message, today=TODAY)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.001
    assert statistics.mean(timings) < 0.001


def test_long_or_hostile_input_stays_bounded() -> None:
    for text in ("1 " * 2000, "." * 4000, "a@" * 2000, "did my friend " * 280, "x" * 10_000):
        start = time.perf_counter()
        understand(text, today=TODAY)
        assert time.perf_counter() - start < 0.25
