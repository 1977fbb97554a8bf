"""Skills: the items of the Skills sections, as written ("Epic", "Ventilator management").

Items are separated by commas, semicolons, bullets or pipes; a label before a colon
("EMR: Epic, Cerner") is not an item. A sentence (more than six words, or ending in a
period after several words) is not a skill.
"""

from __future__ import annotations

import re

from data_layer.resumes.parsing.model import Evidenced
from data_layer.resumes.parsing.text import Line, clean, strip_bullet

__all__ = ["parse_skill_lines"]

_SEPARATOR = re.compile(r"\s*(?:[,;|•·▪●◦]|\s/\s|\s{3,})\s*")
_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z /&-]{1,30}):\s*")


def parse_skill_lines(lines: list[Line]) -> list[Evidenced[str]]:
    skills: list[Evidenced[str]] = []
    seen: set[str] = set()
    for line in lines:
        body = strip_bullet(line.text)
        if not body:
            continue
        label = _LABEL.match(body)
        if label is not None and len(label.group("label").split()) <= 4:
            body = body[label.end() :]
        position = 0
        cleaned = clean(body)
        for match in [*_SEPARATOR.finditer(cleaned), None]:
            end = match.start() if match is not None else len(body)
            item = body[position:end].strip().rstrip(".")
            position = match.end() if match is not None else len(body)
            words = item.split()
            if not item or len(words) > 6 or not re.search(r"[A-Za-z]", item):
                continue
            key = item.casefold()
            if key in seen:
                continue
            seen.add(key)
            skills.append(Evidenced(item, 0.85, item))
    return skills
