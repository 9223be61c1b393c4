language-name = हिन्दी

cmd-start = बॉट शुरू करें
cmd-help = बॉट क्या करता है
cmd-lang = भाषा बदलें
cmd-mode = मीडिया फ़ाइल के रूप में: चालू/बंद
cmd-stats = आपके आँकड़े

start-welcome =
    नमस्ते, { $name }! 👋
    मुझे TikTok या Instagram का लिंक भेजें — मैं बिना वॉटरमार्क का वीडियो, स्लाइडशो या कैरोसेल की फ़ोटो, और माँगने पर TikTok पोस्ट का साउंड भेज दूँगा।
    आप मुझे इनलाइन भी इस्तेमाल कर सकते हैं: किसी भी चैट में <code>@{ $bot } लिंक</code> टाइप करें।
start-welcome-group =
    सभी को नमस्ते! 👋
    इस चैट में TikTok या Instagram का लिंक भेजें, मैं वीडियो या फ़ोटो भेजकर जवाब दूँगा।

help-text =
    <b>मैं क्या करता हूँ</b>
    मुझे TikTok का लिंक (वीडियो या फ़ोटो स्लाइडशो) या Instagram का लिंक (रील, पोस्ट या कैरोसेल) भेजें, मैं मीडिया बिना वॉटरमार्क के भेज दूँगा। हर TikTok पोस्ट के नीचे उसका साउंड पाने के लिए एक बटन होता है।

    <b>कमांड</b>
    /start — बॉट शुरू करें
    /lang — भाषा बदलें
    /mode — मीडिया फ़ाइल के रूप में (Telegram कंप्रेशन के बिना): चालू/बंद
    /settings — सेटिंग्स: क्वालिटी, स्लाइडशो, कैप्शन, म्यूज़िक बटन
    /stats — आपके आँकड़े
    /help — यह संदेश

lang-choose = भाषा चुनें:
lang-changed = भाषा बदलकर { language-name } कर दी गई है।
lang-admins-only = इसे सिर्फ़ ग्रुप के एडमिन बदल सकते हैं।
lang-unknown = यह भाषा उपलब्ध नहीं है।

mode-on = फ़ाइल मोड <b>चालू</b> है: मीडिया फ़ाइल के रूप में आएगा, Telegram कंप्रेशन के बिना।
mode-off = फ़ाइल मोड <b>बंद</b> है: मीडिया सामान्य वीडियो और फ़ोटो के रूप में आएगा।

# Preferences menu (/settings)
cmd-settings = सेटिंग्स: क्वालिटी, स्लाइडशो, कैप्शन
prefs-title = <b>इस चैट की सेटिंग्स</b>
prefs-line = • <b>{ $name }</b>: { $value } — { $about }
prefs-hint = अगला विकल्प चुनने के लिए बटन दबाएँ (ग्रुप में सिर्फ़ एडमिन बदल सकते हैं)। या भेजें /settings &lt;सेटिंग&gt; &lt;वैल्यू&gt;।
prefs-quality = क्वालिटी
prefs-quality-about = सबसे अच्छा वीडियो, सामान्य, या सबसे छोटा (डेटा बचाता है)
prefs-quality-best = सबसे अच्छी
prefs-quality-standard = सामान्य
prefs-quality-saver = डेटा सेवर
prefs-slideshow = स्लाइडशो
prefs-slideshow-about = फ़ोटो स्लाइडशो फ़ोटो के रूप में, उनके साउंड के साथ एक वीडियो के रूप में, या दोनों
prefs-slideshow-photos = फ़ोटो
prefs-slideshow-video = वीडियो
prefs-slideshow-both = फ़ोटो और वीडियो
prefs-captions = कैप्शन
prefs-captions-about = मीडिया के साथ पोस्ट का कैप्शन: पूरा, छोटा करके, या बिल्कुल नहीं
prefs-captions-full = पूरा
prefs-captions-short = छोटा
prefs-captions-off = बंद
prefs-music_button = म्यूज़िक बटन
prefs-music_button-about = TikTok पोस्ट के नीचे एक बटन, जो उनका साउंड भेजता है
prefs-music_button-on = चालू
prefs-music_button-off = बंद
prefs-file_mode = फ़ाइल मोड
prefs-file_mode-about = मीडिया फ़ाइल के रूप में, Telegram कंप्रेशन के बिना (/mode जैसा ही)
prefs-file_mode-on = चालू
prefs-file_mode-off = बंद
prefs-changed = ✅ { $name } अब: { $value }
prefs-stale = यह मेन्यू पुराना हो गया था; अब इसमें मौजूदा सेटिंग्स दिख रही हैं।
prefs-invalid = यह बटन अब काम नहीं करता। नया मेन्यू पाने के लिए /settings भेजें।
prefs-usage =
    इस्तेमाल: /settings &lt;सेटिंग&gt; &lt;वैल्यू&gt;, जैसे <code>/settings quality saver</code>। सेटिंग्स और उनकी वैल्यू:
    { $keys }
