"""The sample TikTok posts the sandbox's backends (the tikwm and cobalt stand-ins) serve, and
the links a user types for them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from devservers.cobalt import CobaltEmulator
from devservers.tikwm import TikwmEmulator

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
AUTHOR = "sandbox"
NICKNAME = "Sandbox Studio"
SLIDE_COUNT = 12


@dataclass(frozen=True)
class SamplePost:
    """One post: what tikwm says about it and which sample files hold its media."""

    post_id: str
    kind: str  # "video" | "slideshow"
    caption: str
    sound_file: str
    sound_title: str
    sound_author: str
    duration: int  # seconds (a slideshow's is its sound's: tikwm says 15 for them)
    video_file: str = ""
    width: int = 0
    height: int = 0
    slide_files: tuple[str, ...] = ()
    short_code: str | None = None
    private: bool = False

    @property
    def link(self) -> str:
        """The post's canonical TikTok link."""
        path = "video" if self.kind == "video" else "photo"
        return f"https://www.tiktok.com/@{AUTHOR}/{path}/{self.post_id}"

    @property
    def short_link(self) -> str | None:
        """Its ``vm.tiktok.com`` short link, if it has one."""
        return f"https://vm.tiktok.com/{self.short_code}/" if self.short_code else None


VIDEO = SamplePost(
    post_id="7300000000000000001",
    kind="video",
    caption="Sunrise over the sandbox #tokdrop",
    video_file="video.mp4",
    width=360,
    height=640,
    duration=7,
    sound_file="video-sound.mp3",
    sound_title="original sound - sandbox",
    sound_author=NICKNAME,
    short_code="ZMsandbox1",
)
SLIDESHOW = SamplePost(
    post_id="7300000000000000002",
    kind="slideshow",
    caption="Twelve colours, one slideshow",
    slide_files=tuple(f"slide-{n:02d}.jpeg" for n in range(1, SLIDE_COUNT + 1)),
    duration=15,
    sound_file="slideshow-sound.mp3",
    sound_title="Sandbox Lullaby",
    sound_author="The Loopbacks",
)
PRIVATE_VIDEO = SamplePost(
    post_id="7300000000000000003",
    kind="video",
    caption="Only my friends can see this",
    video_file="video.mp4",
    width=360,
    height=640,
    duration=7,
    sound_file="video-sound.mp3",
    sound_title="original sound - sandbox",
    sound_author=NICKNAME,
    private=True,
)
FALLBACK_VIDEO = SamplePost(  # a post no other part of the tour sends: its link must be resolved
    post_id="7300000000000000004",
    kind="video",
    caption="Sent whichever backend is up",
    video_file="video.mp4",
    width=360,
    height=640,
    duration=7,
    sound_file="video-sound.mp3",
    sound_title="original sound - sandbox",
    sound_author=NICKNAME,
)
POSTS = (VIDEO, SLIDESHOW, PRIVATE_VIDEO, FALLBACK_VIDEO)
BROKEN_LINK = "https://vm.tiktok.com/ZMnotthere/"  # a short link no post answers to


def sample_links() -> list[tuple[str, str]]:
    """(what it is, link) pairs for the start banner and ``:links``."""
    return [
        ("video", VIDEO.link),
        ("the same video, short link", VIDEO.short_link or ""),
        (f"slideshow of {SLIDE_COUNT} photos", SLIDESHOW.link),
        ("private post (an error)", PRIVATE_VIDEO.link),
        ("another video (for :backend tikwm down)", FALLBACK_VIDEO.link),
        ("broken short link (an error)", BROKEN_LINK),
    ]


def _read(name: str) -> bytes:
    return (SAMPLES_DIR / name).read_bytes()


def publish_samples(tikwm: TikwmEmulator, cobalt: CobaltEmulator) -> None:
    """Add every sample post to both backends' stand-ins (and the creator, for /subscribe, to
    tikwm: cobalt cannot list creators)."""
    for post in POSTS:
        _publish_on_tikwm(tikwm, post)
        _publish_on_cobalt(cobalt, post)
    tikwm.add_creator(AUTHOR, nickname=NICKNAME)


def _publish_on_tikwm(tikwm: TikwmEmulator, post: SamplePost) -> None:
    common = {
        "author": AUTHOR,
        "nickname": NICKNAME,
        "caption": post.caption,
        "sound": _read(post.sound_file),
        "sound_title": post.sound_title,
        "sound_author": post.sound_author,
        "short_code": post.short_code,
    }
    if post.kind == "video":
        tikwm.add_video(
            post.post_id,
            video=_read(post.video_file),
            width=post.width,
            height=post.height,
            duration=post.duration,
            **common,
        )
    else:
        tikwm.add_slideshow(
            post.post_id, images=[_read(name) for name in post.slide_files], **common
        )
    if post.private:
        tikwm.make_private(post.post_id)


def _publish_on_cobalt(cobalt: CobaltEmulator, post: SamplePost) -> None:
    """The same post as cobalt serves it: a video as one file, a slideshow as a picker of its
    photos with its sound as ``audio``."""
    sound = _read(post.sound_file)
    if post.kind == "video":
        cobalt.add_video(
            post.post_id,
            author=AUTHOR,
            video=_read(post.video_file),
            sound=sound,
            short_code=post.short_code,
        )
    else:
        cobalt.add_slideshow(
            post.post_id,
            author=AUTHOR,
            images=[_read(name) for name in post.slide_files],
            sound=sound,
            short_code=post.short_code,
        )
    if post.private:
        cobalt.make_private(post.post_id)
