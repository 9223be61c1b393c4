"""The yt-dlp backend for Instagram: info dicts shaped like the ``Instagram`` extractor's, its
error wording, the resolver around a fake YoutubeDL, the cookies file, and the real yt-dlp run
through a local proxy that refuses to tunnel (no test reaches Instagram)."""

from __future__ import annotations

import logging
import socket
from pathlib import Path
from typing import Any

import pytest
import yt_dlp
from yt_dlp.extractor.instagram import InstagramIE
from yt_dlp.utils import bug_reports_message

from bot.links.instagram import parse_instagram_link
from bot.sources import (
    CreatorListingUnsupported,
    InvalidLink,
    LoginRequired,
    MediaItem,
    MediaType,
    PostKind,
    PostPrivate,
    PostUnavailable,
    Rendition,
    ResolverDown,
    ResolverTimeout,
    Unsupported,
)
from bot.sources.ytdlp import ALLOWED_EXTRACTORS, YtDlpResolver
from bot.sources.ytdlp_instagram import (
    YtDlpInstagramResolver,
    instagram_error_from_message,
    instagram_post_from_info,
)
from data.config import ConfigError
from data.models.platform import Platform

from .conftest import make_settings
from .test_ytdlp import PROXY, FakeYoutubeDL, download_error

CODE = "C9reelAbc12"
REEL_LINK = f"https://www.instagram.com/reel/{CODE}/"
POST_LINK = "https://www.instagram.com/p/C9carousel1/"
CDN = "https://scontent-ams2-1.cdninstagram.com/o1/v/t16/f2/m86"
IMG = "https://scontent-ams2-1.cdninstagram.com/v/t51.29350-15"


def video_formats(name: str) -> list[dict[str, Any]]:
    """What ``_extract_product_media`` makes of ``video_versions`` plus the DASH manifest, in
    yt-dlp's order after sorting (worst first)."""
    return [
        {
            "format_id": "dash-audio",
            "url": f"{CDN}/{name}-audio.mp4",
            "ext": "m4a",
            "vcodec": "none",
            "acodec": "mp4a.40.2",
        },
        {
            "format_id": "dash-1080p-video",
            "url": f"{CDN}/{name}-1080-video.mp4",
            "ext": "mp4",
            "vcodec": "avc1.640028",
            "acodec": "none",
            "width": 1080,
            "height": 1920,
        },
        {
            "format_id": "102",
            "url": f"{CDN}/{name}-480.mp4",
            "width": 480,
            "height": 854,
            "vcodec": "avc1.4d401e",
        },
        {
            "format_id": "101",
            "url": f"{CDN}/{name}-720.mp4",
            "width": 720,
            "height": 1280,
            "vcodec": "avc1.4d401f",
        },
    ]


def sizes(name: str, *dimensions: int) -> list[dict[str, Any]]:
    """``thumbnails`` from ``image_versions2.candidates``, reversed and sorted as yt-dlp does."""
    return [
        {"url": f"{IMG}/{name}_{d}.jpg", "width": d, "height": d, "id": str(i)}
        for i, d in enumerate(dimensions)
    ]


OWNER = {
    "channel": "nasa",
    "uploader": "NASA",
    "uploader_id": "528817151",
    "timestamp": 1_717_000_000,
    "http_headers": {"Referer": "https://www.instagram.com/"},
    "extractor": "Instagram",
    "extractor_key": "Instagram",
}
REEL_INFO: dict[str, Any] = {
    **OWNER,
    "id": CODE,
    "title": "Video by nasa",
    "description": "Liftoff! #space",
    "duration": 14.36,
    "formats": video_formats("reel"),
    "thumbnails": sizes("cover", 320, 640, 1080),
    "thumbnail": f"{IMG}/cover_1080.jpg",
    "webpage_url": REEL_LINK,
}


def photo_entry(name: str) -> dict[str, Any]:
    """A carousel's photo as the extractor returns it: no formats, only its sizes."""
    return {
        **OWNER,
        "id": name,
        "title": "Post by nasa",
        "formats": [],
        "thumbnails": sizes(name, 150, 1080, 640),  # the largest wins, wherever it is
        "duration": None,
    }


def video_entry(name: str) -> dict[str, Any]:
    return {
        **OWNER,
        "id": name,
        "formats": video_formats(name),
        "thumbnails": sizes(name, 640),
        "duration": 7.5,
    }


