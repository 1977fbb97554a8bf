"""Which chat turns this API process answers now, and in what order the rest wait.

Rate limits (``assistant.limits.chat``) decide how many messages a visitor may send;
this decides who goes first when more turns arrive than the process can answer at once.
A turn is mostly CPU (understanding, ranking, rendering) and a few short queries, so
answering many at once only makes each of them slower and fills the database pool:
at most ``CHAT_TURNS_RUNNING`` run together and the others wait their turn.

The wait is fair between client addresses, not first come first served: the next free
slot goes to the waiting turn whose address has been served least lately (a count of its
turns that halves every ``HALF_LIFE_S``). Someone chatting at a human pace has a count
near zero and goes ahead of a script that has been sending back to back, so a flood
delays its own turns, not other people's. An address may also have only
``CHAT_TURNS_IN_FLIGHT_PER_ADDRESS`` turns running or waiting at once, which bounds the
queue. A turn that waits longer than ``CHAT_TURN_QUEUE_WAIT_S`` is answered "busy".
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field

__all__ = ["AddressBusy", "QueueTimeout", "TurnQueue"]

HALF_LIFE_S = 30.0
MAX_REMEMBERED = 50_000


class AddressBusy(Exception):
    """This address already has as many turns running or waiting as it may."""


class QueueTimeout(Exception):
    """No slot came free in time: the process is busy answering other turns."""


@dataclass(order=True)
class _Waiter:
    served: float
    seq: int
    granted: asyncio.Future[None] = field(compare=False)


class TurnQueue:
    def __init__(self, *, running: int, per_address: int, wait_s: float) -> None:
        self._slots = max(1, running)
        self._per_address = per_address
        self._wait_s = wait_s
        self._running = 0
        self._waiting: list[_Waiter] = []
        self._seq = itertools.count()
        self._in_flight: Counter[str] = Counter()
        self._served: dict[str, tuple[float, float]] = {}
        """Per address: its decayed count of turns started, and when it was last updated."""

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return sum(1 for w in self._waiting if not w.granted.done())

    def address_full(self, address: str | None) -> bool:
        """Whether a turn from ``address`` would be refused now (takes nothing)."""
        return bool(address) and self._in_flight[address or ""] >= self._per_address

    def served(self, address: str | None, now: float | None = None) -> float:
        """How many turns ``address`` started lately (each counts half after HALF_LIFE_S)."""
        if not address or address not in self._served:
            return 0.0
        count, at = self._served[address]
        now = time.monotonic() if now is None else now
        return count * math.pow(0.5, (now - at) / HALF_LIFE_S)

    @contextmanager
    def holding(self, address: str | None) -> Iterator[None]:
        """Count the body (the request's rate-limit checks) as one of the address's places,
        so a burst from one address is refused here at once instead of every request of it
        reaching Redis together; raises :class:`AddressBusy` when the address is full."""
        key = address or ""
        if address and self._in_flight[key] >= self._per_address:
            raise AddressBusy(address)
        self._in_flight[key] += 1
        try:
            yield
        finally:
            self._in_flight[key] -= 1
            if self._in_flight[key] <= 0:
                del self._in_flight[key]

    @asynccontextmanager
    async def turn(self, address: str | None) -> AsyncIterator[None]:
        """Run the body in one of the process's turn slots, waiting fairly for it.

        Raises :class:`AddressBusy` at once when the address has its share of turns
        running or waiting, and :class:`QueueTimeout` when no slot comes free in time.
        The slot is given back however the body ends (finished, failed, cancelled)."""
        with self.holding(address):
            await self._acquire(address)
            try:
                yield
            finally:
                self._release()

    async def _acquire(self, address: str | None) -> None:
        if self._running < self._slots:  # then nobody waits: a release serves waiters first
            self._running += 1
            self._charge(address)
            return
        granted = asyncio.get_running_loop().create_future()
        waiter = _Waiter(self.served(address), next(self._seq), granted)
        heapq.heappush(self._waiting, waiter)
        try:
            async with asyncio.timeout(self._wait_s):
                await waiter.granted
        except (TimeoutError, asyncio.CancelledError) as exc:
            if waiter.granted.done() and not waiter.granted.cancelled():
                self._release()  # granted just as the wait ended: pass the slot on
            else:
                waiter.granted.cancel()
            if isinstance(exc, TimeoutError):
                raise QueueTimeout(address) from None
            raise
        self._charge(address)

    def _release(self) -> None:
        while self._waiting:
            waiter = heapq.heappop(self._waiting)
            if not waiter.granted.done():
                waiter.granted.set_result(None)  # the slot passes on: _running unchanged
                return
        self._running -= 1

    def _charge(self, address: str | None) -> None:
        if not address:
            return
        now = time.monotonic()
        if len(self._served) >= MAX_REMEMBERED:
            self._served = {a: v for a, v in self._served.items() if self.served(a, now) >= 0.01}
            if len(self._served) >= MAX_REMEMBERED:
                self._served.clear()
        self._served[address] = (self.served(address, now) + 1.0, now)
