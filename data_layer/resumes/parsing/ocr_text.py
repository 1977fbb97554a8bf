"""Tesseract's text of a scanned resume, with the misreadings whose right reading is certain.

OCR confuses shapes: the letter O and the digit 0, l / I and 1, a square bullet and "@"
or "m", a table's rule "|" and "{", and it spaces out what is tight ("jo@ mail.com").
Only readings that the surrounding characters settle are changed, so nothing is guessed:

- a number or date (three digits or more, nothing but digits and O / l / I between its
  separators) cannot hold a letter: ``O5/2O27`` is ``05/2027``, ``88447l`` is ``884471``;
  a license number keeps its board prefix (``RNO35681`` is ``RN035681``, ``0T0628724``
  is ``OT0628724``, and ``4PN8960637`` is ``#PN8960637``: no number has a digit before its
  board's letters) only for the prefixes boards use;
- a roman numeral after a word (``Clinical Nurse Il``, ``RN Ill``, ``Nurse I!!``) is
  ``II`` / ``III`` (``Ill.`` with a period is Illinois and stays);
- a state code after a comma or a bar written with a zero (``Denver, C0``) is the state;
- an e-mail address split by spaces around ``@`` or a dot is joined;
- the mark that opens a list item, misread as ``@``, ``m@``, ``¢``, ``e``, ``w`` ..., is
  a bullet ``•``, and the same marks between the items of one line separate them;
- in a line divided by bars, a lone ``{`` ``}`` ``[`` ``]`` ``l`` ``!`` is a bar too;
- specks read as punctuation before the first word or after the last are dropped, and
  so are the blank lines Tesseract puts between paragraphs.

Applied by :mod:`..documents` to OCR output only: in a text-layer PDF the characters are
the author's own and are kept as written.
"""

from __future__ import annotations

import re

__all__ = ["tidy_ocr_text"]

# Board prefixes of license numbers (the letters printed before the digits).
_PREFIXES = (
    "APRN",
    "LPN",
    "LVN",
    "CNA",
    "PTA",
    "SLP",
    "RCP",
    "CRT",
    "RN",
    "PN",
    "VN",
    "NP",
    "PT",
    "OT",
    "MT",
    "RT",
)
# A prefix as OCR may print it: its O as a zero ("0T").
_PREFIX = "|".join(p.replace("O", "[O0]") for p in _PREFIXES)
_NUMBER_TOKEN = re.compile(
    rf"^(?P<lead>[#(\[]*|4(?=(?:{_PREFIX})\d{{5}}))(?P<prefix>(?:{_PREFIX})[-.]?)?"
    r"(?P<body>[0-9OoIl](?:[0-9OoIl]|[-/.](?=[0-9OoIl]))*)"
    r"(?P<suffix>[A-Z]?)(?P<trail>[),.;:\]]*)$"
)
_CONFUSABLE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})

_ROMAN = re.compile(r"(?<=[A-Za-z,)] )I(?=[Il!]*[l!])[Il!]{1,2}(?![\w.!])")
_STATE_ZERO = re.compile(r"(?:(?<=, )|(?<=\| ))(?=[A-Z0]{2}\b)(?:C0|M0|0H|0K|0R)(?![\w])")
_EMAIL = re.compile(
    r"(?<![\w.@])(?P<local>[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])\s*@\s*"
    r"(?P<domain>[A-Za-z0-9-]+(?:\s?\.\s?[A-Za-z0-9-]+)*?\s?\.\s?"
    r"(?:com|net|org|edu|gov|mil|us|io|co|me|info|biz))(?![A-Za-z0-9])"
)
# What a list marker (■ ▪ • ●) becomes in Tesseract's reading of a scan. The letters it
# makes of one (e, m, w) followed by a space never start an English line on their own.
_MARK = r"(?:[@®©¢°«»™•■▪●◆*=+-]{1,3}|[emw]{1,2}[@®©™]*|[A-Z]?[@®©™]{1,2})"
_LEADING_MARK = re.compile(rf"^[\s_.,:;'\"‘’“”`~]*{_MARK}\s+(?=[A-Za-z0-9(])")
_INLINE_MARK = re.compile(r"(?<=\S) [*¢°«»•■®©] (?=\S)")
_LEADING_SPECKS = re.compile(r"^[\s_.,:;'\"‘’“”`~]+(?=[A-Za-z0-9(])")
_TRAILING_SPECKS = re.compile(r"(?:\s+[_|:;.,~=*©®°¢«»'\"“”‘’`—–-]{1,3})+$")
_TRAILING_QUOTE = re.compile(r"(?<=\w)[”\"]+$")
_BAR_LOOKALIKE = re.compile(r"(?<= )(?:[{}\[\]l!¦]\|?|\|[{}\[\]l!¦])(?= )")


def tidy_ocr_text(text: str) -> str:
    """``text`` (Tesseract's output for one page) with its certain misreadings righted.

    Blank lines go too: Tesseract puts one between any two lines it sees as separate
    paragraphs (a job's title, its employer, its dates), where a text-layer PDF of the
    same page has none and the parser reads the three lines as one entry's header.
    """
    lines = (_tidy_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _tidy_line(line: str) -> str:
    line = _TRAILING_SPECKS.sub("", line)
    if not re.search(r"[“\"]", line[:-1]):  # a closing quote with no opening one: a speck
        line = _TRAILING_QUOTE.sub("", line)
    if mark := _LEADING_MARK.match(line):
        line = "• " + line[mark.end() :]
    else:
        line = _LEADING_SPECKS.sub("", line)
    if len(_INLINE_MARK.findall(line)) >= 2:
        line = _INLINE_MARK.sub(" • ", line)
    if line.count("|") >= 1:
        line = _BAR_LOOKALIKE.sub("|", line)
    line = _EMAIL.sub(_joined_email, line)
    line = _STATE_ZERO.sub(lambda m: m.group().replace("0", "O"), line)
    line = _ROMAN.sub(lambda m: "I" * len(m.group()), line)
    return " ".join(_number(token) for token in line.split(" "))


def _joined_email(match: re.Match[str]) -> str:
    return match.group("local") + "@" + "".join(match.group("domain").split())


def _number(token: str) -> str:
    match = _NUMBER_TOKEN.match(token)
    if match is None:
        return token
    body = match.group("body")
    digits = sum(c.isdigit() for c in body)
    confusable = sum(c in "OoIl" for c in body)
    prefix = match.group("prefix") or ""
    lead = match.group("lead")
    if not (confusable or "0" in prefix or lead == "4") or digits < 3 or confusable * 2 > digits:
        return token
    prefix = prefix.replace("0", "O")
    return (
        lead.replace("4", "#")
        + prefix
        + body.translate(_CONFUSABLE)
        + match.group("suffix")
        + match.group("trail")
    )
