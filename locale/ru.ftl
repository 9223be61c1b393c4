language-name = Русский

cmd-start = Запустить бота
cmd-help = Что умеет бот
cmd-lang = Сменить язык
cmd-mode = Отправка медиа файлами вкл/выкл
cmd-stats = Ваша статистика

start-welcome =
    Привет, { $name }! 👋
    Пришлите ссылку на TikTok или Instagram — я пришлю видео без водяного знака, фото из слайдшоу или карусели и, по запросу, звук поста TikTok.
    Меня можно использовать и в инлайн-режиме: наберите <code>@{ $bot } ссылка</code> в любом чате.
start-welcome-group =
    Всем привет! 👋
    Отправьте ссылку на TikTok или Instagram в этот чат, и я отвечу видео или фотографиями.

help-text =
    <b>Что я умею</b>
    Пришлите ссылку на TikTok (видео или фото-слайдшоу) или на Instagram (рилс, пост или карусель), и я пришлю медиа без водяного знака. Под каждым постом TikTok есть кнопка, чтобы получить звук.

    <b>Команды</b>
    /start — запустить бота
    /lang — сменить язык
    /mode — отправка медиа файлами (без сжатия Telegram) вкл/выкл
    /settings — настройки: качество, слайдшоу, подписи, кнопка музыки
    /stats — ваша статистика
    /help — это сообщение

lang-choose = Выберите язык:
lang-changed = Язык изменён: { language-name }.
lang-admins-only = Изменить это могут только администраторы группы.
lang-unknown = Этот язык недоступен.

mode-on = Режим файлов <b>включён</b>: медиа будут приходить файлами, без сжатия Telegram.
mode-off = Режим файлов <b>выключен</b>: медиа будут приходить обычными видео и фото.

# Preferences menu (/settings)
cmd-settings = Настройки: качество, слайдшоу, подписи
prefs-title = <b>Настройки этого чата</b>
prefs-line = • <b>{ $name }</b>: { $value } — { $about }
prefs-hint = Нажмите кнопку, чтобы выбрать следующий вариант (в группах — только администраторы). Или отправьте /settings &lt;ключ&gt; &lt;значение&gt;.
prefs-quality = Качество
prefs-quality-about = лучшее видео, стандартное или самое лёгкое (экономит трафик)
prefs-quality-best = Лучшее
prefs-quality-standard = Стандартное
prefs-quality-saver = Экономия трафика
prefs-slideshow = Слайдшоу
prefs-slideshow-about = фото-слайдшоу как фото, одним видео со звуком или и то и другое
prefs-slideshow-photos = Фото
prefs-slideshow-video = Видео
prefs-slideshow-both = Фото и видео
prefs-captions = Подписи
prefs-captions-about = подпись поста вместе с медиа: полностью, сокращённо или без неё
prefs-captions-full = Полные
prefs-captions-short = Краткие
prefs-captions-off = Без подписей
prefs-music_button = Кнопка музыки
prefs-music_button-about = кнопка под постами TikTok, которая присылает их звук
prefs-music_button-on = Вкл
prefs-music_button-off = Выкл
prefs-file_mode = Режим файлов
prefs-file_mode-about = медиа файлами, без сжатия Telegram (как /mode)
prefs-file_mode-on = Вкл
prefs-file_mode-off = Выкл
prefs-changed = ✅ { $name }: теперь { $value }
prefs-stale = Это меню устарело; теперь в нём текущие настройки.
prefs-invalid = Эта кнопка больше не работает. Отправьте /settings, чтобы открыть новое меню.
prefs-usage =
    Использование: /settings &lt;ключ&gt; &lt;значение&gt;, например <code>/settings quality saver</code>. Ключи и значения:
    { $keys }
prefs-error-unknown = ❌ Настройки «{ $key }» нет. Доступные ключи: { $known }
prefs-error-choice = ❌ Для { $key } допустимо одно из: { $valid }

stats-user =
    <b>Ваша статистика</b>
    С нами с: { DATETIME($since, dateStyle: "medium") }
    Видео: { $videos }
    Слайдшоу: { $slideshows }
    Звуки: { $music }

