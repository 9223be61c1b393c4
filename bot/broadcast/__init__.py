"""Durable admin broadcasts, paced by the send limiter.

``/broadcast`` (``handlers/broadcast.py``) queues a job: a ``broadcasts`` row and one
``broadcast_recipients`` row per chat of the audience, snapshotted in SQL. The worker started
with the bot's background jobs (:func:`start_broadcast_worker`, named :data:`JOB_NAME`;
the handler wakes it through ``BackgroundJobs.wake``) copies the admin's message to each recipient
in the send limiter's bulk lane (``bot.outbox``: at most ``BROADCAST_RATE`` messages/s, after
replies to users), committing every outcome right after its send, so a restart resumes where
it stopped; several processes on one PostgreSQL share a broadcast without sending anything
twice (see :mod:`data.db_service.broadcast_recipients` for the states and the crash window).

Modules: ``worker`` (claims, sends, records, progress), ``progress`` (texts: bar, counters,
rate, ETA, summaries).
"""

from bot.broadcast.worker import JOB_NAME, BroadcastWorker, start_broadcast_worker

__all__ = ["JOB_NAME", "BroadcastWorker", "start_broadcast_worker"]
