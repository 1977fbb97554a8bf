"""Which chat turns (and conversation starts) this API process answers now, and in what
order the rest wait.

Rate limits (``assistant.limits.chat``) decide how many messages a visitor may send;
this decides who goes first when more turns arrive than the process can answer at once.
A turn is mostly CPU (understanding, ranking, rendering) and a few short queries, so
answering many at once only makes each of them slower and fills the database pool:
at most ``CHAT_TURNS_RUNNING`` run together and the others wait their turn. Starting a
conversation (a Redis count, a PostgreSQL row, a MongoDB document) waits in the same
queue, so a script opening hundreds at once is served after people, not beside them.

The wait is fair between client addresses, not first come first served: each time a slot
comes free it goes to the waiting turn whose address asks least lately, counting every
message it sent (answered or refused: a count that halves every ``HALF_LIFE_S``) and
weighed when the slot is given, not when the turn joined the queue. Someone chatting at
a human pace counts about one; a script that has just started sending back to back
counts as many as its attempts from the first second on, before any of its turns was
answered, so a flood delays its own turns, not other people's. An address may also have
only ``CHAT_TURNS_IN_FLIGHT_PER_ADDRESS`` turns running or waiting at once, which bounds
the queue. A turn that waits longer than ``CHAT_TURN_QUEUE_WAIT_S`` is answered "busy".
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

__all__ = ["AddressBusy", "QueueTimeout", "TurnQueue"]

HALF_LIFE_S = 10.0
"""Long enough to remember a flood between its bursts, short enough that a person's
messages a few minutes ago count for nothing (one message each ~8 s counts ~1.4)."""
MAX_REMEMBERED = 50_000


class AddressBusy(Exception):
    """This address already has as many turns running or waiting as it may."""


class QueueTimeout(Exception):
    """No slot came free in time: the process is busy answering other turns."""


@dataclass
class _Waiter:
    address: str
    seq: int
    granted: asyncio.Future[None]


class TurnQueue:
    def __init__(self, *, running: int, per_address: int, wait_s: float) -> None:
        self._slots = max(1, running)
        self._per_address = per_address
        self._wait_s = wait_s
        self._running = 0
        self._waiting: list[_Waiter] = []
        self._seq = itertools.count()
        self._in_flight: Counter[str] = Counter()
        self._asked: dict[str, tuple[float, float]] = {}
        """Per address: its decayed count of messages sent, and when it was last updated."""

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return sum(1 for w in self._waiting if not w.granted.done())

    def address_full(self, address: str | None) -> bool:
        """Whether a turn from ``address`` would be refused now (takes nothing)."""
        return bool(address) and self._in_flight[address or ""] >= self._per_address

    def asked(self, address: str | None, now: float | None = None) -> float:
        """How many messages ``address`` sent lately (each counts half after HALF_LIFE_S)."""
        if not address or address not in self._asked:
            return 0.0
        count, at = self._asked[address]
        now = time.monotonic() if now is None else now
        return count * math.pow(0.5, (now - at) / HALF_LIFE_S)

    @contextmanager
    def holding(self, address: str | None) -> Iterator[None]:
        """A message arrives from ``address``: count it (refused or not, it is what the
        address asks for) and hold one of the address's places for the body (the request's
        rate-limit checks), so a burst from one address is refused here at once instead of
        every request of it reaching Redis together; raises :class:`AddressBusy` when the
        address is full."""
        self._count(address)
        with self._place(address):
            yield

    @contextmanager
    def _place(self, address: str | None) -> Iterator[None]:
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

        The message was counted by :meth:`holding` when it arrived. Raises
        :class:`AddressBusy` at once when the address has its share of turns running or
        waiting, and :class:`QueueTimeout` when no slot comes free in time. The slot is
        given back however the body ends (finished, failed, cancelled)."""
        with self._place(address):
            await self._acquire(address or "")
            try:
                yield
            finally:
                self._release()

    @asynccontextmanager
    async def other_work(self, address: str | None) -> AsyncIterator[None]:
        """Other chat work of ``address`` (starting a conversation: database and MongoDB
        writes, as a turn's), counted as asked and run in a turn slot, waiting fairly for
        one: a script opening hundreds of conversations at once queues behind people's
        turns instead of running beside them. It takes none of the address's places
        (colleagues behind one address may open the chat together); raises
        :class:`QueueTimeout` when no slot comes free in time."""
        self._count(address)
        await self._acquire(address or "")
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, address: str) -> None:
        if self._running < self._slots:  # then nobody waits: a release serves waiters first
            self._running += 1
            return
        waiter = _Waiter(address, next(self._seq), asyncio.get_running_loop().create_future())
        self._waiting.append(waiter)
        try:
            async with asyncio.timeout(self._wait_s):
                await waiter.granted
        except (TimeoutError, asyncio.CancelledError) as exc:
            if waiter.granted.done() and not waiter.granted.cancelled():
                self._release()  # granted just as the wait ended: pass the slot on
            else:
                waiter.granted.cancel()
                self._waiting.remove(waiter)
            if isinstance(exc, TimeoutError):
                raise QueueTimeout(address) from None
            raise

    def _release(self) -> None:
        # A wait cancelled a moment ago is still listed until its task runs: not a candidate.
        candidates = [w for w in self._waiting if not w.granted.done()]
        if not candidates:
            self._running -= 1
            return
        # Weighed now: an address's count may have grown a lot since its turn queued.
        now = time.monotonic()
        asked = {w.address: self.asked(w.address, now) for w in candidates}
        waiter = min(candidates, key=lambda w: (asked[w.address], w.seq))
        self._waiting.remove(waiter)
        waiter.granted.set_result(None)  # the slot passes on: _running unchanged

    def _count(self, address: str | None) -> None:
        if not address:
            return
        now = time.monotonic()
        if len(self._asked) >= MAX_REMEMBERED:
            self._asked = {a: v for a, v in self._asked.items() if self.asked(a, now) >= 0.01}
            if len(self._asked) >= MAX_REMEMBERED:
                self._asked.clear()
        self._asked[address] = (self.asked(address, now) + 1.0, now)
