# Arabic (العربية). Right-to-left: every placeable or LTR token (command, <code> span, @handle)
# that sits inside Arabic running text is wrapped in FIRST STRONG ISOLATE (U+2068) … POP
# DIRECTIONAL ISOLATE (U+2069), written literally (invisible in most editors). The bundles are built
# with use_isolating=False so that links in href="…" stay intact; this catalog isolates by hand,
# never inside a tag or inside <code> (copied commands must stay clean). The graph texts
# (admin-graph-*) are drawn by matplotlib, not Telegram, and carry no marks.
# tests/unit/test_rtl.py checks all of this.
language-name = العربية

cmd-start = تشغيل البوت
cmd-help = ماذا يفعل البوت
cmd-lang = تغيير اللغة
cmd-mode = إرسال الوسائط كملفات: تشغيل/إيقاف
cmd-stats = إحصائياتك

start-welcome =
    مرحبًا ⁨{ $name }⁩! 👋
    أرسل لي رابطًا من TikTok أو Instagram وسأرسل لك الفيديو بدون علامة مائية، أو صور منشورات الصور والألبومات، وصوت منشور TikTok عند الطلب.
    ويمكنك استخدامي في أي محادثة أيضًا: اكتب ⁨<code>@{ $bot } رابط</code>⁩ هناك.
start-welcome-group =
    مرحبًا بالجميع! 👋
    أرسلوا رابطًا من TikTok أو Instagram في هذه المحادثة وسأرد بالفيديو أو الصور.

help-text =
    <b>ماذا أفعل</b>
    أرسل لي رابطًا من TikTok (فيديو أو عرض صور) أو من Instagram (ريلز أو منشور أو ألبوم) وسأعيد إليك الوسائط بدون علامة مائية. تحت كل منشور من TikTok زر للحصول على صوته.

    <b>الأوامر</b>
    ⁨/start⁩ — تشغيل البوت
    ⁨/lang⁩ — تغيير اللغة
    ⁨/mode⁩ — إرسال الوسائط كملفات (بدون ضغط Telegram): تشغيل أو إيقاف
    ⁨/settings⁩ — التفضيلات: الجودة، عروض الصور، الأوصاف، زر الموسيقى
    ⁨/stats⁩ — إحصائياتك
    ⁨/help⁩ — هذه الرسالة

lang-choose = اختر اللغة:
lang-changed = تم تغيير اللغة إلى { language-name }.
lang-admins-only = يمكن لمشرفي المجموعة فقط تغيير هذا.
lang-unknown = هذه اللغة غير متوفرة.

mode-on = وضع الملفات <b>مفعّل</b>: ستصلك الوسائط كملفات، بدون ضغط Telegram.
mode-off = وضع الملفات <b>متوقف</b>: ستصلك الوسائط كفيديوهات وصور عادية.

# Preferences menu (/settings)
cmd-settings = التفضيلات: الجودة، عروض الصور، الأوصاف
prefs-title = <b>تفضيلات هذه المحادثة</b>
prefs-line = • <b>⁨{ $name }⁩</b>: ⁨{ $value }⁩ — ⁨{ $about }⁩
prefs-hint = اضغط زرًا للانتقال إلى الخيار التالي (في المجموعات للمشرفين فقط). أو أرسل ⁨/settings &lt;المفتاح&gt; &lt;القيمة&gt;⁩.
prefs-quality = الجودة
prefs-quality-about = أفضل فيديو، أو جودة عادية، أو الأصغر حجمًا (يوفّر البيانات)
prefs-quality-best = الأفضل
prefs-quality-standard = عادية
prefs-quality-saver = توفير البيانات
prefs-slideshow = عروض الصور
prefs-slideshow-about = عروض الصور كصور، أو كفيديو واحد مع صوتها، أو الاثنان معًا
prefs-slideshow-photos = صور
prefs-slideshow-video = فيديو
prefs-slideshow-both = صور وفيديو
prefs-captions = الأوصاف
prefs-captions-about = وصف المنشور مع الوسائط: كاملًا، أو مختصرًا، أو بدونه
prefs-captions-full = كاملة
prefs-captions-short = مختصرة
prefs-captions-off = بدون وصف
prefs-music_button = زر الموسيقى
prefs-music_button-about = زر تحت منشورات TikTok يرسل صوتها
prefs-music_button-on = مفعّل
prefs-music_button-off = متوقف
prefs-file_mode = وضع الملفات
prefs-file_mode-about = الوسائط كملفات، بدون ضغط Telegram (مثل الأمر ⁨/mode⁩)
prefs-file_mode-on = مفعّل
prefs-file_mode-off = متوقف
prefs-changed = ✅ ⁨{ $name }⁩ الآن: ⁨{ $value }⁩
prefs-stale = كانت هذه القائمة قديمة؛ وهي تعرض الآن التفضيلات الحالية.
prefs-invalid = هذا الزر لم يعد يعمل. أرسل ⁨/settings⁩ لفتح قائمة جديدة.
prefs-usage =
    الاستخدام: ⁨/settings &lt;المفتاح&gt; &lt;القيمة&gt;⁩، مثلًا ⁨<code>/settings quality saver</code>⁩. المفاتيح والقيم:
    { $keys }