hint-send-link = Пришлите ссылку на видео или слайдшоу TikTok либо на рилс или пост Instagram, например <code>https://vm.tiktok.com/ZM6abcdef/</code>.
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
media-invalid-link = ❌ Не удалось открыть ссылку { $platform }: она нерабочая или пост удалён.
media-unavailable = 🔒 Этот пост закрыт, удалён или недоступен.
media-slideshow-unsupported = 🖼 Сейчас я не могу скачивать фото-слайдшоу, только видео.
media-timeout = ⌛ { $platform } сейчас отвечает слишком медленно. Попробуйте ещё раз через минуту.
media-resolver-down = 🛠 Сейчас не удаётся связаться с { $platform }. Попробуйте позже.
media-media-unavailable = ❌ { $platform } не отдал медиа этого поста. Попробуйте позже.
media-host-refused = 🚫 Медиа этого поста лежит на сервере, с которого мне запрещено скачивать.
media-unsupported = ⚙️ При текущей настройке сервиса загрузки я не могу получить этот пост. Попробуйте позже.
media-caption-platform = 🔗 <a href="{ $link }">{ $platform }</a>
media-private = 🔒 Этот пост { $platform } закрыт: его видят только подписчики автора.
media-login-required = 🔑 { $platform } показывает этот пост только вошедшим пользователям (возможно, у него возрастное ограничение), поэтому я не могу его скачать.
media-items-capped = 🖼 Первые { $sent } из { $total } фото и видео.
media-unsupported-profile = 👤 Это профиль { $platform }. Я скачиваю отдельные посты: пришлите ссылку на видео, рилс, пост с фото или карусель.
media-unsupported-story = ⏳ Истории { $platform } я скачивать не умею. Пришлите ссылку на рилс или пост.
media-unsupported-highlight = ⏳ Актуальные истории { $platform } я скачивать не умею. Пришлите ссылку на рилс или пост.
media-unsupported-link = Такие ссылки { $platform } я скачивать не умею. Пришлите ссылку на отдельный пост.
media-images-capped = 🖼 Первые { $sent } из { $total } фото.
media-too-large = 📦 Это видео слишком большое для Telegram ({ $size_mb } МБ). <a href="{ $url }">Скачайте его напрямую</a>.
media-no-sound = У этого поста нет отдельного звука.
media-music-sent = 🎵 Отправлено!
media-start-first = Откройте чат со мной и нажмите «Старт», тогда я смогу прислать звук.
media-rendering = 🎞 Делаю видео из слайд-шоу…
media-render-failed = 🖼 Не получилось сделать видео из этого слайд-шоу, поэтому вот его фото.
media-render-failed-after-photos = 🎞 В этот раз не получилось сделать видео из слайд-шоу; его фото выше.
media-quality-lowered = ⬇️ Отправлено в более низком качестве: выбранное вами больше лимита загрузки Telegram.
ad-button = Открыть
inline-title-video = Видео от { $author }
inline-title-photo = Фото { $number } от { $author }
inline-title-video-number = Видео { $number } от { $author }
inline-title-slideshow-video = Видео слайд-шоу от { $author }
inline-needs-storage = Инлайн-режим не настроен
inline-needs-storage-text = Владелец бота должен указать чат-хранилище (STORAGE_CHAT_ID) для инлайн-режима. Пока отправьте ссылку мне в личные сообщения.
inline-error-title = Не удалось получить пост
inline-slow-down-title = 🐢 Не так быстро
inline-busy-title = ⏳ Ещё обрабатываю предыдущие ссылки
inline-hint-title = Вставьте ссылку на TikTok или Instagram
inline-hint-text = Наберите @{ $bot } и ссылку на TikTok или Instagram, чтобы поделиться видео здесь.

maintenance-message = 🛠 Бот на техническом обслуживании. Попробуйте чуть позже.
settings-title = <b>Настройки</b> (изменить: /set &lt;ключ&gt; &lt;значение&gt;; «-» очищает текст)
settings-changed = ✅ { $key } теперь: { $value }
settings-usage = Использование: /set &lt;ключ&gt; &lt;значение&gt;. Список ключей — /config.
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

