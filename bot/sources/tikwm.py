"""The tikwm backend: TikTok posts and creator pages through a tikwm-compatible JSON API.

``GET {TIKWM_URL}/api/?url=<link>&hd=1`` answers ``{"code": 0, "msg": "success", "data": {...}}``
(see ``devservers/tikwm.py`` for the full shape); ``code != 0`` carries a ``msg`` saying why
(private, deleted, unparsable URL, rate limit). ``GET {TIKWM_URL}/api/user/posts?unique_id=..&
count=..&cursor=..`` lists a creator's posts. Media URLs in answers may be relative to TIKWM_URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import aiohttp

from bot.links.tiktok import PARSER as TIKTOK_LINKS
from bot.links.tiktok import creator_from_text

from .errors import CreatorNotFound, InvalidLink, PostUnavailable, ResolverDown
from .http import RetryPolicy, get_json, proxy_from_settings
from .models import CreatorPage, CreatorPost, Post, PostKind, Rendition, Sound

if TYPE_CHECKING:
    from data.config import Settings

__all__ = ["MAX_PAGE_SIZE", "TikwmResolver", "creator_page_from_data", "post_from_data"]

SERVICE = "tikwm"
MAX_PAGE_SIZE = 35  # tikwm's largest page of /api/user/posts
_INVALID_MESSAGES = ("url parsing", "check url", "invalid url", "url is invalid", "not a valid url")
_RATE_LIMIT_MESSAGES = ("api limit", "too many requests", "rate limit")


def _ok(payload: Any) -> bool:
    return isinstance(payload, Mapping) and payload.get("code") in (0, "0")


def _message(payload: Any) -> str:
    msg = payload.get("msg") if isinstance(payload, Mapping) else None
    return str(msg).strip() if msg else "no reason given"


def _rate_limited(payload: Any) -> str | None:
    if _ok(payload) or not isinstance(payload, Mapping):
        return None
    msg = _message(payload)
    return f"rate limited ({msg})" if any(m in msg.lower() for m in _RATE_LIMIT_MESSAGES) else None


def _int(value: Any) -> int | None:
    """A positive whole number from an int or a digit string; anything else (0 too) is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value > 0 else None


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _absolute(base_url: str, value: Any) -> str | None:
    url = _text(value)
    return urljoin(base_url + "/", url) if url else None


def post_from_data(data: Any, base_url: str) -> Post:
    """Map the ``data`` object of an ``/api/`` answer to a Post (media URLs made absolute).

    Prefers ``hdplay`` over ``play``, never ``wmplay``; a video's :attr:`Post.renditions` are
    both, HD first (see :func:`_renditions`). A non-empty ``images`` list makes a slideshow.
    Raises ResolverDown when ``data`` lacks an id, PostUnavailable when a video has no playable
    URL.
    """
    if not isinstance(data, Mapping) or not _text(str(data.get("id") or "")):
        raise ResolverDown(f"{SERVICE} answered without a post id (malformed data)")
    post_id = str(data["id"]).strip()
    author = data.get("author") if isinstance(data.get("author"), Mapping) else {}
    unique_id = _text(author.get("unique_id"))
    images = data.get("images")
    image_urls = (
        tuple(
            url for url in (_absolute(base_url, item) for item in images or ()) if url is not None
        )
        if isinstance(images, list)
        else ()
    )

    music = data.get("music_info") if isinstance(data.get("music_info"), Mapping) else None
    sound = None
    if music is not None:
        sound = Sound(
            id=str(music.get("id") or ""),
            title=_text(music.get("title")),
            author=_text(music.get("author")),
            url=_absolute(base_url, music.get("play")) or _absolute(base_url, data.get("music")),
            duration=_int(music.get("duration")),
        )

    video_url, size = None, None
    renditions: tuple[Rendition, ...] = ()
    width, height = _int(data.get("width")), _int(data.get("height"))
    if image_urls:
        kind = PostKind.SLIDESHOW
    else:
        kind = PostKind.VIDEO
        renditions = _renditions(data, base_url, width, height)
        if not renditions:
            raise PostUnavailable(f"{SERVICE} found post {post_id} but no video without watermark")
        video_url, size = renditions[0].url, renditions[0].size
        width, height = renditions[0].width, renditions[0].height
        if len(renditions) == 1:
            renditions = ()  # the one video_url describes

    return Post(
        id=post_id,
        author=unique_id,
        author_name=_text(author.get("nickname")) or unique_id,
        caption=_text(data.get("title")),
        kind=kind,
        video_url=video_url,
        image_urls=image_urls,
        sound=sound,
        duration=_int(data.get("duration")),
        width=width,
        height=height,
        cover_url=_absolute(base_url, data.get("cover")),
        size=size,
        created_at=_int(data.get("create_time")),
        renditions=renditions,
    )


