"""Fetching posts (TikTok, Instagram): one :class:`Resolver` interface, three backends
(tikwm, yt-dlp, cobalt) in an ordered chain with fallback and a circuit breaker each (:mod:`.chain`,
:mod:`.breaker`), and capped streaming downloads of the media they point at, under the media host
rule.

Typical use::

    session = create_http_session(settings)          # one per bot, closed at shutdown
    chains = create_resolvers(settings, session)     # {Platform: chain}, by *_BACKENDS
    post = await chains[Platform.TIKTOK].resolve("https://vm.tiktok.com/ZMabc/")
    size = await download_to_file(
        session, post.video_url, folder / "video.mp4",
        hosts=MediaHostRule.from_settings(settings), max_bytes=settings.upload_limit_bytes,
        timeout=settings.tiktok_timeout, deadline=settings.media_download_deadline,
        proxy=proxy_from_settings(settings),
    )
"""

from .chain import BackendHealth, ResolverChain
from .download import ByteBudget, download_to_file, probe_size
from .errors import (
    REASONS,
    CreatorListingUnsupported,
    CreatorNotFound,
    InvalidLink,
    LoginRequired,
    MediaHostRefused,
    MediaTooLarge,
    MediaUnavailable,
    PostPrivate,
    PostUnavailable,
    ResolveError,
    ResolverDown,
    ResolverTimeout,
    SlideshowUnsupported,
    Unsupported,
)
from .http import create_http_session, proxy_from_settings
from .media_hosts import MediaHostRule
from .models import (
    CreatorPage,
    CreatorPost,
    MediaItem,
    MediaType,
    Post,
    PostKind,
    Rendition,
    Sound,
)
from .resolver import Resolver, check_backend_settings, create_resolver, create_resolvers

__all__ = [
    "REASONS",
    "BackendHealth",
    "ByteBudget",
    "CreatorListingUnsupported",
    "CreatorNotFound",
    "CreatorPage",
    "CreatorPost",
    "InvalidLink",
    "LoginRequired",
    "MediaHostRefused",
    "MediaHostRule",
    "MediaItem",
    "MediaTooLarge",
    "MediaType",
    "MediaUnavailable",
    "Post",
    "PostKind",
    "PostPrivate",
    "PostUnavailable",
    "Rendition",
    "ResolveError",
    "Resolver",
    "ResolverChain",
    "ResolverDown",
    "ResolverTimeout",
    "SlideshowUnsupported",
    "Sound",
    "Unsupported",
    "check_backend_settings",
    "create_http_session",
    "create_resolver",
    "create_resolvers",
    "download_to_file",
    "probe_size",
    "proxy_from_settings",
]