prefs-error-unknown = ❌ “{ $key }” नाम की कोई सेटिंग नहीं है। सही सेटिंग्स: { $known }
prefs-error-choice = ❌ { $key } के लिए इनमें से एक चुनें: { $valid }

stats-user =
    <b>आपके आँकड़े</b>
    जुड़ने की तारीख: { DATETIME($since, dateStyle: "medium") }
    वीडियो: { $videos }
    स्लाइडशो: { $slideshows }
    साउंड: { $music }

hint-send-link = मुझे TikTok वीडियो या स्लाइडशो का, या Instagram रील या पोस्ट का लिंक भेजें, जैसे <code>https://vm.tiktok.com/ZM6abcdef/</code>।
unknown-command = मुझे यह कमांड नहीं पता। मैं क्या-क्या कर सकता हूँ, यह जानने के लिए /help भेजें।
error-generic = मेरी तरफ़ से कुछ गड़बड़ हो गई। कृपया थोड़ी देर में फिर कोशिश करें।

media-caption = 👤 <a href="{ $link }">@{ $author }</a>
media-music-button = 🎵 म्यूज़िक
media-slideshow-music = 🎵 इस स्लाइडशो का साउंड:
media-working = ⏳ डाउनलोड हो रहा है…
media-uploading = ⏳ अपलोड हो रहा है…
media-busy = ⏳ मैं अभी आपके पिछले लिंक पर काम कर रहा हूँ। उनके पूरे होने के बाद यह लिंक फिर से भेजें।
media-slow-down = 🐢 एक साथ बहुत ज़्यादा लिंक: कृपया एक मिनट रुककर फिर कोशिश करें।
media-too-many-links = मैं एक संदेश के सिर्फ़ पहले { $limit } लिंक लूँगा।
media-invalid-link = ❌ मैं यह लिंक नहीं खोल सका: यह { $platform } का सही लिंक नहीं है, या पोस्ट हटा दी गई है।
media-unavailable = 🔒 यह पोस्ट प्राइवेट है, हटा दी गई है या उपलब्ध नहीं है।
media-slideshow-unsupported = 🖼 अभी मैं फ़ोटो स्लाइडशो डाउनलोड नहीं कर सकता, सिर्फ़ वीडियो।
media-timeout = ⌛ { $platform } अभी बहुत धीरे जवाब दे रहा है। कृपया एक मिनट बाद फिर कोशिश करें।
media-resolver-down = 🛠 अभी { $platform } से कनेक्ट नहीं हो पा रहा है। कृपया बाद में फिर कोशिश करें।
media-media-unavailable = ❌ { $platform } ने इस पोस्ट का मीडिया नहीं दिया। कृपया बाद में फिर कोशिश करें।
media-host-refused = 🚫 इस पोस्ट का मीडिया ऐसे होस्ट पर है जहाँ से मुझे डाउनलोड करने की अनुमति नहीं है।
media-unsupported = ⚙️ मेरी डाउनलोड सर्विस जिस तरह सेट है, उसमें मैं यह पोस्ट नहीं ला सकता। कृपया बाद में फिर कोशिश करें।
media-caption-platform = 🔗 <a href="{ $link }">{ $platform }</a>
media-private = 🔒 यह { $platform } पोस्ट प्राइवेट है: इसे सिर्फ़ पोस्ट करने वाले के फ़ॉलोअर्स देख सकते हैं।
media-login-required = 🔑 { $platform } यह पोस्ट सिर्फ़ साइन इन किए हुए यूज़र्स को दिखाता है (शायद इस पर उम्र की पाबंदी है), इसलिए मैं इसे डाउनलोड नहीं कर सकता।
media-items-capped = 🖼 { $total } में से पहले { $sent } फ़ोटो और वीडियो।
media-unsupported-profile = 👤 यह लिंक { $platform } की एक प्रोफ़ाइल का है। मैं एक-एक पोस्ट डाउनलोड करता हूँ: मुझे किसी वीडियो, रील, फ़ोटो पोस्ट या कैरोसेल का लिंक भेजें।
media-unsupported-story = ⏳ मैं { $platform } स्टोरी डाउनलोड नहीं कर सकता। इसकी जगह किसी रील या पोस्ट का लिंक भेजें।
media-unsupported-highlight = ⏳ मैं { $platform } स्टोरी हाइलाइट्स डाउनलोड नहीं कर सकता। इसकी जगह किसी रील या पोस्ट का लिंक भेजें।
media-unsupported-link = मैं { $platform } के इस तरह के लिंक डाउनलोड नहीं कर सकता। किसी एक पोस्ट का लिंक भेजें।
media-images-capped = 🖼 { $total } में से पहली { $sent } फ़ोटो।
media-too-large = 📦 यह वीडियो Telegram के लिए बहुत बड़ा है ({ $size_mb } MB)। <a href="{ $url }">इसे सीधे डाउनलोड करें</a>।
media-no-sound = इस पोस्ट का कोई अलग साउंड नहीं है।
media-music-sent = 🎵 भेज दिया!
media-start-first = पहले मेरे साथ चैट खोलें और Start दबाएँ, फिर मैं आपको साउंड भेज पाऊँगा।
media-rendering = 🎞 स्लाइडशो का वीडियो बना रहा हूँ…
media-render-failed = 🖼 मैं इस स्लाइडशो का वीडियो नहीं बना सका, इसलिए ये रहीं इसकी फ़ोटो।
media-render-failed-after-photos = 🎞 इस बार मैं इस स्लाइडशो का वीडियो नहीं बना सका; इसकी फ़ोटो ऊपर हैं।
media-quality-lowered = ⬇️ कम क्वालिटी में भेजा गया: आपकी चुनी हुई क्वालिटी Telegram की अपलोड लिमिट से ज़्यादा है।
ad-button = खोलें
inline-title-video = { $author } का वीडियो
inline-title-photo = { $author } की फ़ोटो { $number }
inline-title-video-number = { $author } का वीडियो { $number }
inline-title-slideshow-video = { $author } का स्लाइडशो वीडियो
inline-needs-storage = इनलाइन मोड सेट नहीं है
inline-needs-storage-text = इस बॉट के ऑपरेटर को इनलाइन मोड के लिए एक स्टोरेज चैट (STORAGE_CHAT_ID) सेट करनी होगी। तब तक लिंक मुझे प्राइवेट चैट में भेजें।
inline-error-title = यह पोस्ट नहीं मिल सकी
inline-slow-down-title = 🐢 थोड़ा धीरे
inline-busy-title = ⏳ पिछले लिंक पर अभी काम चल रहा है
inline-hint-title = TikTok या Instagram लिंक पेस्ट करें
inline-hint-text = वीडियो यहाँ शेयर करने के लिए @{ $bot } के बाद TikTok या Instagram लिंक टाइप करें।

