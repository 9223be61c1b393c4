language-name = Español

cmd-start = Iniciar el bot
cmd-help = Qué hace el bot
cmd-lang = Cambiar el idioma
cmd-mode = Enviar archivos sí/no
cmd-stats = Tus estadísticas

start-welcome =
    ¡Hola, { $name }! 👋
    Envíame un enlace de TikTok y te devolveré el vídeo sin marca de agua, las fotos de un carrusel y, si lo pides, su sonido.
    También puedes usarme en modo inline: escribe <code>@{ $bot } enlace</code> en cualquier chat.
start-welcome-group =
    ¡Hola a todos! 👋
    Enviad un enlace de TikTok a este chat y responderé con el vídeo o las fotos.

help-text =
    <b>Qué hago</b>
    Envíame un enlace de TikTok (vídeo o carrusel de fotos) y te enviaré el contenido sin marca de agua. Debajo de cada publicación hay un botón para obtener su sonido.

    <b>Comandos</b>
    /start — iniciar el bot
    /lang — cambiar el idioma
    /mode — enviar el contenido como archivos (sin compresión de Telegram) sí/no
    /stats — tus estadísticas
    /help — este mensaje

lang-choose = Elige un idioma:
lang-changed = Idioma cambiado a { language-name }.
lang-admins-only = Solo los administradores del grupo pueden cambiar esto.
lang-unknown = Ese idioma no está disponible.

mode-on = El modo archivo está <b>activado</b>: el contenido llegará como archivos, sin la compresión de Telegram.
mode-off = El modo archivo está <b>desactivado</b>: el contenido llegará como vídeos y fotos normales.

stats-user =
    <b>Tus estadísticas</b>
    Miembro desde: { DATETIME($since, dateStyle: "medium") }
    Vídeos: { $videos }
    Carruseles: { $slideshows }
    Sonidos: { $music }

hint-send-link = Envíame un enlace a un vídeo o carrusel de TikTok, por ejemplo <code>https://vm.tiktok.com/ZM6abcdef/</code>.
unknown-command = No conozco ese comando. Envía /help para ver lo que puedo hacer.
error-generic = Algo ha fallado por mi parte. Inténtalo de nuevo en un momento.

media-caption = 👤 <a href="{ $link }">@{ $author }</a>
media-music-button = 🎵 Música
media-slideshow-music = 🎵 El sonido de este carrusel:
media-working = ⏳ Descargando…
media-uploading = ⏳ Subiendo…
media-busy = ⏳ Todavía estoy con tus enlaces anteriores. Vuelve a enviar este cuando terminen.
media-slow-down = 🐢 Demasiados enlaces a la vez: espera un minuto y vuelve a intentarlo.
media-too-many-links = Procesaré los primeros { $limit } enlaces de un mensaje.
media-invalid-link = ❌ No pude abrir este enlace: no es un enlace de TikTok válido o la publicación se eliminó.
media-unavailable = 🔒 Esta publicación es privada, se eliminó o no está disponible.
media-slideshow-unsupported = 🖼 Ahora mismo no puedo descargar carruseles de fotos, solo vídeos.
media-timeout = ⌛ TikTok está respondiendo muy despacio. Inténtalo de nuevo en un minuto.
media-resolver-down = 🛠 Ahora mismo no puedo conectar con TikTok. Inténtalo más tarde.
media-media-unavailable = ❌ TikTok no me dio el contenido de esta publicación. Inténtalo más tarde.
media-too-large = 📦 Este vídeo es demasiado grande para Telegram ({ $size_mb } MB). <a href="{ $url }">Descárgalo directamente</a>.
media-no-sound = Esta publicación no tiene un sonido aparte.
media-music-sent = 🎵 ¡Enviado!
media-start-first = Abre un chat conmigo y pulsa Iniciar primero; luego podré enviarte el sonido.
ad-button = Abrir
inline-title-video = Vídeo de @{ $author }
inline-title-photo = Foto { $number } de @{ $author }
inline-needs-storage = El modo inline no está configurado
inline-needs-storage-text = El operador de este bot debe configurar un chat de almacenamiento (STORAGE_CHAT_ID) para el modo inline. Mientras tanto, envíame el enlace por privado.
inline-error-title = No pude obtener la publicación
inline-hint-title = Pega un enlace de TikTok
inline-hint-text = Escribe @{ $bot } seguido de un enlace de TikTok para compartir el vídeo aquí.

maintenance-message = 🛠 El bot está en mantenimiento. Inténtalo de nuevo un poco más tarde.
settings-title = <b>Ajustes</b> (cambia con /set &lt;clave&gt; &lt;valor&gt;; «-» vacía un texto)
settings-changed = ✅ { $key } ahora es: { $value }
settings-usage = Uso: /set &lt;clave&gt; &lt;valor&gt;. Envía /settings para ver las claves.
settings-error-unknown = ❌ No existe el ajuste «{ $key }». Ajustes disponibles: { $known }
settings-error-number = ❌ { $key } necesita un número entero.
settings-error-minimum = ❌ { $key } debe ser al menos { $limit }.
settings-error-maximum = ❌ { $key } debe ser como mucho { $limit }.
settings-error-switch = ❌ { $key } admite on u off.
settings-error-text = ❌ { $key } admite texto.
settings-error-length = ❌ { $key } puede tener como mucho { $limit } caracteres.
settings-error-link = ❌ { $key } debe ser un enlace http(s):// o tg://.
settings-error-invalid = ❌ Ese valor no sirve para este ajuste.
msg-usage = Uso: /msg &lt;id del chat&gt; &lt;texto&gt;
msg-delivered = ✅ Entregado a { $chat }.
msg-blocked = 🚫 { $chat } ha bloqueado el bot; queda marcado como bloqueado.
msg-failed = ❌ No se entregó a { $chat }: { $error }
