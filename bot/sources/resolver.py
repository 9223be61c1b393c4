"""The resolver interface every backend (and the chain of them) implements, the registries of
backends by name (one per platform), and the factories building the platforms' chains from
settings."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import aiohttp

from data.config import ConfigError
from data.models.platform import Platform

from .chain import ResolverChain
from .http import create_http_session
from .models import CreatorPage, Post

if TYPE_CHECKING:
    from data.config import Settings

__all__ = [
    "INSTAGRAM_BACKEND_REGISTRY",
    "TIKTOK_BACKEND_REGISTRY",
    "BackendSpec",
    "Resolver",
    "build_chain",
    "check_backend_settings",
    "check_backends",
    "create_http_session",
    "create_resolver",
    "create_resolvers",
]


@runtime_checkable
class Resolver(Protocol):
    """Turns post links into posts and lists creators' posts; errors are ResolveError.

    A backend that cannot list creators raises :class:`~bot.sources.errors.Unsupported` (or
    ``NotImplementedError``) from ``creator_posts``: the chain then asks the next backend."""

    async def resolve(self, link: str) -> Post:
        """The post behind ``link``."""
        ...

    async def creator_posts(
        self,
        unique_id: str,
        *,
        since: int | None = None,
        count: int = 20,
        cursor: str | None = None,
    ) -> CreatorPage:
        """A page of the creator's posts, newest first; only those after ``since`` if given."""
        ...

    async def close(self) -> None:
        """Release what the resolver holds (never the shared HTTP session)."""
        ...


# factory(settings, shared HTTP session, backoff_base) -> the backend's resolver. Retries come
# from settings.tiktok_retries, which build_chain sets to 0 for every backend but the last.
BackendFactory = Callable[["Settings", aiohttp.ClientSession, float], Resolver]


@dataclass(frozen=True)
class BackendSpec:
    """How to build one backend, and the config keys it cannot work without."""

    factory: BackendFactory
    needs: tuple[str, ...] = ()


def _tikwm(settings: Settings, session: aiohttp.ClientSession, backoff_base: float) -> Resolver:
    from .tikwm import TikwmResolver

    return TikwmResolver.from_settings(settings, session, backoff_base=backoff_base)


def _ytdlp(settings: Settings, _session: aiohttp.ClientSession, _backoff: float) -> Resolver:
    from .ytdlp import YtDlpResolver  # does its own HTTP

    return YtDlpResolver.from_settings(settings)


def _cobalt(settings: Settings, session: aiohttp.ClientSession, backoff_base: float) -> Resolver:
    from .cobalt import CobaltResolver

    return CobaltResolver.from_settings(settings, session, backoff_base=backoff_base)


def _ytdlp_instagram(
    settings: Settings, _session: aiohttp.ClientSession, _backoff: float
) -> Resolver:
    from .ytdlp_instagram import YtDlpInstagramResolver

    return YtDlpInstagramResolver.from_settings(settings)


def _cobalt_instagram(
    settings: Settings, session: aiohttp.ClientSession, backoff_base: float
) -> Resolver:
    from .cobalt_instagram import CobaltInstagramResolver

    return CobaltInstagramResolver.from_settings(settings, session, backoff_base=backoff_base)


# The TikTok backends TIKTOK_BACKENDS may name: one line per backend.
TIKTOK_BACKEND_REGISTRY: dict[str, BackendSpec] = {
    "tikwm": BackendSpec(_tikwm, needs=("TIKWM_URL",)),
    "ytdlp": BackendSpec(_ytdlp),
    "cobalt": BackendSpec(_cobalt, needs=("COBALT_URL",)),
}

# The Instagram backends INSTAGRAM_BACKENDS may name.
INSTAGRAM_BACKEND_REGISTRY: dict[str, BackendSpec] = {
    "cobalt": BackendSpec(_cobalt_instagram, needs=("COBALT_URL",)),
    "ytdlp": BackendSpec(_ytdlp_instagram),
}

# Each platform's chain: where its names come from (a Settings property) and its registry.
_PLATFORMS: dict[Platform, tuple[Callable[[Settings], tuple[tuple[str, ...], str]], Mapping]] = {
    Platform.TIKTOK: (lambda settings: settings.tiktok_chain, TIKTOK_BACKEND_REGISTRY),
    Platform.INSTAGRAM: (lambda settings: settings.instagram_chain, INSTAGRAM_BACKEND_REGISTRY),
}


