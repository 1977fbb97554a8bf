"""A gate finding: what is wrong, how bad, and where (the sentence it sits in)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    severity: Severity
    message: str
    sentence: str | None = None

    def as_doc(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "sentence": self.sentence,
            "overridden": False,
            "override_note": None,
        }


def error(code: str, message: str, sentence: str | None = None) -> Flag:
    return Flag(code, "error", message, sentence)


def warning(code: str, message: str, sentence: str | None = None) -> Flag:
    return Flag(code, "warning", message, sentence)