maintenance-message = 🛠 बॉट का मेंटेनेंस चल रहा है। कृपया थोड़ी देर बाद फिर कोशिश करें।
settings-title = <b>रनटाइम सेटिंग्स</b> (बदलने के लिए /set &lt;सेटिंग&gt; &lt;वैल्यू&gt;; "-" टेक्स्ट खाली करता है)
settings-changed = ✅ { $key } अब: { $value }
settings-usage = इस्तेमाल: /set &lt;सेटिंग&gt; &lt;वैल्यू&gt;। सेटिंग्स देखने के लिए /config भेजें।
settings-error-unknown = ❌ “{ $key }” नाम की कोई सेटिंग नहीं है। उपलब्ध सेटिंग्स: { $known }
settings-error-number = ❌ { $key } के लिए पूर्ण संख्या चाहिए।
settings-error-minimum = ❌ { $key } कम से कम { $limit } होना चाहिए।
settings-error-maximum = ❌ { $key } ज़्यादा से ज़्यादा { $limit } हो सकता है।
settings-error-switch = ❌ { $key } के लिए on या off दें।
settings-error-text = ❌ { $key } के लिए टेक्स्ट दें।
settings-error-length = ❌ { $key } ज़्यादा से ज़्यादा { $limit } अक्षरों का हो सकता है।
settings-error-link = ❌ { $key } एक http(s):// या tg:// लिंक होना चाहिए।
settings-error-invalid = ❌ यह वैल्यू इस सेटिंग के लिए सही नहीं है।
msg-usage = इस्तेमाल: /msg &lt;चैट id&gt; &lt;टेक्स्ट&gt;
msg-delivered = ✅ { $chat } को भेज दिया गया।
msg-blocked = 🚫 { $chat } ने बॉट को ब्लॉक कर दिया है; इसे अब ब्लॉक के रूप में मार्क कर दिया गया है।
msg-failed = ❌ { $chat } को नहीं भेजा जा सका: { $error }