CAROUSEL_INFO: dict[str, Any] = {
    **OWNER,
    "_type": "playlist",
    "id": "C9carousel1",
    "title": "Post by nasa",
    "description": "Three views of the launch",
    "entries": [photo_entry("first"), video_entry("second"), photo_entry("third")],
    "webpage_url": POST_LINK,
}


def reel() -> Any:
    return parse_instagram_link(REEL_LINK)


# -- mapping info dicts


def test_a_reel_is_a_video_post_of_the_best_format_with_sound():
    post = instagram_post_from_info(REEL_INFO, reel())
    assert (post.platform, post.id, post.kind) == (Platform.INSTAGRAM, CODE, PostKind.VIDEO)
    assert post.video_url == f"{CDN}/reel-720.mp4"  # not the bigger DASH video without sound
    assert (post.author, post.author_name, post.caption) == ("nasa", "NASA", "Liftoff! #space")
    assert (post.width, post.height, post.duration) == (720, 1280, 14)
    assert post.cover_url == f"{IMG}/cover_1080.jpg"
    assert post.created_at == 1_717_000_000
    assert post.items == () and post.image_urls == () and post.sound is None
    assert post.link == REEL_LINK


def test_a_reels_renditions_are_its_formats_with_sound():
    post = instagram_post_from_info(REEL_INFO, reel())
    assert post.renditions == (
        Rendition(f"{CDN}/reel-720.mp4", None, 720, 1280),
        Rendition(f"{CDN}/reel-480.mp4", None, 480, 854),
    )


def test_a_carousel_keeps_photos_and_videos_in_order():
    post = instagram_post_from_info(CAROUSEL_INFO, parse_instagram_link(POST_LINK))
    assert (post.id, post.kind, post.video_url, post.image_urls) == (
        "C9carousel1",
        PostKind.CAROUSEL,
        None,
        (),
    )
    assert post.items == (
        MediaItem(MediaType.PHOTO, f"{IMG}/first_1080.jpg"),
        MediaItem(MediaType.VIDEO, f"{CDN}/second-720.mp4"),
        MediaItem(MediaType.PHOTO, f"{IMG}/third_1080.jpg"),
    )
    assert (post.author, post.caption) == ("nasa", "Three views of the launch")
    assert post.link == POST_LINK


def test_forty_entries_are_forty_items():
    entries = [photo_entry(f"p{i}") if i % 3 else video_entry(f"v{i}") for i in range(40)]
    info = {**CAROUSEL_INFO, "entries": entries}
    post = instagram_post_from_info(info, parse_instagram_link(POST_LINK))
    assert len(post.items) == 40
    assert [item.type is MediaType.VIDEO for item in post.items] == [i % 3 == 0 for i in range(40)]


def test_a_single_photo_is_a_one_item_carousel():
    info = {**photo_entry("C9photo1"), "thumbnail": f"{IMG}/C9photo1_1080.jpg"}
    post = instagram_post_from_info(info, parse_instagram_link("https://instagram.com/p/C9photo1"))
    assert (post.id, post.kind) == ("C9photo1", PostKind.CAROUSEL)
    assert post.items == (MediaItem(MediaType.PHOTO, f"{IMG}/C9photo1_1080.jpg"),)
    only_thumbnail = {**OWNER, "id": "C9photo1", "thumbnail": f"{IMG}/t.jpg"}
    post = instagram_post_from_info(only_thumbnail, parse_instagram_link(POST_LINK))
    assert post.items == (MediaItem(MediaType.PHOTO, f"{IMG}/t.jpg"),)


def test_the_post_id_is_the_links_shortcode():
    post = instagram_post_from_info({**REEL_INFO, "id": "Cother"}, reel())
    assert post.id == CODE
    author = parse_instagram_link(f"https://www.instagram.com/astro/reel/{CODE}/")
    assert instagram_post_from_info({**REEL_INFO, "channel": None}, author).author == "astro"


def test_nothing_to_send_is_unavailable():
    with pytest.raises(PostUnavailable):
        instagram_post_from_info({**OWNER, "id": CODE, "formats": []}, reel())
    empty = {**CAROUSEL_INFO, "entries": [{"id": "x", "formats": [], "thumbnails": []}, None]}
    with pytest.raises(PostUnavailable):
        instagram_post_from_info(empty, parse_instagram_link(POST_LINK))
    with pytest.raises(ResolverDown):
        instagram_post_from_info({"formats": []}, parse_instagram_link("instagram.com/share/x"))