prefs-error-unknown = ❌ لا يوجد تفضيل باسم «⁨{ $key }⁩». المفاتيح المتاحة: ⁨{ $known }⁩
prefs-error-choice = ❌ يقبل ⁨{ $key }⁩ إحدى القيم: ⁨{ $valid }⁩

stats-user =
    <b>إحصائياتك</b>
    معنا منذ: ⁨{ DATETIME($since, dateStyle: "medium") }⁩
    الفيديوهات: ⁨{ $videos }⁩
    عروض الصور: ⁨{ $slideshows }⁩
    الأصوات: ⁨{ $music }⁩

hint-send-link = أرسل لي رابط فيديو أو عرض صور من TikTok، أو رابط ريلز أو منشور من Instagram، مثلًا ⁨<code>https://vm.tiktok.com/ZM6abcdef/</code>⁩.
unknown-command = لا أعرف هذا الأمر. أرسل ⁨/help⁩ لترى ما يمكنني فعله.
error-generic = حدث خطأ من جهتي. يرجى المحاولة مجددًا بعد قليل.

media-caption = 👤 <a href="{ $link }">⁨@{ $author }⁩</a>
media-music-button = 🎵 الموسيقى
media-slideshow-music = 🎵 صوت عرض الصور هذا:
media-working = ⏳ جارٍ التنزيل…
media-uploading = ⏳ جارٍ الرفع…
media-busy = ⏳ ما زلت أعمل على روابطك السابقة. أرسل هذا الرابط مجددًا عندما أنتهي منها.
media-slow-down = 🐢 روابط كثيرة دفعة واحدة: انتظر دقيقة من فضلك ثم حاول مجددًا.
media-too-many-links = سأعالج أول ⁨{ $limit }⁩ من روابط الرسالة فقط.
media-invalid-link = ❌ لم أستطع فتح هذا الرابط: إما أنه ليس رابط ⁨{ $platform }⁩ صالحًا، أو أن المنشور حُذف.
media-unavailable = 🔒 هذا المنشور خاص أو محذوف أو غير متاح.
media-slideshow-unsupported = 🖼 لا يمكنني تنزيل عروض الصور حاليًا، الفيديوهات فقط.
media-timeout = ⌛ يستجيب ⁨{ $platform }⁩ ببطء شديد الآن. يرجى المحاولة مجددًا بعد دقيقة.
media-resolver-down = 🛠 لا يمكنني الوصول إلى ⁨{ $platform }⁩ الآن. يرجى المحاولة لاحقًا.
media-media-unavailable = ❌ لم يعطني ⁨{ $platform }⁩ وسائط هذا المنشور. يرجى المحاولة لاحقًا.
media-host-refused = 🚫 وسائط هذا المنشور موجودة على خادم غير مسموح لي بالتنزيل منه.
media-unsupported = ⚙️ لا يمكنني جلب هذا المنشور بإعدادات خدمة التنزيل الحالية. يرجى المحاولة لاحقًا.
media-caption-platform = 🔗 <a href="{ $link }">⁨{ $platform }⁩</a>
media-private = 🔒 منشور ⁨{ $platform }⁩ هذا خاص: لا يراه إلا متابعو صاحبه.
media-login-required = 🔑 يعرض ⁨{ $platform }⁩ هذا المنشور للمستخدمين المسجّلين فقط (ربما لأنه مقيّد بالعمر)، لذا لا يمكنني تنزيله.
media-items-capped = 🖼 أول ⁨{ $sent }⁩ من أصل ⁨{ $total }⁩ من الصور والفيديوهات.
media-unsupported-profile = 👤 هذا الرابط يؤدي إلى حساب على ⁨{ $platform }⁩. أنا أنزّل المنشورات المفردة: أرسل لي رابط فيديو أو ريلز أو منشور صور أو ألبوم.
media-unsupported-story = ⏳ لا يمكنني تنزيل قصص ⁨{ $platform }⁩. أرسل لي رابط ريلز أو منشور بدلًا من ذلك.
media-unsupported-highlight = ⏳ لا يمكنني تنزيل القصص المميزة على ⁨{ $platform }⁩. أرسل لي رابط ريلز أو منشور بدلًا من ذلك.
media-unsupported-link = لا يمكنني تنزيل هذا النوع من روابط ⁨{ $platform }⁩. أرسل لي رابط منشور واحد.
media-images-capped = 🖼 أول ⁨{ $sent }⁩ من أصل ⁨{ $total }⁩ من الصور.
media-too-large = 📦 هذا الفيديو أكبر من أن يُرسل عبر Telegram (⁨{ $size_mb }⁩ ميغابايت). <a href="{ $url }">نزّله مباشرة</a>.
media-no-sound = لا يوجد صوت منفصل لهذا المنشور.
media-music-sent = 🎵 تم الإرسال!
media-start-first = افتح محادثة معي واضغط «ابدأ» أولًا، وبعدها يمكنني إرسال الصوت إليك.
media-rendering = 🎞 أصنع فيديو من عرض الصور…
media-render-failed = 🖼 لم أتمكن من صنع فيديو من عرض الصور هذا، فإليك صوره.
media-render-failed-after-photos = 🎞 لم أتمكن من صنع فيديو من عرض الصور هذه المرة؛ صوره في الأعلى.
media-quality-lowered = ⬇️ أُرسل بجودة أقل: الجودة التي اخترتها تتجاوز حد الرفع في Telegram.
ad-button = فتح
inline-title-video = فيديو من ⁨{ $author }⁩
inline-title-photo = صورة ⁨{ $number }⁩ من ⁨{ $author }⁩
inline-title-video-number = فيديو ⁨{ $number }⁩ من ⁨{ $author }⁩
inline-title-slideshow-video = فيديو عرض صور من ⁨{ $author }⁩
inline-needs-storage = الوضع المضمّن غير مُعدّ
inline-needs-storage-text = على مشغّل هذا البوت إعداد محادثة تخزين (⁨STORAGE_CHAT_ID⁩) للوضع المضمّن. أرسل لي الرابط في محادثة خاصة بدلًا من ذلك.
inline-error-title = تعذّر جلب هذا المنشور
inline-slow-down-title = 🐢 على مهلك
inline-busy-title = ⏳ ما زلت أعمل على روابطك السابقة
inline-hint-title = الصق رابطًا من TikTok أو Instagram
inline-hint-text = اكتب ⁨@{ $bot }⁩ ثم رابطًا من TikTok أو Instagram لمشاركة الفيديو هنا.