# Operator statistics, graphs and exports (admins only)
admin-period-24h = 24 घंटे
admin-period-7d = 7 दिन
admin-period-30d = 30 दिन
admin-period-all = अब तक
admin-audience-all = सभी चैट
admin-audience-users = यूज़र
admin-audience-groups = ग्रुप
admin-stats-title = <b>📊 बॉट के आँकड़े</b> · { $audience } · { DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC
admin-stats-chats = 👤 यूज़र: { $users } · 👥 ग्रुप: { $groups }
admin-stats-blocked = ⛔ बॉट को ब्लॉक किया: { $blocked }
admin-stats-subscriptions = 🔔 चालू सब्सक्रिप्शन: { $subscriptions } · फ़ॉलो किए गए क्रिएटर: { $creators }
admin-stats-windows = <b>24 घंटे · 7 दिन · 30 दिन</b>
admin-stats-new = नई चैट: { $day } · { $week } · { $month }
admin-stats-downloads = डाउनलोड: { $day } · { $week } · { $month }
admin-stats-slideshows = स्लाइडशो: { $day } · { $week } · { $month }
admin-stats-music = साउंड: { $day } · { $week } · { $month }
admin-stats-period = <b>{ $period }</b>
admin-stats-period-new = नई चैट: { $count }
admin-stats-period-downloads = डाउनलोड: { $downloads } (वीडियो: { $videos }, स्लाइडशो: { $slideshows })
admin-stats-period-platform = { $platform } से: { $count }
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = इनलाइन: { $inline } (डाउनलोड का { NUMBER($share, style: "percent", maximumFractionDigits: 1) })
admin-stats-period-subscriptions = सब्सक्रिप्शन से: { $count }
admin-stats-period-music = साउंड: { $count }
admin-graph-button = 📈 ग्राफ़
admin-graph-drawing = ग्राफ़ बना रहा हूँ…
admin-graph-title = डाउनलोड और नई चैट · { $period } · { $audience }
admin-graph-downloads = डाउनलोड
admin-graph-new-chats = नई चैट
admin-graph-axis-hours = घंटा (UTC)
admin-graph-axis-days = दिन (UTC)
admin-graph-empty = इस अवधि का कोई डेटा नहीं
admin-graph-caption = 📈 { $period } · { $audience } — डाउनलोड: { $downloads }, नई चैट: { $new }
admin-referrals-title = <b>🔗 रेफ़रल लिंक</b> (टॉप { $count })
admin-referrals-row = { $rank }. <code>{ $link }</code> — रजिस्टर हुए: { $users }, डाउनलोड किया: { $downloaded } ({ NUMBER($share, style: "percent") })
admin-referrals-empty = अभी तक किसी ने रेफ़रल लिंक से रजिस्टर नहीं किया है।
admin-top-languages = <b>🌐 भाषाएँ</b>
admin-top-language-row = { $lang }: { $chats }
admin-top-none = —
admin-top-file-mode = 📁 फ़ाइल मोड चालू: { $count }
admin-top-users = <b>🏆 डाउनलोड के हिसाब से टॉप { $count }</b>
admin-top-user-row = { $rank }. <code>{ $id }</code> — { $downloads }
admin-user-usage = इस्तेमाल: <code>/user &lt;चैट id&gt;</code>, जैसे <code>/user 123456789</code> (ग्रुप की id नेगेटिव होती है)।
admin-user-unknown = ❓ id <code>{ $id }</code> वाली किसी चैट ने बॉट इस्तेमाल नहीं किया है।
admin-user-title = <b>👤 चैट <code>{ $id }</code></b> · { $kind ->
        [group] ग्रुप
       *[private] प्राइवेट चैट
    }
admin-user-registered = रजिस्ट्रेशन: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-last-seen = आख़िरी बार सक्रिय: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-settings = भाषा: { $lang } · फ़ाइल मोड: { $mode ->
        [on] चालू
       *[off] बंद
    }
admin-user-referral = रेफ़रल लिंक: <code>{ $link }</code>
admin-user-no-referral = रेफ़रल लिंक: कोई नहीं
admin-user-blocked = ⛔ बॉट को ब्लॉक किया: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-not-blocked = बॉट को ब्लॉक किया: नहीं
admin-user-counts = डाउनलोड: { $downloads } (स्लाइडशो: { $slideshows }) · साउंड: { $music }
admin-user-subscriptions = सब्सक्रिप्शन ({ $count }): { $creators }
admin-user-no-subscriptions = सब्सक्रिप्शन: कोई नहीं
admin-user-more = और { $count } अन्य
admin-user-downloads-title = <b>हाल के डाउनलोड</b> ({ $count } तक)
admin-user-no-downloads = अभी तक कोई डाउनलोड नहीं।
admin-user-download-row = { DATETIME($at, dateStyle: "short", timeStyle: "short") } · { $kind ->
        [slideshow] स्लाइडशो
       *[video] वीडियो
    } · { $via ->
        [inline] इनलाइन
        [subscription] सब्सक्रिप्शन
       *[chat] चैट
    } · <a href="{ $url }">{ $video }</a>
admin-export-usage =
    इस्तेमाल:
    <code>/export users</code> — सभी चैट
    <code>/export downloads</code> — सभी डाउनलोड
    <code>/export downloads 30</code> — पिछले 30 दिनों के डाउनलोड (1 से { $max_days } तक)
admin-export-busy = ⏳ आपका पिछला एक्सपोर्ट अभी चल रहा है। कृपया उसके पूरा होने तक रुकें।
admin-export-started = ⏳ एक्सपोर्ट हो रहा है: { $kind ->
        [users] चैट
       *[downloads] डाउनलोड
    }, लगभग { $total } पंक्तियाँ…
admin-export-progress = ⏳ एक्सपोर्ट हो रहा है: { $kind ->
        [users] चैट
       *[downloads] डाउनलोड
    }, लगभग { $total } में से { $rows } पंक्तियाँ…
admin-export-done = ✅ एक्सपोर्ट पूरा हुआ, पंक्तियाँ: { $rows }।
admin-export-caption = { $kind ->
        [users] चैट
       *[downloads] डाउनलोड
    } — पंक्तियाँ: { $rows }, समय UTC में।
admin-export-too-large = 📦 फ़ाइल कंप्रेस करने के बाद भी भेजने के लिए बहुत बड़ी है ({ $size_mb } MB)। कम दिनों का एक्सपोर्ट करें, जैसे <code>/export downloads 30</code>।
admin-export-failed = ❌ एक्सपोर्ट नहीं हो सका; पूरी जानकारी लॉग में है।

## Broadcasts (admins only)
broadcast-usage =
    📣 <b>ब्रॉडकास्ट</b>: जो संदेश भेजना है (कुछ भी: टेक्स्ट, फ़ोटो, वीडियो, एल्बम का हिस्सा…), उसके जवाब में भेजें
    <code>/broadcast</code> — हर वह चैट जिसने मुझे ब्लॉक नहीं किया है
    <code>/broadcast users</code> — सिर्फ़ प्राइवेट चैट
    <code>/broadcast groups</code> — सिर्फ़ ग्रुप
    <code>/broadcast lang=ru</code> — सिर्फ़ उस भाषा वाली चैट (ऊपर वालों के साथ भी लगा सकते हैं)
    /broadcast_cancel चल रहे ब्रॉडकास्ट को रोकता है, /broadcasts हाल के ब्रॉडकास्ट दिखाता है।
broadcast-audience-all = सभी चैट
broadcast-audience-users = प्राइवेट चैट
broadcast-audience-groups = ग्रुप
broadcast-audience-lang = { $audience }, भाषा { $lang }
broadcast-nobody = भेजने के लिए कोई नहीं: कोई भी चैट मेल नहीं खाती ({ $audience })।
broadcast-confirm = 📣 यह संदेश <b>{ $count }</b> { $count ->
        [one] चैट
       *[other] चैट
    } ({ $audience }) को भेजें?
broadcast-button-send = ✅ { $count } को भेजें
broadcast-button-cancel = ✖️ रद्द करें
broadcast-dismissed = ब्रॉडकास्ट रद्द: कुछ भी नहीं भेजा गया।
broadcast-already = यह ब्रॉडकास्ट पहले ही शुरू हो चुका है।
broadcast-was-cancelled = यह ब्रॉडकास्ट रद्द कर दिया गया था।
broadcast-queued = 📣 <b>ब्रॉडकास्ट #{ $id }</b> { $total } { $total ->
        [one] चैट
       *[other] चैट
    } के लिए कतार में है…
