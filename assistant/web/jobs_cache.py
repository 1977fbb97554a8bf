"""A short memory of the job searches beside the content pages.

A guide lists a few live jobs of its city or specialty through the board's own search
(:func:`data_layer.jobs.search.search_jobs`, the one home of "which jobs are open").
At 100,000 jobs its capped count costs 5-20 ms for a big city, more than the rest of the
page together, and the same few searches repeat on every view of the same page. So the
result is kept :data:`TTL_S` seconds per search, per app: a job that closes may stay
listed beside a guide that long (its own page says at once that it is closed and drops
its JobPosting). The page's own content is never cached: it is read on every request,
so a page published or taken down changes at once.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession

from data_layer.jobs.filters import JobSearchFilters
from data_layer.jobs.search import SearchResult, search_jobs

TTL_S = 30.0
MAX_SEARCHES = 2048
"""Bounded: every distinct city, specialty and pair is one entry of a few cards."""

_STATE_KEY = "content_jobs_cache"


class JobsCache:
    """Search results by filters, least recently used dropped first."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, int], tuple[float, SearchResult]] = OrderedDict()

    async def search(
        self, session: AsyncSession, filters: JobSearchFilters, page_size: int
    ) -> SearchResult:
        key = (repr(sorted(filters.as_dict().items())), page_size)
        now = time.monotonic()
        cached = self._entries.get(key)
        if cached is not None and now - cached[0] < TTL_S:
            self._entries.move_to_end(key)
            return cached[1]
        result = await search_jobs(session, filters, page_size=page_size)
        self._entries[key] = (now, result)
        self._entries.move_to_end(key)
        while len(self._entries) > MAX_SEARCHES:
            self._entries.popitem(last=False)
        return result

    def clear(self) -> None:
        self._entries.clear()


def jobs_cache(state: State) -> JobsCache:
    """The app's cache (one per app: tests run several apps on different databases)."""
    cache = state.get(_STATE_KEY)
    if cache is None:
        cache = JobsCache()
        state[_STATE_KEY] = cache
    return cache
