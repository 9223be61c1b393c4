"""An emulated Telegram Bot API server (real HTTP on 127.0.0.1) for end-to-end tests and the
offline sandbox mode, written from the public Bot API documentation.

Point aiogram at it with
``Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))``.

Modules, one job each:

- ``server``: :class:`TelegramApiEmulator` (aiohttp app, lifecycle, test-facing helpers)
- ``updates``: builders of incoming updates (what users do), mixed into the emulator
- ``webhook``: pushing queued updates to a bot's webhook URL (after setWebhook);
  ``pushqueue``: which queued update may be pushed next (per-chat order)
- ``methods``: the one table mapping method names to handlers, which live in ``account``
  (getMe, getUpdates, webhook, commands), ``messaging`` (send/copy/forward/edit/delete),
  ``chats`` (getChat, getChatMember, leaveChat) and ``queries`` (callback/inline answers)
- ``context``: a request's view of the world plus shared validation (chats, text, keyboards)
- ``state``: bots, users, chats, members, messages, files, update queues
- ``media``: InputFile resolution (upload, file_id, URL) and media objects
- ``formatting``: parse_mode (HTML, MarkdownV2, Markdown) and automatic entities
- ``params``: decoding JSON / urlencoded / multipart bodies into typed parameters
- ``calls``: the record of calls and webhook pushes, and waiting on it; ``sync``: event-driven
  waiting
- ``limits``: flood control (the global window, per-chat buckets) and injected failures;
  ``flood``: admitting one send through both; ``traffic``: per-chat sends and 429s;
  ``errors``: Bot API error values

Deliberate simplifications: one file store shared by all bots; message ids count per bot and
chat; URLs are never downloaded; sendChatAction is not flood-counted; rejected requests still
use their flood-control slots (a flood 429 itself takes none); per-chat limits (off by default)
count edits as the global one does, time a request when it arrives and let it come 0.25 s early;
flood limits and per-chat traffic are shared by all bots (Telegram keeps them per bot).
Webhooks: a loopback target (127.0.0.1, ::1, localhost, or such an
``ip_address``) may use plain http on any port, where Telegram wants https on 443, 80, 88 or 8443
and refuses private addresses; https certificates are not verified; any other target is accepted
as Telegram would but never contacted (no network): its updates stay pending and
last_error_message says so. setWebhook is not limited to one call per second.
"""

from .calls import Call, Delivery, UploadedFile
from .errors import ApiError
from .server import TelegramApiEmulator
from .state import StoredFile
from .traffic import ChatTraffic
from .webhook import WebhookOptions

__all__ = [
    "ApiError",
    "Call",
    "ChatTraffic",
    "Delivery",
    "StoredFile",
    "TelegramApiEmulator",
    "UploadedFile",
    "WebhookOptions",
]
