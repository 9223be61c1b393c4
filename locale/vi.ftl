# Vietnamese — translated from en.ftl. Vietnamese has no plural forms, so counts need no select.
language-name = Tiếng Việt

cmd-start = Khởi động bot
cmd-help = Bot làm được gì
cmd-lang = Đổi ngôn ngữ
cmd-mode = Bật/tắt gửi dạng tệp
cmd-stats = Thống kê của bạn

start-welcome =
    Chào { $name }! 👋
    Gửi mình link TikTok hoặc Instagram, mình sẽ gửi lại video không logo, ảnh của slideshow hoặc bài nhiều ảnh, và cả âm thanh của bài TikTok khi bạn cần.
    Bạn cũng có thể dùng mình ở chế độ inline: gõ <code>@{ $bot } link</code> trong bất kỳ cuộc trò chuyện nào.
start-welcome-group =
    Chào mọi người! 👋
    Gửi link TikTok hoặc Instagram vào nhóm này, mình sẽ trả lời bằng video hoặc ảnh.

help-text =
    <b>Mình làm được gì</b>
    Gửi mình link TikTok (video hoặc slideshow ảnh) hoặc link Instagram (reel, bài đăng hoặc bài nhiều ảnh), mình sẽ gửi lại nội dung không logo. Dưới mỗi bài TikTok có một nút để lấy âm thanh của bài.

    <b>Lệnh</b>
    /start — khởi động bot
    /lang — đổi ngôn ngữ
    /mode — bật/tắt gửi nội dung dạng tệp (Telegram không nén)
    /settings — tùy chọn: chất lượng, slideshow, mô tả, nút nhạc
    /stats — thống kê của bạn
    /help — tin nhắn này

lang-choose = Chọn ngôn ngữ:
lang-changed = Đã chuyển ngôn ngữ sang { language-name }.
lang-admins-only = Chỉ quản trị viên của nhóm mới đổi được mục này.
lang-unknown = Ngôn ngữ này hiện chưa có.

mode-on = Chế độ tệp đang <b>bật</b>: nội dung sẽ được gửi dạng tệp, không bị Telegram nén.
mode-off = Chế độ tệp đang <b>tắt</b>: nội dung sẽ được gửi như video và ảnh thông thường.

# Preferences menu (/settings)
cmd-settings = Tùy chọn: chất lượng, slideshow, mô tả
prefs-title = <b>Tùy chọn cho cuộc trò chuyện này</b>
prefs-line = • <b>{ $name }</b>: { $value } — { $about }
prefs-hint = Bấm một nút để chuyển sang lựa chọn tiếp theo (trong nhóm, chỉ quản trị viên mới đổi được). Hoặc gửi /settings &lt;tùy chọn&gt; &lt;giá trị&gt;.
prefs-quality = Chất lượng
prefs-quality-about = video nét nhất, bản tiêu chuẩn, hoặc bản nhẹ nhất (tiết kiệm dữ liệu)
prefs-quality-best = Cao nhất
prefs-quality-standard = Tiêu chuẩn
prefs-quality-saver = Tiết kiệm dữ liệu
prefs-slideshow = Slideshow
prefs-slideshow-about = slideshow ảnh gửi dạng ảnh, dạng một video kèm âm thanh, hoặc cả hai
prefs-slideshow-photos = Ảnh
prefs-slideshow-video = Video
prefs-slideshow-both = Ảnh và video
prefs-captions = Mô tả
prefs-captions-about = mô tả của bài đăng gửi kèm nội dung: đầy đủ, rút gọn, hoặc không gửi
prefs-captions-full = Đầy đủ
prefs-captions-short = Rút gọn
prefs-captions-off = Tắt
prefs-music_button = Nút nhạc
prefs-music_button-about = nút dưới bài TikTok để gửi âm thanh của bài
prefs-music_button-on = Bật
prefs-music_button-off = Tắt
prefs-file_mode = Chế độ tệp
prefs-file_mode-about = gửi nội dung dạng tệp, không bị Telegram nén (giống /mode)
prefs-file_mode-on = Bật
prefs-file_mode-off = Tắt
prefs-changed = ✅ { $name } giờ là: { $value }
prefs-stale = Menu này đã cũ, mình vừa cập nhật lại theo tùy chọn hiện tại.
prefs-invalid = Nút này không còn dùng được. Gửi /settings để mở menu mới.
prefs-usage =
    Cách dùng: /settings &lt;tùy chọn&gt; &lt;giá trị&gt;, ví dụ <code>/settings quality saver</code>. Các tùy chọn và giá trị:
    { $keys }
