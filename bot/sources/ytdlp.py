"""The yt-dlp backend: TikTok videos and creator lists through yt-dlp's TikTok extractors
(Instagram's resolver builds on it: :mod:`.ytdlp_instagram`).

yt-dlp runs in worker threads (``asyncio.to_thread``), a few at a time, one ``YoutubeDL`` per
call. It cannot fetch photo slideshows: ``/photo/`` links (and posts yt-dlp only finds audio
for) raise :class:`SlideshowUnsupported` -- a chain passes those on to tikwm or cobalt.

``YTDLP_COOKIES`` (a Netscape cookies file) is handed to every call as a private copy without
malformed lines: yt-dlp writes its jar back to the file it was given, and prints a malformed
line, values and all, to stderr.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bot.links.tiktok import PARSER as TIKTOK_LINKS
from bot.links.tiktok import creator_from_text

from .errors import (
    CreatorNotFound,
    InvalidLink,
    PostUnavailable,
    ResolveError,
    ResolverDown,
    ResolverTimeout,
    SlideshowUnsupported,
)
from .http import describe_exception, proxy_from_settings, redact
from .models import CreatorPage, CreatorPost, Post, PostKind, Rendition, Sound

if TYPE_CHECKING:
    from data.config import Settings

__all__ = [
    "ALLOWED_EXTRACTORS",
    "SLIDESHOW_MESSAGE",
    "YtDlpResolver",
    "error_from_message",
    "post_from_info",
    "rank_video_formats",
    "renditions_of",
    "select_video_format",
    "ytdlp_link",
]

logger = logging.getLogger("bot.sources.ytdlp")

SERVICE = "yt-dlp"
SLIDESHOW_MESSAGE = "photo slideshows need tikwm or cobalt in TIKTOK_BACKENDS"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LINK_PARTS = re.compile(r"/@(?P<user>[^/]+)/(?P<kind>video|photo)/(?P<id>\d+)$")

YdlFactory = Callable[[dict[str, Any]], Any]
# yt-dlp's extractors (IE_NAME, compared case-insensitively) for the platforms we serve: TikTok
# posts, short links and users; Instagram posts, reels and carousels (not its stories, users
# or tags). Every other one, the generic extractor included, is off, so a link or redirect
# elsewhere is never fetched by yt-dlp.
ALLOWED_EXTRACTORS = ["tiktok", "tiktok:user", "vm.tiktok", "instagram"]


def ytdlp_link(link: str) -> str:
    """The form of a normalised TikTok link that yt-dlp's extractors accept.

    yt-dlp wants ``www.tiktok.com`` for full links and ``/t/`` short links.
    """
    scheme, _, rest = link.partition("://")
    host, _, path = rest.partition("/")
    if host in ("tiktok.com", "m.tiktok.com"):
        host = "www.tiktok.com"
    return f"{scheme}://{host}/{path}"


def _is_watermarked(fmt: Mapping[str, Any]) -> bool:
    said = f"{fmt.get('format_id') or ''} {fmt.get('format_note') or ''}".lower()
    return "watermark" in said


def _has_video(fmt: Mapping[str, Any]) -> bool:
    return fmt.get("vcodec") != "none" and bool(fmt.get("url"))


def _unplayable(fmt: Mapping[str, Any]) -> bool:
    return "unplayable" in str(fmt.get("format_note") or "").lower()


def _kind(fmt: Mapping[str, Any]) -> tuple[bool, bool, bool]:
    """What makes a format better regardless of its size: no watermark, with audio, H.264."""
    vcodec = str(fmt.get("vcodec") or "").lower()
    return (
        not _is_watermarked(fmt),
        fmt.get("acodec") != "none",
        vcodec.startswith(("h264", "avc")),
    )


def rank_video_formats(formats: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The formats with video and a URL, not unplayable, best first: preferring, in order, no
    watermark, with audio, H.264 (plays in every Telegram client), more pixels, and then
    yt-dlp's own order (it lists formats worst to best)."""
    candidates = [
        (index, fmt)
        for index, fmt in enumerate(formats)
        if isinstance(fmt, Mapping) and _has_video(fmt) and not _unplayable(fmt)
    ]

    def rank(item: tuple[int, Mapping[str, Any]]) -> tuple[bool, bool, bool, int, int]:
        index, fmt = item
        pixels = (fmt.get("width") or 0) * (fmt.get("height") or 0)
        return (*_kind(fmt), pixels if isinstance(pixels, int) else 0, index)

    return [fmt for _, fmt in sorted(candidates, key=rank, reverse=True)]


