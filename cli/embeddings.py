"""``python -m assistant embeddings export-onnx``: the fast embedding backend, made offline.

Converts the bundled all-MiniLM-L6-v2 into an int8 ONNX Runtime model
(:func:`data_layer.embeddings.onnx_model.export_onnx`) in ``--target`` (default
``EMBEDDING_ONNX_DIR``, else ``<venv>/share/esa-onnx``). ``make install`` runs it once
after pip; when it fails, the service simply keeps using PyTorch. Nothing is
downloaded. Exit codes: 0 exported, 1 failed (one line says why).
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any

from rich.console import Console

from config.settings import Settings

__all__ = ["add_embeddings_parser", "cmd_embeddings"]

err = Console(stderr=True)
log = logging.getLogger("cli.embeddings")


def add_embeddings_parser(sub: Any) -> None:
    """Add the ``embeddings`` subcommand to the CLI's subparsers."""
    embeddings = sub.add_parser("embeddings", help="prepare the embedding model's ONNX backend")
    actions = embeddings.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export-onnx", help="convert the bundled model to int8 ONNX (offline, install time)"
    )
    export.add_argument(
        "--target",
        type=Path,
        default=None,
        help="output folder (default EMBEDDING_ONNX_DIR, else <venv>/share/esa-onnx)",
    )


def cmd_embeddings(settings: Settings, args: argparse.Namespace) -> int:
    from data_layer.embeddings.onnx_model import DEFAULT_ONNX_DIR, export_onnx

    target: Path = args.target or Path(settings.embedding_onnx_dir or DEFAULT_ONNX_DIR)
    started = time.perf_counter()
    try:
        folder = export_onnx(target)
    except (OSError, ValueError, RuntimeError, ImportError) as exc:
        # The install goes on without it: PyTorch stays the backend.
        log.error("ONNX export to %s failed: %s: %s", target, type(exc).__name__, exc)
        err.print(f"[red]error:[/red] ONNX export failed ({type(exc).__name__}: {exc})")
        return 1
    err.print(f"ONNX embedding model in {folder} ({time.perf_counter() - started:.0f}s)")
    return 0
