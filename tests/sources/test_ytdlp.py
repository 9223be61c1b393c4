"""The yt-dlp backend: mapping of info dicts and errors, and the resolver around a fake
YoutubeDL. No test reaches TikTok: the one run of the real yt-dlp goes to a local proxy that
refuses to tunnel."""

from __future__ import annotations

import socket
import threading
from typing import Any, Self

import pytest

from bot.sources import (
    CreatorNotFound,
    InvalidLink,
    PostKind,
    PostUnavailable,
    Rendition,
    ResolverDown,
    ResolverTimeout,
    SlideshowUnsupported,
)
from bot.sources.ytdlp import (
    ALLOWED_EXTRACTORS,
    YtDlpResolver,
    error_from_message,
    post_from_info,
    renditions_of,
    select_video_format,
    ytdlp_link,
)

POST_ID = "7301234567890123456"
CDN = "https://v16-webapp-prime.tiktok.com/video/tos/useast2a"

# What yt-dlp's TikTok extractor returns for a video read from the web page, after format
# sorting (worst first), trimmed to the fields that matter here.
WEB_INFO: dict[str, Any] = {
    "id": POST_ID,
    "title": "Launch day #space #nasa",
    "description": "Launch day #space #nasa",
    "uploader": "nasa",
    "uploader_id": "6738473847384738",
    "uploader_url": "https://www.tiktok.com/@nasa",
    "channel": "NASA",
    "channel_id": "MS4wLjABAAAA0tF1nBwQVVMyrGu3CqttkNgM68Do1OXUFuCY0CRQk8fEtSVDj89HqoqvbSTmUP2W",
    "channel_url": "https://www.tiktok.com/@MS4wLjABAAAA0tF1nBwQVVMyrGu3CqttkNgM68Do1OXUFuCY0C",
    "track": "Countdown",
    "artists": ["Mission Control", "Apollo"],
    "duration": 15,
    "timestamp": 1_700_000_123,
    "upload_date": "20231114",
    "view_count": 120_000,
    "like_count": 5_000,
    "thumbnail": "https://p16-sign.tiktokcdn-us.com/obj/cover.jpeg",
    "thumbnails": [
        {"id": "dynamicCover", "url": "https://p16-sign.tiktokcdn-us.com/dyn.webp"},
        {"id": "cover", "url": "https://p16-sign.tiktokcdn-us.com/obj/cover.jpeg"},
    ],
    "webpage_url": f"https://www.tiktok.com/@nasa/video/{POST_ID}",
    "extractor": "TikTok",
    "extractor_key": "TikTok",
    "formats": [
        {
            "format_id": "audio",
            "url": f"{CDN}/music.mp3",
            "ext": "mp3",
            "acodec": "mp3",
            "vcodec": "none",
        },
        {
            "format_id": "download",
            "url": f"{CDN}/download.mp4",
            "format_note": "watermarked",
            "ext": "mp4",
            "vcodec": "h264",
            "acodec": "aac",
            "width": 1080,
            "height": 1920,
            "preference": -2,
        },
        {
            "format_id": "bytevc1_540p_412345-0",
            "url": f"{CDN}/hevc540.mp4",
            "ext": "mp4",
            "vcodec": "h265",
            "acodec": "aac",
            "width": 576,
            "height": 1024,
            "filesize": 900_000,
        },
        {
            "format_id": "h264_540p_812345-0",
            "url": f"{CDN}/h264_540.mp4",
            "ext": "mp4",
            "vcodec": "h264",
            "acodec": "aac",
            "width": 576,
            "height": 1024,
            "filesize": 1_500_000,
        },
        {
            "format_id": "bytevc1_1080p_1234567-1",
            "url": f"{CDN}/hevc1080-vo.mp4",
            "ext": "mp4",
            "vcodec": "h265",
            "acodec": "none",
            "width": 1080,
            "height": 1920,
            "filesize": 2_000_000,
        },
        {
            "format_id": "bytevc1_1080p_1234567-0",
            "url": f"{CDN}/hevc1080.mp4",
            "ext": "mp4",
            "vcodec": "h265",
            "acodec": "aac",
            "width": 1080,
            "height": 1920,
            "filesize": 2_500_000,
        },
        {
            "format_id": "h264_1080p_2345678-0",
            "url": f"{CDN}/h264_1080.mp4",
            "ext": "mp4",
            "vcodec": "h264",
            "acodec": "aac",
            "width": 1080,
            "height": 1920,
            "filesize": 4_000_000,
        },
        {
            "format_id": "bytevc2_1080p_999999-0",
            "url": f"{CDN}/vvc1080.mp4",
            "ext": "mp4",
            "vcodec": "bytevc2",
            "acodec": "aac",
            "width": 1080,
            "height": 1920,
            "format_note": "UNPLAYABLE",
        },
    ],
    # yt-dlp copies its own pick (here the unplayable one, to prove we do not trust it).
    "format_id": "bytevc2_1080p_999999-0",
    "url": f"{CDN}/vvc1080.mp4",
}