prefs-error-unknown = ❌ Không có tùy chọn “{ $key }”. Các tùy chọn hợp lệ: { $known }
prefs-error-choice = ❌ { $key } chỉ nhận một trong các giá trị: { $valid }

stats-user =
    <b>Thống kê của bạn</b>
    Tham gia từ: { DATETIME($since, dateStyle: "medium") }
    Video: { $videos }
    Slideshow: { $slideshows }
    Âm thanh: { $music }

hint-send-link = Gửi mình link video hoặc slideshow TikTok, hoặc link reel hay bài đăng Instagram, ví dụ <code>https://vm.tiktok.com/ZM6abcdef/</code>.
unknown-command = Mình không biết lệnh này. Gửi /help để xem mình làm được gì nhé.
error-generic = Có lỗi xảy ra ở phía mình. Bạn thử lại sau giây lát nhé.

media-caption = 👤 <a href="{ $link }">@{ $author }</a>
media-music-button = 🎵 Nhạc
media-slideshow-music = 🎵 Âm thanh của slideshow này:
media-working = ⏳ Đang tải xuống…
media-uploading = ⏳ Đang tải lên…
media-busy = ⏳ Mình vẫn đang xử lý các link trước của bạn. Xong rồi bạn gửi lại link này nhé.
media-slow-down = 🐢 Nhiều link cùng lúc quá: bạn đợi một phút rồi thử lại nhé.
media-too-many-links = Mình chỉ nhận { $limit } link đầu tiên trong một tin nhắn.
media-invalid-link = ❌ Mình không mở được link này: đây không phải link { $platform } hợp lệ, hoặc bài đăng đã bị xóa.
media-unavailable = 🔒 Bài đăng này đang ở chế độ riêng tư, đã bị xóa hoặc không còn khả dụng.
media-slideshow-unsupported = 🖼 Hiện mình chưa tải được slideshow ảnh, chỉ tải được video.
media-timeout = ⌛ { $platform } đang phản hồi quá chậm. Bạn thử lại sau một phút nhé.
media-resolver-down = 🛠 Hiện mình không kết nối được với { $platform }. Bạn thử lại sau nhé.
media-media-unavailable = ❌ { $platform } không trả về nội dung của bài đăng này. Bạn thử lại sau nhé.
media-host-refused = 🚫 Nội dung của bài đăng này nằm trên máy chủ mà mình không được phép tải về.
media-unsupported = ⚙️ Với cấu hình dịch vụ tải hiện tại, mình không lấy được bài đăng này. Bạn thử lại sau nhé.
media-caption-platform = 🔗 <a href="{ $link }">{ $platform }</a>
media-private = 🔒 Bài đăng { $platform } này ở chế độ riêng tư: chỉ người theo dõi tác giả mới xem được.
media-login-required = 🔑 { $platform } chỉ hiển thị bài đăng này cho người đã đăng nhập (có thể do giới hạn độ tuổi), nên mình không tải được.
media-items-capped = 🖼 Đây là { $sent } ảnh và video đầu tiên (trong tổng số { $total }).
media-unsupported-profile = 👤 Link này dẫn tới một trang cá nhân trên { $platform }. Mình chỉ tải từng bài đăng: hãy gửi link video, reel, bài ảnh hoặc bài nhiều ảnh.
media-unsupported-story = ⏳ Mình không tải được story trên { $platform }. Bạn gửi link reel hoặc bài đăng nhé.
media-unsupported-highlight = ⏳ Mình không tải được tin nổi bật trên { $platform }. Bạn gửi link reel hoặc bài đăng nhé.
media-unsupported-link = Mình không tải được loại link { $platform } này. Bạn gửi link của một bài đăng cụ thể nhé.
media-images-capped = 🖼 Đây là { $sent } ảnh đầu tiên (trong tổng số { $total }).
media-too-large = 📦 Video này quá lớn để gửi qua Telegram ({ $size_mb } MB). <a href="{ $url }">Tải trực tiếp</a>.
media-no-sound = Bài đăng này không có âm thanh riêng.
media-music-sent = 🎵 Đã gửi!
media-start-first = Bạn hãy mở chat với mình và bấm Bắt đầu trước, sau đó mình mới gửi âm thanh cho bạn được.
media-rendering = 🎞 Đang tạo video từ slideshow…
media-render-failed = 🖼 Mình không tạo được video từ slideshow này, nên gửi bạn các ảnh của nó.
media-render-failed-after-photos = 🎞 Lần này mình không tạo được video từ slideshow; các ảnh đã có ở trên.
media-quality-lowered = ⬇️ Đã gửi với chất lượng thấp hơn: chất lượng bạn chọn vượt quá giới hạn tải lên của Telegram.
ad-button = Mở
inline-title-video = Video của { $author }
inline-title-photo = Ảnh { $number } của { $author }
inline-title-video-number = Video { $number } của { $author }
inline-title-slideshow-video = Video slideshow của { $author }
inline-needs-storage = Chế độ inline chưa được thiết lập
inline-needs-storage-text = Người vận hành bot cần cấu hình một chat lưu trữ (STORAGE_CHAT_ID) cho chế độ inline. Tạm thời bạn hãy gửi link cho mình trong chat riêng nhé.
inline-error-title = Không lấy được bài đăng này
inline-slow-down-title = 🐢 Chậm lại chút nhé
inline-busy-title = ⏳ Vẫn đang xử lý các link trước của bạn
inline-hint-title = Dán link TikTok hoặc Instagram
inline-hint-text = Gõ @{ $bot } kèm link TikTok hoặc Instagram để chia sẻ video tại đây.

