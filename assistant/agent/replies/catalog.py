"""The offline replies' message catalogue: every text in English and Spanish, by key.

A reply module registers its texts once, at import, next to the code that uses them::

    from assistant.agent.replies.catalog import Lang, register, say

    register(
        {
            "account.none": {
                "en": "You haven't applied to any jobs yet.",
                "es": "Todavía no te has postulado a ningún empleo.",
            },
            "account.count": {
                "en": ("You have {count} applications.", "Here are your {count} applications."),
                "es": ("Tienes {count} solicitudes.", "Estas son tus {count} solicitudes."),
            },
        }
    )

    say("account.count", lang, count=3, seed=(conversation_id,))

Rules, checked by :func:`register` (so a missing translation fails at import, in every
test that imports the module, not in front of a visitor):

- a key is registered once, with a text for every language of :data:`LANGUAGES`;
- a text is a ``str.format`` template (``{name}`` placeholders; literal braces doubled),
  or a tuple of variants, one chosen by :func:`say`'s ``seed`` (stable: the same seed
  always gives the same variant, so tests are deterministic);
- every variant of a key, in every language, uses exactly the same placeholders: the
  caller passes the same facts whatever the language.

Keys are dotted, prefixed by the module's topic (``search.``, ``apply.``, ``account.``,
``faq.``...). Facts are already-formatted text: format money and dates with the helpers
of :mod:`assistant.agent.replies.wording`, which take the language too (``$2,750/sem``,
``1 de marzo de 2027``). Spanish texts speak to the visitor as *tú*, as US healthcare
recruiters do in chat; job data (titles, facilities, descriptions) is never translated.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from typing import Final, Literal, get_args

from assistant.agent.replies.wording import pick

Lang = Literal["en", "es"]
LANGUAGES: Final[tuple[Lang, ...]] = get_args(Lang)
DEFAULT_LANGUAGE: Final[Lang] = "en"

Text = str | tuple[str, ...]
"""One template, or variants of it (chosen by the seed)."""

_CATALOG: dict[str, dict[Lang, tuple[str, ...]]] = {}
_FORMATTER: Final = string.Formatter()


class CatalogError(ValueError):
    """A registration that breaks the catalogue's rules (see the module doc)."""


def language(value: object) -> Lang:
    """``value`` as a language of the catalogue ("es", "es-MX", "ES" -> "es"); English
    for anything else, so a stray value never breaks a reply."""
    text = str(value or "").strip().lower()[:2]
    return "es" if text == "es" else DEFAULT_LANGUAGE


def placeholders(template: str) -> frozenset[str]:
    """The names a template formats (``{name}``, ``{name:,}`` -> ``name``)."""
    names: set[str] = set()
    for _, field, _, _ in _FORMATTER.parse(template):
        if field is not None:
            if not field or not field.isidentifier():
                raise CatalogError(f"placeholder {{{field}}} must be a name: {template!r}")
            names.add(field)
    return frozenset(names)


def _variants(key: str, lang: str, text: object) -> tuple[str, ...]:
    variants = (text,) if isinstance(text, str) else text
    if not isinstance(variants, tuple) or not variants:
        raise CatalogError(f"{key} [{lang}]: a text or a non-empty tuple of texts")
    for variant in variants:
        if not isinstance(variant, str) or not variant.strip():
            raise CatalogError(f"{key} [{lang}]: empty or not text")
    return variants


def register(messages: Mapping[str, Mapping[str, Text]]) -> None:
    """Add texts to the catalogue (see the module doc for the rules it enforces)."""
    checked: dict[str, dict[Lang, tuple[str, ...]]] = {}
    for key, by_lang in messages.items():
        if key in _CATALOG or key in checked:
            raise CatalogError(f"{key} is already in the catalogue")
        missing = [lang for lang in LANGUAGES if lang not in by_lang]
        unknown = [lang for lang in by_lang if lang not in LANGUAGES]
        if missing or unknown:
            raise CatalogError(f"{key}: missing {missing}, unknown {unknown}")
        entry = {lang: _variants(key, lang, by_lang[lang]) for lang in LANGUAGES}
        expected = placeholders(entry[DEFAULT_LANGUAGE][0])
        for lang, variants in entry.items():
            for variant in variants:
                if placeholders(variant) != expected:
                    raise CatalogError(
                        f"{key} [{lang}]: placeholders {sorted(placeholders(variant))} "
                        f"differ from {sorted(expected)}"
                    )
        checked[key] = entry
    _CATALOG.update(checked)


def say(
    key: str, lang: str = DEFAULT_LANGUAGE, /, *, seed: Iterable[object] = (), **facts: object
) -> str:
    """The text of ``key`` in ``lang`` with ``facts`` filled in.

    ``seed``: what picks one of several variants (the content and a conversation id, say);
    a key with one text ignores it. A missing fact raises ``KeyError``: a programming error.
    """
    variants = _CATALOG[key][language(lang)]
    template = variants[0] if len(variants) == 1 else pick(variants, *seed)
    return template.format(**facts)


def variants(key: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """Every variant of ``key`` in ``lang``, unformatted (for tests and for checks)."""
    return _CATALOG[key][language(lang)]


def keys() -> list[str]:
    """Every registered key, sorted."""
    return sorted(_CATALOG)
