"""Near-duplicates of PUBLISHED pages: MinHash over word 3-shingles, MinHashLSH index.

Each version stores its MinHash signature (``minhash``) when it is gated, so the index
is built from stored signatures, never by re-reading page texts. One index per process
and database, brought up to date incrementally before each check: only versions whose
``updated_at`` moved since the last refresh are read (a page published since is added,
one unpublished or superseded is removed). A check is then one LSH lookup plus exact
estimates for the few candidates, whatever the number of published pages.

A new version of a page is naturally close to that page's live version: a page is never
compared with itself.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from pymongo import ASCENDING
from pymongo.asynchronous.database import AsyncDatabase

from data_layer.content.kinds import DraftStatus
from data_layer.content.store import aware, collection

NUM_PERM = 128
SCHEME = "affine32"
"""datasketch 2's default; stored signatures name it when read back (values fit in 32 bits,
so they store as plain integers in Mongo)."""
SHINGLE = 3
OVERLAP = dt.timedelta(minutes=5)
"""Now and then a refresh re-reads this much before the last change seen (writers' clocks
differ, so a page published "earlier" by another process may land after ``since``)."""
OVERLAP_EVERY_S = 30.0
"""How often that wider re-read happens; in between, a refresh reads only what is newer
than the last change seen (during a burst of publishing, re-reading five minutes of pages
on every check cost ~0.7 s per draft)."""
_WORD = re.compile(r"[a-z0-9$][a-z0-9$,.'-]*")
_indexes: dict[tuple[str, int, float], _Index] = {}


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {
        " ".join(words[i : i + SHINGLE]).encode() for i in range(max(1, len(words) - SHINGLE + 1))
    }
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch(list(shingles))
    return minhash


def to_list(minhash: MinHash) -> list[int]:
    return [int(v) for v in minhash.hashvalues]


def from_list(values: list[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.asarray(values, dtype=np.uint32), scheme=SCHEME)


@dataclass
class _Index:
    threshold: float
    lsh: MinHashLSH = field(init=False)
    signatures: dict[str, MinHash] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    since: dt.datetime | None = None
    overlap_read_at: float = 0.0

    def __post_init__(self) -> None:
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=NUM_PERM)

    def put(self, key: str, minhash: MinHash, title: str) -> None:
        self.drop(key)
        self.lsh.insert(key, minhash)
        self.signatures[key] = minhash
        self.titles[key] = title

    def drop(self, key: str) -> None:
        if key in self.signatures:
            self.lsh.remove(key)
            del self.signatures[key]
            self.titles.pop(key, None)


def _page_key(doc: dict[str, Any]) -> str:
    return f"{doc['content_type']}:{doc['reference_id']}"


async def _refresh(db: AsyncDatabase, index: _Index) -> None:
    # Only publishing and take-downs change the index; drafts never do.
    query: dict[str, Any] = {"status": DraftStatus.PUBLISHED.value}
    if index.since is not None:
        query["status"] = {"$in": [DraftStatus.PUBLISHED.value, DraftStatus.UNPUBLISHED.value]}
        now = time.monotonic()
        lower = index.since
        if now - index.overlap_read_at >= OVERLAP_EVERY_S:
            index.overlap_read_at = now
            lower = index.since - OVERLAP
        query["updated_at"] = {"$gt": lower}
    else:
        index.overlap_read_at = time.monotonic()
    cursor = (
        collection(db)
        .find(
            query,
            projection={
                "content_type": 1,
                "reference_id": 1,
                "status": 1,
                "minhash": 1,
                "updated_at": 1,
                "page": 1,
                "version": 1,
            },
        )
        .sort([("updated_at", ASCENDING), ("version", ASCENDING)])
    )
    async for doc in cursor:
        updated = aware(doc.get("updated_at"))
        if isinstance(updated, dt.datetime) and (index.since is None or updated > index.since):
            index.since = updated
        key = _page_key(doc)
        if doc.get("status") == DraftStatus.PUBLISHED.value and doc.get("minhash"):
            index.put(key, from_list(doc["minhash"]), str((doc.get("page") or {}).get("title")))
        elif doc.get("status") == DraftStatus.UNPUBLISHED.value:
            # Only a take-down removes a page: a superseded version's page stays, as its
            # newer published version (written before the supersede, so read first) is live.
            index.drop(key)


async def published_index(db: AsyncDatabase, threshold: float) -> _Index:
    # Per database name and thread: workers open a new client per task (an index per client
    # would be rebuilt every task) and run tasks in threads (an index is not thread-safe).
    key = (db.name, threading.get_ident(), threshold)
    index = _indexes.get(key)
    if index is None:
        index = _indexes[key] = _Index(threshold)
    await _refresh(db, index)
    return index


def forget_indexes() -> None:
    """Drop the cached indexes (tests that recreate a database under the same name)."""
    _indexes.clear()


async def nearest_published(
    db: AsyncDatabase, minhash: MinHash, *, own_key: str, threshold: float
) -> tuple[float, str | None, str | None]:
    """(highest estimated similarity, that page's key, its title) among published pages."""
    index = await published_index(db, threshold)
    best: tuple[float, str | None, str | None] = (0.0, None, None)
    for candidate in index.lsh.query(minhash):
        if candidate == own_key:
            continue
        score = float(minhash.jaccard(index.signatures[candidate]))
        if score > best[0]:
            best = (score, candidate, index.titles.get(candidate))
    return best