# The mobile-API flavour: play_addr / download_addr formats.
APP_FORMATS = [
    {
        "format_id": "download_addr",
        "url": f"{CDN}/dl.mp4",
        "format_note": "Download video, watermarked",
        "vcodec": "h264",
        "acodec": "aac",
        "width": 720,
        "height": 1280,
        "preference": -2,
    },
    {
        "format_id": "play_addr",
        "url": f"{CDN}/play.mp4",
        "format_note": "Direct video",
        "vcodec": "h264",
        "acodec": "aac",
        "width": 576,
        "height": 1024,
    },
]


def info(**changes: Any) -> dict[str, Any]:
    return {**WEB_INFO, **changes}


# -- mapping info dicts


def test_post_from_web_info():
    post = post_from_info(WEB_INFO, WEB_INFO["webpage_url"])
    assert post.id == POST_ID
    assert post.kind is PostKind.VIDEO
    assert (post.author, post.author_name) == ("nasa", "NASA")
    assert post.caption == "Launch day #space #nasa"
    assert post.video_url == f"{CDN}/h264_1080.mp4"
    assert (post.width, post.height, post.duration, post.size) == (1080, 1920, 15, 4_000_000)
    assert post.image_urls == ()
    assert post.cover_url == WEB_INFO["thumbnail"]
    assert post.created_at == 1_700_000_123
    assert post.sound is not None
    assert (post.sound.title, post.sound.author) == ("Countdown", "Mission Control, Apollo")
    assert (post.sound.url, post.sound.duration, post.sound.id) == (f"{CDN}/music.mp3", 15, "")
    assert post.link == f"https://www.tiktok.com/@nasa/video/{POST_ID}"


def test_renditions_are_the_best_kinds_formats_best_first():
    post = post_from_info(WEB_INFO, WEB_INFO["webpage_url"])
    # H.264 with sound, no watermark, like the best: not the HEVC, video-only or unplayable ones
    assert post.renditions == (
        Rendition(f"{CDN}/h264_1080.mp4", 4_000_000, 1080, 1920),
        Rendition(f"{CDN}/h264_540.mp4", 1_500_000, 576, 1024),
    )
    assert post.renditions[0].url == post.video_url
    assert post.video_renditions == post.renditions


def test_renditions_are_distinct_and_take_approximate_sizes():
    formats = [
        {"url": f"{CDN}/a.mp4", "vcodec": "h264", "width": 720, "height": 1280},
        {"url": f"{CDN}/b.mp4", "vcodec": "h264", "width": 540, "height": 960},
        {"url": f"{CDN}/a.mp4", "vcodec": "h264", "width": 720, "height": 1280, "format_id": "x"},
        {"url": f"{CDN}/c.mp4", "vcodec": "h264", "filesize_approx": 123.0},
    ]
    assert renditions_of(formats) == (
        Rendition(f"{CDN}/a.mp4", None, 720, 1280),
        Rendition(f"{CDN}/b.mp4", None, 540, 960),
        Rendition(f"{CDN}/c.mp4", 123, None, None),
    )


def test_hevc_renditions_when_the_best_is_hevc():
    hevc = [f for f in WEB_INFO["formats"] if not f["format_id"].startswith("h264")]
    assert [r.url for r in renditions_of(hevc)] == [f"{CDN}/hevc1080.mp4", f"{CDN}/hevc540.mp4"]


def test_one_format_means_no_renditions_listed():
    post = post_from_info(info(formats=APP_FORMATS), WEB_INFO["webpage_url"])
    assert post.renditions == ()  # the watermarked download is never one
    assert post.video_renditions == (Rendition(f"{CDN}/play.mp4", None, 576, 1024),)