maintenance-message = 🛠 البوت قيد الصيانة. يرجى المحاولة بعد قليل.
settings-title = <b>إعدادات التشغيل</b> (للتغيير: ⁨/set &lt;المفتاح&gt; &lt;القيمة&gt;⁩؛ و«-» يمسح النص)
settings-changed = ✅ ⁨{ $key }⁩ الآن: ⁨{ $value }⁩
settings-usage = الاستخدام: ⁨/set &lt;المفتاح&gt; &lt;القيمة&gt;⁩. أرسل ⁨/config⁩ لرؤية المفاتيح.
settings-error-unknown = ❌ لا يوجد إعداد باسم «⁨{ $key }⁩». الإعدادات المعروفة: ⁨{ $known }⁩
settings-error-number = ❌ يحتاج ⁨{ $key }⁩ إلى عدد صحيح.
settings-error-minimum = ❌ يجب ألا يقل ⁨{ $key }⁩ عن ⁨{ $limit }⁩.
settings-error-maximum = ❌ يجب ألا يزيد ⁨{ $key }⁩ على ⁨{ $limit }⁩.
settings-error-switch = ❌ يقبل ⁨{ $key }⁩ القيمة on أو off.
settings-error-text = ❌ يقبل ⁨{ $key }⁩ نصًا.
settings-error-length = ❌ لا يزيد طول ⁨{ $key }⁩ على ⁨{ $limit }⁩ حرفًا.
settings-error-link = ❌ يجب أن يكون ⁨{ $key }⁩ رابطًا يبدأ بـ ⁨http(s)://⁩ أو ⁨tg://⁩.
settings-error-invalid = ❌ هذه القيمة لا تناسب هذا الإعداد.
msg-usage = الاستخدام: ⁨/msg &lt;معرّف المحادثة&gt; &lt;النص&gt;⁩
msg-delivered = ✅ تم التسليم إلى ⁨{ $chat }⁩.
msg-blocked = 🚫 حظر ⁨{ $chat }⁩ البوت؛ وصار معلَّمًا كمحظور.
msg-failed = ❌ لم يتم التسليم إلى ⁨{ $chat }⁩: ⁨{ $error }⁩

