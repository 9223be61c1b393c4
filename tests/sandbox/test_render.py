"""The sandbox's rendering of Bot API calls: media lines, numbered buttons, links, rejections."""

from devservers.telegram_api import Call, UploadedFile
from sandbox.render import (
    ButtonBoard,
    Renderer,
    html_to_text,
    inline_results,
    media_line,
    with_links,
)

LINK = "https://www.tiktok.com/@nasa/video/7300000000000000001"
CHAT = 2001
PRIVATE = {"id": CHAT, "type": "private"}
MUSIC = {"inline_keyboard": [[{"text": "🎵 Music", "callback_data": "music:1"}]]}


def call(method, params=None, result=None, error=None, files=()):
    return Call(method, params or {}, list(files), "token", 0.0, result, error)


def sent_video(message_id, *, uploaded=True):
    video = {"file_id": "v1", "file_size": 1_363_149, "width": 720, "height": 1280, "duration": 9}
    result = {
        "message_id": message_id,
        "chat": PRIVATE,
        "video": video,
        "caption": "👤 @nasa",
        "caption_entities": [{"type": "text_link", "offset": 3, "length": 5, "url": LINK}],
        "reply_markup": MUSIC,
    }
    files = [UploadedFile("f1", "1.mp4", 1_363_149, "sha")] if uploaded else []
    params = {"chat_id": CHAT, "video": "attach://f1" if uploaded else "BAAC-file-id"}
    return call("sendVideo", params, result, files=files)


def test_media_line_shows_kind_size_dimensions_duration_and_caption():
    item = {"file_size": 1_363_149, "width": 720, "height": 1280, "duration": 9}
    assert media_line("video", item, "look\nhere") == '[video 1.3 MB 720x1280 9s "look / here"]'
    sizes = [
        {"file_size": 900, "width": 180, "height": 320},
        {"file_size": 5_300, "width": 720, "height": 1280},
    ]
    assert media_line("photo", sizes, cached=True) == "[photo 5.2 KB 720x1280 (cached)]"
    audio = {"file_size": 28_000, "duration": 7, "performer": "NASA", "title": "Launch"}
    assert media_line("audio", audio) == "[audio 27.3 KB 7s NASA – Launch]"
    document = {"file_size": 12, "file_name": "a.mp4"}
    assert media_line("document", document) == "[document 12 B a.mp4]"


def test_video_is_one_media_line_and_buttons_are_numbered_across_messages():
    board = ButtonBoard()
    renderer = Renderer(board)
    first = renderer.render(sent_video(5))
    assert first == [f'[video 1.3 MB 720x1280 9s "👤 @nasa <{LINK}>"]', "[1] 🎵 Music"]
    again = renderer.render(sent_video(6, uploaded=False))
    assert again[0].startswith("[video 1.3 MB 720x1280 9s (cached) ")
    assert again[1] == "[2] 🎵 Music"
    assert (board.get(1).message_id, board.get(1).callback_data) == (5, "music:1")
    assert board.newest("music").number == 2 and board.newest("nothing") is None


def test_url_buttons_show_their_url_and_rows_stay_rows():
    markup = {
        "inline_keyboard": [
            [
                {"text": "Open", "url": "https://ads.example"},
                {"text": "More", "callback_data": "m"},
            ],
            [{"text": "Back", "callback_data": "b"}],
        ]
    }
    message = {"message_id": 1, "chat": PRIVATE, "text": "Ad", "reply_markup": markup}
    lines = Renderer(ButtonBoard()).render(call("sendMessage", {"chat_id": CHAT}, message))
    assert lines == ["Ad", "[1] Open → https://ads.example  [2] More", "[3] Back"]


def test_media_group_is_one_line_per_item():
    photo = [{"file_size": 6_000, "width": 720, "height": 1280}]
    photos = [
        {"message_id": 1, "chat": PRIVATE, "photo": photo, "caption": "first"},
        {"message_id": 2, "chat": PRIVATE, "photo": photo},
    ]
    media = [{"type": "photo", "media": "attach://a"}, {"type": "photo", "media": "AgAC-file-id"}]
    lines = Renderer(ButtonBoard()).render(
        call("sendMediaGroup", {"chat_id": CHAT, "media": media}, photos)
    )
    assert lines == [
        "[media group of 2]",
        '   1. [photo 5.9 KB 720x1280 "first"]',
        "   2. [photo 5.9 KB 720x1280 (cached)]",
    ]