maintenance-message = 🛠 Bot đang bảo trì. Bạn thử lại sau ít phút nhé.
settings-title = <b>Cài đặt vận hành</b> (đổi bằng /set &lt;cài đặt&gt; &lt;giá trị&gt;; "-" để xóa văn bản)
settings-changed = ✅ { $key } giờ là: { $value }
settings-usage = Cách dùng: /set &lt;cài đặt&gt; &lt;giá trị&gt;. Gửi /config để xem danh sách cài đặt.
settings-error-unknown = ❌ Không có cài đặt “{ $key }”. Các cài đặt hiện có: { $known }
settings-error-number = ❌ { $key } cần một số nguyên.
settings-error-minimum = ❌ { $key } phải từ { $limit } trở lên.
settings-error-maximum = ❌ { $key } tối đa là { $limit }.
settings-error-switch = ❌ { $key } chỉ nhận on hoặc off.
settings-error-text = ❌ { $key } cần một đoạn văn bản.
settings-error-length = ❌ { $key } dài tối đa { $limit } ký tự.
settings-error-link = ❌ { $key } phải là link http(s):// hoặc tg://.
settings-error-invalid = ❌ Giá trị này không phù hợp với cài đặt.
msg-usage = Cách dùng: /msg &lt;id chat&gt; &lt;nội dung&gt;
msg-delivered = ✅ Đã gửi tới { $chat }.
msg-blocked = 🚫 { $chat } đã chặn bot; đã đánh dấu là đã chặn.
msg-failed = ❌ Không gửi được tới { $chat }: { $error }

