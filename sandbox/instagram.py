"""The sample Instagram posts the sandbox's cobalt stand-in serves (the bot's Instagram backend,
``INSTAGRAM_BACKENDS=cobalt``), made of the TikTok samples' files, and the links a user types
for them. cobalt names no author, so their captions credit Instagram."""

from __future__ import annotations

from dataclasses import dataclass

from devservers.cobalt import CobaltEmulator
from devservers.cobalt_instagram import PRIVATE
from sandbox.posts import AUTHOR, SAMPLES_DIR


@dataclass(frozen=True)
class InstagramSample:
    """One post: its shortcode, its link's path (``reel`` or ``p``) and its media in order."""

    code: str
    path: str
    items: tuple[tuple[str, str], ...]  # (kind, sample file): kinds photo, video
    private: bool = False

    @property
    def link(self) -> str:
        """The post's Instagram link."""
        return f"https://www.instagram.com/{self.path}/{self.code}/"


REEL = InstagramSample("CsandboxR1", "reel", (("video", "video.mp4"),))
CAROUSEL = InstagramSample(
    "CsandboxC1",
    "p",
    (("photo", "slide-01.jpeg"), ("video", "video.mp4"), ("photo", "slide-02.jpeg")),
)
PRIVATE_POST = InstagramSample("CsandboxP1", "p", (("photo", "slide-03.jpeg"),), private=True)
SAMPLES = (REEL, CAROUSEL, PRIVATE_POST)
PROFILE_LINK = f"https://www.instagram.com/{AUTHOR}/"  # no post: the bot says what it serves


def instagram_links() -> list[tuple[str, str]]:
    """(what it is, link) pairs for the start banner and ``:links``."""
    kinds = ", ".join(kind for kind, _ in CAROUSEL.items)
    return [
        ("Instagram reel", REEL.link),
        (f"Instagram carousel ({kinds})", CAROUSEL.link),
        ("private Instagram post (an error)", PRIVATE_POST.link),
        ("Instagram profile (not a post)", PROFILE_LINK),
    ]


def publish_instagram(cobalt: CobaltEmulator) -> None:
    """Add every Instagram sample to the cobalt stand-in: a reel as a video, a carousel as a
    picker of its items in order, the private post as cobalt's ``private`` error."""
    for sample in SAMPLES:
        items = [(kind, (SAMPLES_DIR / name).read_bytes()) for kind, name in sample.items]
        if len(items) > 1:
            cobalt.add_instagram_carousel(sample.code, author=AUTHOR, items=items)
        elif items[0][0] == "video":
            cobalt.add_instagram_video(sample.code, author=AUTHOR, video=items[0][1])
        else:
            cobalt.add_instagram_photo(sample.code, author=AUTHOR, photo=items[0][1])
        if sample.private:
            cobalt.instagram_error(sample.code, PRIVATE)