def select_video_format(formats: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The best format to send (the first of :func:`rank_video_formats`); None when no format
    has video."""
    ranked = rank_video_formats(formats)
    return ranked[0] if ranked else None


def _rendition(fmt: Mapping[str, Any]) -> Rendition:
    return Rendition(
        url=str(fmt["url"]),
        size=_int(fmt.get("filesize")) or _int(fmt.get("filesize_approx")),
        width=_int(fmt.get("width")),
        height=_int(fmt.get("height")),
    )


def renditions_of(formats: Sequence[Mapping[str, Any]]) -> tuple[Rendition, ...]:
    """The files a post may be sent as, best first (the first is :func:`select_video_format`'s):
    the ranked formats of the best one's kind -- no watermark, with audio, H.264 when it is
    (so a smaller rendition plays wherever the best does) -- one per URL. () without video."""
    ranked = rank_video_formats(formats)
    if not ranked:
        return ()
    best = _kind(ranked[0])
    found: dict[str, Rendition] = {}
    for fmt in ranked:
        if _kind(fmt) == best:
            found.setdefault(str(fmt["url"]), _rendition(fmt))
    return tuple(found.values())


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if value > 0 else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def post_from_info(info: Mapping[str, Any], link: str | None = None) -> Post:
    """Map a yt-dlp info dict (``extract_info(..., download=False)``) to a video Post.

    Author: ``uploader`` (TikTok's unique id), else the link's ``@user``, else ``uploader_id``;
    the display name is ``channel``. Sound from ``track``/``artist(s)`` with the audio format's
    URL; yt-dlp gives no music id, so ``Sound.id`` is "". Raises SlideshowUnsupported when
    yt-dlp found no video (a slideshow it only sees the audio of).
    """
    post_id = str(info.get("id") or "").strip()
    if not post_id:
        raise ResolverDown(f"{SERVICE} gave no post id")
    link_parts = _LINK_PARTS.search(link or "")
    formats = [f for f in info.get("formats") or () if isinstance(f, Mapping)]
    chosen = select_video_format(formats)
    direct = not formats and info.get("url") and info.get("vcodec") != "none"
    if chosen is None and direct and not _is_watermarked(info):
        chosen = info
    if chosen is None:
        audio_only = (
            all(f.get("vcodec") == "none" for f in formats)
            if formats
            else bool(info.get("url")) and info.get("vcodec") == "none"
        )
        if audio_only or (link_parts is not None and link_parts["kind"] == "photo"):
            raise SlideshowUnsupported(f"{SERVICE}: post {post_id}: {SLIDESHOW_MESSAGE}")
        raise PostUnavailable(f"{SERVICE}: post {post_id} has no video without watermark")

    author = (
        _text(info.get("uploader"))
        or (link_parts["user"] if link_parts else "")
        or _text(info.get("uploader_id"))
        or _text(info.get("channel"))
    )
    title = _text(info.get("title"))
    caption = _text(info.get("description")) or (
        "" if title.startswith("TikTok video #") else title
    )
    artists = info.get("artists")
    artist = _text(info.get("artist")) or (
        ", ".join(a for a in artists if isinstance(a, str)) if isinstance(artists, list) else ""
    )
    track = _text(info.get("track"))
    sound = None
    if track or artist:
        audio = next((f for f in formats if f.get("vcodec") == "none" and f.get("url")), None)
        sound = Sound(
            id="",
            title=track,
            author=artist,
            url=audio.get("url") if audio else None,
            duration=_int(info.get("duration")),
        )
    thumbnails = [t for t in info.get("thumbnails") or () if isinstance(t, Mapping)]
    cover = _text(info.get("thumbnail")) or (_text(thumbnails[-1].get("url")) if thumbnails else "")
    renditions = renditions_of(formats)  # () for a single-format answer
    return Post(
        id=post_id,
        author=author,
        author_name=_text(info.get("channel")) or author,
        caption=caption,
        kind=PostKind.VIDEO,
        video_url=str(chosen["url"]),
        image_urls=(),
        sound=sound,
        duration=_int(info.get("duration")),
        width=_int(chosen.get("width")) or _int(info.get("width")),
        height=_int(chosen.get("height")) or _int(info.get("height")),
        cover_url=cover or None,
        size=_int(chosen.get("filesize")) or _int(chosen.get("filesize_approx")),
        created_at=_int(info.get("timestamp")),
        renditions=_with_post_dimensions(renditions, info),
    )


def _with_post_dimensions(
    renditions: tuple[Rendition, ...], info: Mapping[str, Any]
) -> tuple[Rendition, ...]:
    """``renditions`` with the best one's missing width/height taken from the info dict (as
    the Post's are); () when there is only one (the one ``video_url`` describes)."""
    if len(renditions) < 2:
        return ()
    best = renditions[0]
    best = Rendition(
        best.url,
        best.size,
        best.width or _int(info.get("width")),
        best.height or _int(info.get("height")),
    )
    return (best, *renditions[1:])


_SERVER_ERROR = re.compile(r"http error (?:5\d\d|429)")
_TIMEOUT_WORDS = ("timed out", "timeout")
_DOWN_WORDS = ("ip address is blocked", "blocked from accessing", "captcha", "challenge")
_GONE_WORDS = (
    "private",
    "log in",
    "log into",
    "login",
    "permission",
    "not available",
    "not found",
    "does not exist",
    "doesn't exist",
    "removed",
    "deleted",
    "http error 404",
    "secondary user id",
)


def _clean(message: str, proxy: str | None) -> str:
    text = _ANSI.sub("", redact(message, proxy)).strip()
    text = re.sub(r"^(?:ERROR|WARNING):\s*", "", text)
    text = text.splitlines()[0] if text else ""
    for tail in ("; please report this issue", " (caused by "):
        text = text.split(tail, 1)[0]
    return text.strip() or "no reason given"


def error_from_message(
    message: str, *, proxy: str | None = None, creator: bool = False
) -> ResolveError:
    """The ResolveError for a yt-dlp error message (proxy details redacted).

    Unsupported URL → InvalidLink (SlideshowUnsupported for ``/photo/``); timed out →
    ResolverTimeout; private, login required, not available, not found → PostUnavailable
    (CreatorNotFound when ``creator``); blocked, unable to extract, HTTP 5xx, connection and
    anything else → ResolverDown.
    """
    text = _clean(message, proxy)
    lower = text.lower()
    detail = f"{SERVICE}: {text}"
    if "unsupported url" in lower:
        if "/photo/" in lower:
            return SlideshowUnsupported(f"{SERVICE}: {SLIDESHOW_MESSAGE}")
        return InvalidLink(detail)
    if any(word in lower for word in _TIMEOUT_WORDS):
        return ResolverTimeout(detail)
    if any(word in lower for word in _DOWN_WORDS) or _SERVER_ERROR.search(lower):
        return ResolverDown(detail)
    if any(word in lower for word in _GONE_WORDS):
        return CreatorNotFound(detail) if creator else PostUnavailable(detail)
    return ResolverDown(detail)


class _QuietLogger:
    """Routes yt-dlp's output to our log at DEBUG, proxy redacted, and keeps its warnings
    (errors become exceptions)."""

    def __init__(self, proxy: str | None) -> None:
        self._proxy = proxy
        self.warnings: list[str] = []

    def debug(self, message: str) -> None:
        logger.debug("%s", redact(_ANSI.sub("", message), self._proxy))

    info = error = debug

    def warning(self, message: str) -> None:
        self.warnings.append(_clean(message, self._proxy))
        self.debug(message)


def _network_failure(warnings: Sequence[str]) -> ResolveError | None:
    """A timeout or connection failure yt-dlp only warned about (then gave a vaguer error)."""
    for text in warnings:
        lower = text.lower()
        if any(word in lower for word in _TIMEOUT_WORDS):
            return ResolverTimeout(f"{SERVICE}: {text}")
        if "unable to download" in lower or "proxy" in lower or _SERVER_ERROR.search(lower):
            return ResolverDown(f"{SERVICE}: {text}")
    return None


@contextlib.contextmanager
def _cookie_copy(path: str) -> Iterator[str]:
    """A private copy of the cookies file ``path`` (malformed lines left out and counted,
    never shown), removed afterwards."""
    from data.config.values import NETSCAPE_HEADER, cookie_line_problem  # the start-up check's

    try:
        with open(path, encoding="utf-8") as source:
            lines = source.readlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise ResolverDown(f"{SERVICE}: cannot read YTDLP_COOKIES ({reason})") from None
    if lines and NETSCAPE_HEADER.search(lines[0]):
        lines = lines[1:]
    kept = [line.rstrip("\r\n") + "\n" for line in lines if cookie_line_problem(line) is None]
    if len(kept) < len(lines):
        logger.warning("YTDLP_COOKIES: %d malformed line(s) left out", len(lines) - len(kept))
    with tempfile.TemporaryDirectory(prefix="tokdrop-cookies-") as folder:
        copy = os.path.join(folder, "cookies.txt")
        with open(copy, "w", encoding="utf-8") as target:
            target.write("# Netscape HTTP Cookie File\n")
            target.writelines(kept)
        yield copy


def _default_factory(options: dict[str, Any]) -> Any:
    import yt_dlp

    return yt_dlp.YoutubeDL(options)


class YtDlpResolver:
    """Resolver on yt-dlp (videos only; slideshows raise SlideshowUnsupported)."""

    def __init__(
        self,
        *,
        timeout: float,
        retries: int,
        proxy: str | None = None,
        max_concurrency: int = 4,
        deadline: float | None = None,
        cookies: str = "",
        ydl_factory: YdlFactory | None = None,
    ) -> None:
        """``timeout``: yt-dlp's socket timeout (s); ``retries``: its extractor retries;
        ``deadline``: cap on one whole extraction (default ``4 * timeout * (retries + 1)``);
        ``cookies``: a Netscape cookies file ("" for none); ``ydl_factory(options)`` makes the
        YoutubeDL (tests pass a fake)."""
        self.timeout = timeout
        self.cookies = cookies
        self.retries = retries
        self.deadline = deadline if deadline is not None else 4 * timeout * (retries + 1)
        self._proxy = proxy or None
        self._factory = ydl_factory or _default_factory
        self._slots = asyncio.Semaphore(max_concurrency)

    @classmethod
    def from_settings(cls, settings: Settings, **kwargs: Any) -> YtDlpResolver:
        """A resolver configured from ``TIKTOK_TIMEOUT``, ``TIKTOK_RETRIES``, ``TIKTOK_PROXY``
        and ``YTDLP_COOKIES``."""
        return cls(
            timeout=settings.tiktok_timeout,
            retries=settings.tiktok_retries,
            proxy=proxy_from_settings(settings),
            cookies=settings.ytdlp_cookies,
            **kwargs,
        )

    def options(self, **extra: Any) -> dict[str, Any]:
        """The YoutubeDL options for one call (``proxy`` "" means a direct connection)."""
        return {
            "quiet": True,
            "no_warnings": True,
            "noprogress": True,
            "color": "never",
            "skip_download": True,
            "noplaylist": True,
            "allowed_extractors": [re.escape(name) for name in ALLOWED_EXTRACTORS],
            "socket_timeout": self.timeout,
            "extractor_retries": self.retries,
            "retries": self.retries,
            "proxy": self._proxy or "",
            "logger": _QuietLogger(self._proxy),
            **extra,
        }

    def _run(self, url: str, options: dict[str, Any]) -> dict[str, Any]:
        with contextlib.ExitStack() as stack:
            if self.cookies:
                options = {**options, "cookiefile": stack.enter_context(_cookie_copy(self.cookies))}
            ydl = self._factory(options)
            with ydl:
                info = ydl.extract_info(url, download=False)
                return ydl.sanitize_info(info) if hasattr(ydl, "sanitize_info") else info

    def _error_for(self, message: str, *, creator: bool) -> ResolveError:
        """Our error for a yt-dlp error message (a platform's resolver maps its own wording)."""
        return error_from_message(message, proxy=self._proxy, creator=creator)

    async def _extract(self, url: str, *, creator: bool = False, **extra: Any) -> dict[str, Any]:
        import yt_dlp.utils

        log = _QuietLogger(self._proxy)
        async with self._slots:
            try:
                info = await asyncio.wait_for(
                    asyncio.to_thread(self._run, url, self.options(logger=log, **extra)),
                    self.deadline,
                )
            except TimeoutError:
                raise ResolverTimeout(
                    f"{SERVICE} did not finish within {self.deadline:g} s"
                ) from None
            except yt_dlp.utils.YoutubeDLError as exc:
                if creator and "does not have any videos" in str(exc).lower():
                    return {"entries": []}
                error = self._error_for(str(exc), creator=creator)
                if isinstance(error, CreatorNotFound | ResolverDown):
                    error = _network_failure(log.warnings) or error
                raise error from None
            except ResolveError:
                raise  # ours already (an unreadable cookies file)
            except Exception as exc:  # noqa: BLE001 - a yt-dlp bug or an unexpected answer
                raise ResolverDown(
                    f"{SERVICE} failed: {describe_exception(exc, self._proxy)}"
                ) from None
        if not isinstance(info, dict):
            raise ResolverDown(f"{SERVICE} returned no information")
        return info

    async def resolve(self, link: str) -> Post:
        """The video behind a TikTok link; SlideshowUnsupported for photo posts."""
        found = TIKTOK_LINKS.find(link)
        if not found:
            raise InvalidLink("not a TikTok post link")
        url = found[0][1].url
        if "/photo/" in url:
            raise SlideshowUnsupported(f"{SERVICE}: {SLIDESHOW_MESSAGE}")
        info = await self._extract(ytdlp_link(url))
        return post_from_info(info, info.get("webpage_url") or url)

    async def creator_posts(
        self,
        unique_id: str,
        *,
        since: int | None = None,
        count: int = 20,
        cursor: str | None = None,
    ) -> CreatorPage:
        """A page of the creator's posts, newest first, through yt-dlp's ``tiktok:user``
        extractor (flat: no per-post requests). Every post is reported as a VIDEO (a flat
        list cannot tell slideshows apart); the cursor is an offset into the list."""
        name = creator_from_text(unique_id)
        if name is None:
            raise CreatorNotFound(f"{unique_id!r} is not a TikTok unique id")
        offset = int(cursor) if cursor and cursor.isdigit() else 0
        count = max(1, count)
        info = await self._extract(
            f"https://www.tiktok.com/@{name}",
            creator=True,
            extract_flat="in_playlist",
            noplaylist=False,
            playliststart=offset + 1,
            playlistend=offset + count,
        )
        return _creator_page(info.get("entries") or [], offset, count, since)

    async def close(self) -> None:
        """Nothing to release: each call makes (and closes) its own YoutubeDL."""


def _creator_page(
    entries: Sequence[Any], offset: int, count: int, since: int | None
) -> CreatorPage:
    posts: list[CreatorPost] = []
    reached_since = False
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        post_id = str(entry.get("id") or "")
        created_at = _int(entry.get("timestamp"))
        if not post_id.isdigit() or created_at is None:
            continue
        if since is not None and created_at <= since:
            reached_since = True
            continue
        posts.append(CreatorPost(id=post_id, created_at=created_at, kind=PostKind.VIDEO))
    posts.sort(key=lambda post: (post.created_at, int(post.id)), reverse=True)
    has_more = len(entries) >= count and not reached_since
    return CreatorPage(tuple(posts), str(offset + len(entries)) if has_more else None, has_more)
