language-name = Українська

cmd-start = Запустити бота
cmd-help = Що вміє бот
cmd-lang = Змінити мову
cmd-mode = Надсилання медіа файлами увімк/вимк
cmd-stats = Ваша статистика

start-welcome =
    Привіт, { $name }! 👋
    Надішліть посилання на TikTok або Instagram — я надішлю відео без водяного знака, фото зі слайдшоу чи каруселі і, на запит, звук допису TikTok.
    Мене можна використовувати й в інлайн-режимі: наберіть <code>@{ $bot } посилання</code> у будь-якому чаті.
start-welcome-group =
    Усім привіт! 👋
    Надішліть посилання на TikTok або Instagram у цей чат, і я відповім відео або фотографіями.

help-text =
    <b>Що я вмію</b>
    Надішліть посилання на TikTok (відео або фото-слайдшоу) або на Instagram (рілс, допис чи карусель), і я надішлю медіа без водяного знака. Під кожним дописом TikTok є кнопка, щоб отримати звук.

    <b>Команди</b>
    /start — запустити бота
    /lang — змінити мову
    /mode — надсилання медіа файлами (без стиснення Telegram) увімк/вимк
    /settings — налаштування: якість, слайдшоу, підписи, кнопка музики
    /stats — ваша статистика
    /help — це повідомлення

lang-choose = Оберіть мову:
lang-changed = Мову змінено: { language-name }.
lang-admins-only = Змінити це можуть лише адміністратори групи.
lang-unknown = Ця мова недоступна.

mode-on = Режим файлів <b>увімкнено</b>: медіа надходитимуть файлами, без стиснення Telegram.
mode-off = Режим файлів <b>вимкнено</b>: медіа надходитимуть звичайними відео та фото.

# Preferences menu (/settings)
cmd-settings = Налаштування: якість, слайдшоу, підписи
prefs-title = <b>Налаштування цього чату</b>
prefs-line = • <b>{ $name }</b>: { $value } — { $about }
prefs-hint = Натисніть кнопку, щоб обрати наступний варіант (у групах — лише адміністратори). Або надішліть /settings &lt;ключ&gt; &lt;значення&gt;.
prefs-quality = Якість
prefs-quality-about = найкраще відео, стандартне або найлегше (економить трафік)
prefs-quality-best = Найкраща
prefs-quality-standard = Стандартна
prefs-quality-saver = Економія трафіку
prefs-slideshow = Слайдшоу
prefs-slideshow-about = фото-слайдшоу як фото, одним відео зі звуком або і те, і те
prefs-slideshow-photos = Фото
prefs-slideshow-video = Відео
prefs-slideshow-both = Фото і відео
prefs-captions = Підписи
prefs-captions-about = підпис допису разом із медіа: повністю, скорочено або без нього
prefs-captions-full = Повні
prefs-captions-short = Короткі
prefs-captions-off = Без підписів
prefs-music_button = Кнопка музики
prefs-music_button-about = кнопка під дописами TikTok, яка надсилає їхній звук
prefs-music_button-on = Увімк
prefs-music_button-off = Вимк
prefs-file_mode = Режим файлів
prefs-file_mode-about = медіа файлами, без стиснення Telegram (як /mode)
prefs-file_mode-on = Увімк
prefs-file_mode-off = Вимк
prefs-changed = ✅ { $name }: тепер { $value }
prefs-stale = Це меню застаріло; тепер у ньому поточні налаштування.
prefs-invalid = Ця кнопка більше не працює. Надішліть /settings, щоб відкрити нове меню.
prefs-usage =
    Використання: /settings &lt;ключ&gt; &lt;значення&gt;, наприклад <code>/settings quality saver</code>. Ключі та значення:
    { $keys }
prefs-error-unknown = ❌ Налаштування «{ $key }» немає. Доступні ключі: { $known }
prefs-error-choice = ❌ Для { $key } можна одне з: { $valid }

stats-user =
    <b>Ваша статистика</b>
    З нами з: { DATETIME($since, dateStyle: "medium") }
    Відео: { $videos }
    Слайдшоу: { $slideshows }
    Звуки: { $music }

