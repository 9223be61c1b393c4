"""Durable admin broadcasts, paced by the send limiter.

``/broadcast`` (``handlers/broadcast.py``) queues a job: a ``broadcasts`` row and one
``broadcast_recipients`` row per chat of the audience, snapshotted in SQL. The worker started
with the bot (:func:`start_broadcast_worker`) copies the admin's message to each recipient in
the send limiter's bulk lane (``bot.outbox``: at most ``BROADCAST_RATE`` messages/s, after
replies to users), committing every outcome right after its send, so a restart resumes where
it stopped; several processes on one PostgreSQL share a broadcast without sending anything
twice (see :mod:`data.db_service.broadcast_recipients` for the states and the crash window).

Modules: ``worker`` (claims, sends, records, progress), ``progress`` (texts: bar, counters,
rate, ETA, summaries).
"""
from bot.broadcast.worker import BroadcastWorker, start_broadcast_worker, wake_workers

__all__ = ["BroadcastWorker", "start_broadcast_worker", "wake_workers"]