# Статистика, графики и выгрузки для операторов (только админы)
admin-period-24h = 24 ч
admin-period-7d = 7 дней
admin-period-30d = 30 дней
admin-period-all = Всё время
admin-audience-all = Все чаты
admin-audience-users = Пользователи
admin-audience-groups = Группы
admin-stats-title = <b>📊 Статистика бота</b> · { $audience } · { DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC
admin-stats-chats = 👤 Пользователи: { $users } · 👥 Группы: { $groups }
admin-stats-blocked = ⛔ Заблокировали бота: { $blocked }
admin-stats-subscriptions = 🔔 Активные подписки: { $subscriptions } · авторов: { $creators }
admin-stats-windows = <b>24 ч · 7 дней · 30 дней</b>
admin-stats-new = Новые чаты: { $day } · { $week } · { $month }
admin-stats-downloads = Загрузки: { $day } · { $week } · { $month }
admin-stats-slideshows = Карусели: { $day } · { $week } · { $month }
admin-stats-music = Звуки: { $day } · { $week } · { $month }
admin-stats-period = <b>{ $period }</b>
admin-stats-period-new = Новые чаты: { $count }
admin-stats-period-downloads = Загрузки: { $downloads } (видео: { $videos }, карусели: { $slideshows })
admin-stats-period-platform = Из { $platform }: { $count }
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = Инлайн: { $inline } ({ NUMBER($share, style: "percent", maximumFractionDigits: 1) } загрузок)
admin-stats-period-subscriptions = По подпискам: { $count }
admin-stats-period-music = Звуки: { $count }
admin-graph-button = 📈 График
admin-graph-drawing = Рисую график…
admin-graph-title = Загрузки и новые чаты · { $period } · { $audience }
admin-graph-downloads = Загрузки
admin-graph-new-chats = Новые чаты
admin-graph-axis-hours = Час (UTC)
admin-graph-axis-days = День (UTC)
admin-graph-empty = Нет данных за этот период
admin-graph-caption = 📈 { $period } · { $audience } — загрузки: { $downloads }, новые чаты: { $new }
admin-referrals-title = <b>🔗 Реферальные ссылки</b> (топ { $count })
admin-referrals-row = { $rank }. <code>{ $link }</code> — регистраций: { $users }, скачивали: { $downloaded } ({ NUMBER($share, style: "percent") })
admin-referrals-empty = По реферальным ссылкам пока никто не зарегистрировался.
admin-top-languages = <b>🌐 Языки</b>
admin-top-language-row = { $lang }: { $chats }
admin-top-none = —
admin-top-file-mode = 📁 Режим файлов включён: { $count }
admin-top-users = <b>🏆 Топ-{ $count } по загрузкам</b>
admin-top-user-row = { $rank }. <code>{ $id }</code> — { $downloads }
admin-user-usage = Использование: <code>/user &lt;id чата&gt;</code>, например <code>/user 123456789</code> (у групп id отрицательные).
admin-user-unknown = ❓ Чат с id <code>{ $id }</code> ботом не пользовался.
admin-user-title = <b>👤 Чат <code>{ $id }</code></b> · { $kind ->
        [group] группа
       *[private] личный чат
    }
admin-user-registered = Регистрация: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-last-seen = Последняя активность: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-settings = Язык: { $lang } · Режим файлов: { $mode ->
        [on] вкл.
       *[off] выкл.
    }
admin-user-referral = Реферальная ссылка: <code>{ $link }</code>
admin-user-no-referral = Реферальная ссылка: нет
admin-user-blocked = ⛔ Заблокировал бота: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-not-blocked = Заблокировал бота: нет
admin-user-counts = Загрузки: { $downloads } (карусели: { $slideshows }) · Звуки: { $music }
admin-user-subscriptions = Подписки ({ $count }): { $creators }
admin-user-no-subscriptions = Подписки: нет
admin-user-more = и ещё { $count }
admin-user-downloads-title = <b>Последние загрузки</b> (до { $count })
admin-user-no-downloads = Загрузок пока нет.
admin-user-download-row = { DATETIME($at, dateStyle: "short", timeStyle: "short") } · { $kind ->
        [slideshow] карусель
       *[video] видео
    } · { $via ->
        [inline] инлайн
        [subscription] подписка
       *[chat] чат
    } · <a href="{ $url }">{ $video }</a>
admin-export-usage =
    Использование:
    <code>/export users</code> — все чаты
    <code>/export downloads</code> — все загрузки
    <code>/export downloads 30</code> — загрузки за последние 30 дней (от 1 до { $max_days })
admin-export-busy = ⏳ Предыдущая выгрузка ещё идёт. Дождитесь её окончания.
admin-export-started = ⏳ Выгружаю { $kind ->
        [users] чаты
       *[downloads] загрузки
    }, строк: около { $total }…
admin-export-progress = ⏳ Выгружаю { $kind ->
        [users] чаты
       *[downloads] загрузки
    }, строк: { $rows } из примерно { $total }…
admin-export-done = ✅ Выгрузка готова, строк: { $rows }.
admin-export-caption = { $kind ->
        [users] Чаты
       *[downloads] Загрузки
    } — строк: { $rows }, время в UTC.
admin-export-too-large = 📦 Файл слишком большой даже в сжатом виде ({ $size_mb } МБ). Выгрузите меньше дней, например <code>/export downloads 30</code>.
admin-export-failed = ❌ Выгрузка не удалась; подробности в логе.

## Рассылки (только для администраторов)
broadcast-usage =
    📣 <b>Рассылка</b>: ответьте на сообщение, которое нужно разослать (любое: текст, фото, видео…), командой
    <code>/broadcast</code> — во все чаты, которые меня не заблокировали
    <code>/broadcast users</code> — только в личные чаты
    <code>/broadcast groups</code> — только в группы
    <code>/broadcast lang=ru</code> — только в чаты с этим языком (можно вместе с предыдущими)
    /broadcast_cancel останавливает текущую рассылку, /broadcasts показывает последние.
broadcast-audience-all = все чаты
broadcast-audience-users = личные чаты
broadcast-audience-groups = группы
broadcast-audience-lang = { $audience }, язык { $lang }
broadcast-nobody = Некому отправлять: ни один чат не подходит ({ $audience }).
broadcast-confirm = 📣 Отправить это сообщение в <b>{ $count }</b> { $count ->
        [one] чат
        [few] чата
       *[other] чатов
    } ({ $audience })?
broadcast-button-send = ✅ Отправить: { $count }
broadcast-button-cancel = ✖️ Отмена
broadcast-dismissed = Рассылка отменена: ничего не отправлено.
broadcast-already = Эта рассылка уже запущена.
broadcast-was-cancelled = Эта рассылка отменена.
broadcast-queued = 📣 <b>Рассылка #{ $id }</b> поставлена в очередь: { $total } { $total ->
        [one] чат
        [few] чата
       *[other] чатов
    }…
