# English — the fallback catalog: every key lives here first.
language-name = English

cmd-start = Start the bot
cmd-help = What the bot does
cmd-lang = Change the language
cmd-mode = Send media as files on/off
cmd-stats = Your statistics

start-welcome =
    Hi, { $name }! 👋
    Send me a TikTok or Instagram link and I'll send back the video without a watermark, the photos of a slideshow or carousel, and a TikTok post's sound on request.
    You can also use me inline: type <code>@{ $bot } link</code> in any chat.
start-welcome-group =
    Hello, everyone! 👋
    Send a TikTok or Instagram link in this chat and I'll reply with the video or the photos.

help-text =
    <b>What I do</b>
    Send me a TikTok link (video or photo slideshow) or an Instagram link (reel, post or carousel) and I'll send the media back without a watermark. Under each TikTok post there is a button to get its sound.

    <b>Commands</b>
    /start — start the bot
    /lang — change the language
    /mode — send media as files (no Telegram compression) on or off
    /settings — preferences: quality, slideshows, captions, the music button
    /stats — your statistics
    /help — this message

lang-choose = Choose a language:
lang-changed = Language set to { language-name }.
lang-admins-only = Only the group's admins can change this.
lang-unknown = That language is not available.

mode-on = File mode is <b>on</b>: media will come as files, without Telegram's compression.
mode-off = File mode is <b>off</b>: media will come as regular videos and photos.

# Preferences menu (/settings)
cmd-settings = Preferences: quality, slideshows, captions
prefs-title = <b>Preferences for this chat</b>
prefs-line = • <b>{ $name }</b>: { $value } — { $about }
prefs-hint = Press a button to switch to the next choice (in groups only admins can). Or send /settings &lt;key&gt; &lt;value&gt;.
prefs-quality = Quality
prefs-quality-about = the best video, a standard one, or the smallest (saves data)
prefs-quality-best = Best
prefs-quality-standard = Standard
prefs-quality-saver = Data saver
prefs-slideshow = Slideshows
prefs-slideshow-about = photo slideshows as photos, as one video with their sound, or both
prefs-slideshow-photos = Photos
prefs-slideshow-video = Video
prefs-slideshow-both = Photos and video
prefs-captions = Captions
prefs-captions-about = the post's caption with the media: all of it, shortened, or none
prefs-captions-full = Full
prefs-captions-short = Short
prefs-captions-off = Off
prefs-music_button = Music button
prefs-music_button-about = a button under TikTok posts that sends their sound
prefs-music_button-on = On
prefs-music_button-off = Off
prefs-file_mode = File mode
prefs-file_mode-about = media as files, without Telegram's compression (same as /mode)
prefs-file_mode-on = On
prefs-file_mode-off = Off
prefs-changed = ✅ { $name } is now: { $value }
prefs-stale = This menu was out of date; it now shows the current preferences.
prefs-invalid = This button no longer works. Send /settings for a new menu.
prefs-usage =
    Usage: /settings &lt;key&gt; &lt;value&gt;, for example <code>/settings quality saver</code>. Keys and values:
    { $keys }
prefs-error-unknown = ❌ There is no preference “{ $key }”. Valid keys: { $known }
prefs-error-choice = ❌ { $key } takes one of: { $valid }

stats-user =
    <b>Your statistics</b>
    Member since: { DATETIME($since, dateStyle: "medium") }
    Videos: { $videos }
    Slideshows: { $slideshows }
    Sounds: { $music }