def test_a_media_group_of_photos_and_videos_shows_each_item_as_its_kind_in_order():
    photo = [{"file_size": 900, "width": 180, "height": 320}, {"file_size": 5_300, "width": 360}]
    video = {"file_size": 76_912, "width": 360, "height": 640, "duration": 7, "file_name": "v.mp4"}
    link = "https://www.instagram.com/p/CsandboxC1/"
    caption = {"type": "text_link", "offset": 3, "length": 9, "url": link}
    items = [
        {"message_id": 1, "chat": PRIVATE, "photo": photo, "caption": "🔗 Instagram"},
        {"message_id": 2, "chat": PRIVATE, "video": video},
        {"message_id": 3, "chat": PRIVATE, "photo": photo},
    ]
    items[0]["caption_entities"] = [caption]

    def group(media):
        params = {"chat_id": CHAT, "media": media}
        return Renderer(ButtonBoard()).render(call("sendMediaGroup", params, items))

    uploads = [
        {"type": "photo", "media": "attach://a", "caption": "🔗 Instagram"},
        {"type": "video", "media": "attach://b", "supports_streaming": True},
        {"type": "photo", "media": "attach://c"},
    ]
    assert group(uploads) == [
        "[media group of 3]",
        f'   1. [photo 5.2 KB "🔗 Instagram <{link}>"]',
        "   2. [video 75.1 KB 360x640 7s]",
        "   3. [photo 5.2 KB]",
    ]
    by_file_id = [{**spec, "media": f"file-{i}"} for i, spec in enumerate(uploads)]
    assert group(by_file_id)[1:] == [
        f'   1. [photo 5.2 KB (cached) "🔗 Instagram <{link}>"]',
        "   2. [video 75.1 KB 360x640 7s (cached)]",
        "   3. [photo 5.2 KB (cached)]",
    ]


def test_edits_and_deletions_are_marked():
    renderer = Renderer(ButtonBoard())
    status = {"message_id": 3, "chat": PRIVATE, "text": "⏳ Uploading…"}
    renderer.render(call("sendMessage", {"chat_id": CHAT}, status))
    edited = {**status, "text": "Done"}
    assert renderer.render(call("editMessageText", {"chat_id": CHAT}, edited)) == ["✎ Done"]
    deleted = call("deleteMessage", {"chat_id": CHAT, "message_id": 3}, True)
    assert renderer.render(deleted) == ["✗ deleted: Done"]


def test_rejections_toasts_and_quiet_calls():
    renderer = Renderer(ButtonBoard())
    error = {"error_code": 400, "description": "Bad Request: chat not found"}
    assert renderer.render(call("sendMessage", {"chat_id": 1}, error=error)) == [
        "✗ sendMessage rejected: 400 Bad Request: chat not found"
    ]
    toast, alert = {"text": "Sent!"}, {"text": "No", "show_alert": True}
    assert renderer.render(call("answerCallbackQuery", toast, True)) == ["[toast] Sent!"]
    assert renderer.render(call("answerCallbackQuery", alert, True)) == ["[alert] No"]
    assert renderer.render(call("answerCallbackQuery", {}, True)) == []
    assert renderer.render(call("sendChatAction", {"chat_id": 1}, True)) == []
    assert renderer.render(call("getUpdates", {}, [])) == []


def test_copies_show_the_copied_content():
    stored = {"message_id": 9, "chat": PRIVATE, "text": "Big news"}
    renderer = Renderer(ButtonBoard(), lambda chat, message: stored if message == 9 else None)
    params = {"chat_id": CHAT, "from_chat_id": 1, "message_id": 4}
    lines = renderer.render(call("copyMessage", params, {"message_id": 9}))
    assert lines == ["[copy of 1/4] Big news"]


def test_links_and_html_become_readable_text():
    entities = [
        {"type": "text_link", "offset": 3, "length": 5, "url": LINK},
        {"type": "bold", "offset": 0, "length": 2},
    ]
    assert with_links("👤 @nasa, hi", entities) == f"👤 @nasa <{LINK}>, hi"
    source = (
        '<b>Hi</b> &lt;3 <a href="https://x.example">site</a> '
        '<a href="https://y.example">https://y.example</a>'
    )
    assert html_to_text(source) == "Hi <3 site <https://x.example> https://y.example"


def test_inline_results_are_numbered():
    video = {
        "type": "video",
        "id": "v1",
        "title": "Video by @nasa",
        "reply_markup": MUSIC,
        "caption": '<a href="https://t.example">@nasa</a>',
        "parse_mode": "HTML",
    }
    article = {
        "type": "article",
        "id": "a",
        "title": "Hint",
        "input_message_content": {"message_text": "Paste a link"},
    }
    assert inline_results([video, article]) == [
        "[inline: 2 results]",
        '   1. video "Video by @nasa" — @nasa <https://t.example> (🎵 Music)',
        '   2. article "Hint" — Paste a link',
    ]
    assert inline_results([]) == ["[inline: no results]"]