# -- mapping errors, as the extractor words them

HINT = InstagramIE()._login_hint()  # "Use --cookies-from-browser or --cookies …"
LONG = CODE + "A" * 28  # a private post's long shortcode


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            f"ERROR: [Instagram] {LONG}: This content is only available for registered users who "
            f"follow this account. {HINT}",
            PostPrivate,
        ),
        (
            f"ERROR: [Instagram] {CODE}: Restricted Video: You must be 18 years old or over to "
            f"see this video. {HINT}",
            LoginRequired,
        ),
        (
            f"ERROR: [Instagram] {CODE}: Instagram sent an empty media response. Check if this "
            "post is accessible in your browser without being logged-in. If it is not, then "
            f"u{HINT[1:]}. Otherwise, if the post is accessible in browser without being "
            f"logged-in{bug_reports_message(before=',')}",
            LoginRequired,
        ),
        (
            f"ERROR: [Instagram] {CODE}: This video is only available for registered users. {HINT}",
            LoginRequired,
        ),
        (
            f"ERROR: [Instagram] {CODE}: The webpage request was redirected to the login page. "
            f"You have exceeded the rate-limit for accessing posts anonymously. {HINT}",
            ResolverDown,
        ),
        (
            f"ERROR: [Instagram] {CODE}: Requested content is not available, rate-limit reached "
            f"or login required. {HINT}",
            ResolverDown,
        ),
        (
            f"ERROR: [Instagram] {CODE}: Unable to download JSON metadata: HTTP Error 429: Too "
            "Many Requests (caused by <HTTPError 429: Too Many Requests>)",
            ResolverDown,
        ),
        (
            f"ERROR: [Instagram] {CODE}: Unable to download webpage: HTTP Error 503: Service "
            "Unavailable (caused by <HTTPError 503: Service Unavailable>)",
            ResolverDown,
        ),
        (f"ERROR: [Instagram] {CODE}: Unable to extract LSD token", ResolverDown),
        (
            f"ERROR: [Instagram] {CODE}: Unable to download webpage: HTTP Error 404: Not Found "
            "(caused by <HTTPError 404: Not Found>)",
            PostUnavailable,
        ),
        (
            f"ERROR: [Instagram] {CODE}: Post isn't available: The link may be broken, or the "
            "profile may have been removed.",
            PostUnavailable,
        ),
        (f"ERROR: [Instagram] {CODE}: There is no video in this post", PostUnavailable),
        (
            f"ERROR: [Instagram] {CODE}: Unable to download webpage: The read operation timed "
            "out (caused by TransportError('The read operation timed out'))",
            ResolverTimeout,
        ),
        (
            f"ERROR: [Instagram] {CODE}: Unable to download webpage: ('Unable to connect to "
            f"proxy', OSError('Tunnel connection failed: 407')) {PROXY}",
            ResolverDown,
        ),
        ("ERROR: Unsupported URL: https://www.instagram.com/nasa/", InvalidLink),
        ("", ResolverDown),
    ],
)
def test_error_from_message(message, kind):
    error = instagram_error_from_message(message, proxy=PROXY)
    assert type(error) is kind
    text = str(error)
    assert text.startswith("yt-dlp: ")
    for noise in ("s3cret", "alice", "proxy.internal", "ERROR", "--cookies", "please report"):
        assert noise not in text


# -- the resolver around a fake YoutubeDL


def fake_resolver(outcome: Any, **kwargs: Any) -> tuple[YtDlpInstagramResolver, list]:
    calls: list = []
    resolver = YtDlpInstagramResolver(
        timeout=3,
        retries=1,
        proxy=PROXY,
        ydl_factory=lambda options: FakeYoutubeDL(options, outcome, calls),
        **kwargs,
    )
    return resolver, calls


async def test_resolve_asks_for_the_normalised_link_and_keeps_photos():
    resolver, calls = fake_resolver(REEL_INFO)
    post = await resolver.resolve(f"https://instagram.com/reels/{CODE}?igsh=MWx0")
    assert post.video_url == f"{CDN}/reel-720.mp4"
    [(url, download, options, _)] = calls
    assert (url, download) == (REEL_LINK, False)
    assert options["ignore_no_formats_error"] is True  # photos have no formats
    assert options["proxy"] == PROXY and "cookiefile" not in options
    assert "instagram" in options["allowed_extractors"]


