"""Readability, length and vocabulary of a draft (textstat 0.7.4, pinned).

textstat 0.7.4 imports ``pkg_resources`` at import time, which setuptools no longer ships;
later textstat releases download NLTK data at import, which fails offline. The only thing
0.7.4 uses it for is reading its bundled word lists (not needed by the scores used here),
so a stand-in that reads package files with importlib is registered just for the import
and removed again: no other library ever sees it.
"""

from __future__ import annotations

import importlib
import importlib.resources
import re
import sys
import types
from typing import IO, Any

from data_layer.content.gate.flags import Flag, warning


def _import_textstat() -> Any:
    try:
        return importlib.import_module("textstat")
    except ModuleNotFoundError as missing:
        if missing.name != "pkg_resources":
            raise
    shim = types.ModuleType("pkg_resources")

    def resource_stream(package: str, name: str) -> IO[bytes]:
        return importlib.resources.files(package).joinpath(name).open("rb")

    shim.resource_stream = resource_stream  # type: ignore[attr-defined]
    sys.modules["pkg_resources"] = shim
    try:
        for name in [m for m in sys.modules if m == "textstat" or m.startswith("textstat.")]:
            del sys.modules[name]
        return importlib.import_module("textstat")
    finally:
        if sys.modules.get("pkg_resources") is shim:
            del sys.modules["pkg_resources"]


textstat = _import_textstat()

MIN_WORDS = {"job_description": 60}
"""Shortest useful page, in words; other types: :data:`DEFAULT_MIN_WORDS`."""
DEFAULT_MIN_WORDS = 150
MIN_READING_EASE = 30.0
"""Flesch reading ease below this reads like an academic paper."""
MIN_UNIQUE_RATIO = 0.25
"""Distinct words / words: below this the page repeats itself."""
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def text_scores(plain: str, content_type: str) -> tuple[dict[str, Any], list[Flag]]:
    words = _WORD.findall(plain)
    unique = {w.lower() for w in words}
    scores: dict[str, Any] = {
        "words": len(words),
        "unique_words": len(unique),
        "unique_ratio": round(len(unique) / len(words), 3) if words else 0.0,
        "readability": round(float(textstat.flesch_reading_ease(plain)), 1) if words else 0.0,
        "grade": round(float(textstat.flesch_kincaid_grade(plain)), 1) if words else 0.0,
    }
    flags: list[Flag] = []
    minimum = MIN_WORDS.get(content_type, DEFAULT_MIN_WORDS)
    if len(words) < minimum:
        flags.append(
            warning("too_short", f"{len(words)} words; a useful page has at least {minimum}")
        )
    if words and scores["readability"] < MIN_READING_EASE:
        flags.append(
            warning(
                "hard_to_read",
                f"reading ease {scores['readability']} (below {MIN_READING_EASE:g}): "
                "shorter sentences and plainer words help",
            )
        )
    if len(words) >= 50 and scores["unique_ratio"] < MIN_UNIQUE_RATIO:
        flags.append(warning("repetitive", f"only {len(unique)} distinct words in {len(words)}"))
    return scores, flags
