"""Issue 12's figures in one run: parsing quality and speed, then matching at scale.

Runs ``bench/resume_parsing.py`` (synthetic resumes with known truth: ``field_f1``,
``license_f1``, ``invented_values``, ``parse_p95_s``, ``ocr_parse_p95_s``) and
``bench/resume_matching.py`` (``candidates_for_job_p50_ms``/``_p95_ms``,
``recall_at_20``, ``jobs_for_resume_p50_ms`` over ``--resumes`` resumes and ``--jobs``
jobs) and prints both sets of figures as one JSON object on the last line. Either
part can be skipped (``--skip-matching`` for a quick quality run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import resume_matching, resume_parsing


def main() -> None:
    from rich.progress import Progress

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="synthetic resumes to parse")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--resumes", type=int, default=100_000, help="resumes to match over")
    parser.add_argument("--jobs", type=int, default=100_000, help="jobs to match over")
    parser.add_argument("--skip-matching", action="store_true")
    args = parser.parse_args()

    figures: dict[str, Any] = {}
    resumes = resume_parsing.generate(args.count, args.seed)
    with Progress() as bar:
        task = bar.add_task("parsing resumes", total=len(resumes))
        figures.update(resume_parsing.evaluate(resumes, lambda: bar.advance(task)))
    if not args.skip_matching:
        figures.update(asyncio.run(resume_matching.measure(args.resumes, args.jobs)))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
