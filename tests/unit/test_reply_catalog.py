"""The reply catalogue: every key in English and Spanish with the same placeholders, the
rules :func:`register` enforces, and the conversation's language sticking."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import assistant.agent.replies as replies_package
from assistant.agent.replies import catalog, conversation_language
from assistant.agent.replies.catalog import LANGUAGES, CatalogError, placeholders, register, say

# Every reply module registers its texts at import: load them all (other helpers' too).
for _module in pkgutil.iter_modules(replies_package.__path__):
    importlib.import_module(f"{replies_package.__name__}.{_module.name}")

KEYS = catalog.keys()


def test_the_catalogue_holds_the_offline_replies() -> None:
    assert len(KEYS) >= 150
    for prefix in ("search.", "details.", "apply.", "ask.", "invalid.", "referral.", "engine."):
        assert any(key.startswith(prefix) for key in KEYS), prefix


@pytest.mark.parametrize("key", KEYS)
def test_every_key_has_every_language_with_the_same_placeholders(key: str) -> None:
    english = catalog.variants(key, "en")
    expected = placeholders(english[0])
    for lang in LANGUAGES:
        texts = catalog.variants(key, lang)
        assert texts and all(t.strip() for t in texts)
        for text in texts:
            assert placeholders(text) == expected, (key, lang, text)


@pytest.mark.parametrize("key", KEYS)
def test_spanish_is_a_translation_not_a_copy(key: str) -> None:
    english, spanish = catalog.variants(key, "en"), catalog.variants(key, "es")
    words = re.compile(r"[^\W\d_]{3,}")
    if not words.findall(re.sub(r"\{\w+\}", "", " ".join(english))):
        return  # nothing to translate ("{header} (hot job)" has words; "{n}" would not)
    assert set(english) != set(spanish) or key.endswith(".say"), key


def test_say_fills_facts_and_picks_variants_stably() -> None:
    assert say("search.jobs_many", "es", count="12") == "12 trabajos"
    assert say("search.jobs_many", "en", count="12") == "12 jobs"
    seen = {say("greeting.opening", "es", seed=(str(n),)) for n in range(30)}
    assert len(seen) > 1
    assert say("greeting.opening", "es", seed=("a",)) == say("greeting.opening", "es", seed=("a",))
    # The same seed picks the same variant in either language (same position).
    for n in range(10):
        en = catalog.variants("greeting.opening", "en").index(
            say("greeting.opening", "en", seed=(str(n),))
        )
        es = catalog.variants("greeting.opening", "es").index(
            say("greeting.opening", "es", seed=(str(n),))
        )
        assert en == es


@pytest.mark.parametrize(
    ("value", "lang"), [("es", "es"), ("es-MX", "es"), ("ES", "es"), ("en-US", "en"), (None, "en")]
)
def test_language_normalises_anything(value: object, lang: str) -> None:
    assert catalog.language(value) == lang
    assert say("search.jobs_one", value if isinstance(value, str) else "en", count=1)


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ({"t.only_en": {"en": "Hi"}}, "missing"),
        ({"t.extra": {"en": "Hi", "es": "Hola", "fr": "Salut"}}, "unknown"),
        ({"t.mismatch": {"en": "Hi {name}", "es": "Hola {nombre}"}}, "placeholders"),
        (
            {"t.variant": {"en": ("Hi {name}", "Hello {name}"), "es": ("Hola {name}", "Hola")}},
            "placeholders",
        ),
        ({"t.empty": {"en": "Hi", "es": ""}}, "empty"),
        ({"search.jobs_one": {"en": "x", "es": "y"}}, "already"),
        ({"t.positional": {"en": "Hi {}", "es": "Hola {}"}}, "name"),
    ],
)  # fmt: skip
def test_register_refuses_what_breaks_the_rules(messages: dict, problem: str) -> None:
    before = catalog.keys()
    with pytest.raises(CatalogError, match=problem):
        register(messages)
    assert catalog.keys() == before  # nothing half-registered


def test_register_adds_keys_for_other_modules() -> None:
    register(
        {"t.unit_test_key": {"en": "Hi {name}!", "es": ("¡Hola, {name}!", "¡Buenas, {name}!")}}
    )
    assert say("t.unit_test_key", "en", name="Ana") == "Hi Ana!"
    assert say("t.unit_test_key", "es", name="Ana", seed=("x",)).endswith("Ana!")


# --------------------------------------------------------------- the conversation's language


@pytest.mark.parametrize(
    ("previous", "text", "lang"),
    [
        ("en", "hola", "es"),
        ("en", "busco trabajo de enfermera en Texas, turno de noche", "es"),
        ("en", "ICU travel jobs in Texas", "en"),
        ("en", "ok", "en"),
        ("en", "5551234567", "en"),
        # Once Spanish, neutral and one-word answers keep it...
        ("es", "sí", "es"),
        ("es", "ok", "es"),
        ("es", "yes", "es"),
        ("es", "thanks", "es"),
        ("es", "jane.doe@example.org", "es"),
        ("es", "(555) 201-3344", "es"),
        ("es", "Jane", "es"),
        ("es", "Maria Lopez", "es"),
        ("es", "ICU", "es"),
        ("es", "#2", "es"),
        # ...and a clearly English message switches back.
        ("es", "show me ICU jobs in Texas", "en"),
        ("es", "can I talk to a recruiter", "en"),
        ("es", "nights only", "en"),
        (None, "hola", "es"),
        ("xx", "hello", "en"),
    ],
)
def test_conversation_language_sticks_until_clearly_english(
    previous: str | None, text: str, lang: str
) -> None:
    assert conversation_language(previous, text) == lang
