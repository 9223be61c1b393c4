"""The handler context: one request's view of the world, plus the validation shared by methods."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .errors import bad_request, forbidden
from .formatting import parse_text
from .params import Params
from .state import BotState, EmulatorState, now

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64


@dataclass
class Context:
    """What a handler works with: the world, the calling bot and the request's parameters."""

    state: EmulatorState
    bot: BotState
    params: Params

    # -- chats and messages
    def chat(self, name: str = "chat_id", *, writable: bool = True) -> dict[str, Any]:
        chat = self.state.chat(self.params.get(name))
        if writable:
            self.ensure_writable(chat)
        return chat

    def ensure_writable(self, chat: dict[str, Any]) -> None:
        status = self.state.member_status(self.bot, chat["id"], self.bot.id)
        if status not in {"kicked", "left"}:
            return
        if chat["type"] == "private":
            raise forbidden("bot was blocked by the user")
        verb = "was kicked from" if status == "kicked" else "is not a member of"
        raise forbidden(f"bot {verb} the {chat['type']} chat")

    def message(self, chat: dict[str, Any], action: str, name: str = "message_id") -> dict:
        message_id = self.params.int(name, missing="message identifier is not specified")
        message = self.bot.message(chat["id"], message_id)
        if message is None:
            raise bad_request(f"message to {action} not found")
        return message

    def new_message(
        self,
        chat: dict[str, Any],
        content: dict[str, Any],
        *,
        markup: bool = True,
        reply: bool = True,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Store a message sent by the bot and return a copy of it."""
        replied = self.replied_message(chat) if reply else None
        keyboard = self.inline_keyboard() if markup else None
        # Everything is valid: only now does the chat's message counter move.
        message: dict[str, Any] = {"message_id": self.bot.new_message_id(chat["id"])}
        if chat["type"] == "channel":
            message["sender_chat"] = dict(chat)
        else:
            message["from"] = dict(self.bot.user)
        message.update({"date": now(), "chat": dict(chat)})
        if replied:
            message["reply_to_message"] = replied
        message.update(content)
        message.update(extra or {})
        if keyboard:
            message["reply_markup"] = keyboard
        if self.params.bool("protect_content"):
            message["has_protected_content"] = True
        self.bot.sent.add((chat["id"], message["message_id"]))
        return copy.deepcopy(self.bot.store(message))

    def replied_message(self, chat: dict[str, Any]) -> dict[str, Any] | None:
        reply = self.params.obj("reply_parameters") or {}
        message_id = reply.get("message_id") or self.params.int("reply_to_message_id")
        if not message_id:
            return None
        target = self.state.chat(reply["chat_id"]) if reply.get("chat_id") else chat
        replied = self.bot.message(target["id"], message_id)
        if replied is None:
            if reply.get("allow_sending_without_reply") or self.params.bool(
                "allow_sending_without_reply"
            ):
                return None
            raise bad_request("message to be replied not found")
        return {key: value for key, value in replied.items() if key != "reply_to_message"}

    # -- content
    def formatted(
        self, field: str, limit: int, what: str, entities_field: str = "entities"
    ) -> tuple[str, list[dict]] | None:
        raw = self.params.get(field)
        if raw is None:
            return None
        explicit = self.params.get(entities_field)
        if explicit is not None:
            if not isinstance(explicit, list):
                raise bad_request(f'field "{entities_field}" must be of type Array')
            text, entities = str(raw), explicit
        else:
            text, entities = parse_text(str(raw), self.params.get("parse_mode"))
        if len(text) > limit:
            raise bad_request(f"{what} is too long")
        return text, entities

    def text_content(self) -> dict[str, Any]:
        parsed = self.formatted("text", TEXT_LIMIT, "message")
        if parsed is None or not parsed[0].strip():
            raise bad_request("message text is empty")
        return _content("text", parsed)

    def caption_content(self) -> dict[str, Any]:
        parsed = self.formatted("caption", CAPTION_LIMIT, "message caption", "caption_entities")
        return _content("caption", parsed) if parsed and parsed[0] else {}

    def inline_keyboard(self) -> dict[str, Any] | None:
        """Validate reply_markup; only an inline keyboard becomes part of the Message."""
        markup = self.params.obj("reply_markup")
        if not markup:
            return None
        if "inline_keyboard" not in markup:
            if not any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
                raise bad_request("can't parse reply keyboard markup JSON object")
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request("can't parse inline keyboard markup JSON object")
        for button in (button for row in rows for button in row):
            _check_button(button)
        return markup if any(rows) else None


def _content(field: str, parsed: tuple[str, list[dict]] | None) -> dict[str, Any]:
    if not parsed:
        return {}
    text, entities = parsed
    content: dict[str, Any] = {field: text}
    if entities:
        content["entities" if field == "text" else "caption_entities"] = entities
    return content


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = [key for key in button if key not in {"text", "icon_custom_emoji_id", "style"}]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        raise bad_request(
            f"inline keyboard button URL '{url}' is invalid: Unsupported URL protocol"
        )