async def test_carousels_through_the_resolver():
    resolver, _ = fake_resolver(CAROUSEL_INFO)
    post = await resolver.resolve(POST_LINK)
    assert [item.type for item in post.items] == [
        MediaType.PHOTO,
        MediaType.VIDEO,
        MediaType.PHOTO,
    ]


async def test_share_links_and_other_links_are_not_sent_to_yt_dlp():
    resolver, calls = fake_resolver(REEL_INFO)
    with pytest.raises(Unsupported, match="share links"):
        await resolver.resolve("https://www.instagram.com/share/reel/BAabc12/")
    with pytest.raises(InvalidLink):
        await resolver.resolve("https://www.instagram.com/stories/nasa/1/")
    with pytest.raises(CreatorListingUnsupported):
        await resolver.creator_posts("nasa")
    assert calls == []


async def test_extractor_errors_are_mapped_the_instagram_way():
    resolver, _ = fake_resolver(
        download_error(
            f"ERROR: [Instagram] {LONG}: This content is only available for registered users "
            f"who follow this account. {HINT}"
        )
    )
    with pytest.raises(PostPrivate) as caught:
        await resolver.resolve(f"https://www.instagram.com/p/{LONG}/")
    assert caught.value.reason == "private"


async def test_a_vague_error_after_a_network_warning_is_that_failure():
    resolver, _ = fake_resolver(
        download_error(
            f"ERROR: [Instagram] {CODE}: Unable to extract LSD token",
            warnings=("Unable to download webpage: The read operation timed out",),
        )
    )
    with pytest.raises(ResolverTimeout):
        await resolver.resolve(REEL_LINK)


# -- the cookies file (YTDLP_COOKIES)

SESSION = "53cr3t-5e55i0n-1d"
HEADER = "# Netscape HTTP Cookie File\n"
ENTRY = f".instagram.com\tTRUE\t/\tTRUE\t1900000000\tsessionid\t{SESSION}\n"


def cookies_file(tmp_path: Path, text: str = HEADER + "# exported\n" + ENTRY) -> Path:
    path = tmp_path / "cookies.txt"
    path.write_text(text, encoding="utf-8")
    return path


class Saving(FakeYoutubeDL):
    """Reads the cookies file it was given, and writes it back on close as yt-dlp does."""

    seen: list[tuple[str, str]] = []

    def extract_info(self, url: str, download: bool = True) -> Any:
        path = self.options["cookiefile"]
        Saving.seen.append((path, Path(path).read_text(encoding="utf-8")))
        return super().extract_info(url, download)

    def __exit__(self, *exc: object) -> None:
        Path(self.options["cookiefile"]).write_text(HEADER + "rotated\n", encoding="utf-8")


async def test_each_call_gets_a_private_copy_of_the_cookies(tmp_path):
    original = cookies_file(tmp_path)
    before = original.read_text(encoding="utf-8")
    Saving.seen = []
    resolver = YtDlpInstagramResolver(
        timeout=3,
        retries=0,
        cookies=str(original),
        ydl_factory=lambda options: Saving(options, REEL_INFO, []),
    )
    await resolver.resolve(REEL_LINK)
    await resolver.resolve(REEL_LINK)
    [(first, text), (second, _)] = Saving.seen
    assert first != str(original) and first != second
    assert text == HEADER + "# exported\n" + ENTRY
    assert original.read_text(encoding="utf-8") == before  # yt-dlp's write-back went elsewhere
    assert not Path(first).exists() and not Path(second).exists()