# Operator statistics, graphs and exports (admins only)
admin-period-24h = 24 giờ
admin-period-7d = 7 ngày
admin-period-30d = 30 ngày
admin-period-all = Toàn bộ
admin-audience-all = Tất cả chat
admin-audience-users = Người dùng
admin-audience-groups = Nhóm
admin-stats-title = <b>📊 Thống kê bot</b> · { $audience } · { DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC
admin-stats-chats = 👤 Người dùng: { $users } · 👥 Nhóm: { $groups }
admin-stats-blocked = ⛔ Đã chặn bot: { $blocked }
admin-stats-subscriptions = 🔔 Lượt theo dõi đang hoạt động: { $subscriptions } · nhà sáng tạo được theo dõi: { $creators }
admin-stats-windows = <b>24 giờ · 7 ngày · 30 ngày</b>
admin-stats-new = Chat mới: { $day } · { $week } · { $month }
admin-stats-downloads = Lượt tải: { $day } · { $week } · { $month }
admin-stats-slideshows = Slideshow: { $day } · { $week } · { $month }
admin-stats-music = Âm thanh: { $day } · { $week } · { $month }
admin-stats-period = <b>{ $period }</b>
admin-stats-period-new = Chat mới: { $count }
admin-stats-period-downloads = Lượt tải: { $downloads } (video: { $videos }, slideshow: { $slideshows })
admin-stats-period-platform = Từ { $platform }: { $count }
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = Inline: { $inline } (chiếm { NUMBER($share, style: "percent", maximumFractionDigits: 1) } lượt tải)
admin-stats-period-subscriptions = Qua theo dõi: { $count }
admin-stats-period-music = Âm thanh: { $count }
admin-graph-button = 📈 Biểu đồ
admin-graph-drawing = Đang vẽ biểu đồ…
admin-graph-title = Lượt tải và chat mới · { $period } · { $audience }
admin-graph-downloads = Lượt tải
admin-graph-new-chats = Chat mới
admin-graph-axis-hours = Giờ (UTC)
admin-graph-axis-days = Ngày (UTC)
admin-graph-empty = Không có dữ liệu trong khoảng thời gian này
admin-graph-caption = 📈 { $period } · { $audience } — lượt tải: { $downloads }, chat mới: { $new }
admin-referrals-title = <b>🔗 Link giới thiệu</b> (top { $count })
admin-referrals-row = { $rank }. <code>{ $link }</code> — đăng ký: { $users }, đã tải: { $downloaded } ({ NUMBER($share, style: "percent") })
admin-referrals-empty = Chưa có ai đăng ký qua link giới thiệu.
admin-top-languages = <b>🌐 Ngôn ngữ</b>
admin-top-language-row = { $lang }: { $chats }
admin-top-none = —
admin-top-file-mode = 📁 Bật chế độ tệp: { $count }
admin-top-users = <b>🏆 Top { $count } theo lượt tải</b>
admin-top-user-row = { $rank }. <code>{ $id }</code> — { $downloads }
admin-user-usage = Cách dùng: <code>/user &lt;id chat&gt;</code>, ví dụ <code>/user 123456789</code> (id của nhóm là số âm).
admin-user-unknown = ❓ Chưa có chat nào với id <code>{ $id }</code> dùng bot.
admin-user-title = <b>👤 Chat <code>{ $id }</code></b> · { $kind ->
        [group] nhóm
       *[private] chat riêng
    }
admin-user-registered = Đăng ký: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-last-seen = Hoạt động gần nhất: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-settings = Ngôn ngữ: { $lang } · Chế độ tệp: { $mode ->
        [on] bật
       *[off] tắt
    }
admin-user-referral = Link giới thiệu: <code>{ $link }</code>
admin-user-no-referral = Link giới thiệu: không có
admin-user-blocked = ⛔ Đã chặn bot: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-not-blocked = Đã chặn bot: không
admin-user-counts = Lượt tải: { $downloads } (slideshow: { $slideshows }) · Âm thanh: { $music }
admin-user-subscriptions = Đang theo dõi ({ $count }): { $creators }
admin-user-no-subscriptions = Đang theo dõi: không có
admin-user-more = và { $count } người nữa
admin-user-downloads-title = <b>Lượt tải gần đây</b> (tối đa { $count })
admin-user-no-downloads = Chưa có lượt tải nào.
admin-user-download-row = { DATETIME($at, dateStyle: "short", timeStyle: "short") } · { $kind ->
        [slideshow] slideshow
       *[video] video
    } · { $via ->
        [inline] inline
        [subscription] theo dõi
       *[chat] chat
    } · <a href="{ $url }">{ $video }</a>
admin-export-usage =
    Cách dùng:
    <code>/export users</code> — tất cả chat
    <code>/export downloads</code> — tất cả lượt tải
    <code>/export downloads 30</code> — lượt tải trong 30 ngày qua (từ 1 đến { $max_days })
admin-export-busy = ⏳ Lần xuất trước vẫn đang chạy. Vui lòng đợi đến khi xong.
admin-export-started = ⏳ Đang xuất { $kind ->
        [users] danh sách chat
       *[downloads] lượt tải
    }, khoảng { $total } dòng…
admin-export-progress = ⏳ Đang xuất { $kind ->
        [users] danh sách chat
       *[downloads] lượt tải
    }, đã xong { $rows } trên khoảng { $total } dòng…
admin-export-done = ✅ Đã xuất xong, { $rows } dòng.
admin-export-caption = { $kind ->
        [users] Danh sách chat
       *[downloads] Lượt tải
    } — { $rows } dòng, thời gian theo UTC.
admin-export-too-large = 📦 Tệp quá lớn, kể cả khi đã nén ({ $size_mb } MB). Hãy xuất ít ngày hơn, ví dụ <code>/export downloads 30</code>.
admin-export-failed = ❌ Xuất dữ liệu thất bại; chi tiết có trong log.

## Broadcasts (admins only)
broadcast-usage =
    📣 <b>Gửi hàng loạt</b>: trả lời tin nhắn bạn muốn gửi (loại nào cũng được: văn bản, ảnh, video, một mục trong album…) bằng
    <code>/broadcast</code> — mọi chat chưa chặn bot
    <code>/broadcast users</code> — chỉ chat riêng
    <code>/broadcast groups</code> — chỉ nhóm
    <code>/broadcast lang=ru</code> — chỉ các chat dùng ngôn ngữ đó (kết hợp được với các lựa chọn trên)
    /broadcast_cancel dừng đợt gửi đang chạy, /broadcasts liệt kê các đợt gần đây.
broadcast-audience-all = tất cả chat
broadcast-audience-users = chat riêng
broadcast-audience-groups = nhóm
broadcast-audience-lang = { $audience }, ngôn ngữ { $lang }
broadcast-nobody = Không có ai để gửi: không chat nào phù hợp ({ $audience }).
broadcast-confirm = 📣 Gửi tin nhắn này tới <b>{ $count }</b> chat ({ $audience })?
broadcast-button-send = ✅ Gửi tới { $count }
broadcast-button-cancel = ✖️ Hủy
broadcast-dismissed = Đã hủy gửi hàng loạt: chưa gửi tin nào.
broadcast-already = Đợt gửi này đã bắt đầu rồi.
broadcast-was-cancelled = Đợt gửi này đã bị hủy.
broadcast-queued = 📣 <b>Đợt gửi #{ $id }</b> đã vào hàng chờ, gửi tới { $total } chat…
broadcast-progress =
    📣 <b>Đợt gửi #{ $id }</b> đang chạy
    { $bar } { $percent }%
    Đã xử lý: { $processed } / { $total }
    ✅ Đã gửi: { $sent } · 🚫 Bị chặn: { $blocked } · ⚠️ Lỗi: { $failed }
    Tốc độ: { NUMBER($rate, maximumFractionDigits: 1) } tin/giây · Còn lại: { $eta }
broadcast-eta-unknown = đang tính…
broadcast-done =
    ✅ <b>Đợt gửi #{ $id } đã xong</b> sau { $duration }
    Đã gửi: { $sent } · Bị chặn: { $blocked } · Lỗi: { $failed } (trên tổng { $total })
broadcast-cancelled =
    ⏹ <b>Đợt gửi #{ $id } đã bị hủy</b>
    Đã gửi: { $sent } · Bị chặn: { $blocked } · Lỗi: { $failed } · Chưa gửi: { $unsent } (trên tổng { $total })
broadcast-cancel-none = Không có đợt gửi nào đang chạy.
broadcast-list-empty = Chưa có đợt gửi nào.
broadcast-list-title = <b>📣 Các đợt gửi gần đây</b>
broadcast-list-item = #{ $id } · { DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC · { $status } · { $audience }: đã gửi { $sent } / { $total }, bị chặn { $blocked }, lỗi { $failed }
broadcast-status-queued = đang chờ
broadcast-status-running = đang chạy
broadcast-status-done = đã xong
broadcast-status-cancelled = đã hủy

## Subscriptions
cmd-subscribe = Theo dõi nhà sáng tạo TikTok
cmd-unsubscribe = Bỏ theo dõi nhà sáng tạo
cmd-subscriptions = Nhà sáng tạo bạn theo dõi
sub-usage =
    Gửi <code>/subscribe @tên</code> (hoặc link trang cá nhân của nhà sáng tạo, như <code>tiktok.com/@tên</code>), mình sẽ đăng video mới của họ vào đây ngay khi có.
unsub-usage = Gửi <code>/unsubscribe @tên</code> để bỏ theo dõi một nhà sáng tạo. /subscriptions liệt kê những người bạn đang theo dõi.
sub-added = 🔔 Bạn đã theo dõi <b>@{ $creator }</b>: bài đăng mới của họ sẽ được gửi vào đây.
sub-already = Bạn đã theo dõi <b>@{ $creator }</b> rồi.
sub-unknown-creator = Mình không tìm thấy nhà sáng tạo TikTok nào tên <b>@{ $creator }</b>. Bạn kiểm tra lại tên rồi thử lại nhé.
sub-check-failed = Mình không kết nối được với TikTok để kiểm tra nhà sáng tạo này. Bạn thử lại sau một phút nhé.
sub-limit = Bạn đã theo dõi { $limit } nhà sáng tạo, mức tối đa cho phép. Hãy bỏ theo dõi bớt một người trước (/subscriptions).
sub-disabled = Tính năng theo dõi hiện đang tắt.
sub-removed = 🔕 Bạn đã bỏ theo dõi <b>@{ $creator }</b>.
sub-not-following = Bạn không theo dõi <b>@{ $creator }</b>.
sub-removed-short = Đã bỏ theo dõi @{ $creator }
sub-not-following-short = Bạn không còn theo dõi @{ $creator }
sub-list-title = <b>🔔 Nhà sáng tạo bạn theo dõi</b> ({ $count }/{ $limit }):
sub-list-item = • @{ $creator }
sub-list-empty = Bạn chưa theo dõi nhà sáng tạo nào. Gửi <code>/subscribe @tên</code> để bắt đầu.
sub-button-unsubscribe = ✖️ Bỏ theo dõi @{ $creator }
sub-admins-only = Chỉ quản trị viên của nhóm mới đổi được danh sách theo dõi.
sub-creator-gone = ⚠️ Không còn tìm thấy nhà sáng tạo TikTok <b>@{ $creator }</b>, nên mình đã ngừng theo dõi họ ở đây. Nếu họ quay lại, hãy gửi <code>/subscribe { $creator }</code>.
