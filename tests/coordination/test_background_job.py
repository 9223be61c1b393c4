"""The background-job skeleton: steps, wake-ups, backoff after failures, and stopping."""

from __future__ import annotations

import asyncio

from bot.background import BackgroundJob, Backoff

LONG = 3600.0  # a pause no test waits out
NEVER_AGAIN = Backoff(LONG, LONG, 0)


class Steps(BackgroundJob):
    """Runs the steps it is given (callables returning the pause), recording what happened."""

    label = "test job"

    def __init__(self, *steps, backoff: Backoff = NEVER_AGAIN) -> None:
        super().__init__("test:1", backoff)
        self.steps = list(steps)
        self.log: list[str] = []
        self.step_started = asyncio.Event()
        self.stepped = asyncio.Condition()

    async def step(self) -> float:
        self.step_started.set()
        make = self.steps.pop(0) if self.steps else (lambda: LONG)
        try:
            outcome = make()
            if asyncio.iscoroutine(outcome):
                outcome = await outcome
            self.log.append("step")
            return outcome
        except Exception:
            self.log.append("failed")
            raise
        finally:
            async with self.stepped:
                self.stepped.notify_all()

    async def after_stop(self) -> None:
        self.log.append("after_stop")

    async def steps_done(self, count: int) -> None:
        async with asyncio.timeout(10), self.stepped:
            await self.stepped.wait_for(lambda: len(self.log) >= count)


def _boom():
    raise RuntimeError("database down")


def test_backoff_doubles_up_to_its_cap():
    backoff = Backoff(2.0, 30.0, doublings=4)
    assert [backoff.delay(n) for n in range(1, 7)] == [4.0, 8.0, 16.0, 30.0, 30.0, 30.0]
    assert Backoff(2.0, 60.0, doublings=2).delay(9) == 8.0


async def test_a_wake_runs_the_next_step_without_waiting_for_the_pause():
    job = Steps()
    job.start()
    try:
        await job.steps_done(1)
        assert job.running
        job.wake()
        await job.steps_done(2)
        assert job.log == ["step", "step"]
    finally:
        await job.stop()


async def test_a_wake_during_a_step_is_not_lost():
    release = asyncio.Event()

    async def slow() -> float:
        await release.wait()
        return LONG

    job = Steps(slow)
    job.start()
    try:
        await asyncio.wait_for(job.step_started.wait(), 10)
        job.wake()  # work arrived while the step was looking
        release.set()
        await job.steps_done(2)
    finally:
        await job.stop()


async def test_failed_steps_back_off_and_the_job_goes_on():
    job = Steps(_boom, _boom, lambda: 0, backoff=Backoff(0.01, 0.02, doublings=1))
    job.start()
    try:
        await job.steps_done(4)
        assert job.log[:4] == ["failed", "failed", "step", "step"]
        assert job.running
    finally:
        await job.stop()


async def test_stop_lets_the_step_under_way_finish_then_hands_back():
    release = asyncio.Event()

    async def slow() -> float:
        await release.wait()
        return 0

    job = Steps(slow)
    job.start()
    await asyncio.wait_for(job.step_started.wait(), 10)
    stopping = asyncio.create_task(job.stop(timeout=10))
    await asyncio.sleep(0)
    assert job.stopping and not stopping.done()
    release.set()
    await asyncio.wait_for(stopping, 10)
    assert job.log == ["step", "after_stop"]  # no step after the stop
    assert not job.running


async def test_stop_cancels_a_step_that_overruns_its_timeout():
    never = asyncio.Event()
    job = Steps(never.wait)
    job.start()
    await asyncio.wait_for(job.step_started.wait(), 10)
    await asyncio.wait_for(job.stop(timeout=0.05), 10)
    assert job.log == ["after_stop"] and not job.running


async def test_stopping_a_job_never_started_still_hands_back():
    job = Steps()
    await job.stop()
    assert job.log == ["after_stop"] and job.stopping and not job.running