hint-send-link = Надішліть посилання на відео або слайдшоу TikTok чи на рілс або допис Instagram, наприклад <code>https://vm.tiktok.com/ZM6abcdef/</code>.
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
media-invalid-link = ❌ Не вдалося відкрити посилання { $platform }: воно непрацююче або допис видалено.
media-unavailable = 🔒 Цей допис закритий, видалений або недоступний.
media-slideshow-unsupported = 🖼 Зараз я не можу завантажувати фото-слайдшоу, лише відео.
media-timeout = ⌛ { $platform } зараз відповідає надто повільно. Спробуйте ще раз за хвилину.
media-resolver-down = 🛠 Зараз не вдається зв'язатися з { $platform }. Спробуйте пізніше.
media-media-unavailable = ❌ { $platform } не віддав медіа цього допису. Спробуйте пізніше.
media-host-refused = 🚫 Медіа цього допису лежить на сервері, з якого мені заборонено завантажувати.
media-unsupported = ⚙️ За поточного налаштування сервісу завантаження я не можу отримати цей допис. Спробуйте пізніше.
media-caption-platform = 🔗 <a href="{ $link }">{ $platform }</a>
media-private = 🔒 Цей допис { $platform } закритий: його бачать лише підписники автора.
media-login-required = 🔑 { $platform } показує цей допис лише користувачам, що увійшли (можливо, він має вікове обмеження), тож я не можу його завантажити.
media-items-capped = 🖼 Перші { $sent } з { $total } фото й відео.
media-unsupported-profile = 👤 Це профіль { $platform }. Я завантажую окремі дописи: надішліть посилання на відео, рілс, допис із фото чи карусель.
media-unsupported-story = ⏳ Сторіс { $platform } я завантажувати не вмію. Надішліть посилання на рілс або допис.
media-unsupported-highlight = ⏳ Актуальні сторіс { $platform } я завантажувати не вмію. Надішліть посилання на рілс або допис.
media-unsupported-link = Такі посилання { $platform } я завантажувати не вмію. Надішліть посилання на окремий допис.
media-images-capped = 🖼 Перші { $sent } з { $total } фото.
media-too-large = 📦 Це відео завелике для Telegram ({ $size_mb } МБ). <a href="{ $url }">Завантажте його напряму</a>.
media-no-sound = У цього допису немає окремого звуку.
media-music-sent = 🎵 Надіслано!
media-start-first = Відкрийте чат зі мною й натисніть «Почати», тоді я зможу надіслати звук.
media-rendering = 🎞 Роблю відео зі слайд-шоу…
media-render-failed = 🖼 Не вдалося зробити відео з цього слайд-шоу, тож ось його фото.
media-render-failed-after-photos = 🎞 Цього разу не вдалося зробити відео зі слайд-шоу; його фото вище.
media-quality-lowered = ⬇️ Надіслано в нижчій якості: обрана вами більша за ліміт завантаження Telegram.
ad-button = Відкрити
inline-title-video = Відео від { $author }
inline-title-photo = Фото { $number } від { $author }
inline-title-video-number = Відео { $number } від { $author }
inline-title-slideshow-video = Відео слайд-шоу від { $author }
inline-needs-storage = Інлайн-режим не налаштовано
inline-needs-storage-text = Власник бота має вказати чат-сховище (STORAGE_CHAT_ID) для інлайн-режиму. Поки що надішліть посилання мені в особисті повідомлення.
inline-error-title = Не вдалося отримати допис
inline-slow-down-title = 🐢 Не так швидко
inline-busy-title = ⏳ Ще обробляю попередні посилання
inline-hint-title = Вставте посилання на TikTok або Instagram
inline-hint-text = Наберіть @{ $bot } і посилання на TikTok або Instagram, щоб поділитися відео тут.

maintenance-message = 🛠 Бот на технічному обслуговуванні. Спробуйте трохи пізніше.
settings-title = <b>Налаштування</b> (змінити: /set &lt;ключ&gt; &lt;значення&gt;; «-» очищає текст)
settings-changed = ✅ { $key } тепер: { $value }
settings-usage = Використання: /set &lt;ключ&gt; &lt;значення&gt;. Список ключів — /config.
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

