"""Startup configuration: built-in defaults < config.ini < .env < process environment.

- :mod:`.values`: what each raw string may be and what it is parsed into (``Secret``,
  ``DatabaseUrl``, the ``parse_*`` functions, ``ConfigError``);
- :mod:`.settings`: every key declared once in ``KEYS``, the validated ``Settings`` and
  ``describe_settings``;
- :mod:`.sources`: reading config.ini, .env and the environment, and ``load_settings``.

The names below are the package's public ones, re-exported as they were from ``data/config.py``.
"""

from __future__ import annotations

from .settings import (
    DEFAULT_WEB_PORT,
    KEYS,
    PUBLIC_BOT_API,
    PUBLIC_UPLOAD_MB,
    RESERVED_WEB_PATHS,
    SELF_HOSTED_UPLOAD_MB,
    KeySpec,
    Settings,
    describe_settings,
)
from .sources import CONFIG_PATH_ENV, DEFAULT_DOTENV_PATH, DEFAULT_INI_PATH, load_settings
from .values import (
    LOG_LEVELS,
    POSTGRES_SCHEMES,
    SQLITE_SCHEMES,
    ConfigError,
    DatabaseUrl,
    Secret,
)

__all__ = [
    "CONFIG_PATH_ENV",
    "DEFAULT_DOTENV_PATH",
    "DEFAULT_INI_PATH",
    "DEFAULT_WEB_PORT",
    "KEYS",
    "LOG_LEVELS",
    "POSTGRES_SCHEMES",
    "PUBLIC_BOT_API",
    "PUBLIC_UPLOAD_MB",
    "RESERVED_WEB_PATHS",
    "SELF_HOSTED_UPLOAD_MB",
    "SQLITE_SCHEMES",
    "ConfigError",
    "DatabaseUrl",
    "KeySpec",
    "Secret",
    "Settings",
    "describe_settings",
    "load_settings",
]
