"""Creator subscriptions: the background poller that delivers followed creators' new posts.

``/subscribe``, ``/unsubscribe`` and ``/subscriptions`` (``handlers/subscriptions.py``) manage a
chat's subscriptions. :func:`start_subscription_poller`, started with the bot and stopped with
it, looks for due creators every tenth of the interval (runtime setting
``poll_interval_minutes``), lists each due creator's posts once however many chats follow it,
and delivers every post created after a subscription began to that subscription exactly once,
oldest first, through the media pipeline (so one upload serves every subscriber).

Crash window (at-most-once): a delivery is claimed — its ``subscription_deliveries`` row
inserted and committed — before the post is sent (for a chunk of a post's followers at once,
right before their sends). A send that surely did not reach the chat (Telegram refused it, 403
included, or the resolver/media server failed before anything went out) withdraws the claim and
the next poll tries again; a send that did or may have reached the chat keeps it. So a crash or
kill between a send and its bookkeeping can never lead to a second copy of a post in any chat.
What a crash can cost is the deliveries claimed but not yet settled at that moment — at most
``concurrency`` × ``chunk_size`` (8 × 16 by default), each one post for one chat — which stay
claimed and are not sent again. We chose losing one post in a few chats over sending one twice:
a duplicate after every restart is the visible failure, a crash mid-send the rare one.

Modules: ``poller`` (leases, cycles, ordering, vanished creators), ``delivery`` (one claimed
send and its outcome).
"""

from bot.subscriptions.delivery import Outcome
from bot.subscriptions.poller import Poller, PollReport, start_subscription_poller

__all__ = ["Outcome", "PollReport", "Poller", "start_subscription_poller"]
