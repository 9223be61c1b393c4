"""Bot-level methods: identity, receiving updates, webhook, commands and profile texts."""

from __future__ import annotations

import copy
import ipaddress
import json
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .context import Context
from .errors import ApiError, bad_request, too_many_requests
from .state import Webhook, is_loopback, now

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
    if bot.webhook is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    limit = params.int("limit", 100)
    limit = limit if 1 <= limit <= 100 else 100
    timeout = max(0, params.int("timeout", 0))
    _remember_allowed_updates(ctx)
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
        if bot.webhook is not None:
            raise ApiError(409, "Conflict: terminated by setWebhook request")
        if bot.poll_generation != generation:
            raise ApiError(
                409,
                "Conflict: terminated by other getUpdates request; make sure "
                "that only one bot instance is running",
            )
    return bot.deliverable(limit)


def _remember_allowed_updates(ctx: Context) -> None:
    """allowed_updates is one setting per bot, changed by getUpdates and setWebhook alike."""
    allowed = ctx.params.get("allowed_updates")
    if allowed is not None:
        if not isinstance(allowed, list):
            raise bad_request("can't parse allowed updates JSON object")
        ctx.bot.allow_updates([str(kind) for kind in allowed])


def set_webhook(ctx: Context) -> bool:
    """Validated like Telegram, except that loopback targets may use http and any port."""
    url = str(ctx.params.get("url", "")).strip()
    if not url:
        return delete_webhook(ctx)
    # Like Telegram, before any validation: several processes that all set the webhook on
    # start-up get 429 unless they are a second apart.
    clock = time.monotonic()
    if clock < ctx.bot.next_set_webhook_at:
        raise too_many_requests(1)
    ctx.bot.next_set_webhook_at = clock + ctx.state.set_webhook_interval
    ip_address = _ip_address(ctx.params.get("ip_address"))
    webhook = Webhook(
        url=_webhook_url(url, ip_address),
        secret_token=_secret_token(ctx.params.get("secret_token")),
        max_connections=min(max(ctx.params.int("max_connections", 40), 1), 100),
        ip_address=ip_address,
        has_custom_certificate=bool(ctx.params.get("certificate"))
        or "certificate" in ctx.params.uploads,
    )
    _remember_allowed_updates(ctx)
    bot = ctx.bot
    if ctx.params.bool("drop_pending_updates"):
        bot.drop_pending()
    if webhook != bot.webhook:
        if bot.webhook is None or webhook.url != bot.webhook.url:
            bot.webhook_error = None
        bot.webhook = webhook
        bot.poll_generation += 1  # a waiting long poll ends with 409
        if not webhook.local:
            bot.webhook_error = (now(), f"Failed to resolve host: {UNREACHABLE}")
    ctx.state.changes.notify()
    return True


UNREACHABLE = "the emulator delivers webhooks only to loopback addresses"
WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]*")


def _webhook_url(url: str, ip_address: str | None) -> str:
    if "://" not in url:
        url = f"https://{url}"  # Telegram assumes https for a URL without a scheme
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise bad_request("invalid webhook URL specified") from None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise bad_request("invalid webhook URL specified")
    if is_loopback(ip_address or parts.hostname):
        return url
    if parts.scheme.lower() != "https":
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (port or 443) not in WEBHOOK_PORTS:
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
    return url


def _secret_token(value: Any) -> str | None:
    if value is None or value == "":
        return None
    secret = str(value)
    if len(secret) > 256:
        raise bad_request("secret token is too long")
    if not SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    return secret


def _ip_address(value: Any) -> str | None:
    if value is None or value == "":
        return None
    try:
        return str(ipaddress.ip_address(str(value).strip()))
    except ValueError:
        raise bad_request("invalid IP address specified") from None


def delete_webhook(ctx: Context) -> bool:
    bot = ctx.bot
    bot.webhook = None
    bot.webhook_error = None
    if ctx.params.bool("drop_pending_updates"):
        bot.drop_pending()
    ctx.state.changes.notify()
    return True


def get_webhook_info(ctx: Context) -> dict[str, Any]:
    bot, webhook = ctx.bot, ctx.bot.webhook
    info: dict[str, Any] = {
        "url": webhook.url if webhook else "",
        "has_custom_certificate": bool(webhook and webhook.has_custom_certificate),
        "pending_update_count": sum(1 for update in bot.updates if bot.is_wanted(update)),
    }
    if webhook is not None:
        if webhook.target_host and _is_ip(webhook.target_host):
            info["ip_address"] = webhook.target_host
        if bot.webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = bot.webhook_error
        info["max_connections"] = webhook.max_connections
    if bot.allowed_updates:
        info["allowed_updates"] = list(bot.allowed_updates)
    return info


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


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
