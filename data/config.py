"""Startup configuration: built-in defaults < config.ini < .env < process environment.

Every key is declared once in ``KEYS``; adding a key means one ``KeySpec`` line there plus
a field of the same name (the env name in lower case) on ``Settings``.
"""

from __future__ import annotations

import configparser
import hashlib
import io
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dotenv import dotenv_values
from dotenv.parser import parse_stream

__all__ = [
    "KEYS",
    "ConfigError",
    "DatabaseUrl",
    "KeySpec",
    "Secret",
    "Settings",
    "describe_settings",
    "load_settings",
]

CONFIG_PATH_ENV = "TOKDROP_CONFIG"
DEFAULT_INI_PATH = Path("config.ini")
DEFAULT_DOTENV_PATH = Path(".env")

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SQLITE_SCHEMES = frozenset({"sqlite", "sqlite+aiosqlite"})
POSTGRES_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+asyncpg"})

_MASK = "********"
_EMPTY = "<empty>"
_MAX_USER_ID = 2**63 - 1
_TOKEN = re.compile(r"[0-9]{5,20}:[A-Za-z0-9_-]{30,64}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_DB_HINT = "use sqlite:///path or postgresql://user:pass@host/db"
_POSTGRES_REST = re.compile(
    r"(?:(?P<user>[^:/@]*)(?::(?P<password>[^@]*))?@)?"
    r"(?P<host>\[[^/?\]]*\]|[^/:?@]*)"
    r"(?::(?P<port>[^/?@]*))?"
    r"(?:/(?P<database>[^?]*))?"
    r"(?:\?(?P<query>.*))?",
    re.DOTALL,
)
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&]*")
_QUERY_HOST = re.compile(r"(?:^|&)host=[^&]")


class ConfigError(ValueError):
    """A configuration value or file is invalid; ``str()`` is one line naming key and problem."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class _Invalid(ValueError):
    """Why a raw value was rejected; its message never contains secret material."""


class Secret:
    """A string that never shows itself in ``repr()``/``str()``; ``get()`` returns it."""

    __slots__ = ("_value",)

    def __init__(self, value: str = "") -> None:
        self._value = value

    def get(self) -> str:
        """The real value."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._value == other._value

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._value))

    def __repr__(self) -> str:
        return _MASK if self._value else _EMPTY

    __str__ = __repr__