# Operator statistics, graphs and exports (admins only)
admin-period-24h = 24 ساعة
admin-period-7d = 7 أيام
admin-period-30d = 30 يومًا
admin-period-all = كل الوقت
admin-audience-all = كل المحادثات
admin-audience-users = المستخدمون
admin-audience-groups = المجموعات
admin-stats-title = <b>📊 إحصائيات البوت</b> · ⁨{ $audience }⁩ · ⁨{ DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC⁩
admin-stats-chats = 👤 المستخدمون: ⁨{ $users }⁩ · 👥 المجموعات: ⁨{ $groups }⁩
admin-stats-blocked = ⛔ حظروا البوت: ⁨{ $blocked }⁩
admin-stats-subscriptions = 🔔 الاشتراكات النشطة: ⁨{ $subscriptions }⁩ · صنّاع المحتوى المتابَعون: ⁨{ $creators }⁩
admin-stats-windows = <b>24 ساعة · 7 أيام · 30 يومًا</b>
admin-stats-new = محادثات جديدة: ⁨{ $day }⁩ · ⁨{ $week }⁩ · ⁨{ $month }⁩
admin-stats-downloads = التنزيلات: ⁨{ $day }⁩ · ⁨{ $week }⁩ · ⁨{ $month }⁩
admin-stats-slideshows = عروض الصور: ⁨{ $day }⁩ · ⁨{ $week }⁩ · ⁨{ $month }⁩
admin-stats-music = الأصوات: ⁨{ $day }⁩ · ⁨{ $week }⁩ · ⁨{ $month }⁩
admin-stats-period = <b>⁨{ $period }⁩</b>
admin-stats-period-new = محادثات جديدة: ⁨{ $count }⁩
admin-stats-period-downloads = التنزيلات: ⁨{ $downloads }⁩ (فيديوهات: ⁨{ $videos }⁩، عروض صور: ⁨{ $slideshows }⁩)
admin-stats-period-platform = من ⁨{ $platform }⁩: ⁨{ $count }⁩
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = الوضع المضمّن: ⁨{ $inline }⁩ (⁨{ NUMBER($share, style: "percent", maximumFractionDigits: 1) }⁩ من التنزيلات)
admin-stats-period-subscriptions = عبر الاشتراكات: ⁨{ $count }⁩
admin-stats-period-music = الأصوات: ⁨{ $count }⁩
admin-graph-button = 📈 رسم بياني
admin-graph-drawing = جارٍ رسم المخطط…
admin-graph-title = التنزيلات والمحادثات الجديدة · { $period } · { $audience }
admin-graph-downloads = التنزيلات
admin-graph-new-chats = المحادثات الجديدة
admin-graph-axis-hours = الساعة (UTC)
admin-graph-axis-days = اليوم (UTC)
admin-graph-empty = لا توجد بيانات لهذه الفترة
admin-graph-caption = 📈 ⁨{ $period }⁩ · ⁨{ $audience }⁩ — التنزيلات: ⁨{ $downloads }⁩، المحادثات الجديدة: ⁨{ $new }⁩
admin-referrals-title = <b>🔗 روابط الإحالة</b> (أعلى ⁨{ $count }⁩)
admin-referrals-row = ⁨{ $rank }⁩. ⁨<code>{ $link }</code>⁩ — سجّلوا: ⁨{ $users }⁩، نزّلوا: ⁨{ $downloaded }⁩ (⁨{ NUMBER($share, style: "percent") }⁩)
admin-referrals-empty = لم يسجّل أحد عبر رابط إحالة بعد.
admin-top-languages = <b>🌐 اللغات</b>
admin-top-language-row = ⁨{ $lang }⁩: ⁨{ $chats }⁩
admin-top-none = —
admin-top-file-mode = 📁 وضع الملفات مفعّل: ⁨{ $count }⁩
admin-top-users = <b>🏆 أعلى ⁨{ $count }⁩ حسب التنزيلات</b>
admin-top-user-row = ⁨{ $rank }⁩. ⁨<code>{ $id }</code>⁩ — ⁨{ $downloads }⁩
admin-user-usage = الاستخدام: ⁨<code>/user &lt;معرّف المحادثة&gt;</code>⁩، مثلًا ⁨<code>/user 123456789</code>⁩ (معرّفات المجموعات سالبة).
admin-user-unknown = ❓ لم تستخدم أي محادثة بالمعرّف ⁨<code>{ $id }</code>⁩ هذا البوت.
admin-user-title = <b>👤 المحادثة ⁨<code>{ $id }</code>⁩</b> · { $kind ->
        [group] مجموعة
       *[private] محادثة خاصة
    }
admin-user-registered = التسجيل: ⁨{ DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC⁩
admin-user-last-seen = آخر نشاط: ⁨{ DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC⁩
admin-user-settings = اللغة: ⁨{ $lang }⁩ · وضع الملفات: { $mode ->
        [on] مفعّل
       *[off] متوقف
    }
admin-user-referral = رابط الإحالة: ⁨<code>{ $link }</code>⁩
admin-user-no-referral = رابط الإحالة: لا يوجد
admin-user-blocked = ⛔ حظر البوت: ⁨{ DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC⁩
admin-user-not-blocked = حظر البوت: لا
admin-user-counts = التنزيلات: ⁨{ $downloads }⁩ (عروض الصور: ⁨{ $slideshows }⁩) · الأصوات: ⁨{ $music }⁩
admin-user-subscriptions = الاشتراكات (⁨{ $count }⁩): ⁨{ $creators }⁩
admin-user-no-subscriptions = الاشتراكات: لا يوجد
admin-user-more = و⁨{ $count }⁩ غيرهم
admin-user-downloads-title = <b>آخر التنزيلات</b> (حتى ⁨{ $count }⁩)
admin-user-no-downloads = لا توجد تنزيلات بعد.
admin-user-download-row = ⁨{ DATETIME($at, dateStyle: "short", timeStyle: "short") }⁩ · { $kind ->
        [slideshow] عرض صور
       *[video] فيديو
    } · { $via ->
        [inline] مضمّن
        [subscription] اشتراك
       *[chat] محادثة
    } · <a href="{ $url }">⁨{ $video }⁩</a>
admin-export-usage =
    الاستخدام:
    ⁨<code>/export users</code>⁩ — كل المحادثات
    ⁨<code>/export downloads</code>⁩ — كل التنزيلات
    ⁨<code>/export downloads 30</code>⁩ — تنزيلات آخر 30 يومًا (من 1 إلى ⁨{ $max_days }⁩)
admin-export-busy = ⏳ ما زال التصدير السابق قيد التشغيل. يرجى الانتظار حتى ينتهي.
admin-export-started = ⏳ جارٍ تصدير { $kind ->
        [users] المحادثات
       *[downloads] التنزيلات
    }، عدد الصفوف: حوالي ⁨{ $total }⁩…
admin-export-progress = ⏳ جارٍ تصدير { $kind ->
        [users] المحادثات
       *[downloads] التنزيلات
    }، الصفوف: ⁨{ $rows }⁩ من حوالي ⁨{ $total }⁩…
admin-export-done = ✅ انتهى التصدير، عدد الصفوف: ⁨{ $rows }⁩.
admin-export-caption = { $kind ->
        [users] المحادثات
       *[downloads] التنزيلات
    } — الصفوف: ⁨{ $rows }⁩، والأوقات بتوقيت UTC.
admin-export-too-large = 📦 الملف أكبر من أن يُرسل حتى بعد الضغط (⁨{ $size_mb }⁩ ميغابايت). صدّر أيامًا أقل، مثلًا ⁨<code>/export downloads 30</code>⁩.
admin-export-failed = ❌ فشل التصدير؛ التفاصيل في السجل.

## Broadcasts (admins only)
broadcast-usage =
    📣 <b>البث</b>: ردّ على الرسالة التي تريد إرسالها (أي نوع: نص، صورة، فيديو، عنصر من ألبوم…) بأحد الأوامر:
    ⁨<code>/broadcast</code>⁩ — كل محادثة لم تحظرني
    ⁨<code>/broadcast users</code>⁩ — المحادثات الخاصة فقط
    ⁨<code>/broadcast groups</code>⁩ — المجموعات فقط
    ⁨<code>/broadcast lang=ru</code>⁩ — المحادثات بتلك اللغة فقط (يمكن دمجه مع ما سبق)
    ⁨/broadcast_cancel⁩ يوقف البث الجاري، والأمر ⁨/broadcasts⁩ يعرض آخر عمليات البث.
broadcast-audience-all = كل المحادثات
broadcast-audience-users = المحادثات الخاصة
broadcast-audience-groups = المجموعات
broadcast-audience-lang = ⁨{ $audience }⁩، اللغة ⁨{ $lang }⁩
broadcast-nobody = لا أحد لأرسل إليه: لا توجد محادثة مطابقة (⁨{ $audience }⁩).
broadcast-confirm = 📣 هل أرسل هذه الرسالة إلى <b>⁨{ $count }⁩</b> { $count ->
        [one] محادثة
        [two] محادثتين
        [few] محادثات
       *[other] محادثة
    } (⁨{ $audience }⁩)؟
broadcast-button-send = ✅ إرسال إلى ⁨{ $count }⁩
broadcast-button-cancel = ✖️ إلغاء
broadcast-dismissed = أُلغي البث: لم يُرسل أي شيء.
broadcast-already = بدأ هذا البث بالفعل.
broadcast-was-cancelled = أُلغي هذا البث.
broadcast-queued = 📣 <b>البث ⁨#{ $id }⁩</b> في قائمة الانتظار للإرسال إلى ⁨{ $total }⁩ { $total ->
        [one] محادثة
        [two] محادثتين
        [few] محادثات
       *[other] محادثة
    }…
broadcast-progress =
    📣 <b>البث ⁨#{ $id }⁩</b> قيد التنفيذ
    ⁨{ $bar } { $percent }%⁩
    تمت معالجة: ⁨{ $processed }⁩ من ⁨{ $total }⁩
    ✅ أُرسلت: ⁨{ $sent }⁩ · 🚫 محظورة: ⁨{ $blocked }⁩ · ⚠️ فشلت: ⁨{ $failed }⁩
    السرعة: ⁨{ NUMBER($rate, maximumFractionDigits: 1) }⁩ رسالة/ث · الوقت المتبقي: ⁨{ $eta }⁩
broadcast-eta-unknown = جارٍ الحساب…
broadcast-done =
    ✅ <b>انتهى البث ⁨#{ $id }⁩</b> في ⁨{ $duration }⁩
    أُرسلت: ⁨{ $sent }⁩ · محظورة: ⁨{ $blocked }⁩ · فشلت: ⁨{ $failed }⁩ (من ⁨{ $total }⁩)
broadcast-cancelled =
    ⏹ <b>أُلغي البث ⁨#{ $id }⁩</b>
    أُرسلت: ⁨{ $sent }⁩ · محظورة: ⁨{ $blocked }⁩ · فشلت: ⁨{ $failed }⁩ · لم تُرسل: ⁨{ $unsent }⁩ (من ⁨{ $total }⁩)
broadcast-cancel-none = لا يوجد بث قيد التشغيل.
broadcast-list-empty = لا توجد عمليات بث بعد.
broadcast-list-title = <b>📣 آخر عمليات البث</b>
broadcast-list-item = ⁨#{ $id }⁩ · ⁨{ DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC⁩ · ⁨{ $status }⁩ · ⁨{ $audience }⁩: أُرسلت ⁨{ $sent }⁩ من ⁨{ $total }⁩، محظورة ⁨{ $blocked }⁩، فشلت ⁨{ $failed }⁩
broadcast-status-queued = في الانتظار
broadcast-status-running = قيد التشغيل
broadcast-status-done = انتهى
broadcast-status-cancelled = أُلغي

## Subscriptions
cmd-subscribe = متابعة صانع محتوى على TikTok
cmd-unsubscribe = إلغاء متابعة صانع محتوى
cmd-subscriptions = صنّاع المحتوى الذين تتابعهم
sub-usage =
    أرسل ⁨<code>/subscribe @name</code>⁩ (أو رابط حساب صانع المحتوى، مثل ⁨<code>tiktok.com/@name</code>⁩) وسأنشر فيديوهاته الجديدة هنا فور ظهورها.
unsub-usage = أرسل ⁨<code>/unsubscribe @name</code>⁩ لإلغاء متابعة صانع محتوى. ويعرض ⁨/subscriptions⁩ من تتابعهم.
sub-added = 🔔 أنت الآن تتابع <b>⁨@{ $creator }⁩</b>: ستصل منشوراته الجديدة إلى هنا.
sub-already = أنت تتابع <b>⁨@{ $creator }⁩</b> بالفعل.
sub-unknown-creator = لم أجد صانع محتوى على TikTok باسم <b>⁨@{ $creator }⁩</b>. تحقق من الاسم وحاول مجددًا.
sub-check-failed = لم أتمكن من الوصول إلى TikTok للتحقق من صانع المحتوى هذا. يرجى المحاولة بعد دقيقة.
sub-limit = أنت تتابع بالفعل ⁨{ $limit }⁩ { $limit ->
        [one] صانع محتوى
        [two] صانعَي محتوى
        [few] صنّاع محتوى
       *[other] صانع محتوى
    }، وهذا هو الحد الأقصى. ألغِ متابعة أحدهم أولًا (⁨/subscriptions⁩).
sub-disabled = الاشتراكات متوقفة حاليًا.
sub-removed = 🔕 لم تعد تتابع <b>⁨@{ $creator }⁩</b>.
sub-not-following = أنت لا تتابع <b>⁨@{ $creator }⁩</b>.
sub-removed-short = أُلغيت متابعة ⁨@{ $creator }⁩
sub-not-following-short = لم تعد تتابع ⁨@{ $creator }⁩
sub-list-title = <b>🔔 صنّاع المحتوى الذين تتابعهم</b> (⁨{ $count }⁩ من ⁨{ $limit }⁩):
sub-list-item = • ⁨@{ $creator }⁩
sub-list-empty = لا تتابع أي صانع محتوى بعد. أرسل ⁨<code>/subscribe @name</code>⁩ للبدء.
sub-button-unsubscribe = ✖️ إلغاء متابعة ⁨@{ $creator }⁩
sub-admins-only = يمكن لمشرفي المجموعة فقط تغيير اشتراكاتها.
sub-creator-gone = ⚠️ لم يعد بالإمكان العثور على صانع المحتوى <b>⁨@{ $creator }⁩</b> على TikTok، لذا أوقفت متابعته هنا. إن عاد، أرسل ⁨<code>/subscribe { $creator }</code>⁩.