# Статистика, графіки та вивантаження для операторів (лише адміни)
admin-period-24h = 24 год
admin-period-7d = 7 днів
admin-period-30d = 30 днів
admin-period-all = Весь час
admin-audience-all = Усі чати
admin-audience-users = Користувачі
admin-audience-groups = Групи
admin-stats-title = <b>📊 Статистика бота</b> · { $audience } · { DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC
admin-stats-chats = 👤 Користувачі: { $users } · 👥 Групи: { $groups }
admin-stats-blocked = ⛔ Заблокували бота: { $blocked }
admin-stats-subscriptions = 🔔 Активні підписки: { $subscriptions } · авторів: { $creators }
admin-stats-windows = <b>24 год · 7 днів · 30 днів</b>
admin-stats-new = Нові чати: { $day } · { $week } · { $month }
admin-stats-downloads = Завантаження: { $day } · { $week } · { $month }
admin-stats-slideshows = Каруселі: { $day } · { $week } · { $month }
admin-stats-music = Звуки: { $day } · { $week } · { $month }
admin-stats-period = <b>{ $period }</b>
admin-stats-period-new = Нові чати: { $count }
admin-stats-period-downloads = Завантаження: { $downloads } (відео: { $videos }, каруселі: { $slideshows })
admin-stats-period-platform = З { $platform }: { $count }
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = Інлайн: { $inline } ({ NUMBER($share, style: "percent", maximumFractionDigits: 1) } завантажень)
admin-stats-period-subscriptions = За підписками: { $count }
admin-stats-period-music = Звуки: { $count }
admin-graph-button = 📈 Графік
admin-graph-drawing = Малюю графік…
admin-graph-title = Завантаження та нові чати · { $period } · { $audience }
admin-graph-downloads = Завантаження
admin-graph-new-chats = Нові чати
admin-graph-axis-hours = Година (UTC)
admin-graph-axis-days = День (UTC)
admin-graph-empty = Немає даних за цей період
admin-graph-caption = 📈 { $period } · { $audience } — завантаження: { $downloads }, нові чати: { $new }
admin-referrals-title = <b>🔗 Реферальні посилання</b> (топ { $count })
admin-referrals-row = { $rank }. <code>{ $link }</code> — реєстрацій: { $users }, завантажували: { $downloaded } ({ NUMBER($share, style: "percent") })
admin-referrals-empty = За реферальними посиланнями ще ніхто не зареєструвався.
admin-top-languages = <b>🌐 Мови</b>
admin-top-language-row = { $lang }: { $chats }
admin-top-none = —
admin-top-file-mode = 📁 Режим файлів увімкнено: { $count }
admin-top-users = <b>🏆 Топ-{ $count } за завантаженнями</b>
admin-top-user-row = { $rank }. <code>{ $id }</code> — { $downloads }
admin-user-usage = Використання: <code>/user &lt;id чату&gt;</code>, наприклад <code>/user 123456789</code> (у груп id від’ємні).
admin-user-unknown = ❓ Чат з id <code>{ $id }</code> ботом не користувався.
admin-user-title = <b>👤 Чат <code>{ $id }</code></b> · { $kind ->
        [group] група
       *[private] особистий чат
    }
admin-user-registered = Реєстрація: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-last-seen = Остання активність: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-settings = Мова: { $lang } · Режим файлів: { $mode ->
        [on] увімк.
       *[off] вимк.
    }
admin-user-referral = Реферальне посилання: <code>{ $link }</code>
admin-user-no-referral = Реферальне посилання: немає
admin-user-blocked = ⛔ Заблокував бота: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-not-blocked = Заблокував бота: ні
admin-user-counts = Завантаження: { $downloads } (каруселі: { $slideshows }) · Звуки: { $music }
admin-user-subscriptions = Підписки ({ $count }): { $creators }
admin-user-no-subscriptions = Підписки: немає
admin-user-more = і ще { $count }
admin-user-downloads-title = <b>Останні завантаження</b> (до { $count })
admin-user-no-downloads = Завантажень поки немає.
admin-user-download-row = { DATETIME($at, dateStyle: "short", timeStyle: "short") } · { $kind ->
        [slideshow] карусель
       *[video] відео
    } · { $via ->
        [inline] інлайн
        [subscription] підписка
       *[chat] чат
    } · <a href="{ $url }">{ $video }</a>
admin-export-usage =
    Використання:
    <code>/export users</code> — усі чати
    <code>/export downloads</code> — усі завантаження
    <code>/export downloads 30</code> — завантаження за останні 30 днів (від 1 до { $max_days })
admin-export-busy = ⏳ Попереднє вивантаження ще триває. Дочекайтеся його завершення.
admin-export-started = ⏳ Вивантажую { $kind ->
        [users] чати
       *[downloads] завантаження
    }, рядків: близько { $total }…
admin-export-progress = ⏳ Вивантажую { $kind ->
        [users] чати
       *[downloads] завантаження
    }, рядків: { $rows } з приблизно { $total }…
admin-export-done = ✅ Вивантаження готове, рядків: { $rows }.
admin-export-caption = { $kind ->
        [users] Чати
       *[downloads] Завантаження
    } — рядків: { $rows }, час в UTC.
admin-export-too-large = 📦 Файл завеликий навіть у стиснутому вигляді ({ $size_mb } МБ). Вивантажте менше днів, наприклад <code>/export downloads 30</code>.
admin-export-failed = ❌ Вивантаження не вдалося; подробиці в лозі.

## Розсилки (лише для адміністраторів)
broadcast-usage =
    📣 <b>Розсилка</b>: дайте відповідь на повідомлення, яке треба розіслати (будь-яке: текст, фото, відео…), командою
    <code>/broadcast</code> — в усі чати, які мене не заблокували
    <code>/broadcast users</code> — лише в особисті чати
    <code>/broadcast groups</code> — лише в групи
    <code>/broadcast lang=uk</code> — лише в чати з цією мовою (можна разом із попередніми)
    /broadcast_cancel зупиняє поточну розсилку, /broadcasts показує останні.
broadcast-audience-all = усі чати
broadcast-audience-users = особисті чати
broadcast-audience-groups = групи
broadcast-audience-lang = { $audience }, мова { $lang }
broadcast-nobody = Нікому надсилати: жоден чат не підходить ({ $audience }).
broadcast-confirm = 📣 Надіслати це повідомлення в <b>{ $count }</b> { $count ->
        [one] чат
        [few] чати
       *[other] чатів
    } ({ $audience })?
broadcast-button-send = ✅ Надіслати: { $count }
broadcast-button-cancel = ✖️ Скасувати
broadcast-dismissed = Розсилку скасовано: нічого не надіслано.
broadcast-already = Цю розсилку вже запущено.
broadcast-was-cancelled = Цю розсилку скасовано.
broadcast-queued = 📣 <b>Розсилку #{ $id }</b> поставлено в чергу: { $total } { $total ->
        [one] чат
        [few] чати
       *[other] чатів
    }…