def _renditions(
    data: Mapping[str, Any], base_url: str, width: int | None, height: int | None
) -> tuple[Rendition, ...]:
    """A video's files without watermark, best first: ``hdplay`` (``hd_size``), then ``play``
    (``size``); one of them alone when the other is missing or the same URL.

    tikwm gives ``width``/``height`` for the post only: they are taken to be the HD file's (the
    original upload). ``play`` is TikTok's standard rendition, whose dimensions tikwm does not
    say: unknown (None) next to an HD file, the post's when it is the only file.
    """
    hd_url = _absolute(base_url, data.get("hdplay"))
    play_url = _absolute(base_url, data.get("play"))
    if hd_url is None:
        if play_url is None:
            return ()
        return (Rendition(play_url, _int(data.get("size")), width, height),)
    hd = Rendition(hd_url, _int(data.get("hd_size")), width, height)
    if play_url is None or play_url == hd_url:
        return (hd,)
    return (hd, Rendition(play_url, _int(data.get("size")), None, None))


def creator_page_from_data(data: Any, *, since: int | None = None) -> CreatorPage:
    """Map the ``data`` object of an ``/api/user/posts`` answer to a CreatorPage.

    Posts are sorted newest first; with ``since`` only posts created after it are kept, and
    once the page reaches a post at or before ``since`` (pinned posts aside) ``has_more`` is
    False: older pages cannot hold anything newer.
    """
    if not isinstance(data, Mapping):
        raise ResolverDown(f"{SERVICE} answered a creator page without data (malformed)")
    posts: list[CreatorPost] = []
    reached_since = False
    for item in data.get("videos") or ():
        if not isinstance(item, Mapping):
            continue
        post_id = str(item.get("video_id") or item.get("id") or "").strip()
        created_at = _int(item.get("create_time"))
        if not post_id.isdigit() or created_at is None:
            continue
        kind = PostKind.SLIDESHOW if item.get("images") else PostKind.VIDEO
        if since is not None and created_at <= since:
            reached_since = reached_since or not item.get("is_top")
            continue
        posts.append(CreatorPost(id=post_id, created_at=created_at, kind=kind))
    posts.sort(key=lambda post: (post.created_at, int(post.id)), reverse=True)
    cursor = data.get("cursor")
    has_more = bool(data.get("hasMore")) and not reached_since and cursor not in (None, "")
    return CreatorPage(tuple(posts), str(cursor) if has_more else None, has_more)


class TikwmResolver:
    """Resolver on a tikwm-compatible API, sharing the bot's HTTP session."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        timeout: float,
        retries: int,
        proxy: str | None = None,
        backoff_base: float = 0.5,
    ) -> None:
        """``timeout`` s per attempt, ``retries`` extra attempts, backoff from ``backoff_base``."""
        self.session = session
        self.base_url = base_url.rstrip("/")
        self.policy = RetryPolicy(timeout=timeout, retries=retries, backoff_base=backoff_base)
        self._proxy = proxy or None

    @classmethod
    def from_settings(
        cls, settings: Settings, session: aiohttp.ClientSession, *, backoff_base: float = 0.5
    ) -> TikwmResolver:
        """A resolver configured from ``TIKWM_URL``, ``TIKTOK_TIMEOUT``/``RETRIES``/``PROXY``."""
        return cls(
            session,
            base_url=settings.tikwm_url,
            timeout=settings.tiktok_timeout,
            retries=settings.tiktok_retries,
            proxy=proxy_from_settings(settings),
            backoff_base=backoff_base,
        )

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        return await get_json(
            self.session,
            f"{self.base_url}{path}",
            params=params,
            policy=self.policy,
            proxy=self._proxy,
            service=SERVICE,
            retry_payload=_rate_limited,
        )

    async def resolve(self, link: str) -> Post:
        """The post behind a TikTok link (short links included)."""
        found = TIKTOK_LINKS.find(link)
        if not found:
            raise InvalidLink("not a TikTok post link")
        payload = await self._get("/api/", {"url": found[0][1].url, "hd": "1"})
        if not isinstance(payload, Mapping):
            raise ResolverDown(f"{SERVICE} answered JSON that is not an object (malformed)")
        if not _ok(payload):
            msg = _message(payload)
            if any(marker in msg.lower() for marker in _INVALID_MESSAGES):
                raise InvalidLink(f"{SERVICE} could not parse the link: {msg}")
            raise PostUnavailable(f"{SERVICE}: {msg}")
        return post_from_data(payload.get("data"), self.base_url)

    async def creator_posts(
        self,
        unique_id: str,
        *,
        since: int | None = None,
        count: int = 20,
        cursor: str | None = None,
    ) -> CreatorPage:
        """A page of the creator's posts, newest first (only those after ``since`` if given).

        ``count`` is clamped to 1..35; pass the returned ``cursor`` back for the next page.
        """
        name = creator_from_text(unique_id)
        if name is None:
            raise CreatorNotFound(f"{unique_id!r} is not a TikTok unique id")
        params = {
            "unique_id": name,
            "count": str(max(1, min(count, MAX_PAGE_SIZE))),
            "cursor": cursor or "0",
        }
        payload = await self._get("/api/user/posts", params)
        if not isinstance(payload, Mapping):
            raise ResolverDown(f"{SERVICE} answered JSON that is not an object (malformed)")
        if not _ok(payload):
            raise CreatorNotFound(f"{SERVICE}: creator {name!r}: {_message(payload)}")
        return creator_page_from_data(payload.get("data"), since=since)

    async def close(self) -> None:
        """Nothing to release: the HTTP session is shared and closed by its owner."""
