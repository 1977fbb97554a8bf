"""Questions the copilot must not or cannot act on, recognised before anything else.

The copilot only reads. A request to change data ("delete", "update", "email them", "mark
as placed"), SQL typed into the chat, an attempt to talk it out of its rules ("ignore your
instructions") and a request for secrets (passwords, SSNs) get an honest refusal. None of
this is what keeps the data safe (the database role and row-level security do that); it
keeps the answer truthful instead of a count that pretends to have done something.
"""

from __future__ import annotations

import re
from typing import Final

from assistant.copilot.nlu.reading import Refuse

__all__ = ["find_refusal"]

_WRITE_VERBS = (
    r"delete|remove|drop|erase|wipe|purge|truncate|destroy|update|change|modify|edit|alter|set|"
    r"insert|add|create|assign|reassign|transfer|move|close|reopen|mark|flag|email|text|"
    r"sms|send|message|call|notify|approve|reject|decline|hire|place|fire|deactivate|activate|"
    r"archive|unarchive|merge|export|download|upload|grant|revoke|reset|rename|submit|schedule|"
    r"cancel|publish|unpublish|invite|contact|reach out to|dm|ping"
)
_OBJECT = (
    r"the|my|all|this|that|those|these|them|him|her|it|every|each|a|an|as|to|his|their|"
    r"candidates?|jobs?|records?|rows?|applications?|placements?|licenses?|statuse?s?|users?|"
    r"data|everything|everyone|table|tables|database|handoffs?|referrals?|recruiters?|"
    r"[a-z]+'s|[A-Z][a-z]+"
)
_IMPERATIVE_RX = re.compile(
    r"(?i:^|[.;:!?]\s*|,\s*|\band\s+(?:then\s+)?|\bthen\s+|\bplease\s+|\bpls\s+|\bcan you\s+|"
    r"\bcould you\s+|\bwould you\s+|\bwill you\s+|\bgo ahead and\s+|\bi (?:want|need) (?:you )?"
    r"to\s+|\bi(?:d| would) like (?:you )?to\s+|\bhelp me\s+|\blets\s+|\blet's\s+|\bnow\s+|"
    r"\bkindly\s+|\bjust\s+)(?i:" + _WRITE_VERBS + r")\s+(?:" + _OBJECT + r")\b",
)
_SQL_RX = re.compile(
    r"^\s*(?:select\s[\s\S]*\bfrom\s+[\w.\"]+|with\s+\w+\s+as\s*\(|insert\s+into|"
    r"update\s+[\w.\"]+\s+set\b|delete\s+from|drop\s+(?:table|schema|view|database|role|index)|"
    r"alter\s+(?:table|role|user|schema|system)|create\s+(?:table|role|user|function|view|"
    r"extension|trigger)|truncate\b|grant\s[\s\S]*\bto\b|revoke\b|copy\s+\S+\s+(?:from|to)|"
    r"call\s+\w+\s*\(|do\s+\$|explain\s+(?:analyze\s+)?select|set\s+(?:role|session|local)|"
    r"lock\s+table|vacuum\b)"
    r"|;\s*(?:select|insert|update|delete|drop|alter|create|truncate)\b"
    r"|\b(?:delete\s+from|insert\s+into|update\s+\w+\s+set|drop\s+(?:table|schema|database)|"
    r"truncate\s+table|alter\s+table|grant\s+all|select\s+\*\s+from)\b"
    r"|\b(?:pg_sleep|pg_read_file|pg_ls_dir|dblink|lo_import|lo_export|copy\s+\w+\s+(?:from|to)|"
    r"information_schema|pg_catalog|pg_shadow|pg_authid|union\s+select|or\s+1\s*=\s*1|"
    r"--\s*$|/\*)",
    re.IGNORECASE,
)
_INJECTION_RX = re.compile(
    r"\bignore\b.{0,40}\b(?:instructions?|rules?|prompts?|guidelines?|restrictions?|policy|"
    r"policies|scope|limits?|everything)\b|\bdisregard\b|\bsystem prompt\b|\byou are now\b|"
    r"\bjailbreak|\bdeveloper mode\b|\bdan mode\b|\bact as (?:an? |the )?(?:admin|administrator|"
    r"dba|root|superuser|database)|\bpretend (?:to be|you are|that)\b|\bbypass\b|\boverride\b|"
    r"\bsudo\b|\bescalate (?:my )?privileges?\b|\bas (?:an? )?admin(?:istrator)?\b.{0,20}\bshow\b|"
    r"\bforget (?:your|all|the|previous) (?:rules|instructions)\b|\bnew instructions?\b|"
    r"\brow[- ]level security\b|\brls\b|\bturn off\b.{0,20}\b(?:security|filter|scope)|"
    r"\bcopilot\.\w+|\bset_config\b|\bset (?:role|session)\b|"
    r"\bi(?:'m| am) (?:an? |the )?(?:admin|administrator|superuser|root)\b",
    re.IGNORECASE,
)
_PRIVATE_RX = re.compile(
    r"\b(?:passwords?|passwd|password hash(?:es)?|ssns?|social security|bank (?:account|details)|"
    r"routing numbers?|credit cards?|tokens?|api keys?|secrets?|session ids?|credentials of|"
    r"date of birth|dob|home address(?:es)?)\b",
    re.IGNORECASE,
)
_RATE_AFTER_RX = re.compile(
    r"\s*(?:\w+\s+){0,2}(?:ratio|rate|conversion|percent(?:age)?)\b", re.IGNORECASE
)
"""After "submit to interview": a ratio asked for, not an order to submit anyone."""
_CONTENT_RX = re.compile(
    r"^(?:(?:can|could|would|will) you\s+|please\s+|pls\s+|help me\s+)?(?:write|draft|compose|"
    r"generate|rewrite|create|make)\s+(?:me\s+|us\s+)?(?:an?\s+|the\s+|some\s+|my\s+)?(?:\w+\s+)?"
    r"(?:job descriptions?|jds?|descriptions?|emails?|messages?|texts?|posts?|letters?|bios?|"
    r"blurbs?|ads?|postings?|resumes?|cover letters?|scripts?|pitch(?:es)?|summary of)\b",
    re.IGNORECASE,
)
_QUERY_PART_RX = re.compile(
    r"\s*(?:date|dates|period|time frame|timeframe|date range|filters?|breakdown|grouping|"
    r"limit|ranking|sort|specialty|state|profession|job type)\b",
    re.IGNORECASE,
)
"""After "drop the": a part of the last question, not data ("drop the date")."""
_COUNTING_RX = re.compile(
    r"\b(?:how many|number of|count|did i|did we|have i|have we|were|was|got|been|who|which|"
    r"list|show)\b",
    re.IGNORECASE,
)

