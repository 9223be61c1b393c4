"""Creator subscriptions: the background poller that delivers followed creators' new posts.

``/subscribe``, ``/unsubscribe`` and ``/subscriptions`` (``handlers/subscriptions.py``) manage a
chat's subscriptions. :func:`start_subscription_poller`, started with the bot and stopped with
it, looks for due creators every tenth of the interval (runtime setting
``poll_interval_minutes``), lists each due creator's posts once however many chats follow it,
and delivers every post created after a subscription began to that subscription exactly once,
oldest first, through the media pipeline (so one upload serves every subscriber).

Crash window (at-most-once): a delivery is claimed — its ``subscription_deliveries`` row
inserted and committed — once the send limiter granted its first request, right before that
request leaves (a :class:`~bot.outbox.SendGate`), never before the wait for the limiter. A send
that surely did not reach the chat (Telegram refused it, 403 included, the resolver/media server
failed, or the shared send budget was down) withdraws the claim or never makes it, and the next
poll tries again; a send that did or may have reached the chat keeps it. So a crash or kill
between a send and its bookkeeping can never lead to a second copy of a post in any chat, and a
crash while sends wait for the limiter loses nothing. What a crash can cost is the deliveries
whose requests were in flight at that moment — at most ``send_concurrency`` (16 by default),
each one post for one chat — which stay claimed and are not sent again. We chose losing one
post in a few chats over sending one twice: a duplicate after every restart is the visible
failure, a crash mid-send the rare one.

Modules: ``poller`` (leases, cycles, ordering, vanished creators), ``delivery`` (one claimed
send and its outcome).
"""

from bot.subscriptions.delivery import Outcome
from bot.subscriptions.poller import Poller, PollReport, start_subscription_poller

__all__ = ["Outcome", "PollReport", "Poller", "start_subscription_poller"]
