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
