"""What every pgvector read and write here shares: the executor type and vector checks.

Vectors are bound as text by ``pgvector.sqlalchemy.Vector``; asyncpg's
``register_vector`` is never used.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from data_layer.models.embeddings import EMBEDDING_DIM

__all__ = ["Executor", "as_vector"]

Executor = AsyncSession | AsyncConnection
"""Anything that can execute a statement: an ORM session or a Core connection."""


def as_vector(value: Sequence[float] | np.ndarray) -> np.ndarray:
    """``value`` as the float32 vector the schema stores; ``ValueError`` if not 384 long."""
    array = np.asarray(value, dtype=np.float32)
    if array.shape != (EMBEDDING_DIM,):
        msg = f"expected a vector of {EMBEDDING_DIM} floats, got shape {array.shape}"
        raise ValueError(msg)
    return array