broadcast-progress =
    📣 <b>ब्रॉडकास्ट #{ $id }</b> चल रहा है
    { $bar } { $percent }%
    प्रोसेस हुए: { $total } में से { $processed }
    ✅ भेजे गए: { $sent } · 🚫 ब्लॉक: { $blocked } · ⚠️ फ़ेल: { $failed }
    स्पीड: { NUMBER($rate, maximumFractionDigits: 1) } संदेश/सेकंड · बाकी समय: { $eta }
broadcast-eta-unknown = अंदाज़ा लगा रहा हूँ…
broadcast-done =
    ✅ <b>ब्रॉडकास्ट #{ $id } पूरा हुआ</b>, समय लगा: { $duration }
    भेजे गए: { $sent } · ब्लॉक: { $blocked } · फ़ेल: { $failed } ({ $total } में से)
broadcast-cancelled =
    ⏹ <b>ब्रॉडकास्ट #{ $id } रद्द किया गया</b>
    भेजे गए: { $sent } · ब्लॉक: { $blocked } · फ़ेल: { $failed } · नहीं भेजे गए: { $unsent } ({ $total } में से)
broadcast-cancel-none = अभी कोई ब्रॉडकास्ट नहीं चल रहा है।
broadcast-list-empty = अभी तक कोई ब्रॉडकास्ट नहीं हुआ।
broadcast-list-title = <b>📣 हाल के ब्रॉडकास्ट</b>
broadcast-list-item = #{ $id } · { DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC · { $status } · { $audience }: { $total } में से { $sent } भेजे, { $blocked } ब्लॉक, { $failed } फ़ेल
broadcast-status-queued = कतार में
broadcast-status-running = चल रहा है
broadcast-status-done = पूरा हुआ
broadcast-status-cancelled = रद्द