async def test_malformed_lines_are_left_out_unquoted(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    bad = f"garbage {SESSION}-2\n"
    original = cookies_file(tmp_path, HEADER + ENTRY + bad)
    Saving.seen = []
    resolver = YtDlpInstagramResolver(
        timeout=3, retries=0, cookies=str(original), ydl_factory=lambda o: Saving(o, REEL_INFO, [])
    )
    await resolver.resolve(REEL_LINK)
    assert Saving.seen[0][1] == HEADER + ENTRY
    assert "1 malformed line(s) left out" in caplog.text and SESSION not in caplog.text


async def test_a_cookies_file_gone_since_start_up_is_resolver_down(tmp_path):
    resolver, calls = fake_resolver(REEL_INFO, cookies=str(tmp_path / "gone.txt"))
    with pytest.raises(ResolverDown, match="cannot read YTDLP_COOKIES"):
        await resolver.resolve(REEL_LINK)
    assert calls == []


def test_from_settings_takes_the_cookies_file(tmp_path):
    path = cookies_file(tmp_path)
    settings = make_settings(tmp_path, YTDLP_COOKIES=str(path))
    assert settings.ytdlp_cookies == str(path)
    assert YtDlpInstagramResolver.from_settings(settings).cookies == str(path)
    assert YtDlpResolver.from_settings(settings).cookies == str(path)  # TikTok's too
    assert YtDlpResolver.from_settings(make_settings(tmp_path)).cookies == ""


@pytest.mark.parametrize(
    ("name", "text", "fragment"),
    [
        ("missing.txt", None, "cannot read"),
        ("folder", "dir", "is a directory"),
        ("hostname/cookies.txt", None, "cannot read"),  # under a file: unreadable
        ("plain.txt", ENTRY, "is not a Netscape cookies file"),
        ("json.txt", '[{"name": "sessionid"}]\n', "is not a Netscape cookies file"),
        ("short.txt", HEADER + ENTRY + f"x\t{SESSION}\n", "line 3: 2 tab-separated fields"),
        ("expiry.txt", HEADER + ENTRY.replace("1900000000", "soon"), "line 2: the expiry"),
        ("flag.txt", HEADER + ENTRY.replace("\tTRUE\t/", "\tFALSE\t/"), "line 2: the 2nd field"),
    ],
)
def test_a_bad_cookies_file_is_a_start_up_error_naming_the_key(tmp_path, name, text, fragment):
    path = tmp_path / name
    if text == "dir":
        path.mkdir()
    elif name.startswith("hostname/"):
        (tmp_path / "hostname").write_text("box\n")
    elif text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        make_settings(tmp_path, YTDLP_COOKIES=str(path))
    assert caught.value.key == "YTDLP_COOKIES"
    message = str(caught.value)
    assert message.startswith("YTDLP_COOKIES: ") and fragment in message
    assert SESSION not in message


def test_a_good_cookies_file_and_none_are_fine(tmp_path):
    assert make_settings(tmp_path).ytdlp_cookies == ""
    crlf = cookies_file(tmp_path, (HEADER + "\n#HttpOnly_" + ENTRY).replace("\n", "\r\n"))
    assert make_settings(tmp_path, YTDLP_COOKIES=str(crlf)).ytdlp_cookies == str(crlf)


# -- the real yt-dlp


def test_the_real_yt_dlp_knows_instagram_posts_and_nothing_more_of_it():
    options = YtDlpInstagramResolver(timeout=1, retries=0).options()
    with yt_dlp.YoutubeDL(options) as ydl:

        def suitable(url: str) -> bool:
            return any(ie.suitable(url) for ie in ydl._ies.values())

        for url in (REEL_LINK, POST_LINK, f"https://www.instagram.com/tv/{CODE}/"):
            assert suitable(url), url
        for url in (
            "https://www.instagram.com/stories/nasa/3300000000000000000/",
            "https://www.instagram.com/explore/tags/space/",
            "https://www.instagram.com/share/reel/BAabc12/",
        ):
            assert not suitable(url), url
    assert "instagram" in ALLOWED_EXTRACTORS


async def test_real_yt_dlp_through_a_refusing_proxy(proxy, monkeypatch, tmp_path, caplog):
    """The real yt-dlp, with a cookies file, pointed at a local proxy that refuses every tunnel:
    the requests go to the proxy only, no name is looked up, the error is mapped, and neither
    it nor the log shows a secret."""
    caplog.set_level(logging.DEBUG)
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    errors = []
    for cookies in ("", str(cookies_file(tmp_path))):
        resolver = YtDlpInstagramResolver(
            timeout=2, retries=0, proxy=proxy.url_with("alice", "s3cret"), cookies=cookies
        )
        with pytest.raises(ResolverDown) as caught:
            await resolver.resolve(REEL_LINK)
        errors.append(str(caught.value))
    assert len(proxy.seen) == 2 and all(
        method == "CONNECT" and target == "www.instagram.com:443"
        for method, target, _ in proxy.seen
    )
    for text in [*errors, caplog.text]:
        for secret in ("s3cret", "alice", SESSION):
            assert secret not in text
    assert all(f"127.0.0.1:{proxy.port}" not in error for error in errors)