def test_the_best_renditions_missing_dimensions_come_from_the_info():
    formats = [
        {"url": f"{CDN}/worse.mp4", "vcodec": "h264"},
        {"url": f"{CDN}/better.mp4", "vcodec": "h264"},  # yt-dlp lists worst first
    ]
    post = post_from_info(info(formats=formats, width=1080, height=1920))
    assert (post.video_url, post.width, post.height) == (f"{CDN}/better.mp4", 1080, 1920)
    assert post.renditions == (
        Rendition(f"{CDN}/better.mp4", None, 1080, 1920),
        Rendition(f"{CDN}/worse.mp4", None, None, None),
    )


def test_app_formats_skip_the_watermarked_download():
    chosen = select_video_format(APP_FORMATS)
    assert chosen is not None and chosen["format_id"] == "play_addr"


def test_h264_with_audio_beats_bigger_hevc_and_video_only():
    formats = [f for f in WEB_INFO["formats"] if f["format_id"] != "h264_1080p_2345678-0"]
    chosen = select_video_format(formats)
    assert chosen is not None and chosen["format_id"] == "h264_540p_812345-0"


def test_watermarked_only_when_nothing_else_has_video():
    only_wm = [f for f in WEB_INFO["formats"] if f["format_id"] in ("audio", "download")]
    assert select_video_format(only_wm)["format_id"] == "download"


def test_caption_falls_back_to_a_real_title_only():
    assert post_from_info(info(description="", title="Just a title")).caption == "Just a title"
    placeholder = info(description="", title=f"TikTok video #{POST_ID}")
    assert post_from_info(placeholder).caption == ""


def test_author_fallbacks():
    bare = info(uploader=None, channel=None)
    assert post_from_info(bare, f"https://www.tiktok.com/@astro/video/{POST_ID}").author == "astro"
    nameless = post_from_info(bare, "https://vm.tiktok.com/ZMabc")
    assert nameless.author == "6738473847384738"
    assert nameless.author_name == "6738473847384738"


def test_single_format_info_uses_url():
    single = {
        "id": POST_ID,
        "url": f"{CDN}/only.mp4",
        "ext": "mp4",
        "width": 720,
        "height": 1280,
        "uploader": "x",
    }
    post = post_from_info(single)
    assert (post.video_url, post.width, post.height, post.sound) == (
        f"{CDN}/only.mp4",
        720,
        1280,
        None,
    )


def test_audio_only_post_is_a_slideshow():
    audio_only = info(formats=[WEB_INFO["formats"][0]], url=f"{CDN}/music.mp3", vcodec="none")
    with pytest.raises(SlideshowUnsupported) as caught:
        post_from_info(audio_only)
    assert caught.value.reason == "unavailable"
    assert "tikwm" in str(caught.value)


def test_only_unplayable_or_watermark_free_nothing_is_unavailable():
    unplayable = info(formats=[WEB_INFO["formats"][-1]])
    with pytest.raises(PostUnavailable) as caught:
        post_from_info(unplayable)
    assert not isinstance(caught.value, SlideshowUnsupported)
    with pytest.raises(PostUnavailable):
        post_from_info({"id": POST_ID, "url": f"{CDN}/wm.mp4", "format_note": "watermarked"})


def test_info_without_id_is_resolver_down():
    with pytest.raises(ResolverDown):
        post_from_info({"formats": APP_FORMATS})


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://tiktok.com/@a/video/1", "https://www.tiktok.com/@a/video/1"),
        ("https://m.tiktok.com/@a/video/1", "https://www.tiktok.com/@a/video/1"),
        ("https://tiktok.com/t/ZMabc", "https://www.tiktok.com/t/ZMabc"),
        ("https://vm.tiktok.com/ZMabc", "https://vm.tiktok.com/ZMabc"),
        ("https://www.tiktok.com/@a/video/1", "https://www.tiktok.com/@a/video/1"),
    ],
)
def test_ytdlp_link(link, expected):
    assert ytdlp_link(link) == expected


# -- mapping errors

