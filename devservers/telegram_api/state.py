"""Everything the emulated Telegram remembers: bots, users, chats, messages, files, updates,
webhooks."""

from __future__ import annotations

import bisect
import ipaddress
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .calls import CallLog, Delivery
from .errors import bad_request
from .limits import ChatLimiter, FailureInjector, RateLimiter
from .sync import Changes
from .traffic import TrafficLog

# Update types a bot gets when allowed_updates is empty or was never set.
NOT_DELIVERED_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
GROUP_TYPES = frozenset({"group", "supergroup", "channel"})
FILE_ID_PREFIX = {
    "photo": "AgACAgIAAxk",
    "video": "BAACAgIAAxk",
    "document": "BQACAgIAAxk",
    "audio": "CQACAgIAAxk",
    "animation": "CgACAgIAAxk",
    "voice": "AwACAgIAAxk",
    "sticker": "CAACAgIAAxk",
    "video_note": "DQACAgIAAxk",
}


def now() -> int:
    return int(time.time())


def update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    size: int | None = None
    sha256: str | None = None
    filename: str | None = None
    mime_type: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Query:
    """An injected callback or inline query, and the bot's answer to it (once answered)."""

    id: str
    update: dict[str, Any]
    answer: dict[str, Any] | None = None


@dataclass(frozen=True)
class Webhook:
    """A bot's setWebhook parameters: where its updates are pushed and how."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    has_custom_certificate: bool = False

    @property
    def target_host(self) -> str:
        """The host connected to: ``ip_address`` when set, else the URL's host."""
        return self.ip_address or urlsplit(self.url).hostname or ""

    @property
    def local(self) -> bool:
        """Whether the target is a loopback address, the only kind the emulator connects to."""
        return is_loopback(self.target_host)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class BotState:
    """Per-bot world: its update queue, the messages it sees, its queries and settings."""

    token: str
    user: dict[str, Any]
    updates: list[dict[str, Any]] = field(default_factory=list)
    next_update_id: int = 1
    allowed_updates: list[str] | None = None
    poll_generation: int = 0
    waiting_polls: int = 0  # getUpdates requests now in a long poll
    webhook: Webhook | None = None
    webhook_error: tuple[int, str] | None = None  # (unix date, message) of the last failed push
    in_flight: set[int] = field(default_factory=set)  # update ids being pushed right now
    queue_version: int = 0  # bumped whenever updates leave the queue or allowed_updates change
    next_set_webhook_at: float = 0.0  # monotonic time before which setWebhook answers 429
    messages: dict[int, dict[int, dict[str, Any]]] = field(default_factory=dict)
    last_message_id: dict[int, int] = field(default_factory=dict)
    sent: set[tuple[int, int]] = field(default_factory=set)  # (chat_id, message_id) by the bot
    queries: dict[str, Query] = field(default_factory=dict)
    inline_message_ids: set[str] = field(default_factory=set)
    commands: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    menu_buttons: dict[int | None, dict[str, Any]] = field(default_factory=dict)
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.user["id"]

    # -- updates
    def is_wanted(self, update: dict[str, Any]) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in NOT_DELIVERED_BY_DEFAULT

    def enqueue(self, update: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self.next_update_id, **update}
        self.next_update_id += 1
        self.updates.append(update)
        return update

    def confirm(self, offset: int | None) -> None:
        """Forget updates the client has seen (positive offset) or all but the last -offset."""
        if offset is None or offset == 0:
            return
        if offset > 0:
            self._keep([u for u in self.updates if u["update_id"] >= offset])
        else:
            self._keep(self.updates[offset:])

    def deliverable(self, limit: int = 100) -> list[dict[str, Any]]:
        """Wanted pending updates; unwanted ones are dropped, as Telegram never sends them."""
        self._keep([u for u in self.updates if self.is_wanted(u)])
        return self.updates[:limit]

    def discard(self, update_id: int) -> None:
        """Forget one update: its webhook push got a 2xx, or it is not wanted."""
        index = bisect.bisect_left(self.updates, update_id, key=lambda u: u["update_id"])
        if index < len(self.updates) and self.updates[index]["update_id"] == update_id:
            del self.updates[index]
            self.queue_version += 1

    def drop_pending(self) -> None:
        self._keep([])

    def allow_updates(self, kinds: list[str]) -> None:
        if kinds != self.allowed_updates:
            self.allowed_updates = kinds
            self.queue_version += 1  # which updates are wanted changed

    def has_undelivered(self, up_to: int) -> bool:
        """Whether a wanted update with ``update_id <= up_to`` is still pending."""
        for update in self.updates:  # sorted by update_id: stops early
            if update["update_id"] > up_to:
                return False
            if self.is_wanted(update):
                return True
        return False

    def _keep(self, updates: list[dict[str, Any]]) -> None:
        """Replace the queue with a subsequence of it (bumping the version when it shrank)."""
        if len(updates) != len(self.updates):
            self.queue_version += 1
        self.updates = updates

    # -- messages
    def new_message_id(self, chat_id: int) -> int:
        self.last_message_id[chat_id] = self.last_message_id.get(chat_id, 0) + 1
        return self.last_message_id[chat_id]

    def store(self, message: dict[str, Any]) -> dict[str, Any]:
        self.messages.setdefault(message["chat"]["id"], {})[message["message_id"]] = message
        return message

    def message(self, chat_id: int, message_id: Any) -> dict[str, Any] | None:
        return self.messages.get(chat_id, {}).get(message_id)