hint-send-link = Send me a link to a TikTok video or slideshow, or to an Instagram reel or post, for example <code>https://vm.tiktok.com/ZM6abcdef/</code>.
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
media-invalid-link = ❌ I couldn't open this link: it isn't a working { $platform } link, or the post was removed.
media-unavailable = 🔒 This post is private, deleted or unavailable.
media-slideshow-unsupported = 🖼 I can't download photo slideshows at the moment, only videos.
media-timeout = ⌛ { $platform } is answering too slowly right now. Please try again in a minute.
media-resolver-down = 🛠 I can't reach { $platform } right now. Please try again later.
media-media-unavailable = ❌ { $platform } didn't give me the media of this post. Please try again later.
media-host-refused = 🚫 The media of this post is on a host I'm not allowed to download from.
media-unsupported = ⚙️ I can't fetch this post the way my download service is set up. Please try again later.
media-caption-platform = 🔗 <a href="{ $link }">{ $platform }</a>
media-private = 🔒 This { $platform } post is private: only its author's followers can see it.
media-login-required = 🔑 { $platform } shows this post only to signed-in users (it may be age-restricted), so I can't download it.
media-items-capped = 🖼 The first { $sent } of { $total } photos and videos.
media-unsupported-profile = 👤 That link leads to a profile on { $platform }. I download single posts: send me a link to a video, reel, photo post or carousel.
media-unsupported-story = ⏳ I can't download { $platform } stories. Send me a link to a reel or a post instead.
media-unsupported-highlight = ⏳ I can't download { $platform } story highlights. Send me a link to a reel or a post instead.
media-unsupported-link = I can't download this kind of { $platform } link. Send me a link to a single post.
media-images-capped = 🖼 The first { $sent } of { $total } photos.
media-too-large = 📦 This video is too big for Telegram ({ $size_mb } MB). <a href="{ $url }">Download it directly</a>.
media-no-sound = This post has no separate sound.
media-music-sent = 🎵 Sent!
media-start-first = Open a chat with me and press Start first, then I can send you the sound.
media-rendering = 🎞 Making a video of the slideshow…
media-render-failed = 🖼 I couldn't make a video of this slideshow, so here are its photos.
media-render-failed-after-photos = 🎞 I couldn't make a video of this slideshow this time; its photos are above.
media-quality-lowered = ⬇️ Sent in a lower quality: the one you chose is over Telegram's upload limit.
ad-button = Open
inline-title-video = Video by { $author }
inline-title-photo = Photo { $number } by { $author }
inline-title-video-number = Video { $number } by { $author }
inline-title-slideshow-video = Slideshow video by { $author }
inline-needs-storage = Inline mode is not set up
inline-needs-storage-text = The operator of this bot has to configure a storage chat (STORAGE_CHAT_ID) for inline mode. Send the link to me in a private chat instead.
inline-error-title = Couldn't get this post
inline-slow-down-title = 🐢 Slow down
inline-busy-title = ⏳ Still working on your previous links
inline-hint-title = Paste a TikTok or Instagram link
inline-hint-text = Type @{ $bot } followed by a TikTok or Instagram link to share the video here.

maintenance-message = 🛠 The bot is under maintenance. Please try again a bit later.
settings-title = <b>Runtime settings</b> (change with /set &lt;key&gt; &lt;value&gt;; "-" clears a text)
settings-changed = ✅ { $key } is now: { $value }
settings-usage = Usage: /set &lt;key&gt; &lt;value&gt;. Send /config to see the keys.
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

