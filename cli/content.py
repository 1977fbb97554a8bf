"""``python -m assistant content draft --type TYPE --limit N [--engine writer|llm|auto]``.

Runs the content planner and the drafts in the foreground: which pages the data calls
for (the same selection the beat task uses), then each drafted, gated and saved as a
new ``ai_content`` version, with a progress bar and a one-line summary. Exit code 0,
or 2 for flags that cannot work (e.g. ``--engine llm`` without a configured model).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import time
from collections import Counter
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from config.settings import Settings

__all__ = ["add_content_parser", "cmd_content"]

out = Console()
err = Console(stderr=True)
TYPES = ("city_guide", "specialty_page", "city_specialty_page", "blog_post", "job_description")
MAX_LIMIT = 100_000


def _limit(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if not 1 <= number <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_LIMIT:,}, got {number}")
    return number


def add_content_parser(sub: Any) -> None:
    content = sub.add_parser("content", help="draft SEO content pages in the foreground")
    actions = content.add_subparsers(dest="content_action", required=True)
    draft = actions.add_parser(
        "draft", help="draft the pages the data calls for (new, or facts changed materially)"
    )
    draft.add_argument(
        "--type",
        dest="content_type",
        required=True,
        choices=[*TYPES, "all"],
        help="which content type to draft",
    )
    draft.add_argument("--limit", type=_limit, default=20, help="most pages to draft (default 20)")
    draft.add_argument(
        "--engine",
        choices=["writer", "llm", "auto"],
        default=None,
        help="writer (deterministic), llm (the configured model, writer as fallback), "
        "auto (llm in LLM mode); default CONTENT_ENGINE",
    )


def cmd_content(settings: Settings, args: argparse.Namespace) -> int:
    from data_layer.content.runtime import chosen_engine

    engine = chosen_engine(settings, args.engine)
    if engine == "llm" and not settings.llm_enabled:
        err.print(
            "[red]error:[/red] --engine llm needs a model: set OPENAI_BASE_URL or OPENAI_API_KEY"
        )
        return 2
    types = list(TYPES) if args.content_type == "all" else [args.content_type]
    return asyncio.run(_draft(settings, types, args.limit, engine))


async def _draft(settings: Settings, types: list[str], limit: int, engine: str) -> int:
    from data_layer.content.drafting import draft_page
    from data_layer.content.kinds import ContentType
    from data_layer.content.runtime import content_stores
    from data_layer.content.selection import plan_drafts
    from workers.content.llm import ContentLLM

    if err.is_terminal:  # log lines would tear the live progress bar
        logging.getLogger("workers.content").setLevel(logging.ERROR)
    model = ContentLLM(settings) if engine == "llm" else None
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    async with content_stores(settings) as (db, factory):
        async with factory() as session:
            plan = await plan_drafts(
                session, db, settings, content_types=[ContentType(t) for t in types], limit=limit
            )
        with Progress(
            TextColumn("{task.description:<24}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("pages"),
            TimeElapsedColumn(),
            console=err,
        ) as progress:
            task = progress.add_task(f"drafting ({engine})", total=len(plan.targets))
            for target in plan.targets:
                outcome = await draft_page(
                    db,
                    factory,
                    target,
                    engine=engine,
                    model=model,  # type: ignore[arg-type]
                )
                counts[outcome.status] += 1
                if outcome.doc is not None:
                    counts["passed" if outcome.doc["gate"]["passed"] else "flagged"] += 1
                if outcome.fallback:
                    counts["fallbacks"] += 1
                progress.advance(task)
    elapsed = time.perf_counter() - started
    rate = counts["drafted"] / elapsed * 60 if elapsed > 0 else 0.0
    skipped = ", ".join(f"{n} {why}" for why, n in sorted(plan.skipped.items())) or "none"
    out.print(
        f"content draft ({', '.join(types)}): {counts['drafted']} drafted "
        f"({counts['passed']} passed the gate, {counts['flagged']} flagged), "
        f"{counts['unchanged']} unchanged, {counts['pending']} pending, "
        f"{counts['no_facts']} without facts; engine {engine}, {counts['fallbacks']} fallbacks; "
        f"planner skipped: {skipped}; {elapsed:.1f}s, {rate:.0f} drafts/min"
    )
    return 0
