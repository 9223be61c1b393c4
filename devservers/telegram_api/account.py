"""Bot-level methods: identity, receiving updates, webhook, commands and profile texts."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

from .context import Context
from .errors import ApiError, bad_request

Handler = Callable[[Context], Any]

COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


def get_me(ctx: Context) -> dict[str, Any]:
    return {
        **ctx.bot.user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(ctx: Context) -> list[dict[str, Any]]:
    bot, params = ctx.bot, ctx.params
    if bot.webhook.get("url"):
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    limit = params.int("limit", 100)
    limit = limit if 1 <= limit <= 100 else 100
    timeout = max(0, params.int("timeout", 0))
    allowed = params.get("allowed_updates")
    if allowed is not None:
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed updates JSON object")
        bot.allowed_updates = [str(kind) for kind in allowed]
    bot.confirm(params.int("offset"))
    bot.poll_generation += 1
    generation = bot.poll_generation
    ctx.state.changes.notify()  # an older long poll of this bot now ends with 409
    if timeout:
        bot.waiting_polls += 1
        ctx.state.changes.notify()
        try:
            await ctx.state.changes.wait_for(
                lambda: (
                    bot.poll_generation != generation
                    or ctx.state.closing
                    or bool(bot.deliverable(limit))
                ),
                timeout,
            )
        except TimeoutError:
            pass
        finally:
            bot.waiting_polls -= 1
            ctx.state.changes.notify()
        if bot.poll_generation != generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure "
                "that only one bot instance is running",
            )
    return bot.deliverable(limit)


def set_webhook(ctx: Context) -> bool:
    url = ctx.params.get("url", "")
    if url and not str(url).startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    ctx.bot.webhook = {"url": url, "allowed_updates": ctx.params.get("allowed_updates")}
    if ctx.params.bool("drop_pending_updates"):
        ctx.bot.updates.clear()
    return True


def delete_webhook(ctx: Context) -> bool:
    ctx.bot.webhook = {}
    if ctx.params.bool("drop_pending_updates"):
        ctx.bot.updates.clear()
    return True


def get_webhook_info(ctx: Context) -> dict[str, Any]:
    info = {
        "url": ctx.bot.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": len(ctx.bot.updates),
    }
    if ctx.bot.webhook.get("allowed_updates"):
        info["allowed_updates"] = ctx.bot.webhook["allowed_updates"]
    return info


def _scope_key(ctx: Context) -> str:
    scope = ctx.params.obj("scope") or {"type": "default"}
    if scope.get("type") not in COMMAND_SCOPES:
        raise bad_request("unsupported bot command scope type")
    if scope["type"].startswith("chat"):
        scope = {**scope, "chat_id": ctx.state.chat(scope.get("chat_id"))["id"]}
    return json.dumps(scope, sort_keys=True)


def _language(ctx: Context) -> str:
    code = ctx.params.get("language_code", "")
    if code and not (len(code) == 2 and code.isalpha()):
        raise bad_request("invalid language code specified")
    return code


def set_my_commands(ctx: Context) -> bool:
    commands = ctx.params.list("commands")
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        name = name.removeprefix("/")
        if not (1 <= len(name) <= 32 and all(c.islower() or c.isdigit() or c == "_" for c in name)):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description must be non-empty")
    key = (_scope_key(ctx), _language(ctx))
    ctx.bot.commands[key] = [
        {"command": c["command"].removeprefix("/"), "description": c["description"]}
        for c in commands
    ]
    return True


def get_my_commands(ctx: Context) -> list[dict[str, Any]]:
    return copy.deepcopy(ctx.bot.commands.get((_scope_key(ctx), _language(ctx)), []))


def delete_my_commands(ctx: Context) -> bool:
    ctx.bot.commands.pop((_scope_key(ctx), _language(ctx)), None)
    return True


def set_chat_menu_button(ctx: Context) -> bool:
    chat_id = ctx.chat(writable=False)["id"] if ctx.params.get("chat_id") else None
    ctx.bot.menu_buttons[chat_id] = ctx.params.obj("menu_button") or {"type": "default"}
    return True


def get_chat_menu_button(ctx: Context) -> dict[str, Any]:
    chat_id = ctx.chat(writable=False)["id"] if ctx.params.get("chat_id") else None
    buttons = ctx.bot.menu_buttons
    return buttons.get(chat_id) or buttons.get(None) or {"type": "default"}


# Profile texts: set<Suffix> stores the value under the language, get<Suffix> reads it back.
PROFILE_TEXTS = {
    "MyName": "name",
    "MyDescription": "description",
    "MyShortDescription": "short_description",
}


def profile_text(suffix: str, field: str) -> tuple[Handler, Handler]:
    """The set/get handler pair of one profile text (stored per language_code)."""

    def setter(ctx: Context) -> bool:
        ctx.bot.settings.setdefault(suffix, {})[_language(ctx)] = ctx.params.get(field, "")
        return True

    def getter(ctx: Context) -> dict[str, str]:
        texts = ctx.bot.settings.get(suffix, {})
        return {field: texts.get(_language(ctx), texts.get("", ""))}

    return setter, getter


def session_control(ctx: Context) -> bool:
    """logOut and close: nothing to release in the emulator."""
    return True
