"""The demo FAQ articles as the seed submits them: every one would pass the quality gate
(so the seed's approvals never need an override), cuts into an introduction and one
passage per question, and its page ids are exactly its passages' anchors."""

from __future__ import annotations

import re

from data_layer.content.gate import evaluate
from data_layer.content.rendering import render_markdown
from data_layer.faq.passages import anchored_html, split_passages
from devstack.faq_demo import ARTICLES


def test_every_demo_article_passes_the_gate_with_no_error() -> None:
    for article in ARTICLES:
        flags, scores = evaluate(article.markdown, article.page(), {}, content_type="faq_article")
        errors = [f.as_doc() for f in flags if f.as_doc()["severity"] == "error"]
        assert errors == [], (article.key, article.language, errors)
        # Policy figures are the editor's word, not a snapshot's: grounding is not checked.
        assert scores["grounding"]["ungrounded"] == 0


def test_demo_articles_are_one_per_key_and_language_with_unique_slugs() -> None:
    pairs = [(a.key, a.language) for a in ARTICLES]
    assert len(pairs) == len(set(pairs))
    assert len({a.slug for a in ARTICLES}) == len(ARTICLES)
    assert {a.language for a in ARTICLES} == {"en", "es"}
    english = {a.key for a in ARTICLES if a.language == "en"}
    assert {a.key for a in ARTICLES if a.language == "es"} <= english


def test_each_article_cuts_into_an_introduction_and_its_questions_with_page_anchors() -> None:
    for article in ARTICLES:
        passages = split_passages(article.markdown, article.title)
        assert passages[0].position == 0 and passages[0].anchor == ""
        assert passages[0].heading == article.title
        questions = re.findall(r"^## (.+)$", article.markdown, flags=re.M)
        # A long answer may be cut in parts, each under its question.
        asked = list(dict.fromkeys((p.heading, p.anchor) for p in passages if p.anchor))
        assert [heading for heading, _ in asked] == questions, article.key
        anchors = [anchor for _, anchor in asked]
        html = anchored_html(render_markdown(article.markdown))
        assert re.findall(r'<h2 id="([^"]+)">', html) == anchors
        assert all(len(p.text.split()) <= 200 for p in passages)


def test_a_heading_in_a_code_block_is_not_a_question_and_repeats_get_distinct_anchors() -> None:
    markdown = (
        "Intro.\n\n```\n## not a heading\n```\n\n## Same?\n\nOne.\n\n## Same?\n\nTwo.\n\n"
        "Underlined question\n---\n\nThree.\n"
    )
    passages = split_passages(markdown, "Title")
    assert [(p.heading, p.anchor) for p in passages] == [
        ("Title", ""),
        ("Same?", "same"),
        ("Same?", "same-2"),
        ("Underlined question", "underlined-question"),
    ]
    assert "## not a heading" in passages[0].text
    html = anchored_html(render_markdown(markdown))
    assert re.findall(r'<h2 id="([^"]+)">', html) == ["same", "same-2", "underlined-question"]