@dataclass
class EmulatorState:
    bots: dict[str, BotState] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    members: dict[tuple[int, int], str] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    log: CallLog = field(default_factory=CallLog)
    deliveries: list[Delivery] = field(default_factory=list)  # webhook push attempts
    limiter: RateLimiter = field(default_factory=RateLimiter)
    chat_limiter: ChatLimiter = field(default_factory=ChatLimiter)
    traffic: TrafficLog = field(default_factory=TrafficLog)
    clock: Callable[[], float] = time.monotonic  # the flood limits' time (tests may inject one)
    failures: FailureInjector = field(default_factory=FailureInjector)
    auto_chats: bool = False
    set_webhook_interval: float = 1.0  # Telegram: one setWebhook with a URL per second
    closing: bool = False
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def changes(self) -> Changes:
        """One notifier for recorded calls and state changes alike."""
        return self.log.changes

    # -- bots and users
    def add_bot(
        self, token: str, user_id: int | None, username: str | None, first_name: str | None
    ) -> BotState:
        if user_id is None:
            prefix = token.partition(":")[0]
            user_id = int(prefix) if prefix.isdigit() else 10_000 + len(self.bots)
        user = {
            "id": user_id,
            "is_bot": True,
            "first_name": first_name or "Test Bot",
            "username": username or f"test{user_id}_bot",
        }
        self.users[user_id] = user
        self.bots[token] = BotState(token, user)
        return self.bots[token]

    def bot(self, token: str | None = None) -> BotState:
        if token is None:
            if not self.bots:
                raise LookupError("no bot registered: pass token= or call add_bot()")
            return next(iter(self.bots.values()))
        return self.bots[token]

    def user(self, user_id: int, **fields: Any) -> dict[str, Any]:
        """The User object for ``user_id``, created on first use; ``fields`` update it."""
        user = self.users.setdefault(
            user_id, {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}
        )
        user.update({key: value for key, value in fields.items() if value is not None})
        return user

    # -- chats
    def add_chat(self, chat_id: int, chat_type: str | None = None, **fields: Any) -> dict[str, Any]:
        if chat_id > 0:
            user = self.user(chat_id, **fields)
            chat = {"id": chat_id, "type": "private"}
            chat.update({k: user[k] for k in ("first_name", "last_name", "username") if k in user})
        else:
            known = self.chats.get(chat_id, {})
            chat_type = (
                chat_type
                or known.get("type")
                or ("supergroup" if str(chat_id).startswith("-100") else "group")
            )
            chat = {**known, "id": chat_id, "type": chat_type}
            chat.setdefault("title", f"{chat_type.title()} {abs(chat_id)}")
            chat.update({key: value for key, value in fields.items() if value is not None})
        self.chats[chat_id] = chat
        return chat

    def find_chat(self, ref: Any) -> dict[str, Any] | None:
        if isinstance(ref, str) and ref.startswith("@"):
            name = ref[1:].lower()
            return next(
                (c for c in self.chats.values() if str(c.get("username", "")).lower() == name), None
            )
        if not isinstance(ref, int) or isinstance(ref, bool) or ref == 0:
            return None
        if ref not in self.chats and self.auto_chats:
            self.add_chat(ref)
        return self.chats.get(ref)

    def chat(self, ref: Any) -> dict[str, Any]:
        """Resolve a chat_id parameter, or raise ``chat not found``."""
        if ref is None or ref == "":
            raise bad_request("chat_id is empty")
        chat = self.find_chat(ref)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def member_status(self, bot: BotState, chat_id: int, user_id: int) -> str:
        status = self.members.get((chat_id, user_id))
        if status:
            return status
        is_group = self.chats.get(chat_id, {}).get("type") in GROUP_TYPES
        return "administrator" if user_id == bot.id and is_group else "member"

    # -- files and ids
    def new_id(self, prefix: str = "") -> str:
        return f"{prefix}{next(self._ids)}{secrets.token_hex(4)}"

    def new_file(self, kind: str, **fields: Any) -> StoredFile:
        stored = StoredFile(
            file_id=self.new_id(FILE_ID_PREFIX.get(kind, "BQACAgIAAxk")) + secrets.token_urlsafe(8),
            file_unique_id=self.new_id("AQAD"),
            kind=kind,
            **fields,
        )
        self.files[stored.file_id] = stored
        return stored


def chat_member_object(status: str, user: dict[str, Any]) -> dict[str, Any]:
    """A ChatMember object of the given status (rights: a bot-friendly administrator)."""
    member: dict[str, Any] = {"status": status, "user": dict(user)}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False})
        member.update(dict.fromkeys(ADMIN_RIGHTS, True))
    elif status == "restricted":
        member.update({"is_member": True, "until_date": 0})
        member.update(dict.fromkeys(RESTRICTED_PERMISSIONS, False))
    elif status == "kicked":
        member["until_date"] = 0
    elif status not in {"member", "left"}:
        raise ValueError(f"unknown chat member status {status!r}")
    return member


MEMBER_STATUSES = frozenset({"creator", "administrator", "member", "restricted", "left", "kicked"})
ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
    "can_pin_messages",
)
RESTRICTED_PERMISSIONS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