## Subscriptions
cmd-subscribe = TikTok क्रिएटर को फ़ॉलो करें
cmd-unsubscribe = क्रिएटर को अनफ़ॉलो करें
cmd-subscriptions = आप जिन्हें फ़ॉलो करते हैं
sub-usage =
    <code>/subscribe @नाम</code> भेजें (या क्रिएटर की प्रोफ़ाइल का लिंक, जैसे <code>tiktok.com/@name</code>), और उनके नए वीडियो आते ही मैं उन्हें यहाँ भेजता रहूँगा।
unsub-usage = किसी क्रिएटर को अनफ़ॉलो करने के लिए <code>/unsubscribe @नाम</code> भेजें। /subscriptions उन क्रिएटर की लिस्ट दिखाता है जिन्हें आप फ़ॉलो करते हैं।
sub-added = 🔔 अब आप <b>@{ $creator }</b> को फ़ॉलो कर रहे हैं: उनकी नई पोस्ट यहाँ आएँगी।
sub-already = आप पहले से <b>@{ $creator }</b> को फ़ॉलो कर रहे हैं।
sub-unknown-creator = मुझे TikTok पर <b>@{ $creator }</b> नाम का कोई क्रिएटर नहीं मिला। नाम जाँचकर फिर कोशिश करें।
sub-check-failed = उस क्रिएटर को जाँचने के लिए मैं TikTok से कनेक्ट नहीं कर सका। कृपया एक मिनट बाद फिर कोशिश करें।
sub-limit = आप पहले से { $limit } { $limit ->
        [one] क्रिएटर
       *[other] क्रिएटर
    } को फ़ॉलो कर रहे हैं, इससे ज़्यादा नहीं हो सकते। पहले किसी एक को अनफ़ॉलो करें (/subscriptions)।