_READ_ONLY: Final = (
    "I can only read your pipeline numbers; I can't change, send or delete anything. "
    "Ask me something like: how many applications did my candidates make last month?"
)


def find_refusal(text: str) -> Refuse | None:
    """A refusal for ``text`` (the question as typed), or ``None`` when it may be read."""
    if _SQL_RX.search(text):
        return Refuse(
            "sql",
            "I don't run SQL typed into the chat. Ask in words, for example: "
            "placements by specialty this year.",
        )
    if _INJECTION_RX.search(text):
        return Refuse(
            "injection",
            "I can't set my rules aside: I only read the pipeline you may see. Ask me "
            "something like: how many applications did my candidates make last month?",
        )
    if _PRIVATE_RX.search(text):
        return Refuse(
            "private",
            "I don't show passwords, identity numbers or other secrets. I can count and "
            "list your candidates, applications, placements, licenses and handoffs.",
        )
    if _CONTENT_RX.search(text):
        return Refuse(
            "unknown",
            "I don't write text: I answer questions about your pipeline from the data you "
            "may see. Ask me something like: how many open ICU jobs are there in Texas?",
        )
    m = _IMPERATIVE_RX.search(text)
    if m is not None and (
        _RATE_AFTER_RX.match(text, m.end())
        or (
            re.search(r"(?i)\b(?:drop|remove|clear|reset|change)\b", m.group(0))
            and _QUERY_PART_RX.match(text, m.end())
        )
    ):
        m = None
    if m is not None:
        before = text[: m.start()]
        # "how many candidates did I add", "who did we place": counting what was done
        if not _COUNTING_RX.search(before) or re.search(r"\b(?:and|then|please)\s*$", before):
            return Refuse("write", _READ_ONLY)
    return None
