language-name = Українська

cmd-start = Запустити бота
cmd-help = Що вміє бот
cmd-lang = Змінити мову
cmd-mode = Надсилання медіа файлами увімк/вимк
cmd-stats = Ваша статистика

start-welcome =
    Привіт, { $name }! 👋
    Надішліть посилання на TikTok — я надішлю відео без водяного знака, фото зі слайдшоу і, на запит, звук.
    Мене можна використовувати й в інлайн-режимі: наберіть <code>@{ $bot } посилання</code> у будь-якому чаті.
start-welcome-group =
    Усім привіт! 👋
    Надішліть посилання на TikTok у цей чат, і я відповім відео або фотографіями.

help-text =
    <b>Що я вмію</b>
    Надішліть посилання на TikTok (відео або фото-слайдшоу), і я надішлю медіа без водяного знака. Під кожним постом є кнопка, щоб отримати звук.

    <b>Команди</b>
    /start — запустити бота
    /lang — змінити мову
    /mode — надсилання медіа файлами (без стиснення Telegram) увімк/вимк
    /stats — ваша статистика
    /help — це повідомлення

lang-choose = Оберіть мову:
lang-changed = Мову змінено: { language-name }.
lang-admins-only = Змінити це можуть лише адміністратори групи.
lang-unknown = Ця мова недоступна.

mode-on = Режим файлів <b>увімкнено</b>: медіа надходитимуть файлами, без стиснення Telegram.
mode-off = Режим файлів <b>вимкнено</b>: медіа надходитимуть звичайними відео та фото.

stats-user =
    <b>Ваша статистика</b>
    З нами з: { DATETIME($since, dateStyle: "medium") }
    Відео: { $videos }
    Слайдшоу: { $slideshows }
    Звуки: { $music }

hint-send-link = Надішліть посилання на відео або слайдшоу TikTok, наприклад <code>https://vm.tiktok.com/ZM6abcdef/</code>.
unknown-command = Я не знаю такої команди. Надішліть /help, щоб дізнатися, що я вмію.
error-generic = У мене щось пішло не так. Спробуйте ще раз за хвилину.

media-caption = 👤 <a href="{ $link }">@{ $author }</a>
media-music-button = 🎵 Музика
media-slideshow-music = 🎵 Звук цього слайдшоу:
media-working = ⏳ Завантажую…
media-uploading = ⏳ Надсилаю…
media-busy = ⏳ Я ще обробляю ваші попередні посилання. Надішліть це знову, коли вони будуть готові.
media-slow-down = 🐢 Забагато посилань одразу: зачекайте хвилину й спробуйте знову.
media-too-many-links = Я оброблю перші { $limit } посилань із повідомлення.
media-invalid-link = ❌ Не вдалося відкрити посилання: воно непрацююче або допис видалено.
media-unavailable = 🔒 Цей допис закритий, видалений або недоступний.
media-slideshow-unsupported = 🖼 Зараз я не можу завантажувати фото-слайдшоу, лише відео.
media-timeout = ⌛ TikTok зараз відповідає надто повільно. Спробуйте ще раз за хвилину.
media-resolver-down = 🛠 Зараз не вдається зв'язатися з TikTok. Спробуйте пізніше.
media-media-unavailable = ❌ TikTok не віддав медіа цього допису. Спробуйте пізніше.
media-too-large = 📦 Це відео завелике для Telegram ({ $size_mb } МБ). <a href="{ $url }">Завантажте його напряму</a>.
media-no-sound = У цього допису немає окремого звуку.
media-music-sent = 🎵 Надіслано!
media-start-first = Відкрийте чат зі мною й натисніть «Почати», тоді я зможу надіслати звук.
ad-button = Відкрити
inline-title-video = Відео від @{ $author }
inline-title-photo = Фото { $number } від @{ $author }
inline-needs-storage = Інлайн-режим не налаштовано
inline-needs-storage-text = Власник бота має вказати чат-сховище (STORAGE_CHAT_ID) для інлайн-режиму. Поки що надішліть посилання мені в особисті повідомлення.
inline-error-title = Не вдалося отримати допис
inline-hint-title = Вставте посилання на TikTok
inline-hint-text = Наберіть @{ $bot } і посилання на TikTok, щоб поділитися відео тут.

maintenance-message = 🛠 Бот на технічному обслуговуванні. Спробуйте трохи пізніше.
settings-title = <b>Налаштування</b> (змінити: /set &lt;ключ&gt; &lt;значення&gt;; «-» очищає текст)
settings-changed = ✅ { $key } тепер: { $value }
settings-usage = Використання: /set &lt;ключ&gt; &lt;значення&gt;. Список ключів — /settings.
settings-error-unknown = ❌ Налаштування «{ $key }» немає. Доступні: { $known }
settings-error-number = ❌ Для { $key } потрібне ціле число.
settings-error-minimum = ❌ { $key } має бути не менше { $limit }.
settings-error-maximum = ❌ { $key } має бути не більше { $limit }.
settings-error-switch = ❌ { $key } приймає on або off.
settings-error-text = ❌ { $key } приймає текст.
settings-error-length = ❌ { $key } може мати не більше { $limit } символів.
settings-error-link = ❌ { $key } має бути посиланням http(s):// або tg://.
settings-error-invalid = ❌ Це значення не підходить для налаштування.
msg-usage = Використання: /msg &lt;id чату&gt; &lt;текст&gt;
msg-delivered = ✅ Доставлено в { $chat }.
msg-blocked = 🚫 { $chat } заблокував бота; чат позначено як заблокований.
msg-failed = ❌ Не доставлено в { $chat }: { $error }