# Operator statistics, graphs and exports (admins only)
admin-period-24h = 24 h
admin-period-7d = 7 days
admin-period-30d = 30 days
admin-period-all = All time
admin-audience-all = All chats
admin-audience-users = Users
admin-audience-groups = Groups
admin-stats-title = <b>📊 Bot statistics</b> · { $audience } · { DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC
admin-stats-chats = 👤 Users: { $users } · 👥 Groups: { $groups }
admin-stats-blocked = ⛔ Blocked the bot: { $blocked }
admin-stats-subscriptions = 🔔 Active subscriptions: { $subscriptions } · creators followed: { $creators }
admin-stats-windows = <b>24 h · 7 days · 30 days</b>
admin-stats-new = New chats: { $day } · { $week } · { $month }
admin-stats-downloads = Downloads: { $day } · { $week } · { $month }
admin-stats-slideshows = Slideshows: { $day } · { $week } · { $month }
admin-stats-music = Sounds: { $day } · { $week } · { $month }
admin-stats-period = <b>{ $period }</b>
admin-stats-period-new = New chats: { $count }
admin-stats-period-downloads = Downloads: { $downloads } (videos: { $videos }, slideshows: { $slideshows })
admin-stats-period-platform = From { $platform }: { $count }
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = Inline: { $inline } ({ NUMBER($share, style: "percent", maximumFractionDigits: 1) } of downloads)
admin-stats-period-subscriptions = Via subscriptions: { $count }
admin-stats-period-music = Sounds: { $count }
admin-graph-button = 📈 Graph
admin-graph-drawing = Drawing the graph…
admin-graph-title = Downloads and new chats · { $period } · { $audience }
admin-graph-downloads = Downloads
admin-graph-new-chats = New chats
admin-graph-axis-hours = Hour (UTC)
admin-graph-axis-days = Day (UTC)
admin-graph-empty = No data for this period
admin-graph-caption = 📈 { $period } · { $audience } — downloads: { $downloads }, new chats: { $new }
admin-referrals-title = <b>🔗 Referral links</b> (top { $count })
admin-referrals-row = { $rank }. <code>{ $link }</code> — registered: { $users }, downloaded: { $downloaded } ({ NUMBER($share, style: "percent") })
admin-referrals-empty = No one has registered through a referral link yet.
admin-top-languages = <b>🌐 Languages</b>
admin-top-language-row = { $lang }: { $chats }
admin-top-none = —
admin-top-file-mode = 📁 File mode on: { $count }
admin-top-users = <b>🏆 Top { $count } by downloads</b>
admin-top-user-row = { $rank }. <code>{ $id }</code> — { $downloads }
admin-user-usage = Usage: <code>/user &lt;chat id&gt;</code>, for example <code>/user 123456789</code> (group ids are negative).
admin-user-unknown = ❓ No chat with id <code>{ $id }</code> has used the bot.
admin-user-title = <b>👤 Chat <code>{ $id }</code></b> · { $kind ->
        [group] group
       *[private] private chat
    }
admin-user-registered = Registered: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-last-seen = Last seen: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-settings = Language: { $lang } · File mode: { $mode ->
        [on] on
       *[off] off
    }
admin-user-referral = Referral link: <code>{ $link }</code>
admin-user-no-referral = Referral link: none
admin-user-blocked = ⛔ Blocked the bot: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-not-blocked = Blocked the bot: no
admin-user-counts = Downloads: { $downloads } (slideshows: { $slideshows }) · Sounds: { $music }
admin-user-subscriptions = Subscriptions ({ $count }): { $creators }
admin-user-no-subscriptions = Subscriptions: none
admin-user-more = and { $count } more
admin-user-downloads-title = <b>Last downloads</b> (up to { $count })
admin-user-no-downloads = No downloads yet.
admin-user-download-row = { DATETIME($at, dateStyle: "short", timeStyle: "short") } · { $kind ->
        [slideshow] slideshow
       *[video] video
    } · { $via ->
        [inline] inline
        [subscription] subscription
       *[chat] chat
    } · <a href="{ $url }">{ $video }</a>
admin-export-usage =
    Usage:
    <code>/export users</code> — every chat
    <code>/export downloads</code> — every download
    <code>/export downloads 30</code> — downloads of the last 30 days (1 to { $max_days })
admin-export-busy = ⏳ Your previous export is still running. Please wait until it finishes.
admin-export-started = ⏳ Exporting { $kind ->
        [users] chats
       *[downloads] downloads
    }, rows: about { $total }…
admin-export-progress = ⏳ Exporting { $kind ->
        [users] chats
       *[downloads] downloads
    }, rows: { $rows } of about { $total }…
admin-export-done = ✅ Export finished, rows: { $rows }.
admin-export-caption = { $kind ->
        [users] Chats
       *[downloads] Downloads
    } — rows: { $rows }, times in UTC.
admin-export-too-large = 📦 The file is too large to send even compressed ({ $size_mb } MB). Export fewer days, for example <code>/export downloads 30</code>.
admin-export-failed = ❌ The export failed; the details are in the log.

## Broadcasts (admins only)
broadcast-usage =
    📣 <b>Broadcast</b>: reply to the message you want to send (any kind: text, photo, video, album item…) with
    <code>/broadcast</code> — every chat that has not blocked me
    <code>/broadcast users</code> — private chats only
    <code>/broadcast groups</code> — groups only
    <code>/broadcast lang=ru</code> — only chats with that language (combines with the above)
    /broadcast_cancel stops the running broadcast, /broadcasts lists the recent ones.
broadcast-audience-all = all chats
broadcast-audience-users = private chats
broadcast-audience-groups = groups
broadcast-audience-lang = { $audience }, language { $lang }
broadcast-nobody = Nobody to send to: no chat matches ({ $audience }).
broadcast-confirm = 📣 Send this message to <b>{ $count }</b> { $count ->
        [one] chat
       *[other] chats
    } ({ $audience })?
broadcast-button-send = ✅ Send to { $count }
broadcast-button-cancel = ✖️ Cancel
broadcast-dismissed = Broadcast cancelled: nothing was sent.
broadcast-already = This broadcast has already started.
broadcast-was-cancelled = This broadcast was cancelled.
broadcast-queued = 📣 <b>Broadcast #{ $id }</b> is queued for { $total } { $total ->
        [one] chat
       *[other] chats
    }…
