"""Query vectors for semantic job search: the embedding model, warmed in the background, cached."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

import numpy as np

from data_layer.embeddings.model import EmbeddingModel, get_embedding_model

log = logging.getLogger(__name__)


class QueryEmbedder:
    """Turns a short query into a vector without blocking the event loop.

    Until the model has finished loading, ``__call__`` returns None and the
    search runs on filters and text alone: a visitor never waits for a model load.
    """

    def __init__(self, model: EmbeddingModel | None = None, cache_size: int = 2048) -> None:
        self._model = model or get_embedding_model()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._size = cache_size
        self._loading: asyncio.Task[None] | None = None

    @property
    def ready(self) -> bool:
        return self._model.loaded

    @property
    def status(self) -> str:
        """``ready``, ``loading``, ``failed`` or ``cold`` (not asked to load yet)."""
        if self._model.loaded:
            return "ready"
        if self._loading is None:
            return "cold"
        return "failed" if self._loading.done() else "loading"

    def warm_up(self) -> None:
        if self._loading is None:
            self._loading = asyncio.get_running_loop().create_task(self._load())

    async def loaded(self) -> None:
        """Wait for a load started by :meth:`warm_up` to end (well or not)."""
        if self._loading is not None:
            await asyncio.shield(self._loading)

    async def _load(self) -> None:
        try:
            await asyncio.to_thread(self._model.encode, ["warm up"])
            log.info("embedding model loaded")
        except Exception:
            log.exception("embedding model failed to load; search runs without semantic ranking")

    async def __call__(self, query: str) -> np.ndarray | None:
        key = " ".join(query.lower().split())
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        if not self._model.loaded:
            self.warm_up()
            return None
        vector = (await asyncio.to_thread(self._model.encode, [key]))[0]
        self._cache[key] = vector
        if len(self._cache) > self._size:
            self._cache.popitem(last=False)
        return vector
