# English — the fallback catalog: every key lives here first.
language-name = English

cmd-start = Start the bot
cmd-help = What the bot does
cmd-lang = Change the language
cmd-mode = Send media as files on/off
cmd-stats = Your statistics

start-welcome =
    Hi, { $name }! 👋
    Send me a TikTok link and I'll send back the video without a watermark, the photos of a slideshow, and its sound on request.
    You can also use me inline: type <code>@{ $bot } link</code> in any chat.
start-welcome-group =
    Hello, everyone! 👋
    Send a TikTok link in this chat and I'll reply with the video or the photos.

help-text =
    <b>What I do</b>
    Send me a TikTok link (video or photo slideshow) and I'll send the media back without a watermark. Under each post there is a button to get its sound.

    <b>Commands</b>
    /start — start the bot
    /lang — change the language
    /mode — send media as files (no Telegram compression) on or off
    /stats — your statistics
    /help — this message

lang-choose = Choose a language:
lang-changed = Language set to { language-name }.
lang-admins-only = Only the group's admins can change this.
lang-unknown = That language is not available.

mode-on = File mode is <b>on</b>: media will come as files, without Telegram's compression.
mode-off = File mode is <b>off</b>: media will come as regular videos and photos.

stats-user =
    <b>Your statistics</b>
    Member since: { DATETIME($since, dateStyle: "medium") }
    Videos: { $videos }
    Slideshows: { $slideshows }
    Sounds: { $music }

hint-send-link = Send me a link to a TikTok video or slideshow, for example <code>https://vm.tiktok.com/ZM6abcdef/</code>.
unknown-command = I don't know that command. Send /help to see what I can do.
error-generic = Something went wrong on my side. Please try again in a moment.

media-caption = 👤 <a href="{ $link }">@{ $author }</a>
media-music-button = 🎵 Music
media-slideshow-music = 🎵 The sound of this slideshow:
media-working = ⏳ Downloading…
media-uploading = ⏳ Uploading…
media-busy = ⏳ I'm still working on your previous links. Send this one again when they're done.
media-slow-down = 🐢 Too many links at once: please wait a minute and try again.
media-too-many-links = I'll take the first { $limit } links of a message.
media-invalid-link = ❌ I couldn't open this link: it isn't a working TikTok link, or the post was removed.
media-unavailable = 🔒 This post is private, deleted or unavailable.
media-slideshow-unsupported = 🖼 I can't download photo slideshows at the moment, only videos.
media-timeout = ⌛ TikTok is answering too slowly right now. Please try again in a minute.
media-resolver-down = 🛠 I can't reach TikTok right now. Please try again later.
media-media-unavailable = ❌ TikTok didn't give me the media of this post. Please try again later.
media-too-large = 📦 This video is too big for Telegram ({ $size_mb } MB). <a href="{ $url }">Download it directly</a>.
media-no-sound = This post has no separate sound.
media-music-sent = 🎵 Sent!
media-start-first = Open a chat with me and press Start first, then I can send you the sound.
ad-button = Open
inline-title-video = Video by @{ $author }
inline-title-photo = Photo { $number } by @{ $author }
inline-needs-storage = Inline mode is not set up
inline-needs-storage-text = The operator of this bot has to configure a storage chat (STORAGE_CHAT_ID) for inline mode. Send the link to me in a private chat instead.
inline-error-title = Couldn't get this post
inline-hint-title = Paste a TikTok link
inline-hint-text = Type @{ $bot } followed by a TikTok link to share the video here.

maintenance-message = 🛠 The bot is under maintenance. Please try again a bit later.
settings-title = <b>Runtime settings</b> (change with /set &lt;key&gt; &lt;value&gt;; "-" clears a text)
settings-changed = ✅ { $key } is now: { $value }
settings-usage = Usage: /set &lt;key&gt; &lt;value&gt;. Send /settings to see the keys.
settings-error-unknown = ❌ There is no setting “{ $key }”. Known settings: { $known }
settings-error-number = ❌ { $key } needs a whole number.
settings-error-minimum = ❌ { $key } must be at least { $limit }.
settings-error-maximum = ❌ { $key } must be at most { $limit }.
settings-error-switch = ❌ { $key } takes on or off.
settings-error-text = ❌ { $key } takes text.
settings-error-length = ❌ { $key } may be at most { $limit } characters long.
settings-error-link = ❌ { $key } must be an http(s):// or tg:// link.
settings-error-invalid = ❌ That value does not fit this setting.
msg-usage = Usage: /msg &lt;chat id&gt; &lt;text&gt;
msg-delivered = ✅ Delivered to { $chat }.
msg-blocked = 🚫 { $chat } has blocked the bot; it is now marked as blocked.
msg-failed = ❌ Not delivered to { $chat }: { $error }
