# Bahasa Indonesia — sapaan "kamu"; tanpa bentuk jamak (plural selalu "other").
language-name = Bahasa Indonesia

cmd-start = Mulai bot
cmd-help = Apa yang bisa dilakukan bot
cmd-lang = Ganti bahasa
cmd-mode = Kirim media sebagai file: nyala/mati
cmd-stats = Statistik kamu

start-welcome =
    Hai, { $name }! 👋
    Kirim tautan TikTok atau Instagram, nanti aku kirim balik videonya tanpa watermark, foto-foto dari slideshow atau carousel, dan suara postingan TikTok kalau kamu minta.
    Kamu juga bisa pakai aku secara inline: ketik <code>@{ $bot } tautan</code> di chat mana pun.
start-welcome-group =
    Halo, semuanya! 👋
    Kirim tautan TikTok atau Instagram di chat ini, nanti aku balas dengan video atau fotonya.

help-text =
    <b>Apa yang aku lakukan</b>
    Kirim tautan TikTok (video atau slideshow foto) atau tautan Instagram (reel, postingan, atau carousel), nanti aku kirim balik medianya tanpa watermark. Di bawah setiap postingan TikTok ada tombol untuk mengambil suaranya.

    <b>Perintah</b>
    /start — mulai bot
    /lang — ganti bahasa
    /mode — kirim media sebagai file (tanpa kompresi Telegram) nyala/mati
    /settings — preferensi: kualitas, slideshow, keterangan, tombol musik
    /stats — statistik kamu
    /help — pesan ini

lang-choose = Pilih bahasa:
lang-changed = Bahasa diganti ke { language-name }.
lang-admins-only = Hanya admin grup yang bisa mengubah ini.
lang-unknown = Bahasa itu belum tersedia.

mode-on = Mode file <b>nyala</b>: media akan dikirim sebagai file, tanpa kompresi Telegram.
mode-off = Mode file <b>mati</b>: media akan dikirim sebagai video dan foto biasa.

# Preferences menu (/settings)
cmd-settings = Preferensi: kualitas, slideshow, keterangan
prefs-title = <b>Preferensi untuk chat ini</b>
prefs-line = • <b>{ $name }</b>: { $value } — { $about }
prefs-hint = Tekan tombol untuk beralih ke pilihan berikutnya (di grup, hanya admin yang bisa). Atau kirim /settings &lt;kunci&gt; &lt;nilai&gt;.
prefs-quality = Kualitas
prefs-quality-about = video terbaik, standar, atau yang paling kecil (hemat kuota)
prefs-quality-best = Terbaik
prefs-quality-standard = Standar
prefs-quality-saver = Hemat kuota
prefs-slideshow = Slideshow
prefs-slideshow-about = slideshow foto dikirim sebagai foto, sebagai satu video dengan suaranya, atau keduanya
prefs-slideshow-photos = Foto
prefs-slideshow-video = Video
prefs-slideshow-both = Foto dan video
prefs-captions = Keterangan
prefs-captions-about = keterangan postingan bersama medianya: lengkap, dipersingkat, atau tidak ada
prefs-captions-full = Lengkap
prefs-captions-short = Singkat
prefs-captions-off = Mati
prefs-music_button = Tombol musik
prefs-music_button-about = tombol di bawah postingan TikTok untuk mengirim suaranya
prefs-music_button-on = Nyala
prefs-music_button-off = Mati
prefs-file_mode = Mode file
prefs-file_mode-about = media sebagai file, tanpa kompresi Telegram (sama seperti /mode)
prefs-file_mode-on = Nyala
prefs-file_mode-off = Mati
prefs-changed = ✅ { $name } sekarang: { $value }
prefs-stale = Menu ini sudah kedaluwarsa; sekarang menampilkan preferensi terbaru.
prefs-invalid = Tombol ini sudah tidak berfungsi. Kirim /settings untuk membuka menu baru.
prefs-usage =
    Cara pakai: /settings &lt;kunci&gt; &lt;nilai&gt;, contohnya <code>/settings quality saver</code>. Kunci dan nilai:
    { $keys }
prefs-error-unknown = ❌ Tidak ada preferensi “{ $key }”. Kunci yang valid: { $known }
prefs-error-choice = ❌ { $key } hanya bisa salah satu dari: { $valid }

