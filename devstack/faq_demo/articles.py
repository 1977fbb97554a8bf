"""Every demo FAQ article: the English ones, then their Spanish translations."""

from __future__ import annotations

from devstack.faq_demo.articles_en import ENGLISH
from devstack.faq_demo.articles_es import SPANISH
from devstack.faq_demo.model import DemoArticle

ARTICLES: tuple[DemoArticle, ...] = (*ENGLISH, *SPANISH)

_english_keys = {a.key for a in ENGLISH}
if not {a.key for a in SPANISH} <= _english_keys:  # a translation needs its original
    raise RuntimeError("a Spanish demo FAQ article has no English original")

__all__ = ["ARTICLES", "DemoArticle"]