broadcast-progress =
    📣 <b>Broadcast #{ $id }</b> in progress
    { $bar } { $percent }%
    Processed: { $processed } of { $total }
    ✅ Sent: { $sent } · 🚫 Blocked: { $blocked } · ⚠️ Failed: { $failed }
    Speed: { NUMBER($rate, maximumFractionDigits: 1) } msg/s · Time left: { $eta }
broadcast-eta-unknown = calculating…
broadcast-done =
    ✅ <b>Broadcast #{ $id } finished</b> in { $duration }
    Sent: { $sent } · Blocked: { $blocked } · Failed: { $failed } (of { $total })
broadcast-cancelled =
    ⏹ <b>Broadcast #{ $id } cancelled</b>
    Sent: { $sent } · Blocked: { $blocked } · Failed: { $failed } · Not sent: { $unsent } (of { $total })
broadcast-cancel-none = No broadcast is running.
broadcast-list-empty = No broadcasts yet.
broadcast-list-title = <b>📣 Recent broadcasts</b>
broadcast-list-item = #{ $id } · { DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC · { $status } · { $audience }: sent { $sent } of { $total }, blocked { $blocked }, failed { $failed }
broadcast-status-queued = queued
broadcast-status-running = running
broadcast-status-done = done
broadcast-status-cancelled = cancelled

## Subscriptions
cmd-subscribe = Follow a TikTok creator
cmd-unsubscribe = Stop following a creator
cmd-subscriptions = Creators you follow
sub-usage =
    Send <code>/subscribe @name</code> (or the creator's profile link, such as <code>tiktok.com/@name</code>) and I'll post their new videos here as they appear.
unsub-usage = Send <code>/unsubscribe @name</code> to stop following a creator. /subscriptions lists the ones you follow.
sub-added = 🔔 You now follow <b>@{ $creator }</b>: their new posts will arrive here.
sub-already = You already follow <b>@{ $creator }</b>.
sub-unknown-creator = I couldn't find a TikTok creator called <b>@{ $creator }</b>. Check the name and try again.
sub-check-failed = I couldn't reach TikTok to check that creator. Please try again in a minute.
sub-limit = You already follow { $limit } { $limit ->
        [one] creator
       *[other] creators
    }, the most allowed. Unsubscribe from one first (/subscriptions).
sub-disabled = Subscriptions are turned off right now.
sub-removed = 🔕 You no longer follow <b>@{ $creator }</b>.
sub-not-following = You don't follow <b>@{ $creator }</b>.
sub-removed-short = Unsubscribed from @{ $creator }
sub-not-following-short = You no longer follow @{ $creator }
sub-list-title = <b>🔔 Creators you follow</b> ({ $count } of { $limit }):
sub-list-item = • @{ $creator }
sub-list-empty = You don't follow any creators yet. Send <code>/subscribe @name</code> to start.
sub-button-unsubscribe = ✖️ Unsubscribe @{ $creator }
sub-admins-only = Only the group's admins can change its subscriptions.
sub-creator-gone = ⚠️ The TikTok creator <b>@{ $creator }</b> can no longer be found, so I've stopped following them here. If they come back, send <code>/subscribe { $creator }</code>.
