language-name = Русский

cmd-start = Запустить бота
cmd-help = Что умеет бот
cmd-lang = Сменить язык
cmd-mode = Отправка медиа файлами вкл/выкл
cmd-stats = Ваша статистика

start-welcome =
    Привет, { $name }! 👋
    Пришлите ссылку на TikTok — я пришлю видео без водяного знака, фото из слайдшоу и, по запросу, звук.
    Меня можно использовать и в инлайн-режиме: наберите <code>@{ $bot } ссылка</code> в любом чате.
start-welcome-group =
    Всем привет! 👋
    Отправьте ссылку на TikTok в этот чат, и я отвечу видео или фотографиями.

help-text =
    <b>Что я умею</b>
    Пришлите ссылку на TikTok (видео или фото-слайдшоу), и я пришлю медиа без водяного знака. Под каждым постом есть кнопка, чтобы получить звук.

    <b>Команды</b>
    /start — запустить бота
    /lang — сменить язык
    /mode — отправка медиа файлами (без сжатия Telegram) вкл/выкл
    /stats — ваша статистика
    /help — это сообщение

lang-choose = Выберите язык:
lang-changed = Язык изменён: { language-name }.
lang-admins-only = Изменить это могут только администраторы группы.
lang-unknown = Этот язык недоступен.

mode-on = Режим файлов <b>включён</b>: медиа будут приходить файлами, без сжатия Telegram.
mode-off = Режим файлов <b>выключен</b>: медиа будут приходить обычными видео и фото.

stats-user =
    <b>Ваша статистика</b>
    С нами с: { DATETIME($since, dateStyle: "medium") }
    Видео: { $videos }
    Слайдшоу: { $slideshows }
    Звуки: { $music }

hint-send-link = Пришлите ссылку на видео или слайдшоу TikTok, например <code>https://vm.tiktok.com/ZM6abcdef/</code>.
unknown-command = Я не знаю такой команды. Отправьте /help, чтобы узнать, что я умею.
error-generic = У меня что-то пошло не так. Попробуйте ещё раз через минуту.

media-caption = 👤 <a href="{ $link }">@{ $author }</a>
media-music-button = 🎵 Музыка
media-slideshow-music = 🎵 Звук этого слайдшоу:
media-working = ⏳ Загружаю…
media-uploading = ⏳ Отправляю…
media-busy = ⏳ Я ещё обрабатываю ваши предыдущие ссылки. Отправьте эту снова, когда они будут готовы.
media-slow-down = 🐢 Слишком много ссылок сразу: подождите минуту и попробуйте снова.
media-too-many-links = Я обработаю первые { $limit } ссылок из сообщения.
media-invalid-link = ❌ Не удалось открыть ссылку: она нерабочая или пост удалён.
media-unavailable = 🔒 Этот пост закрыт, удалён или недоступен.
media-slideshow-unsupported = 🖼 Сейчас я не могу скачивать фото-слайдшоу, только видео.
media-timeout = ⌛ TikTok сейчас отвечает слишком медленно. Попробуйте ещё раз через минуту.
media-resolver-down = 🛠 Сейчас не удаётся связаться с TikTok. Попробуйте позже.
media-media-unavailable = ❌ TikTok не отдал медиа этого поста. Попробуйте позже.
media-too-large = 📦 Это видео слишком большое для Telegram ({ $size_mb } МБ). <a href="{ $url }">Скачайте его напрямую</a>.
media-no-sound = У этого поста нет отдельного звука.
media-music-sent = 🎵 Отправлено!
media-start-first = Откройте чат со мной и нажмите «Старт», тогда я смогу прислать звук.
ad-button = Открыть
inline-title-video = Видео от @{ $author }
inline-title-photo = Фото { $number } от @{ $author }
inline-needs-storage = Инлайн-режим не настроен
inline-needs-storage-text = Владелец бота должен указать чат-хранилище (STORAGE_CHAT_ID) для инлайн-режима. Пока отправьте ссылку мне в личные сообщения.
inline-error-title = Не удалось получить пост
inline-hint-title = Вставьте ссылку на TikTok
inline-hint-text = Наберите @{ $bot } и ссылку на TikTok, чтобы поделиться видео здесь.

maintenance-message = 🛠 Бот на техническом обслуживании. Попробуйте чуть позже.
settings-title = <b>Настройки</b> (изменить: /set &lt;ключ&gt; &lt;значение&gt;; «-» очищает текст)
settings-changed = ✅ { $key } теперь: { $value }
settings-usage = Использование: /set &lt;ключ&gt; &lt;значение&gt;. Список ключей — /settings.
settings-error-unknown = ❌ Настройки «{ $key }» нет. Доступные: { $known }
settings-error-number = ❌ Для { $key } нужно целое число.
settings-error-minimum = ❌ { $key } должно быть не меньше { $limit }.
settings-error-maximum = ❌ { $key } должно быть не больше { $limit }.
settings-error-switch = ❌ { $key } принимает on или off.
settings-error-text = ❌ { $key } принимает текст.
settings-error-length = ❌ { $key } может быть не длиннее { $limit } символов.
settings-error-link = ❌ { $key } должно быть ссылкой http(s):// или tg://.
settings-error-invalid = ❌ Это значение не подходит для настройки.
msg-usage = Использование: /msg &lt;id чата&gt; &lt;текст&gt;
msg-delivered = ✅ Доставлено в { $chat }.
msg-blocked = 🚫 { $chat } заблокировал бота; чат отмечен как заблокированный.
msg-failed = ❌ Не доставлено в { $chat }: { $error }