class DatabaseUrl(Secret):
    """A validated SQLite or PostgreSQL URL whose password is masked in ``repr()``/``str()``."""

    __slots__ = ()

    def __init__(self, value: str) -> None:
        _check_db_url(value)
        super().__init__(value)

    @property
    def value(self) -> str:
        """The full URL, password included."""
        return self._value

    @property
    def scheme(self) -> str:
        """The scheme exactly as written, e.g. ``postgresql+asyncpg``."""
        return self._value.partition("://")[0]

    @property
    def family(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return "sqlite" if self.scheme in SQLITE_SCHEMES else "postgresql"

    @property
    def masked(self) -> str:
        """The URL with any password replaced by ``***``."""
        if self.family == "sqlite":
            return self._value
        scheme, _, rest = self._value.partition("://")
        match = _POSTGRES_REST.fullmatch(rest)
        if match["password"] is not None:
            rest = rest[: match.start("password")] + "***" + rest[match.end("password") :]
        return _QUERY_PASSWORD.sub(r"\1***", f"{scheme}://{rest}")

    def __repr__(self) -> str:
        return self.masked

    __str__ = __repr__


def _check_db_url(value: str) -> None:
    scheme, sep, rest = value.partition("://")
    if not sep or not _SCHEME.fullmatch(scheme):
        raise _Invalid(f"not a database URL ({_DB_HINT})")
    if scheme in SQLITE_SCHEMES:
        if not rest.startswith("/") or not rest[1:].partition("?")[0]:
            raise _Invalid(
                "sqlite URL needs a path "
                "(sqlite:///relative/path, sqlite:////abs/path or sqlite:///:memory:)"
            )
        return
    if scheme not in POSTGRES_SCHEMES:
        raise _Invalid(f"unsupported scheme {scheme!r} ({_DB_HINT})")
    match = _POSTGRES_REST.fullmatch(rest)
    if match is None:
        raise _Invalid(
            "cannot parse the postgresql URL "
            "(percent-encode '@' and ':' in the user name or password)"
        )
    port = match["port"]
    if port is not None and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise _Invalid("the port must be a number from 1 to 65535")
    if match["host"] in ("", "[]") and not _QUERY_HOST.search(match["query"] or ""):
        raise _Invalid("postgresql URL needs a host (postgresql://user:pass@host/db)")


def _parse_token(raw: str) -> Secret:
    if raw and not _TOKEN.fullmatch(raw):
        raise _Invalid("malformed token (expected <digits>:<secret>)")
    return Secret(raw)


def _parse_admin_ids(raw: str) -> frozenset[int]:
    ids = set()
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if not (item.isascii() and item.isdigit() and 0 < int(item) <= _MAX_USER_ID):
            raise _Invalid(
                f"{item!r} is not a Telegram user id (expected comma-separated integers)"
            )
        ids.add(int(item))
    return frozenset(ids)


def _parse_log_level(raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise _Invalid(f"{raw!r} is not one of {', '.join(LOG_LEVELS)}")
    return level


def _parse_choice(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.lower()
        if value not in choices:
            raise _Invalid(f"{raw!r} is not one of {', '.join(choices)}")
        return value

    return parse


def _parse_number(kind: type, low: float, high: float) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        try:
            value = kind(raw)
        except ValueError:
            raise _Invalid(f"{raw!r} is not a {'whole ' if kind is int else ''}number") from None
        if not low <= value <= high:
            raise _Invalid(f"{raw} is outside {low:g}..{high:g}")
        return value

    return parse


def _parse_optional_int(low: int, high: int) -> Callable[[str], int | None]:
    number = _parse_number(int, low, high)
    return lambda raw: None if raw == "" else number(raw)


def _parse_proxy(raw: str) -> Secret:
    if raw:
        try:
            parts = urlsplit(raw)
            valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:
            valid = False
        if not valid:
            raise _Invalid("expected an http:// or https:// proxy URL with a host")
    return Secret(raw)


def _parse_optional_url(*schemes: str, secret: bool = False) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        if raw:
            try:
                parts = urlsplit(raw)
                valid = parts.scheme in schemes and bool(parts.hostname) and parts.port != 0
            except ValueError:
                valid = False
            if not valid:
                raise _Invalid(f"expected a {' or '.join(s + '://' for s in schemes)} URL with a host")
            if not secret and "@" in parts.netloc:
                raise _Invalid("credentials in the URL are not supported")
        return Secret(raw) if secret else raw

    return parse


_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def _parse_webhook_secret(raw: str) -> Secret:
    if raw and not _WEBHOOK_SECRET.fullmatch(raw):
        raise _Invalid("expected 1..256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
    return Secret(raw)


def _parse_host(raw: str) -> str:
    if not raw or any(ch.isspace() or ch in "/?#@" for ch in raw):
        raise _Invalid(f"{raw!r} is not a host name or IP address to listen on")
    return raw


def _parse_tg_server(raw: str) -> str:
    if "@" in re.split(r"[/?#]", raw.partition("://")[2], maxsplit=1)[0]:
        raise _Invalid("credentials in the URL are not supported")
    try:
        parts = urlsplit(raw)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        valid = False
    if not valid:
        raise _Invalid(f"{raw!r} is not an http(s) URL with a host")
    if "?" in raw or "#" in raw:
        raise _Invalid(f"{raw!r} must not contain a query or fragment")
    return raw.rstrip("/")


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
    KeySpec("BOT_TOKEN", "bot", "token", _parse_token, "", secret=True),
    KeySpec("ADMIN_IDS", "bot", "admin_ids", _parse_admin_ids, ""),
    KeySpec("TG_SERVER", "bot", "tg_server", _parse_tg_server, "https://api.telegram.org"),
    KeySpec("DB_URL", "database", "url", DatabaseUrl, "sqlite:///var/tokdrop.sqlite3", secret=True),
    KeySpec("LOG_LEVEL", "logging", "level", _parse_log_level, "INFO"),
    KeySpec("TIKTOK_BACKEND", "tiktok", "backend", _parse_choice("tikwm", "ytdlp"), "tikwm"),
    KeySpec("TIKWM_URL", "tiktok", "tikwm_url", _parse_tg_server, "https://www.tikwm.com"),
    KeySpec("TIKTOK_TIMEOUT", "tiktok", "timeout", _parse_number(float, 1, 300), "15"),
    KeySpec("TIKTOK_RETRIES", "tiktok", "retries", _parse_number(int, 0, 10), "2"),
    KeySpec("TIKTOK_PROXY", "tiktok", "proxy", _parse_proxy, "", secret=True),
    KeySpec("MAX_UPLOAD_MB", "media", "max_upload_mb", _parse_optional_int(1, 2000), ""),
    KeySpec("STORAGE_CHAT_ID", "media", "storage_chat_id", _parse_optional_int(-(2**53), 2**53), ""),
    KeySpec("MEDIA_CONCURRENCY", "media", "concurrency", _parse_number(int, 1, 256), "8"),
    KeySpec("TG_GLOBAL_RATE", "telegram", "global_rate", _parse_number(float, 1, 1000), "30"),
    KeySpec("TG_CHAT_RATE", "telegram", "chat_rate", _parse_number(float, 0.1, 100), "1"),
    KeySpec("TG_GROUP_RATE", "telegram", "group_rate_per_minute", _parse_number(float, 1, 1000), "20"),
    KeySpec("BROADCAST_RATE", "broadcast", "rate", _parse_number(float, 0.1, 1000), "25"),
    KeySpec("WEBHOOK_URL", "web", "webhook_url", _parse_optional_url("https", "http"), ""),
    KeySpec("WEBHOOK_SECRET", "web", "webhook_secret", _parse_webhook_secret, "", secret=True),
    KeySpec("WEB_HOST", "web", "host", _parse_host, "127.0.0.1"),
    KeySpec("WEB_PORT", "web", "port", _parse_optional_int(1, 65535), ""),
    KeySpec("REDIS_URL", "web", "redis_url", _parse_optional_url("redis", "rediss", secret=True), "",
            secret=True),
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
    tikwm_url: str
    tiktok_timeout: float
    tiktok_retries: int
    tiktok_proxy: Secret
    max_upload_mb: int | None
    storage_chat_id: int | None
    media_concurrency: int
    tg_global_rate: float
    tg_chat_rate: float
    tg_group_rate: float
    broadcast_rate: float
    webhook_url: str
    webhook_secret: Secret
    web_host: str
    web_port: int | None
    redis_url: Secret

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


_Raw = dict[str, tuple[str, str]]


def _read_ini(path: Path) -> _Raw:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with path.open(encoding="utf-8") as stream:
            parser.read_file(stream, source=str(path))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not valid UTF-8") from None
    except configparser.Error as exc:
        raise ConfigError(f"{path}: {_ini_problem(exc)}") from None
    if parser.defaults():
        raise ConfigError(f"{path}: the [DEFAULT] section is not supported")
    options = {(spec.section, spec.option): spec for spec in KEYS}
    sections = sorted({spec.section for spec in KEYS})
    raw: _Raw = {}
    for section in parser.sections():
        if section not in sections:
            raise ConfigError(f"{path}: unknown section [{section}] (known: {', '.join(sections)})")
        for option, value in parser.items(section):
            spec = options.get((section, option))
            if spec is None:
                known = ", ".join(o for s, o in options if s == section)
                raise ConfigError(
                    f"{path}: unknown option {option!r} in [{section}] (known: {known})"
                )
            raw[spec.env] = (value, f"{path} [{section}] {option}")
    return raw


def _ini_problem(exc: configparser.Error) -> str:
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return f"line {exc.lineno}: option before any [section] header"
    if isinstance(exc, configparser.ParsingError):
        return f"line {exc.errors[0][0]}: expected 'option = value' or '[section]'"
    if isinstance(exc, configparser.DuplicateOptionError):
        return f"line {exc.lineno}: option {exc.option!r} repeated in [{exc.section}]"
    if isinstance(exc, configparser.DuplicateSectionError):
        return f"line {exc.lineno}: section [{exc.section}] repeated"
    return "malformed ini file"


def _read_dotenv(path: Path) -> _Raw:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read .env file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: .env file is not valid UTF-8") from None
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            raise ConfigError(f"{path}: line {binding.original.line}: cannot parse .env line")
    values = dotenv_values(stream=io.StringIO(text), interpolate=False)
    return {
        spec.env: (values[spec.env], str(path)) for spec in KEYS if values.get(spec.env) is not None
    }


def _read_layer(path: Path, explicit: str | None, read: Callable[[Path], _Raw]) -> _Raw:
    if path.exists():
        return read(path)
    if explicit:
        raise ConfigError(f"{path}: file not found (named by {explicit})")
    return {}


def _parse(spec: KeySpec, raw: str, source: str) -> Any:
    try:
        return spec.parse(raw.strip())
    except ValueError as exc:
        problem = str(exc) if isinstance(exc, _Invalid) else "invalid value"
        raise ConfigError(f"{spec.env}: {problem}; set in {source}", key=spec.env) from None


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    ini_path: str | Path | None = None,
    dotenv_path: str | Path | None = None,
) -> Settings:
    """Merge defaults < config.ini < .env < environ into validated ``Settings``.

    ``environ`` defaults to ``os.environ`` and is only read, never written. The ini path is
    ``ini_path``, else ``$TOKDROP_CONFIG``, else ``./config.ini``; the .env path is
    ``dotenv_path``, else ``./.env``. A missing default file is skipped; a missing file that
    was named explicitly raises ``ConfigError``, as does any malformed file or bad value.
    """
    env = os.environ if environ is None else environ
    ini_origin = "ini_path" if ini_path is not None else None
    if ini_path is None and env.get(CONFIG_PATH_ENV):
        ini_path, ini_origin = env[CONFIG_PATH_ENV], CONFIG_PATH_ENV
    dotenv_origin = "dotenv_path" if dotenv_path is not None else None

    raw: _Raw = {spec.env: (spec.default, "the built-in defaults") for spec in KEYS}
    raw.update(_read_layer(Path(ini_path or DEFAULT_INI_PATH), ini_origin, _read_ini))
    raw.update(_read_layer(Path(dotenv_path or DEFAULT_DOTENV_PATH), dotenv_origin, _read_dotenv))
    raw.update({spec.env: (env[spec.env], "environment") for spec in KEYS if spec.env in env})
    settings = Settings(**{spec.field: _parse(spec, *raw[spec.env]) for spec in KEYS})
    if settings.tg_server == PUBLIC_BOT_API and (settings.max_upload_mb or 0) > PUBLIC_UPLOAD_MB:
        raise ConfigError(
            f"MAX_UPLOAD_MB: the public Bot API accepts uploads of at most {PUBLIC_UPLOAD_MB} MB; "
            f"set TG_SERVER to a self-hosted Bot API server for more; set in {raw['MAX_UPLOAD_MB'][1]}",
            key="MAX_UPLOAD_MB",
        )
    if settings.webhook_mode and settings.webhook_path in RESERVED_WEB_PATHS:
        raise ConfigError(
            f"WEBHOOK_URL: the path {settings.webhook_path} is the web server's own; pick another, "
            f"e.g. /telegram; set in {raw['WEBHOOK_URL'][1]}", key="WEBHOOK_URL",
        )
    return settings


def _display(value: Any, secret: bool) -> str:
    if isinstance(value, Secret):
        return str(value)
    if secret:
        return _MASK
    if isinstance(value, frozenset):
        return ", ".join(str(item) for item in sorted(value)) or _EMPTY
    return str(value) if value != "" else _EMPTY


def describe_settings(settings: Settings) -> list[str]:
    """``KEY = value`` lines for every key, in ``KEYS`` order, with secrets masked."""
    return [f"{spec.env} = {_display(getattr(settings, spec.field), spec.secret)}" for spec in KEYS]