PROXY = "http://alice:s3cret@proxy.internal:3128"


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            (
                f"ERROR: [TikTok] {POST_ID}: You do not have permission to view this post. "
                "Log into an account that has access. Use --cookies-from-browser or --cookies"
            ),
            PostUnavailable,
        ),
        (f"ERROR: [TikTok] {POST_ID}: Video not available, status code 0", PostUnavailable),
        (
            (
                f"ERROR: [TikTok] {POST_ID}: Unable to download webpage: HTTP Error 404: Not Found "
                "(caused by <HTTPError 404: Not Found>)"
            ),
            PostUnavailable,
        ),
        (
            (
                f"ERROR: [TikTok] {POST_ID}: This post may not be comfortable for some audiences. "
                "Log in for access"
            ),
            PostUnavailable,
        ),
        (
            f"ERROR: [TikTok] {POST_ID}: Your IP address is blocked from accessing this post",
            ResolverDown,
        ),
        (
            (
                f"ERROR: [TikTok] {POST_ID}: Unable to extract universal data for rehydration; "
                "please report this issue on  https://github.com/yt-dlp/yt-dlp/issues?q= "
            ),
            ResolverDown,
        ),
        (f"ERROR: [TikTok] {POST_ID}: Unable to extract challenge data", ResolverDown),
        (
            (
                f"ERROR: [TikTok] {POST_ID}: Unable to download webpage: HTTP Error 503: Service "
                "Unavailable (caused by <HTTPError 503: Service Unavailable>)"
            ),
            ResolverDown,
        ),
        (
            (
                f"ERROR: [TikTok] {POST_ID}: Unable to download webpage: The read operation "
                "timed out (caused by TransportError('The read operation timed out'))"
            ),
            ResolverTimeout,
        ),
        (
            (
                f"ERROR: [TikTok] {POST_ID}: Unable to download webpage: ('Unable to connect to "
                f"proxy', OSError('Tunnel connection failed: 407')) {PROXY}"
            ),
            ResolverDown,
        ),
        ("ERROR: Unsupported URL: https://www.tiktok.com/@nasa/photo/7301", SlideshowUnsupported),
        ("ERROR: Unsupported URL: https://www.tiktok.com/@nasa/live", InvalidLink),
        ("\x1b[0;31mERROR:\x1b[0m something nobody expected", ResolverDown),
        ("", ResolverDown),
    ],
)
def test_error_from_message(message, kind):
    error = error_from_message(message, proxy=PROXY)
    assert type(error) is kind
    text = str(error)
    assert text.startswith("yt-dlp: ")
    for secret in ("s3cret", "alice", "proxy.internal", "ERROR", "please report", "\x1b"):
        assert secret not in text


@pytest.mark.parametrize(
    "message",
    [
        (
            "ERROR: [tiktok:user] nasa: This user's account is private. Log into an account that "
            "has access"
        ),
        (
            "ERROR: [tiktok:user] nasa: Unable to extract secondary user ID. If you are able "
            "to get the channel_id from a video posted by this user, try using "
            '"tiktokuser:channel_id"'
        ),
        "ERROR: [tiktok:user] nasa: Unable to download user webpage: HTTP Error 404: Not Found",
    ],
)
def test_creator_errors_are_creator_not_found(message):
    error = error_from_message(message, creator=True)
    assert isinstance(error, CreatorNotFound)
    assert error.reason == "unavailable"


# -- the resolver around a fake YoutubeDL


class FakeYoutubeDL:
    """Stands in for ``yt_dlp.YoutubeDL``: records options and URLs, returns or raises."""

    def __init__(self, options: dict[str, Any], outcome: Any, calls: list) -> None:
        self.options, self.outcome, self.calls = options, outcome, calls

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def extract_info(self, url: str, download: bool = True) -> Any:
        self.calls.append((url, download, self.options, threading.get_ident()))
        for warning in getattr(self.outcome, "warnings", ()):
            self.options["logger"].warning(warning)
        if isinstance(self.outcome, BaseException):
            raise self.outcome
        return self.outcome

    def sanitize_info(self, info: Any) -> Any:
        return info


def fake_resolver(outcome: Any, **kwargs: Any) -> tuple[YtDlpResolver, list]:
    calls: list = []
    resolver = YtDlpResolver(
        timeout=3,
        retries=1,
        proxy=PROXY,
        ydl_factory=lambda options: FakeYoutubeDL(options, outcome, calls),
        **kwargs,
    )
    return resolver, calls


