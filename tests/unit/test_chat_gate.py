"""The per-chat gate: exact limits, and state only for chats active in the last minute
(fake clock)."""

from __future__ import annotations

import tracemalloc

from bot.media.limits import WINDOW_SECONDS, Admission, ChatGate


class FakeClock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def admit(gate: ChatGate, chat_id: int, links: int = 1) -> Admission:
    return gate.admit(chat_id, links, per_minute=3, in_flight=2)


def test_idle_chats_are_forgotten_after_the_window():
    clock = FakeClock()
    tracemalloc.start()
    try:
        gate = ChatGate(8, clock=clock)
        empty = tracemalloc.get_traced_memory()[0]
        for chat_id in range(100_000):
            assert admit(gate, chat_id) is Admission.OK
            gate.release(chat_id)
            if chat_id % 1000 == 0:
                clock.advance(0.01)
        busy = tracemalloc.get_traced_memory()[0] - empty
        clock.advance(WINDOW_SECONDS)
        assert admit(gate, -1) is Admission.OK  # any traffic sweeps
        gate.release(-1)
        idle = tracemalloc.get_traced_memory()[0] - empty
    finally:
        tracemalloc.stop()
    assert busy > 10_000_000  # 100,000 chats inside the window: each one is held
    assert idle < 100_000, f"{idle} bytes still held for idle chats"
    assert gate.tracked_chats() == 1


def test_forgetting_is_gradual_and_keeps_chats_inside_the_window():
    clock = FakeClock()
    gate = ChatGate(8, clock=clock)
    for chat_id in range(10):
        admit(gate, chat_id)
        gate.release(chat_id)
        clock.advance(10)
    # chats 0..9 were admitted at 0, 10, ..., 90 s; now is 100 s: 0..4 are out of the window
    # (an admission exactly 60 s old no longer counts)
    admit(gate, 99)
    gate.release(99)
    assert gate.tracked_chats() == 6  # 5..9 and 99


def test_a_chat_in_flight_stays_busy_after_its_window_expired():
    clock = FakeClock()
    gate = ChatGate(8, clock=clock)
    assert gate.admit(7, 1, per_minute=3, in_flight=1) is Admission.OK
    clock.advance(WINDOW_SECONDS * 3)
    admit(gate, 8)  # sweeps chat 7's expired window
    assert gate.admit(7, 1, per_minute=3, in_flight=1) is Admission.BUSY
    gate.release(7)
    assert gate.admit(7, 1, per_minute=3, in_flight=1) is Admission.OK


def test_flood_after_per_minute_links_until_the_oldest_leaves_the_window():
    clock = FakeClock()
    gate = ChatGate(8, clock=clock)
    for _ in range(3):
        assert admit(gate, 1) is Admission.OK
        gate.release(1)
        clock.advance(1)
    assert admit(gate, 1) is Admission.FLOOD
    assert admit(gate, 2) is Admission.OK  # other chats are not affected
    clock.advance(WINDOW_SECONDS - 3)  # exactly one minute after the first link
    assert admit(gate, 1) is Admission.OK
    assert admit(gate, 1) is Admission.FLOOD
    assert admit(gate, 3, links=4) is Admission.FLOOD  # more links than a minute allows
    assert gate.tracked_chats() == 2  # a refused chat leaves nothing behind


def test_busy_while_in_flight_and_nothing_taken_when_refused():
    clock = FakeClock()
    gate = ChatGate(8, clock=clock)
    assert admit(gate, 1) is Admission.OK
    assert admit(gate, 1) is Admission.OK
    assert admit(gate, 1) is Admission.BUSY  # two in flight
    gate.release(1)
    assert admit(gate, 1) is Admission.OK  # the busy refusal took no link of the three
    gate.release(1)
    gate.release(1)
    assert admit(gate, 1) is Admission.FLOOD