stats-user =
    <b>Statistik kamu</b>
    Bergabung sejak: { DATETIME($since, dateStyle: "medium") }
    Video: { $videos }
    Slideshow: { $slideshows }
    Suara: { $music }

hint-send-link = Kirim tautan video atau slideshow TikTok, atau reel atau postingan Instagram, contohnya <code>https://vm.tiktok.com/ZM6abcdef/</code>.
unknown-command = Aku tidak kenal perintah itu. Kirim /help untuk melihat apa saja yang bisa aku lakukan.
error-generic = Ada yang salah di sisiku. Coba lagi sebentar lagi, ya.

media-caption = 👤 <a href="{ $link }">@{ $author }</a>
media-music-button = 🎵 Musik
media-slideshow-music = 🎵 Suara dari slideshow ini:
media-working = ⏳ Mengunduh…
media-uploading = ⏳ Mengunggah…
media-busy = ⏳ Aku masih memproses tautan kamu sebelumnya. Kirim lagi tautan ini setelah selesai, ya.
media-slow-down = 🐢 Terlalu banyak tautan sekaligus: tunggu semenit, lalu coba lagi.
media-too-many-links = Aku hanya memproses { $limit } tautan pertama dari satu pesan.
media-invalid-link = ❌ Aku tidak bisa membuka tautan ini: ini bukan tautan { $platform } yang valid, atau postingannya sudah dihapus.
media-unavailable = 🔒 Postingan ini privat, sudah dihapus, atau tidak tersedia.
media-slideshow-unsupported = 🖼 Untuk saat ini aku belum bisa mengunduh slideshow foto, hanya video.
media-timeout = ⌛ { $platform } sedang lambat merespons. Coba lagi semenit lagi, ya.
media-resolver-down = 🛠 Aku tidak bisa terhubung ke { $platform } sekarang. Coba lagi nanti, ya.
media-media-unavailable = ❌ { $platform } tidak memberikan media dari postingan ini. Coba lagi nanti, ya.
media-host-refused = 🚫 Media postingan ini ada di server yang tidak boleh aku unduh.
media-unsupported = ⚙️ Dengan pengaturan layanan unduhanku saat ini, aku tidak bisa mengambil postingan ini. Coba lagi nanti, ya.
media-caption-platform = 🔗 <a href="{ $link }">{ $platform }</a>
media-private = 🔒 Postingan { $platform } ini privat: hanya pengikut pembuatnya yang bisa melihatnya.
media-login-required = 🔑 { $platform } hanya menampilkan postingan ini ke pengguna yang sudah masuk (mungkin ada batasan usia), jadi aku tidak bisa mengunduhnya.
media-items-capped = 🖼 { $sent } foto dan video pertama dari { $total }.
media-unsupported-profile = 👤 Tautan itu mengarah ke profil di { $platform }. Aku mengunduh postingan satuan: kirim tautan video, reel, postingan foto, atau carousel.
media-unsupported-story = ⏳ Aku tidak bisa mengunduh story { $platform }. Kirim tautan reel atau postingan saja.
media-unsupported-highlight = ⏳ Aku tidak bisa mengunduh sorotan story { $platform }. Kirim tautan reel atau postingan saja.
media-unsupported-link = Aku tidak bisa mengunduh tautan { $platform } jenis ini. Kirim tautan satu postingan saja.
media-images-capped = 🖼 { $sent } foto pertama dari { $total }.
media-too-large = 📦 Video ini terlalu besar untuk Telegram ({ $size_mb } MB). <a href="{ $url }">Unduh langsung</a>.
media-no-sound = Postingan ini tidak punya suara terpisah.
media-music-sent = 🎵 Terkirim!
media-start-first = Buka chat denganku dan tekan Mulai dulu, setelah itu aku bisa mengirim suaranya ke kamu.
media-rendering = 🎞 Membuat video dari slideshow…
media-render-failed = 🖼 Aku tidak bisa membuat video dari slideshow ini, jadi ini foto-fotonya.
media-render-failed-after-photos = 🎞 Kali ini aku tidak bisa membuat video dari slideshow ini; foto-fotonya ada di atas.
media-quality-lowered = ⬇️ Dikirim dengan kualitas lebih rendah: kualitas pilihanmu melebihi batas unggah Telegram.
ad-button = Buka
inline-title-video = Video dari { $author }
inline-title-photo = Foto { $number } dari { $author }
inline-title-video-number = Video { $number } dari { $author }
inline-title-slideshow-video = Video slideshow dari { $author }
inline-needs-storage = Mode inline belum diatur
inline-needs-storage-text = Operator bot ini perlu mengatur chat penyimpanan (STORAGE_CHAT_ID) untuk mode inline. Sementara itu, kirim tautannya ke aku lewat chat pribadi.
inline-error-title = Gagal mengambil postingan ini
inline-slow-down-title = 🐢 Pelan-pelan
inline-busy-title = ⏳ Masih memproses tautan sebelumnya
inline-hint-title = Tempel tautan TikTok atau Instagram
inline-hint-text = Ketik @{ $bot } lalu tautan TikTok atau Instagram untuk membagikan videonya di sini.