broadcast-progress =
    📣 <b>Розсилка #{ $id }</b> триває
    { $bar } { $percent }%
    Оброблено: { $processed } з { $total }
    ✅ Надіслано: { $sent } · 🚫 Заблокували: { $blocked } · ⚠️ Помилки: { $failed }
    Швидкість: { NUMBER($rate, maximumFractionDigits: 1) } повід./с · Залишилось: { $eta }
broadcast-eta-unknown = рахую…
broadcast-done =
    ✅ <b>Розсилку #{ $id } завершено</b> за { $duration }
    Надіслано: { $sent } · Заблокували: { $blocked } · Помилки: { $failed } (з { $total })
broadcast-cancelled =
    ⏹ <b>Розсилку #{ $id } скасовано</b>
    Надіслано: { $sent } · Заблокували: { $blocked } · Помилки: { $failed } · Не надіслано: { $unsent } (з { $total })
broadcast-cancel-none = Зараз немає активної розсилки.
broadcast-list-empty = Розсилок ще не було.
broadcast-list-title = <b>📣 Останні розсилки</b>
broadcast-list-item = #{ $id } · { DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC · { $status } · { $audience }: надіслано { $sent } з { $total }, заблокували { $blocked }, помилки { $failed }
broadcast-status-queued = у черзі
broadcast-status-running = триває
broadcast-status-done = завершено
broadcast-status-cancelled = скасовано

## Subscriptions
cmd-subscribe = Підписатися на автора TikTok
cmd-unsubscribe = Відписатися від автора
cmd-subscriptions = Ваші підписки
sub-usage =
    Надішліть <code>/subscribe @ім'я</code> (або посилання на профіль автора, наприклад <code>tiktok.com/@name</code>), і я надсилатиму сюди його нові відео, щойно вони з'являться.
unsub-usage = Надішліть <code>/unsubscribe @ім'я</code>, щоб відписатися від автора. /subscriptions покаже ваші підписки.
sub-added = 🔔 Ви підписалися на <b>@{ $creator }</b>: нові дописи надходитимуть сюди.
sub-already = Ви вже підписані на <b>@{ $creator }</b>.
sub-unknown-creator = Не знайшов у TikTok автора <b>@{ $creator }</b>. Перевірте ім'я та спробуйте ще раз.
sub-check-failed = Не вдалося зв'язатися з TikTok, щоб перевірити автора. Спробуйте за хвилину.
sub-limit = Ви вже підписані на { $limit } { $limit ->
        [one] автора
       *[other] авторів
    } — це максимум. Спершу відпишіться від когось (/subscriptions).
sub-disabled = Підписки зараз вимкнено.
sub-removed = 🔕 Ви відписалися від <b>@{ $creator }</b>.
sub-not-following = Ви не підписані на <b>@{ $creator }</b>.
sub-removed-short = Ви відписалися від @{ $creator }
sub-not-following-short = Ви вже не підписані на @{ $creator }
sub-list-title = <b>🔔 Ваші підписки</b> ({ $count } з { $limit }):
sub-list-item = • @{ $creator }
sub-list-empty = Ви поки ні на кого не підписані. Надішліть <code>/subscribe @ім'я</code>, щоб почати.
sub-button-unsubscribe = ✖️ Відписатися від @{ $creator }
sub-admins-only = Змінювати підписки групи можуть лише її адміністратори.
sub-creator-gone = ⚠️ Автора TikTok <b>@{ $creator }</b> більше не вдається знайти, тому я відписав від нього цей чат. Якщо він повернеться, надішліть <code>/subscribe { $creator }</code>.
