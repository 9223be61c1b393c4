"""The configuration keys (one ``KeySpec`` each) and the validated ``Settings`` they fill.

Adding a key means one ``KeySpec`` line in ``KEYS`` plus a field of the same name (the env name
in lower case) on ``Settings``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .values import (
    EMPTY,
    MASK,
    DatabaseUrl,
    Secret,
    parse_admin_ids,
    parse_backup_interval,
    parse_choice,
    parse_cobalt_api_key,
    parse_cookies_file,
    parse_directory,
    parse_host,
    parse_log_level,
    parse_metrics_token,
    parse_name_list,
    parse_number,
    parse_optional_int,
    parse_optional_url,
    parse_proxy,
    parse_tg_server,
    parse_token,
    parse_webhook_secret,
)


@dataclass(frozen=True)
class KeySpec:
    """One configuration key: env name, ini location, parser, raw default, secrecy."""

    env: str
    section: str
    option: str
    parse: Callable[[str], Any]
    default: str = ""
    secret: bool = False

    @property
    def field(self) -> str:
        """The ``Settings`` attribute holding the parsed value."""
        return self.env.lower()


KEYS: tuple[KeySpec, ...] = (
    KeySpec("BOT_TOKEN", "bot", "token", parse_token, "", secret=True),
    KeySpec("ADMIN_IDS", "bot", "admin_ids", parse_admin_ids, ""),
    KeySpec("TG_SERVER", "bot", "tg_server", parse_tg_server, "https://api.telegram.org"),
    KeySpec("DB_URL", "database", "url", DatabaseUrl, "sqlite:///var/tokdrop.sqlite3", secret=True),
    KeySpec("LOG_LEVEL", "logging", "level", parse_log_level, "INFO"),
    KeySpec("TIKTOK_BACKEND", "tiktok", "backend", parse_choice("tikwm", "ytdlp"), "tikwm"),
    # The backend chain: its order (wins over TIKTOK_BACKEND) and every backend's breaker.
    KeySpec("TIKTOK_BACKENDS", "tiktok", "backends", parse_name_list, ""),
    KeySpec("BREAKER_FAILURES", "breaker", "failures", parse_number(int, 1, 100), "3"),
    KeySpec("BREAKER_COOLDOWN", "breaker", "cooldown", parse_number(float, 1, 3600), "30"),
    KeySpec("TIKWM_URL", "tiktok", "tikwm_url", parse_tg_server, "https://www.tikwm.com"),
    KeySpec("TIKTOK_TIMEOUT", "tiktok", "timeout", parse_number(float, 1, 300), "15"),
    KeySpec("TIKTOK_RETRIES", "tiktok", "retries", parse_number(int, 0, 10), "2"),
    KeySpec("TIKTOK_PROXY", "tiktok", "proxy", parse_proxy, "", secret=True),
    # The cobalt backend.
    KeySpec("COBALT_URL", "cobalt", "url", parse_optional_url("https", "http"), ""),
    KeySpec("COBALT_API_KEY", "cobalt", "api_key", parse_cobalt_api_key, "", secret=True),
    # Instagram's backend chain (default: cobalt with COBALT_URL, else ytdlp) and yt-dlp's
    # cookies file (both platforms).
    KeySpec("INSTAGRAM_BACKENDS", "instagram", "backends", parse_name_list, ""),
    KeySpec("YTDLP_COOKIES", "ytdlp", "cookies", parse_cookies_file, ""),
    KeySpec("MAX_UPLOAD_MB", "media", "max_upload_mb", parse_optional_int(1, 2000), ""),
    KeySpec("STORAGE_CHAT_ID", "media", "storage_chat_id", parse_optional_int(-(2**53), 2**53), ""),
    KeySpec("MEDIA_CONCURRENCY", "media", "concurrency", parse_number(int, 1, 256), "8"),
    KeySpec("MEDIA_TEMP_DIR", "media", "temp_dir", parse_directory, ""),
    KeySpec("MEDIA_MAX_IMAGES", "media", "max_images", parse_number(int, 1, 100), "35"),
    KeySpec("MEDIA_MAX_POST_MB", "media", "max_post_mb", parse_number(int, 1, 4000), "200"),
    KeySpec(
        "MEDIA_DOWNLOAD_DEADLINE", "media", "download_deadline", parse_number(float, 1, 3600), "300"
    ),
    # Slideshow-to-video rendering (bot/media/render.py).
    KeySpec("RENDER_CONCURRENCY", "render", "concurrency", parse_number(int, 1, 64), "1"),
    KeySpec("RENDER_TIMEOUT", "render", "timeout", parse_number(float, 1, 3600), "120"),
    KeySpec("TG_GLOBAL_RATE", "telegram", "global_rate", parse_number(float, 1, 1000), "30"),
    KeySpec("TG_CHAT_RATE", "telegram", "chat_rate", parse_number(float, 0.1, 100), "1"),
    KeySpec(
        "TG_GROUP_RATE", "telegram", "group_rate_per_minute", parse_number(float, 1, 1000), "20"
    ),
    KeySpec("BROADCAST_RATE", "broadcast", "rate", parse_number(float, 0.1, 1000), "25"),
    KeySpec("WEBHOOK_URL", "web", "webhook_url", parse_optional_url("https", "http"), ""),
    KeySpec("WEBHOOK_SECRET", "web", "webhook_secret", parse_webhook_secret, "", secret=True),
    KeySpec("WEB_HOST", "web", "host", parse_host, "127.0.0.1"),
    KeySpec("WEB_PORT", "web", "port", parse_optional_int(1, 65535), ""),
    KeySpec(
        "REDIS_URL",
        "web",
        "redis_url",
        parse_optional_url("redis", "rediss", secret=True),
        "",
        secret=True,
    ),
    # Backups and monitoring.
    KeySpec(
        "BACKUP_INTERVAL_HOURS", "operations", "backup_interval_hours", parse_backup_interval, "24"
    ),
    KeySpec("BACKUP_KEEP", "operations", "backup_keep", parse_number(int, 1, 1000), "7"),
    KeySpec("METRICS_TOKEN", "operations", "metrics_token", parse_metrics_token, "", secret=True),
)

PUBLIC_BOT_API = "https://api.telegram.org"
DEFAULT_WEB_PORT = 8080
RESERVED_WEB_PATHS = ("/healthz", "/metrics")
PUBLIC_UPLOAD_MB = 50
SELF_HOSTED_UPLOAD_MB = 2000


@dataclass(frozen=True)
class Settings:
    """Validated startup settings; ``repr()``/``str()`` never reveal a secret."""

    bot_token: Secret
    admin_ids: frozenset[int]
    tg_server: str
    db_url: DatabaseUrl
    log_level: str
    tiktok_backend: str
    tiktok_backends: tuple[str, ...]
    breaker_failures: int
    breaker_cooldown: float
    tikwm_url: str
    tiktok_timeout: float
    tiktok_retries: int
    tiktok_proxy: Secret
    cobalt_url: str
    cobalt_api_key: Secret
    instagram_backends: tuple[str, ...]
    ytdlp_cookies: str
    max_upload_mb: int | None
    storage_chat_id: int | None
    media_concurrency: int
    media_temp_dir: str
    media_max_images: int
    media_max_post_mb: int
    media_download_deadline: float
    render_concurrency: int
    render_timeout: float
    tg_global_rate: float
    tg_chat_rate: float
    tg_group_rate: float
    broadcast_rate: float
    webhook_url: str
    webhook_secret: Secret
    web_host: str
    web_port: int | None
    redis_url: Secret
    backup_interval_hours: float
    backup_keep: int
    metrics_token: Secret

    @property
    def tiktok_chain(self) -> tuple[tuple[str, ...], str]:
        """The TikTok backends in order and the key that named them: ``TIKTOK_BACKENDS`` when
        set, else the single ``TIKTOK_BACKEND`` (default ``tikwm``)."""
        if self.tiktok_backends:
            return self.tiktok_backends, "TIKTOK_BACKENDS"
        return (self.tiktok_backend,), "TIKTOK_BACKEND"

    @property
    def instagram_chain(self) -> tuple[tuple[str, ...], str]:
        """The Instagram backends in order and the key that names them: ``INSTAGRAM_BACKENDS``
        when set, else ``cobalt`` when ``COBALT_URL`` is set, else ``ytdlp``."""
        if self.instagram_backends:
            return self.instagram_backends, "INSTAGRAM_BACKENDS"
        return ("cobalt",) if self.cobalt_url else ("ytdlp",), "INSTAGRAM_BACKENDS"

    @property
    def webhook_mode(self) -> bool:
        """Whether updates arrive by webhook (``WEBHOOK_URL`` set) instead of long polling."""
        return bool(self.webhook_url)

    @property
    def listen_port(self) -> int | None:
        """The port of the web server (webhook, /healthz, /metrics): ``WEB_PORT``, 8080 in
        webhook mode when unset, None (no web server) in polling mode when unset."""
        if self.web_port is None and self.webhook_mode:
            return DEFAULT_WEB_PORT
        return self.web_port

    @property
    def webhook_path(self) -> str:
        """The path of ``WEBHOOK_URL``, where the web server accepts updates."""
        return urlsplit(self.webhook_url).path or "/"

    def webhook_token(self) -> str:
        """The ``secret_token`` Telegram sends with every webhook request: ``WEBHOOK_SECRET``,
        else one derived from the bot token (the same in every process, revealing nothing)."""
        if self.webhook_secret:
            return self.webhook_secret.get()
        return hashlib.sha256(b"tokdrop-webhook:" + self.bot_token.get().encode()).hexdigest()

    @property
    def upload_limit_bytes(self) -> int:
        """Largest file the bot uploads: 50 MB through the public Bot API, 2000 MB self-hosted."""
        default = PUBLIC_UPLOAD_MB if self.tg_server == PUBLIC_BOT_API else SELF_HOSTED_UPLOAD_MB
        return (self.max_upload_mb or default) * 1024 * 1024


def _display(value: Any, secret: bool) -> str:
    if isinstance(value, Secret):
        return str(value)
    if secret:
        return MASK
    if isinstance(value, frozenset):
        return ", ".join(str(item) for item in sorted(value)) or EMPTY
    if isinstance(value, tuple):
        return ", ".join(str(item) for item in value) or EMPTY
    return str(value) if value != "" else EMPTY


def describe_settings(settings: Settings) -> list[str]:
    """``KEY = value`` lines for every key, in ``KEYS`` order, with secrets masked."""
    return [f"{spec.env} = {_display(getattr(settings, spec.field), spec.secret)}" for spec in KEYS]