maintenance-message = 🛠 Bot sedang dalam perbaikan. Coba lagi sebentar lagi, ya.
settings-title = <b>Pengaturan runtime</b> (ubah dengan /set &lt;kunci&gt; &lt;nilai&gt;; "-" mengosongkan teks)
settings-changed = ✅ { $key } sekarang: { $value }
settings-usage = Cara pakai: /set &lt;kunci&gt; &lt;nilai&gt;. Kirim /config untuk melihat daftar kunci.
settings-error-unknown = ❌ Tidak ada pengaturan “{ $key }”. Pengaturan yang ada: { $known }
settings-error-number = ❌ { $key } harus berupa bilangan bulat.
settings-error-minimum = ❌ { $key } minimal { $limit }.
settings-error-maximum = ❌ { $key } maksimal { $limit }.
settings-error-switch = ❌ { $key } hanya bisa on atau off.
settings-error-text = ❌ { $key } harus berupa teks.
settings-error-length = ❌ { $key } maksimal { $limit } karakter.
settings-error-link = ❌ { $key } harus berupa tautan http(s):// atau tg://.
settings-error-invalid = ❌ Nilai itu tidak cocok untuk pengaturan ini.
msg-usage = Cara pakai: /msg &lt;id chat&gt; &lt;teks&gt;
msg-delivered = ✅ Terkirim ke { $chat }.
msg-blocked = 🚫 { $chat } telah memblokir bot; sekarang ditandai sebagai diblokir.
msg-failed = ❌ Tidak terkirim ke { $chat }: { $error }

