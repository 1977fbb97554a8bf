"""Prompt templates, one file each, versioned in their front line; `load_prompt` fills them in.

A template is Markdown with ``{name}`` placeholders. The first line is
``<!-- version: N -->`` so generated content and logs can record which version
produced them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent
_VERSION = re.compile(r"^<!--\s*version:\s*(\S+)\s*-->\s*\n")


@cache
def _read(name: str) -> tuple[str, str]:
    path = _DIR / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"no prompt named {name!r} in {_DIR}")
    raw = path.read_text(encoding="utf-8")
    match = _VERSION.match(raw)
    if match is None:
        raise ValueError(f"prompt {name!r} must start with <!-- version: N -->")
    return match.group(1), raw[match.end() :]


def prompt_version(name: str) -> str:
    return _read(name)[0]


def load_prompt(name: str, **values: object) -> str:
    """The template ``name`` with ``values`` substituted; unknown placeholders raise KeyError."""
    return _read(name)[1].format(**values)
