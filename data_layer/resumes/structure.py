"""A parsed resume as typed values, each with the snippet of text it was read from.

:class:`ParsedResume` is what both parsing engines (the deterministic one in
:mod:`data_layer.resumes.parsing` and the LLM one) produce. Two views of it are stored:

* :meth:`ParsedResume.structured_data` - exactly ``parsed_resumes.structured_data`` of
  docs/database-schema.md section 3.1 (ISO dates, absent values ``None`` or ``[]``);
* :meth:`ParsedResume.details` - what section 3.1 has no room for, in lists parallel to
  those of ``structured_data``: each field's confidence and evidence, a license's
  multistate (compact) flag, an experience entry's specialty and whether it is current.

A value is never produced without evidence: :func:`drop_unsupported` removes every value
whose evidence is not in the text, or does not say that value (how the LLM engine's output
is checked).
"""

from data_layer.resumes.parsing.engine import parse_resume_text
from data_layer.resumes.parsing.evidence import drop_unsupported, evidence_supported
from data_layer.resumes.parsing.model import (
    Certification,
    ContactInfo,
    Education,
    Evidenced,
    Experience,
    License,
    ParsedResume,
)

__all__ = [
    "Certification",
    "ContactInfo",
    "Education",
    "Evidenced",
    "Experience",
    "License",
    "ParsedResume",
    "drop_unsupported",
    "evidence_supported",
    "parse_resume_text",
]
