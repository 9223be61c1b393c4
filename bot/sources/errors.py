"""Why a post, creator page or media file could not be fetched.

Every error is a :class:`ResolveError` whose ``reason`` is one of :data:`REASONS`, so callers can
pick a user-facing message without caring which backend failed. Messages name the service and
the problem; they never contain a proxy URL or credentials.
"""

from __future__ import annotations

__all__ = [
    "REASONS",
    "CreatorListingUnsupported",
    "CreatorNotFound",
    "InvalidLink",
    "LoginRequired",
    "MediaHostRefused",
    "MediaTooLarge",
    "MediaUnavailable",
    "PostPrivate",
    "PostUnavailable",
    "ResolveError",
    "ResolverDown",
    "ResolverTimeout",
    "SlideshowUnsupported",
    "Unsupported",
]

REASONS = (
    "invalid_link",
    "unavailable",
    "private",
    "login_required",
    "timeout",
    "resolver_down",
    "media_unavailable",
    "too_large",
    "host_refused",
    "unsupported",
)


class ResolveError(Exception):
    """Base class: ``reason`` is one of :data:`REASONS`, ``str()`` a one-line explanation."""

    reason: str = "resolver_down"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.reason.replace("_", " "))

    @property
    def message(self) -> str:
        """The one-line explanation (same as ``str(error)``)."""
        return str(self)


class InvalidLink(ResolveError):
    """The text is not a post link the backend serves, or the resolver could not parse it."""

    reason = "invalid_link"


class PostUnavailable(ResolveError):
    """The post is private, deleted or does not exist (or has no media the bot can send)."""

    reason = "unavailable"


class PostPrivate(PostUnavailable):
    """The post is private (or its account is): only its followers may see it."""

    reason = "private"


class LoginRequired(PostUnavailable):
    """The platform shows the post only to a logged-in visitor (age-restricted, or a login wall
    the backend could not pass: for yt-dlp, a cookies file may help)."""

    reason = "login_required"


class SlideshowUnsupported(PostUnavailable):
    """The post is a photo slideshow and the active backend cannot fetch slideshows."""


class CreatorNotFound(ResolveError):
    """The creator does not exist (or their posts cannot be listed)."""

    reason = "unavailable"


class ResolverTimeout(ResolveError):
    """The resolver or media server did not answer in time (after the retries)."""

    reason = "timeout"


class ResolverDown(ResolveError):
    """The resolver failed: 5xx, connection error, 4xx from its API or an unreadable answer."""

    reason = "resolver_down"


class Unsupported(ResolveError):
    """This backend cannot do what was asked, for any post (it says nothing about the post):
    e.g. list a creator's posts, or an answer it wants the client to process locally.

    A chain of backends skips to the next one on it; it is no sign of a backend's ill health, so
    it should not count towards a circuit breaker either.
    """

    reason = "unsupported"


class CreatorListingUnsupported(Unsupported):
    """The backend cannot list a creator's posts (cobalt only resolves single posts)."""


class MediaUnavailable(ResolveError):
    """A media URL answered 4xx/5xx or could not be reached; ``status`` when there was one."""

    reason = "media_unavailable"

    def __init__(self, message: str = "", *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class MediaTooLarge(ResolveError):
    """The media is larger than ``limit`` bytes; ``size`` is its size in bytes when known."""

    reason = "too_large"

    def __init__(self, message: str = "", *, size: int | None = None, limit: int) -> None:
        if not message:
            known = f"{size} bytes" if size is not None else "more than the limit"
            message = f"media is too large ({known}; limit {limit} bytes)"
        super().__init__(message)
        self.size = size
        self.limit = limit


class MediaHostRefused(ResolveError):
    """A media URL (or a redirect) points at an address the media host rule refuses: a
    private, loopback, link-local, multicast or reserved one that is no configured service
    (see :mod:`bot.sources.media_hosts`)."""

    reason = "host_refused"