# Operator statistics, graphs and exports (admins only)
admin-period-24h = 24 jam
admin-period-7d = 7 hari
admin-period-30d = 30 hari
admin-period-all = Sepanjang waktu
admin-audience-all = Semua chat
admin-audience-users = Pengguna
admin-audience-groups = Grup
admin-stats-title = <b>📊 Statistik bot</b> · { $audience } · { DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC
admin-stats-chats = 👤 Pengguna: { $users } · 👥 Grup: { $groups }
admin-stats-blocked = ⛔ Memblokir bot: { $blocked }
admin-stats-subscriptions = 🔔 Langganan aktif: { $subscriptions } · kreator diikuti: { $creators }
admin-stats-windows = <b>24 jam · 7 hari · 30 hari</b>
admin-stats-new = Chat baru: { $day } · { $week } · { $month }
admin-stats-downloads = Unduhan: { $day } · { $week } · { $month }
admin-stats-slideshows = Slideshow: { $day } · { $week } · { $month }
admin-stats-music = Suara: { $day } · { $week } · { $month }
admin-stats-period = <b>{ $period }</b>
admin-stats-period-new = Chat baru: { $count }
admin-stats-period-downloads = Unduhan: { $downloads } (video: { $videos }, slideshow: { $slideshows })
admin-stats-period-platform = Dari { $platform }: { $count }
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = Inline: { $inline } ({ NUMBER($share, style: "percent", maximumFractionDigits: 1) } dari unduhan)
admin-stats-period-subscriptions = Lewat langganan: { $count }
admin-stats-period-music = Suara: { $count }
admin-graph-button = 📈 Grafik
admin-graph-drawing = Membuat grafik…
admin-graph-title = Unduhan dan chat baru · { $period } · { $audience }
admin-graph-downloads = Unduhan
admin-graph-new-chats = Chat baru
admin-graph-axis-hours = Jam (UTC)
admin-graph-axis-days = Hari (UTC)
admin-graph-empty = Tidak ada data untuk periode ini
admin-graph-caption = 📈 { $period } · { $audience } — unduhan: { $downloads }, chat baru: { $new }
admin-referrals-title = <b>🔗 Tautan referral</b> ({ $count } teratas)
admin-referrals-row = { $rank }. <code>{ $link }</code> — terdaftar: { $users }, mengunduh: { $downloaded } ({ NUMBER($share, style: "percent") })
admin-referrals-empty = Belum ada yang mendaftar lewat tautan referral.
admin-top-languages = <b>🌐 Bahasa</b>
admin-top-language-row = { $lang }: { $chats }
admin-top-none = —
admin-top-file-mode = 📁 Mode file nyala: { $count }
admin-top-users = <b>🏆 { $count } teratas berdasarkan unduhan</b>
admin-top-user-row = { $rank }. <code>{ $id }</code> — { $downloads }
admin-user-usage = Cara pakai: <code>/user &lt;id chat&gt;</code>, contohnya <code>/user 123456789</code> (id grup bernilai negatif).
admin-user-unknown = ❓ Belum ada chat dengan id <code>{ $id }</code> yang memakai bot.
admin-user-title = <b>👤 Chat <code>{ $id }</code></b> · { $kind ->
        [group] grup
       *[private] chat pribadi
    }
admin-user-registered = Terdaftar: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-last-seen = Terakhir aktif: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-settings = Bahasa: { $lang } · Mode file: { $mode ->
        [on] nyala
       *[off] mati
    }
admin-user-referral = Tautan referral: <code>{ $link }</code>
admin-user-no-referral = Tautan referral: tidak ada
admin-user-blocked = ⛔ Memblokir bot: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-not-blocked = Memblokir bot: tidak
admin-user-counts = Unduhan: { $downloads } (slideshow: { $slideshows }) · Suara: { $music }
admin-user-subscriptions = Langganan ({ $count }): { $creators }
admin-user-no-subscriptions = Langganan: tidak ada
admin-user-more = dan { $count } lainnya
admin-user-downloads-title = <b>Unduhan terakhir</b> (maksimal { $count })
admin-user-no-downloads = Belum ada unduhan.
admin-user-download-row = { DATETIME($at, dateStyle: "short", timeStyle: "short") } · { $kind ->
        [slideshow] slideshow
       *[video] video
    } · { $via ->
        [inline] inline
        [subscription] langganan
       *[chat] chat
    } · <a href="{ $url }">{ $video }</a>
admin-export-usage =
    Cara pakai:
    <code>/export users</code> — semua chat
    <code>/export downloads</code> — semua unduhan
    <code>/export downloads 30</code> — unduhan 30 hari terakhir (1 sampai { $max_days })
admin-export-busy = ⏳ Ekspor kamu sebelumnya masih berjalan. Tunggu sampai selesai, ya.
admin-export-started = ⏳ Mengekspor { $kind ->
        [users] chat
       *[downloads] unduhan
    }, baris: sekitar { $total }…
admin-export-progress = ⏳ Mengekspor { $kind ->
        [users] chat
       *[downloads] unduhan
    }, baris: { $rows } dari sekitar { $total }…
admin-export-done = ✅ Ekspor selesai, baris: { $rows }.
admin-export-caption = { $kind ->
        [users] Chat
       *[downloads] Unduhan
    } — baris: { $rows }, waktu dalam UTC.
admin-export-too-large = 📦 File-nya terlalu besar untuk dikirim, bahkan setelah dikompresi ({ $size_mb } MB). Ekspor lebih sedikit hari, contohnya <code>/export downloads 30</code>.
admin-export-failed = ❌ Ekspor gagal; detailnya ada di log.

## Broadcasts (admins only)
broadcast-usage =
    📣 <b>Siaran</b>: balas pesan yang ingin kamu kirim (jenis apa pun: teks, foto, video, item album…) dengan
    <code>/broadcast</code> — semua chat yang tidak memblokirku
    <code>/broadcast users</code> — hanya chat pribadi
    <code>/broadcast groups</code> — hanya grup
    <code>/broadcast lang=ru</code> — hanya chat dengan bahasa itu (bisa digabung dengan yang di atas)
    /broadcast_cancel menghentikan siaran yang sedang berjalan, /broadcasts menampilkan siaran terbaru.
broadcast-audience-all = semua chat
broadcast-audience-users = chat pribadi
broadcast-audience-groups = grup
broadcast-audience-lang = { $audience }, bahasa { $lang }
broadcast-nobody = Tidak ada penerima: tidak ada chat yang cocok ({ $audience }).
broadcast-confirm = 📣 Kirim pesan ini ke <b>{ $count }</b> chat ({ $audience })?
broadcast-button-send = ✅ Kirim ke { $count }
broadcast-button-cancel = ✖️ Batal
broadcast-dismissed = Siaran dibatalkan: tidak ada yang terkirim.
broadcast-already = Siaran ini sudah dimulai.
broadcast-was-cancelled = Siaran ini sudah dibatalkan.
broadcast-queued = 📣 <b>Siaran #{ $id }</b> masuk antrean untuk { $total } chat…
broadcast-progress =
    📣 <b>Siaran #{ $id }</b> sedang berjalan
    { $bar } { $percent }%
    Diproses: { $processed } dari { $total }
    ✅ Terkirim: { $sent } · 🚫 Diblokir: { $blocked } · ⚠️ Gagal: { $failed }
    Kecepatan: { NUMBER($rate, maximumFractionDigits: 1) } pesan/dtk · Sisa waktu: { $eta }
broadcast-eta-unknown = menghitung…
broadcast-done =
    ✅ <b>Siaran #{ $id } selesai</b> dalam { $duration }
    Terkirim: { $sent } · Diblokir: { $blocked } · Gagal: { $failed } (dari { $total })
broadcast-cancelled =
    ⏹ <b>Siaran #{ $id } dibatalkan</b>
    Terkirim: { $sent } · Diblokir: { $blocked } · Gagal: { $failed } · Belum terkirim: { $unsent } (dari { $total })
broadcast-cancel-none = Tidak ada siaran yang sedang berjalan.
broadcast-list-empty = Belum ada siaran.
broadcast-list-title = <b>📣 Siaran terbaru</b>
broadcast-list-item = #{ $id } · { DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC · { $status } · { $audience }: terkirim { $sent } dari { $total }, diblokir { $blocked }, gagal { $failed }
broadcast-status-queued = dalam antrean
broadcast-status-running = berjalan
broadcast-status-done = selesai
broadcast-status-cancelled = dibatalkan

## Subscriptions
cmd-subscribe = Ikuti kreator TikTok
cmd-unsubscribe = Berhenti mengikuti kreator
cmd-subscriptions = Kreator yang kamu ikuti
sub-usage =
    Kirim <code>/subscribe @nama</code> (atau tautan profil kreatornya, misalnya <code>tiktok.com/@nama</code>), nanti aku kirim video barunya ke sini begitu diunggah.
unsub-usage = Kirim <code>/unsubscribe @nama</code> untuk berhenti mengikuti kreator. /subscriptions menampilkan kreator yang kamu ikuti.
sub-added = 🔔 Kamu sekarang mengikuti <b>@{ $creator }</b>: postingan barunya akan dikirim ke sini.
sub-already = Kamu sudah mengikuti <b>@{ $creator }</b>.
sub-unknown-creator = Aku tidak menemukan kreator TikTok bernama <b>@{ $creator }</b>. Cek lagi namanya, lalu coba lagi.
sub-check-failed = Aku tidak bisa terhubung ke TikTok untuk mengecek kreator itu. Coba lagi semenit lagi, ya.
sub-limit = Kamu sudah mengikuti { $limit } kreator, batas maksimalnya. Berhenti mengikuti salah satu dulu (/subscriptions).
sub-disabled = Fitur langganan sedang dimatikan.
sub-removed = 🔕 Kamu sudah berhenti mengikuti <b>@{ $creator }</b>.
sub-not-following = Kamu tidak mengikuti <b>@{ $creator }</b>.
sub-removed-short = Sudah berhenti mengikuti @{ $creator }
sub-not-following-short = Kamu sudah tidak mengikuti @{ $creator }
sub-list-title = <b>🔔 Kreator yang kamu ikuti</b> ({ $count } dari { $limit }):
sub-list-item = • @{ $creator }
sub-list-empty = Kamu belum mengikuti kreator mana pun. Kirim <code>/subscribe @nama</code> untuk mulai.
sub-button-unsubscribe = ✖️ Berhenti ikuti @{ $creator }
sub-admins-only = Hanya admin grup yang bisa mengubah langganan grup ini.
sub-creator-gone = ⚠️ Kreator TikTok <b>@{ $creator }</b> sudah tidak bisa ditemukan, jadi aku berhenti mengikutinya di sini. Kalau nanti muncul lagi, kirim <code>/subscribe { $creator }</code>.
