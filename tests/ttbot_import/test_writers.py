"""Batches written side by side commit in reading order; a failure stops the rest."""

from __future__ import annotations

import asyncio

import pytest

from data.ttbot_import.writers import InOrder, Writers

WAIT = 10  # seconds a condition may take on a loaded machine


async def _until(condition) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.001)

    await asyncio.wait_for(poll(), WAIT)


async def test_turns_go_in_order_whatever_order_the_batches_ask():
    turns, committed = InOrder(), []

    async def batch(seq: int) -> None:
        await turns.wait(seq)
        committed.append(seq)
        await turns.done(seq)

    await asyncio.wait_for(asyncio.gather(*(batch(s) for s in (3, 1, 4, 0, 2))), WAIT)
    assert committed == [0, 1, 2, 3, 4]


async def test_a_turn_taken_out_of_order_is_an_error():
    turns = InOrder()
    with pytest.raises(RuntimeError, match="out of turn"):
        await turns.done(1)


async def test_rows_written_out_of_order_commit_in_order_with_at_most_size_in_flight():
    finished_rows, committed, in_flight, most = [], [], [0], [0]
    release = [asyncio.Event() for _ in range(6)]
    writers = Writers(2, on_done=lambda n: None)

    async def write(seq: int) -> int:
        in_flight[0] += 1
        most[0] = max(most[0], in_flight[0])
        await release[seq].wait()
        finished_rows.append(seq)
        await writers.turns.wait(seq)
        committed.append(seq)
        await writers.turns.done(seq)
        in_flight[0] -= 1
        return seq

    async def feed() -> None:
        for _ in range(6):
            await writers.submit(write)
        await writers.drain()

    feeding = asyncio.ensure_future(feed())
    # Each pair's second batch finishes its rows first, yet waits for the first to commit.
    for first, second in ((0, 1), (2, 3), (4, 5)):
        release[second].set()
        await _until(lambda second=second: second in finished_rows)
        assert second not in committed
        release[first].set()
    await asyncio.wait_for(feeding, WAIT)
    assert finished_rows == [1, 0, 3, 2, 5, 4]
    assert committed == [0, 1, 2, 3, 4, 5]
    assert most[0] == 2


async def test_a_failed_batch_is_raised_and_later_ones_never_commit():
    committed, counted = [], []
    writers = Writers(2, on_done=counted.append)

    async def write(seq: int) -> int:
        if seq == 1:
            raise OSError("connection lost")
        await writers.turns.wait(seq)
        committed.append(seq)
        await writers.turns.done(seq)
        return 10

    with pytest.raises(OSError, match="connection lost"):
        for _ in range(5):
            await writers.submit(write)
        await writers.drain()
    await asyncio.wait_for(writers.cancel(), WAIT)
    assert committed == [0]
    assert counted == [10]
