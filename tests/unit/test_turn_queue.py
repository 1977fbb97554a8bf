"""The order in which one API process answers chat turns when more arrive than it runs."""

from __future__ import annotations

import asyncio
import time

import pytest

from assistant.limits.turn_queue import AddressBusy, QueueTimeout, TurnQueue


async def _hold(queue: TurnQueue, address: str, release: asyncio.Event, order: list[str]) -> None:
    async with queue.turn(address):
        order.append(address)
        await release.wait()


async def test_a_quiet_visitor_goes_ahead_of_a_flooding_address() -> None:
    queue = TurnQueue(running=1, per_address=50, wait_s=5)
    order: list[str] = []
    # The flooding address has sent many messages lately (each arrives through holding).
    for _ in range(10):
        with queue.holding("203.0.113.9"):
            pass
    release = asyncio.Event()
    busy = asyncio.create_task(_hold(queue, "203.0.113.9", release, order))
    await asyncio.sleep(0)
    # More of the flood queues first, then a person's single message arrives.
    waiting = [asyncio.create_task(_hold(queue, "203.0.113.9", release, order)) for _ in range(3)]
    await asyncio.sleep(0)
    person = asyncio.create_task(_hold(queue, "198.51.100.7", release, order))
    await asyncio.sleep(0)
    assert queue.running == 1 and queue.waiting == 4
    release.set()
    await asyncio.gather(busy, person, *waiting)
    assert order[:2] == ["203.0.113.9", "198.51.100.7"], order
    assert queue.running == 0 and queue.waiting == 0


async def test_an_address_has_only_its_share_of_turns_running_or_waiting() -> None:
    queue = TurnQueue(running=1, per_address=2, wait_s=5)
    release = asyncio.Event()
    order: list[str] = []
    first = asyncio.create_task(_hold(queue, "192.0.2.5", release, order))
    second = asyncio.create_task(_hold(queue, "192.0.2.5", release, order))
    await asyncio.sleep(0)
    assert queue.address_full("192.0.2.5") and not queue.address_full("192.0.2.6")
    with pytest.raises(AddressBusy):
        async with queue.turn("192.0.2.5"):
            pass
    release.set()
    await asyncio.gather(first, second)
    # Both finished turns gave their places back.
    assert not queue.address_full("192.0.2.5")
    async with queue.turn("192.0.2.5"):
        assert queue.running == 1


async def test_a_turn_waiting_too_long_is_told_busy_and_leaves_nothing_behind() -> None:
    queue = TurnQueue(running=1, per_address=5, wait_s=0.05)
    release = asyncio.Event()
    holder = asyncio.create_task(_hold(queue, "192.0.2.8", release, []))
    await asyncio.sleep(0)
    with pytest.raises(QueueTimeout):
        async with queue.turn("192.0.2.9"):
            pass
    assert queue.waiting == 0 and not queue.address_full("192.0.2.9")
    release.set()
    await holder
    assert queue.running == 0


async def test_a_cancelled_wait_passes_the_slot_on() -> None:
    queue = TurnQueue(running=1, per_address=5, wait_s=5)
    release = asyncio.Event()
    order: list[str] = []
    holder = asyncio.create_task(_hold(queue, "192.0.2.1", release, order))
    await asyncio.sleep(0)
    gone = asyncio.create_task(_hold(queue, "192.0.2.2", release, order))
    after = asyncio.create_task(_hold(queue, "192.0.2.3", release, order))
    await asyncio.sleep(0)
    gone.cancel()  # the client hung up while waiting
    release.set()
    await asyncio.gather(holder, after)
    assert order == ["192.0.2.1", "192.0.2.3"]
    assert queue.running == 0 and queue.waiting == 0


async def test_an_address_counts_less_as_time_passes() -> None:
    queue = TurnQueue(running=2, per_address=5, wait_s=5)
    with queue.holding("192.0.2.4"):
        pass
    now = time.monotonic()
    assert queue.asked("192.0.2.4") == pytest.approx(1.0, abs=0.01)
    assert queue.asked("192.0.2.4", now + 30) < 0.55
    assert queue.asked("192.0.2.99") == 0.0


async def test_a_flood_that_just_started_waits_behind_a_person_already_chatting() -> None:
    """The order is weighed when a slot comes free, by what each address asked for,
    refused messages included: a script's first turn queued before its burst showed."""
    queue = TurnQueue(running=1, per_address=1, wait_s=5)
    order: list[str] = []
    for _ in range(2):  # a person's earlier messages
        with queue.holding("198.51.100.7"):
            pass
    release = asyncio.Event()
    busy = asyncio.create_task(_hold(queue, "192.0.2.30", release, order))
    await asyncio.sleep(0)
    # The script's first message queues (its address had asked for nothing yet)...
    with queue.holding("203.0.113.9"):
        pass
    flood = asyncio.create_task(_hold(queue, "203.0.113.9", release, order))
    await asyncio.sleep(0)
    # ...then its other conversations send together and are refused: the address is full.
    for _ in range(9):
        with pytest.raises(AddressBusy), queue.holding("203.0.113.9"):
            pass
    with queue.holding("198.51.100.7"):
        pass
    person = asyncio.create_task(_hold(queue, "198.51.100.7", release, order))
    await asyncio.sleep(0)
    assert queue.waiting == 2
    release.set()
    await asyncio.gather(busy, flood, person)
    assert order == ["192.0.2.30", "198.51.100.7", "203.0.113.9"], order


async def test_a_request_being_counted_holds_a_place_of_its_address() -> None:
    queue = TurnQueue(running=4, per_address=1, wait_s=5)
    with queue.holding("192.0.2.7"):
        assert queue.address_full("192.0.2.7")
        with pytest.raises(AddressBusy), queue.holding("192.0.2.7"):
            pass
    assert not queue.address_full("192.0.2.7")
    async with queue.turn("192.0.2.7"):
        assert queue.running == 1


async def test_starting_conversations_waits_fairly_for_a_slot_and_takes_no_places() -> None:
    """A script opening many conversations at once waits behind a person's turn; colleagues
    behind one address can still open the chat together (no per-address places taken)."""
    queue = TurnQueue(running=1, per_address=1, wait_s=5)
    order: list[str] = []
    release = asyncio.Event()

    async def start(address: str) -> None:
        async with queue.other_work(address):
            order.append(f"start {address}")
            await release.wait()

    busy = asyncio.create_task(_hold(queue, "192.0.2.40", release, order))
    await asyncio.sleep(0)
    starts = [asyncio.create_task(start("203.0.113.9")) for _ in range(5)]
    await asyncio.sleep(0)
    assert queue.waiting == 5 and not queue.address_full("203.0.113.9")
    with queue.holding("198.51.100.7"):
        pass
    person = asyncio.create_task(_hold(queue, "198.51.100.7", release, order))
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(busy, person, *starts)
    assert order[:2] == ["192.0.2.40", "198.51.100.7"], order
    assert order[2:] == ["start 203.0.113.9"] * 5
    assert queue.running == 0 and queue.waiting == 0
