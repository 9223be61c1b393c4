"""The resolver interface both backends implement, and the factory choosing one by settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

import aiohttp

from .http import create_http_session
from .models import CreatorPage, Post

if TYPE_CHECKING:
    from data.config import Settings

__all__ = ["Resolver", "create_http_session", "create_resolver"]


@runtime_checkable
class Resolver(Protocol):
    """Turns TikTok links into posts and lists creators' posts; errors are ResolveError."""

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


def create_resolver(
    settings: Settings, session: aiohttp.ClientSession, *, backoff_base: float = 0.5
) -> Resolver:
    """The resolver ``settings.tiktok_backend`` names ("tikwm" or "ytdlp").

    ``session`` is the bot's shared session from :func:`create_http_session` (the ytdlp backend
    does its own HTTP and ignores it). ``backoff_base`` (seconds) is for tests.
    """
    if settings.tiktok_backend == "tikwm":
        from .tikwm import TikwmResolver

        return TikwmResolver.from_settings(settings, session, backoff_base=backoff_base)
    if settings.tiktok_backend == "ytdlp":
        from .ytdlp import YtDlpResolver

        return YtDlpResolver.from_settings(settings)
    raise ValueError(f"unknown TikTok backend {settings.tiktok_backend!r}")
