"""FAQ answers: how often retrieval answers from the right article, or rightly declines.

Builds its own services (a throwaway stack on free ports), publishes the demo FAQ
articles through the editors' review flow (:func:`devstack.faq_seed.seed_faq`: the
passages are embedded as in production), then asks every question of
``tests/support/faq_questions.py`` through :func:`data_layer.faq.retrieval.retrieve`
with the bundled embedding model, as the chat does.

* ``faq_answer_accuracy``: share of questions answered from the right article, or, where
  the knowledge base has no answer, declined ("a recruiter can tell you");
* ``faq_invented``: answers given where the knowledge base has none (must be 0);
* ``by_half``: the same for ``TUNING`` (what the weights were calibrated on) and
  ``CHECK`` (held out: the honest estimate), ``by_language`` for English and Spanish;
* ``retrieval_p50_ms`` / ``retrieval_p99_ms``: one retrieval with the question already
  embedded (the embedding is cached per question in the chat), warm keyword index;
  ``embed_p50_ms``: one question's embedding.

Misses are listed on stderr. The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import percentile, throwaway_stack
from config.settings import Settings


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


async def run(settings: Settings) -> dict[str, Any]:
    from pymongo import AsyncMongoClient
    from sqlalchemy.ext.asyncio import async_sessionmaker

    from data_layer.db.engine import create_engine
    from data_layer.db.setup import migrate
    from data_layer.embeddings.model import get_embedding_model
    from data_layer.faq.retrieval import retrieve
    from devstack.faq_seed import seed_faq
    from tests.support.faq_questions import Graded, figures, halves

    await migrate(settings)
    engine = create_engine(settings)
    factory = async_sessionmaker(engine, expire_on_commit=False)
    mongo: AsyncMongoClient = AsyncMongoClient(settings.effective_mongodb_url)
    started = time.perf_counter()
    counts = await seed_faq(mongo[settings.mongodb_db], factory)
    seed_s = round(time.perf_counter() - started, 1)
    _say(f"seeded {counts} in {seed_s} s")
    model = get_embedding_model()
    questions = halves()
    embed_ms: list[float] = []
    vectors = []
    for _, question in questions:
        started = time.perf_counter()
        vectors.append(model.encode([" ".join(question.text.lower().split())])[0])
        embed_ms.append((time.perf_counter() - started) * 1000)
    graded: list[Graded] = []
    timings: list[float] = []
    try:
        async with factory() as session:
            await retrieve(session, "warm up", "en", vector=vectors[0])
            for (half, question), vector in zip(questions, vectors, strict=True):
                started = time.perf_counter()
                found = await retrieve(session, question.text, question.language, vector=vector)
                timings.append((time.perf_counter() - started) * 1000)
                graded.append(Graded(question, found.article_key, found.best_score, half))
    finally:
        await engine.dispose()
        await mongo.close()
    for g in graded:
        if not g.right:
            _say(
                f"MISS [{g.half} {g.question.language}] {g.question.text!r}: "
                f"wanted {g.question.article}, got {g.answered} (best {g.score})"
            )
    result = figures(graded)
    result.update(
        retrieval_p50_ms=round(percentile(timings, 0.5), 2),
        retrieval_p99_ms=round(percentile(timings, 0.99), 2),
        embed_p50_ms=round(percentile(embed_ms[1:], 0.5), 2),
        seed_s=seed_s,
    )
    return result


def main() -> None:
    with throwaway_stack("esa-bench-faq-") as settings:
        result = asyncio.run(run(settings))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