def download_error(message: str, warnings: tuple[str, ...] = ()) -> Exception:
    from yt_dlp.utils import DownloadError

    error = DownloadError(message)
    error.warnings = warnings
    return error


async def test_resolve_runs_yt_dlp_in_a_thread_with_our_options():
    resolver, calls = fake_resolver(WEB_INFO)
    post = await resolver.resolve(f"look: https://tiktok.com/@nasa/video/{POST_ID}?lang=en")
    assert post.video_url == f"{CDN}/h264_1080.mp4"
    [(url, download, options, thread)] = calls
    assert url == f"https://www.tiktok.com/@nasa/video/{POST_ID}"
    assert download is False
    assert thread != threading.get_ident()
    assert options["proxy"] == PROXY
    assert options["skip_download"] and options["quiet"] and options["noplaylist"]
    assert (options["socket_timeout"], options["extractor_retries"]) == (3, 1)


async def test_no_proxy_means_a_direct_connection():
    calls: list = []
    resolver = YtDlpResolver(
        timeout=3, retries=0, ydl_factory=lambda o: FakeYoutubeDL(o, WEB_INFO, calls)
    )
    await resolver.resolve(f"https://www.tiktok.com/@nasa/video/{POST_ID}")
    assert calls[0][2]["proxy"] == ""  # "" = no proxy, not even one from the environment


async def test_photo_links_are_refused_without_calling_yt_dlp():
    resolver, calls = fake_resolver(WEB_INFO)
    with pytest.raises(SlideshowUnsupported) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@nasa/photo/{POST_ID}")
    assert "tikwm" in str(caught.value)
    assert calls == []


async def test_not_a_link_is_invalid_without_calling_yt_dlp():
    resolver, calls = fake_resolver(WEB_INFO)
    with pytest.raises(InvalidLink):
        await resolver.resolve("https://www.youtube.com/watch?v=x")
    assert calls == []


async def test_download_errors_are_mapped():
    resolver, _ = fake_resolver(
        download_error(f"ERROR: [TikTok] {POST_ID}: Video not available, status code 0")
    )
    with pytest.raises(PostUnavailable):
        await resolver.resolve(f"https://www.tiktok.com/@nasa/video/{POST_ID}")


async def test_unexpected_exception_is_resolver_down_without_secrets():
    resolver, _ = fake_resolver(KeyError(f"broken near {PROXY}"))
    with pytest.raises(ResolverDown) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@nasa/video/{POST_ID}")
    assert "s3cret" not in str(caught.value)
    assert caught.value.__cause__ is None


async def test_whole_extraction_is_bounded_by_the_deadline():
    release = threading.Event()

    class Stuck(FakeYoutubeDL):
        def extract_info(self, url: str, download: bool = True) -> Any:
            release.wait(5)
            return WEB_INFO

    resolver = YtDlpResolver(
        timeout=3, retries=0, deadline=0.2, ydl_factory=lambda o: Stuck(o, None, [])
    )
    try:
        with pytest.raises(ResolverTimeout):
            await resolver.resolve(f"https://www.tiktok.com/@nasa/video/{POST_ID}")
    finally:
        release.set()


FLAT_PLAYLIST = {
    "_type": "playlist",
    "id": "MS4wLjABAAAA0tF1nBwQVVMyrGu3CqttkNgM68Do1OXUFuCY0CRQk8fEtSVDj89HqoqvbSTmUP2W",
    "title": "nasa",
    "entries": [
        {
            "_type": "url",
            "ie_key": "TikTok",
            "id": "7300000000000000005",
            "timestamp": 1_700_000_500,
            "url": "https://www.tiktok.com/@nasa/video/7300000000000000005",
            "uploader": "nasa",
        },
        {
            "_type": "url",
            "ie_key": "TikTok",
            "id": "7300000000000000004",
            "timestamp": 1_700_000_400,
            "url": "https://www.tiktok.com/@nasa/video/7300000000000000004",
            "uploader": "nasa",
        },
        {
            "_type": "url",
            "ie_key": "TikTok",
            "id": "7300000000000000003",
            "timestamp": 1_700_000_300,
            "url": "https://www.tiktok.com/@nasa/video/7300000000000000003",
            "uploader": "nasa",
        },
    ],
}