sub-disabled = सब्सक्रिप्शन अभी बंद हैं।
sub-removed = 🔕 अब आप <b>@{ $creator }</b> को फ़ॉलो नहीं कर रहे।
sub-not-following = आप <b>@{ $creator }</b> को फ़ॉलो नहीं करते।
sub-removed-short = @{ $creator } को अनफ़ॉलो किया
sub-not-following-short = आप अब @{ $creator } को फ़ॉलो नहीं करते
sub-list-title = <b>🔔 आप जिन्हें फ़ॉलो करते हैं</b> ({ $limit } में से { $count }):
sub-list-item = • @{ $creator }
sub-list-empty = आप अभी किसी क्रिएटर को फ़ॉलो नहीं करते। शुरू करने के लिए <code>/subscribe @नाम</code> भेजें।
sub-button-unsubscribe = ✖️ @{ $creator } को अनफ़ॉलो करें
sub-admins-only = ग्रुप के सब्सक्रिप्शन सिर्फ़ उसके एडमिन बदल सकते हैं।
sub-creator-gone = ⚠️ TikTok क्रिएटर <b>@{ $creator }</b> अब नहीं मिल रहे, इसलिए मैंने यहाँ उन्हें फ़ॉलो करना बंद कर दिया है। अगर वे वापस आएँ, तो <code>/subscribe { $creator }</code> भेजें।