broadcast-progress =
    📣 <b>Рассылка #{ $id }</b> идёт
    { $bar } { $percent }%
    Обработано: { $processed } из { $total }
    ✅ Отправлено: { $sent } · 🚫 Заблокировали: { $blocked } · ⚠️ Ошибки: { $failed }
    Скорость: { NUMBER($rate, maximumFractionDigits: 1) } сообщ./с · Осталось: { $eta }
broadcast-eta-unknown = считаю…
broadcast-done =
    ✅ <b>Рассылка #{ $id } завершена</b> за { $duration }
    Отправлено: { $sent } · Заблокировали: { $blocked } · Ошибки: { $failed } (из { $total })
broadcast-cancelled =
    ⏹ <b>Рассылка #{ $id } отменена</b>
    Отправлено: { $sent } · Заблокировали: { $blocked } · Ошибки: { $failed } · Не отправлено: { $unsent } (из { $total })
broadcast-cancel-none = Сейчас нет активной рассылки.
broadcast-list-empty = Рассылок ещё не было.
broadcast-list-title = <b>📣 Последние рассылки</b>
broadcast-list-item = #{ $id } · { DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC · { $status } · { $audience }: отправлено { $sent } из { $total }, заблокировали { $blocked }, ошибки { $failed }
broadcast-status-queued = в очереди
broadcast-status-running = идёт
broadcast-status-done = завершена
broadcast-status-cancelled = отменена

## Subscriptions
cmd-subscribe = Подписаться на автора TikTok
cmd-unsubscribe = Отписаться от автора
cmd-subscriptions = Ваши подписки
sub-usage =
    Отправьте <code>/subscribe @имя</code> (или ссылку на профиль автора, например <code>tiktok.com/@name</code>), и я буду присылать сюда его новые видео, как только они появятся.
unsub-usage = Отправьте <code>/unsubscribe @имя</code>, чтобы отписаться от автора. /subscriptions покажет ваши подписки.
sub-added = 🔔 Вы подписались на <b>@{ $creator }</b>: новые публикации будут приходить сюда.
sub-already = Вы уже подписаны на <b>@{ $creator }</b>.
sub-unknown-creator = Не нашёл в TikTok автора <b>@{ $creator }</b>. Проверьте имя и попробуйте ещё раз.
sub-check-failed = Не удалось связаться с TikTok, чтобы проверить автора. Попробуйте через минуту.
sub-limit = Вы уже подписаны на { $limit } { $limit ->
        [one] автора
        [few] автора
       *[other] авторов
    } — это максимум. Сначала отпишитесь от кого-нибудь (/subscriptions).
sub-disabled = Подписки сейчас отключены.
sub-removed = 🔕 Вы отписались от <b>@{ $creator }</b>.
sub-not-following = Вы не подписаны на <b>@{ $creator }</b>.
sub-removed-short = Вы отписались от @{ $creator }
sub-not-following-short = Вы уже не подписаны на @{ $creator }
sub-list-title = <b>🔔 Ваши подписки</b> ({ $count } из { $limit }):
sub-list-item = • @{ $creator }
sub-list-empty = Вы пока ни на кого не подписаны. Отправьте <code>/subscribe @имя</code>, чтобы начать.
sub-button-unsubscribe = ✖️ Отписаться от @{ $creator }
sub-admins-only = Менять подписки группы могут только её администраторы.
sub-creator-gone = ⚠️ Автор TikTok <b>@{ $creator }</b> больше не находится, поэтому я отписал от него этот чат. Если он вернётся, отправьте <code>/subscribe { $creator }</code>.
