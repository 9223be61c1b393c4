"""Builders of incoming updates (what users do), as tests inject them.

Every builder stores what it creates (users, chats, messages, queries) so the bot can act on
it afterwards, queues the update for ``getUpdates`` and returns the update dict.
"""

from __future__ import annotations

import copy
import zlib
from typing import Any

from .formatting import detect_entities
from .media import media_object
from .state import (
    MEMBER_STATUSES,
    BotState,
    EmulatorState,
    Query,
    StoredFile,
    chat_member_object,
    now,
    update_type,
)

DEFAULT_GROUP_USER_ID = 1001
MESSAGE_UPDATES = frozenset({"message", "edited_message", "channel_post", "edited_channel_post"})
QUERY_UPDATES = frozenset({"callback_query", "inline_query"})


class UpdateBuilders:
    """Mixed into the emulator; ``token`` picks the bot (default: the first one added)."""

    state: EmulatorState

    # -- low level
    def push_update(self, update: dict[str, Any], *, token: str | None = None) -> dict[str, Any]:
        """Queue a raw update (``update_id`` is assigned) and return it.

        What it mentions becomes known, as in Telegram: chats and senders of messages, the
        messages themselves, callback and inline query ids (so they can be answered) and
        inline_message_ids (so they can be edited).
        """
        bot = self.state.bot(token)
        body = {key: value for key, value in update.items() if key != "update_id"}
        queued = bot.enqueue(copy.deepcopy(body))
        self._absorb(bot, copy.deepcopy(queued))
        self.state.changes.notify()
        return copy.deepcopy(queued)

    def _absorb(self, bot: BotState, update: dict[str, Any]) -> None:
        kind = update_type(update)
        item = update[kind]
        if not isinstance(item, dict):
            return
        chat, sender = item.get("chat"), item.get("from")
        if isinstance(sender, dict) and "id" in sender:
            self.state.users.setdefault(sender["id"], sender)
        if kind in MESSAGE_UPDATES and isinstance(chat, dict) and "message_id" in item:
            self.state.chats.setdefault(chat["id"], chat)
            bot.store(item)
            last = bot.last_message_id.get(chat["id"], 0)
            bot.last_message_id[chat["id"]] = max(last, item["message_id"])
        if kind in QUERY_UPDATES and "id" in item:
            bot.queries[str(item["id"])] = Query(str(item["id"]), update)
        if item.get("inline_message_id"):
            bot.inline_message_ids.add(item["inline_message_id"])

    def _chat(self, chat_id: int, chat_type: str | None, **fields: Any) -> dict[str, Any]:
        if chat_type is not None and (chat_type == "private") != (chat_id > 0):
            raise ValueError(
                f"a {chat_type} chat can't have id {chat_id}: private chats have "
                "positive ids, groups and channels negative ones"
            )
        known = self.state.chats.get(chat_id)
        if known and chat_type in {None, known["type"]} and not any(fields.values()):
            return dict(known)
        return dict(self.state.add_chat(chat_id, chat_type, **fields))

    def _sender(self, chat: dict[str, Any], user_id: int | None, **fields: Any) -> dict[str, Any]:
        if user_id is None:
            user_id = chat["id"] if chat["type"] == "private" else DEFAULT_GROUP_USER_ID
        if chat["type"] == "private" and user_id != chat["id"]:
            raise ValueError("in a private chat the sender is the chat's user")
        return dict(self.state.user(user_id, **fields))

    def _incoming(
        self,
        chat_id: int,
        content: dict[str, Any],
        *,
        user_id: int | None,
        chat_type: str | None,
        reply_to: int | None,
        token: str | None,
        user_fields: dict[str, Any],
        kind: str = "message",
    ) -> dict[str, Any]:
        bot = self.state.bot(token)
        chat = self._chat(
            chat_id,
            chat_type,
            **(
                {
                    "first_name": user_fields.get("first_name"),
                    "username": user_fields.get("username"),
                }
                if chat_id > 0 and user_id in {None, chat_id}
                else {}
            ),
        )
        message: dict[str, Any] = {"message_id": bot.new_message_id(chat_id)}
        if chat["type"] == "channel":
            message["sender_chat"] = chat
        else:
            message["from"] = self._sender(chat, user_id, **user_fields)
        message.update({"date": now(), "chat": chat})
        if reply_to is not None:
            replied = self._existing(bot, chat_id, reply_to)
            message["reply_to_message"] = {
                k: v for k, v in replied.items() if k != "reply_to_message"
            }
        message.update(content)
        return self.push_update({kind: message}, token=token)

    @staticmethod
    def _existing(bot: BotState, chat_id: int, message_id: int) -> dict[str, Any]:
        message = bot.message(chat_id, message_id)
        if message is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        return message

    @staticmethod
    def _text(field: str, text: str, entities: list[dict[str, Any]] | None) -> dict[str, Any]:
        entities = detect_entities(text) if entities is None else entities
        key = "entities" if field == "text" else "caption_entities"
        return {field: text, **({key: entities} if entities else {})}

    # -- messages
    def send_message(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str | None = None,
        language_code: str | None = "en",
        entities: list[dict[str, Any]] | None = None,
        reply_to: int | None = None,
        first_name: str | None = None,
        username: str | None = None,
        token: str | None = None,
        forwarded_from: int | None = None,
        via_bot: str | None = None,
    ) -> dict[str, Any]:
        """A user's text message; entities default to what Telegram detects (/command, URLs).

        ``forwarded_from`` makes it a forward of that user's message (``forward_origin``);
        ``via_bot`` (a bot's username) one sent through that bot's inline mode."""
        if not text:
            raise ValueError("Telegram never delivers an empty text message")
        content = self._text("text", text, entities)
        if forwarded_from is not None:
            content["forward_origin"] = {
                "type": "user",
                "sender_user": dict(self.state.user(forwarded_from)),
                "date": now(),
            }
        if via_bot is not None:
            content["via_bot"] = {
                "id": zlib.crc32(via_bot.encode()) + 1,
                "is_bot": True,
                "first_name": via_bot,
                "username": via_bot,
            }
        return self._incoming(
            chat_id,
            content,
            user_id=user_id,
            chat_type=chat_type,
            reply_to=reply_to,
            token=token,
            user_fields={
                "language_code": language_code,
                "first_name": first_name,
                "username": username,
            },
        )

    def send_photo(
        self,
        chat_id: int,
        *,
        caption: str | None = None,
        width: int = 1280,
        height: int = 960,
        file_size: int = 120_000,
        user_id: int | None = None,
        chat_type: str | None = None,
        reply_to: int | None = None,
        language_code: str | None = "en",
        token: str | None = None,
    ) -> dict[str, Any]:
        stored = self.state.new_file("photo", size=file_size, meta={"size": (width, height)})
        return self._media(
            chat_id, stored, caption, user_id, chat_type, reply_to, language_code, token
        )

    def send_sticker(
        self,
        chat_id: int,
        *,
        emoji: str = "👍",
        set_name: str | None = None,
        user_id: int | None = None,
        chat_type: str | None = None,
        reply_to: int | None = None,
        language_code: str | None = "en",
        token: str | None = None,
    ) -> dict[str, Any]:
        meta = {"emoji": emoji, **({"set_name": set_name} if set_name else {})}
        stored = self.state.new_file("sticker", size=24_000, mime_type="image/webp", meta=meta)
        return self._media(
            chat_id, stored, None, user_id, chat_type, reply_to, language_code, token
        )

    def _media(
        self,
        chat_id: int,
        stored: StoredFile,
        caption: str | None,
        user_id: int | None,
        chat_type: str | None,
        reply_to: int | None,
        language_code: str | None,
        token: str | None,
    ) -> dict[str, Any]:
        content = {stored.kind: media_object(self.state, stored)}
        if caption:
            content.update(self._text("caption", caption, None))
        return self._incoming(
            chat_id,
            content,
            user_id=user_id,
            chat_type=chat_type,
            reply_to=reply_to,
            token=token,
            user_fields={"language_code": language_code},
        )

    def edited_message(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        entities: list[dict[str, Any]] | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """A user edits the text of a message they sent earlier."""
        bot = self.state.bot(token)
        message = self._existing(bot, chat_id, message_id)
        if (chat_id, message_id) in bot.sent or "text" not in message:
            raise ValueError("only a user's own text message can be edited")
        message = {k: v for k, v in message.items() if k != "entities"}
        message.update({**self._text("text", text, entities), "edit_date": now()})
        kind = "edited_channel_post" if message["chat"]["type"] == "channel" else "edited_message"
        return self.push_update({kind: message}, token=token)

    def channel_post(
        self,
        chat_id: int,
        text: str,
        *,
        title: str | None = None,
        username: str | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """A post in a channel the bot is in (``chat_id`` negative; registered as a channel)."""
        if chat_id >= 0:
            raise ValueError("channel ids are negative")
        known = self.state.chats.get(chat_id)
        if not known or known["type"] != "channel" or title or username:
            self.state.add_chat(chat_id, "channel", title=title, username=username)
        return self._incoming(
            chat_id,
            self._text("text", text, None),
            user_id=None,
            chat_type="channel",
            reply_to=None,
            token=token,
            user_fields={},
            kind="channel_post",
        )

    # -- queries
    def callback(
        self,
        chat_id: int | None = None,
        message_id: int | None = None,
        data: str | None = None,
        *,
        user_id: int | None = None,
        inline_message_id: str | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """A button press on a bot message (by chat and message id) or on an inline message."""
        bot = self.state.bot(token)
        query: dict[str, Any] = {"id": self.state.new_id()}
        if inline_message_id is not None:
            if user_id is None:
                raise ValueError("a callback on an inline message needs user_id")
            query.update(
                {
                    "from": dict(self.state.user(user_id)),
                    "inline_message_id": inline_message_id,
                    "chat_instance": f"inline-{inline_message_id}",
                }
            )
        else:
            if chat_id is None or message_id is None:
                raise ValueError("pass chat_id and message_id, or inline_message_id")
            message = self._existing(bot, chat_id, message_id)
            if (chat_id, message_id) not in bot.sent or "reply_markup" not in message:
                raise ValueError("callbacks come from bot messages with an inline keyboard")
            query.update(
                {
                    "from": self._sender(message["chat"], user_id),
                    "message": copy.deepcopy(message),
                    "chat_instance": str(abs(chat_id) * 7919 + 13),
                }
            )
        if data is not None:
            query["data"] = data
        return self.push_update({"callback_query": query}, token=token)

    def inline_query(
        self,
        user_id: int,
        query: str,
        *,
        offset: str = "",
        chat_type: str | None = "sender",
        language_code: str | None = "en",
        token: str | None = None,
    ) -> dict[str, Any]:
        if len(query) > 256:
            raise ValueError("inline queries are at most 256 characters")
        body: dict[str, Any] = {
            "id": self.state.new_id(),
            "from": dict(self.state.user(user_id, language_code=language_code)),
            "query": query,
            "offset": offset,
        }
        if chat_type:
            body["chat_type"] = chat_type
        return self.push_update({"inline_query": body}, token=token)

    def chosen_inline_result(
        self,
        user_id: int,
        result_id: str,
        query: str,
        *,
        inline_message_id: str | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "result_id": result_id,
            "from": dict(self.state.user(user_id)),
            "query": query,
        }
        if inline_message_id:
            body["inline_message_id"] = inline_message_id
        return self.push_update({"chosen_inline_result": body}, token=token)

    def my_chat_member(
        self,
        chat_id: int,
        user_id: int,
        old_status: str,
        new_status: str,
        *,
        chat_type: str | None = None,
        token: str | None = None,
    ) -> dict[str, Any]:
        """The bot's own membership changed (``user_id`` did it): a user blocking the bot is
        ``member`` -> ``kicked`` in their private chat. Sends then fail with 403."""
        for status in (old_status, new_status):
            if status not in MEMBER_STATUSES:
                raise ValueError(f"unknown chat member status {status!r}")
        bot = self.state.bot(token)
        chat = self._chat(chat_id, chat_type)
        self.state.members[(chat_id, bot.id)] = new_status
        body = {
            "chat": chat,
            "from": self._sender(chat, user_id),
            "date": now(),
            "old_chat_member": chat_member_object(old_status, bot.user),
            "new_chat_member": chat_member_object(new_status, bot.user),
        }
        return self.push_update({"my_chat_member": body}, token=token)
