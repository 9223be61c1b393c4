"""Which Bot API methods cost budget, how much, and for which chat.

Costing: every ``send*`` method except ``sendChatAction``; ``copyMessage``,
``forwardMessage``; every ``editMessage*``. ``sendMediaGroup`` costs one unit per item,
``copyMessages``/``forwardMessages`` one per message id. Everything else (getUpdates, getMe,
answerCallbackQuery, answerInlineQuery, getChatMember, setMyCommands, deleteWebhook,
deleteMessage, sendChatAction, ...) costs nothing and passes straight through.
"""

from __future__ import annotations

from typing import Any

from .bucket import ChatKey

PER_ITEM = {
    "sendMediaGroup": "media",
    "copyMessages": "message_ids",
    "forwardMessages": "message_ids",
}
SINGLE = frozenset({"copyMessage", "forwardMessage"})
FREE_SENDS = frozenset({"sendChatAction"})


def budget_cost(method: Any) -> int:
    """Units of budget the call uses (0: not limited)."""
    name: str = method.__api_method__
    items = PER_ITEM.get(name)
    if items is not None:
        return max(1, len(getattr(method, items, None) or ()))
    if name in SINGLE or name.startswith("editMessage"):
        return 1
    return int(name.startswith("send") and name not in FREE_SENDS)


def target_chat(method: Any) -> ChatKey:
    """The chat the call writes to: an int id, an ``@username``, or None (inline messages)."""
    chat = getattr(method, "chat_id", None)
    if isinstance(chat, str) and chat.lstrip("-").isdigit():
        return int(chat)
    return chat if isinstance(chat, int | str) else None