def check_backends(
    names: Sequence[str], key: str, registry: Mapping[str, BackendSpec], settings: Settings
) -> None:
    """Raise :class:`ConfigError` naming ``key`` for an unknown backend or one whose required
    keys (its URL) are not set."""
    for name in names:
        spec = registry.get(name)
        if spec is None:
            known = ", ".join(registry)
            raise ConfigError(f"{key}: unknown backend {name!r} (known: {known})", key=key)
        missing = [need for need in spec.needs if not getattr(settings, need.lower(), None)]
        if missing:
            raise ConfigError(
                f"{key}: backend {name!r} needs {', '.join(missing)} to be set", key=key
            )


def check_backend_settings(settings: Settings) -> None:
    """Check every platform's backend list (start-up calls it before anything else): raise
    :class:`ConfigError` naming ``TIKTOK_BACKENDS`` / ``INSTAGRAM_BACKENDS`` (or
    ``TIKTOK_BACKEND``) for an unknown backend or one without its URL."""
    for chain_of, registry in _PLATFORMS.values():
        names, key = chain_of(settings)
        check_backends(names, key, registry, settings)


def build_chain(
    platform: str,
    names: Sequence[str],
    key: str,
    registry: Mapping[str, BackendSpec],
    settings: Settings,
    session: aiohttp.ClientSession,
    *,
    backoff_base: float = 0.5,
    clock: Callable[[], float] = time.monotonic,
) -> ResolverChain:
    """The chain of ``platform``'s backends ``names`` (named by config ``key``), built from
    ``registry``. Every backend but the last gets no retries: falling through to the next one
    is its retry, so a backend that times out costs a link at most one timeout. Breakers
    follow ``BREAKER_FAILURES`` / ``BREAKER_COOLDOWN``."""
    check_backends(names, key, registry, settings)
    last = len(names) - 1
    no_retries = dataclasses.replace(settings, tiktok_retries=0)
    resolvers = [
        (name, registry[name].factory(settings if i == last else no_retries, session, backoff_base))
        for i, name in enumerate(names)
    ]
    return ResolverChain.of(
        platform,
        resolvers,
        failures=settings.breaker_failures,
        cooldown=settings.breaker_cooldown,
        clock=clock,
    )


def create_resolver(
    settings: Settings,
    session: aiohttp.ClientSession,
    *,
    backoff_base: float = 0.5,
    clock: Callable[[], float] = time.monotonic,
) -> ResolverChain:
    """The TikTok chain ``TIKTOK_BACKENDS`` (else ``TIKTOK_BACKEND``) names, e.g. tikwm, ytdlp.

    ``session`` is the bot's shared session from :func:`create_http_session` (the ytdlp backend
    does its own HTTP and ignores it). ``backoff_base`` (seconds) and ``clock`` (the breakers')
    are for tests. Raises :class:`ConfigError` for an unknown backend or one without its URL.
    """
    names, key = settings.tiktok_chain
    return build_chain(
        "tiktok",
        names,
        key,
        TIKTOK_BACKEND_REGISTRY,
        settings,
        session,
        backoff_base=backoff_base,
        clock=clock,
    )


def create_resolvers(
    settings: Settings,
    session: aiohttp.ClientSession,
    *,
    backoff_base: float = 0.5,
    clock: Callable[[], float] = time.monotonic,
) -> dict[Platform, ResolverChain]:
    """Every platform's chain, by platform: TikTok's as :func:`create_resolver` builds it,
    Instagram's from ``INSTAGRAM_BACKENDS`` (default ``cobalt`` when ``COBALT_URL`` is set,
    else ``ytdlp``). A chain's ``platform`` is the Platform's value (``"instagram"``).

    Both platforms are checked before anything is built: :class:`ConfigError` names the key
    of the first bad list."""
    check_backend_settings(settings)
    chains = {}
    for platform, (chain_of, registry) in _PLATFORMS.items():
        names, key = chain_of(settings)
        chains[platform] = build_chain(
            platform.value,
            names,
            key,
            registry,
            settings,
            session,
            backoff_base=backoff_base,
            clock=clock,
        )
    return chains
