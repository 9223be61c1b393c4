"""Fetching TikTok posts: one :class:`Resolver` interface, two backends (tikwm, yt-dlp), and
capped streaming downloads of the media they point at.

Typical use::

    session = create_http_session(settings)          # one per bot, closed at shutdown
    resolver = create_resolver(settings, session)
    post = await resolver.resolve("https://vm.tiktok.com/ZMabc/")
    video = await download(session, post.video_url, max_bytes=settings.upload_limit_bytes,
                           timeout=settings.tiktok_timeout, proxy=proxy_from_settings(settings))
"""

from .download import download, download_to_file, probe_size
from .errors import (
    REASONS,
    CreatorNotFound,
    InvalidLink,
    MediaTooLarge,
    MediaUnavailable,
    PostUnavailable,
    ResolveError,
    ResolverDown,
    ResolverTimeout,
    SlideshowUnsupported,
)
from .http import create_http_session, proxy_from_settings
from .models import CreatorPage, CreatorPost, Post, PostKind, Sound
from .resolver import Resolver, create_resolver

__all__ = [
    "REASONS",
    "CreatorNotFound",
    "CreatorPage",
    "CreatorPost",
    "InvalidLink",
    "MediaTooLarge",
    "MediaUnavailable",
    "Post",
    "PostKind",
    "PostUnavailable",
    "ResolveError",
    "Resolver",
    "ResolverDown",
    "ResolverTimeout",
    "SlideshowUnsupported",
    "Sound",
    "create_http_session",
    "create_resolver",
    "download",
    "download_to_file",
    "probe_size",
    "proxy_from_settings",
]