async def test_creator_posts_through_the_flat_user_playlist():
    resolver, calls = fake_resolver(FLAT_PLAYLIST)
    page = await resolver.creator_posts("@NASA", count=3, cursor="6")
    assert [p.id for p in page.posts] == [
        "7300000000000000005",
        "7300000000000000004",
        "7300000000000000003",
    ]
    assert {p.kind for p in page.posts} == {PostKind.VIDEO}
    assert (page.has_more, page.cursor) == (True, "9")
    [(url, _, options, _)] = calls
    assert url == "https://www.tiktok.com/@nasa"
    assert options["extract_flat"] == "in_playlist" and options["noplaylist"] is False
    assert (options["playliststart"], options["playlistend"]) == (7, 9)


async def test_creator_posts_since_and_short_pages():
    resolver, _ = fake_resolver(FLAT_PLAYLIST)
    page = await resolver.creator_posts("nasa", since=1_700_000_400, count=3)
    assert [p.id for p in page.posts] == ["7300000000000000005"]
    assert (page.has_more, page.cursor) == (False, None)
    short = await resolver.creator_posts("nasa", count=10)
    assert (len(short.posts), short.has_more, short.cursor) == (3, False, None)


async def test_creator_without_videos_is_an_empty_page():
    resolver, _ = fake_resolver(
        download_error("ERROR: [tiktok:user] quiet: This account does not have any videos posted")
    )
    page = await resolver.creator_posts("quiet")
    assert (page.posts, page.has_more) == ((), False)


async def test_creator_errors_and_network_warnings():
    resolver, _ = fake_resolver(
        download_error("ERROR: [tiktok:user] ghost: Unable to extract secondary user ID.")
    )
    with pytest.raises(CreatorNotFound):
        await resolver.creator_posts("ghost")
    resolver, _ = fake_resolver(
        download_error(
            "ERROR: [tiktok:user] nasa: Unable to extract secondary user ID.",
            warnings=("Unable to download user webpage: The read operation timed out",),
        )
    )
    with pytest.raises(ResolverTimeout):
        await resolver.creator_posts("nasa")
    with pytest.raises(CreatorNotFound):
        await resolver.creator_posts("not a name")


async def test_real_yt_dlp_through_a_refusing_proxy(proxy, monkeypatch):
    """The real yt-dlp, pointed at a local proxy that refuses every tunnel: the request goes
    to the proxy (with credentials), no name is looked up, and the error reveals no secret."""
    real_getaddrinfo = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise OSError(f"test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    resolver = YtDlpResolver(timeout=2, retries=0, proxy=proxy.url_with("alice", "s3cret"))
    with pytest.raises(ResolverDown) as caught:
        await resolver.resolve(f"https://www.tiktok.com/@nasa/video/{POST_ID}")
    with pytest.raises(ResolverDown) as creator_caught:
        await resolver.creator_posts("nasa")
    assert proxy.seen and all(
        method == "CONNECT" and target == "www.tiktok.com:443" for method, target, _ in proxy.seen
    )
    for error in (caught.value, creator_caught.value):
        for secret in ("s3cret", "alice", f"127.0.0.1:{proxy.port}"):
            assert secret not in str(error)


def test_yt_dlp_loads_only_the_extractors_of_the_platforms_we_serve():
    """With the resolver's options, a real YoutubeDL knows TikTok's extractors and nothing else:
    a URL elsewhere (here a loopback one) finds no extractor, and no request is made."""
    import yt_dlp

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    options = YtDlpResolver(timeout=1, retries=0).options()
    try:
        with yt_dlp.YoutubeDL(options) as ydl:
            for url in (
                f"https://www.tiktok.com/@nasa/video/{POST_ID}",
                "https://vm.tiktok.com/x/",
            ):
                assert any(ie.suitable(url) for ie in ydl._ies.values())
            with pytest.raises(yt_dlp.utils.DownloadError) as caught:
                ydl.extract_info(f"http://127.0.0.1:{port}/video.mp4", download=False)
        assert "no suitable extractor" in str(caught.value).lower()
        with pytest.raises(TimeoutError):
            listener.accept()  # nothing connected
    finally:
        listener.close()
    assert "tiktok" in ALLOWED_EXTRACTORS
