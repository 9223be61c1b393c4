language-name = Español

cmd-start = Iniciar el bot
cmd-help = Qué hace el bot
cmd-lang = Cambiar el idioma
cmd-mode = Enviar archivos sí/no
cmd-stats = Tus estadísticas

start-welcome =
    ¡Hola, { $name }! 👋
    Envíame un enlace de TikTok o Instagram y te devolveré el vídeo sin marca de agua, las fotos de un carrusel y, si lo pides, el sonido de una publicación de TikTok.
    También puedes usarme en modo inline: escribe <code>@{ $bot } enlace</code> en cualquier chat.
start-welcome-group =
    ¡Hola a todos! 👋
    Enviad un enlace de TikTok o Instagram a este chat y responderé con el vídeo o las fotos.

help-text =
    <b>Qué hago</b>
    Envíame un enlace de TikTok (vídeo o carrusel de fotos) o de Instagram (reel, publicación o carrusel) y te enviaré el contenido sin marca de agua. Debajo de cada publicación de TikTok hay un botón para obtener su sonido.

    <b>Comandos</b>
    /start — iniciar el bot
    /lang — cambiar el idioma
    /mode — enviar el contenido como archivos (sin compresión de Telegram) sí/no
    /settings — preferencias: calidad, carruseles, descripciones, botón de música
    /stats — tus estadísticas
    /help — este mensaje

lang-choose = Elige un idioma:
lang-changed = Idioma cambiado a { language-name }.
lang-admins-only = Solo los administradores del grupo pueden cambiar esto.
lang-unknown = Ese idioma no está disponible.

mode-on = El modo archivo está <b>activado</b>: el contenido llegará como archivos, sin la compresión de Telegram.
mode-off = El modo archivo está <b>desactivado</b>: el contenido llegará como vídeos y fotos normales.

# Preferences menu (/settings)
cmd-settings = Preferencias: calidad, carruseles, descripciones
prefs-title = <b>Preferencias de este chat</b>
prefs-line = • <b>{ $name }</b>: { $value } — { $about }
prefs-hint = Pulsa un botón para pasar a la siguiente opción (en los grupos, solo los administradores). O envía /settings &lt;clave&gt; &lt;valor&gt;.
prefs-quality = Calidad
prefs-quality-about = el mejor vídeo, uno estándar o el más ligero (ahorra datos)
prefs-quality-best = Máxima
prefs-quality-standard = Estándar
prefs-quality-saver = Ahorro de datos
prefs-slideshow = Carruseles
prefs-slideshow-about = los carruseles de fotos como fotos, como un vídeo con su sonido, o ambos
prefs-slideshow-photos = Fotos
prefs-slideshow-video = Vídeo
prefs-slideshow-both = Fotos y vídeo
prefs-captions = Descripciones
prefs-captions-about = la descripción de la publicación junto al contenido: completa, abreviada o ninguna
prefs-captions-full = Completas
prefs-captions-short = Breves
prefs-captions-off = Ninguna
prefs-music_button = Botón de música
prefs-music_button-about = un botón bajo las publicaciones de TikTok que envía su sonido
prefs-music_button-on = Sí
prefs-music_button-off = No
prefs-file_mode = Modo archivo
prefs-file_mode-about = el contenido como archivos, sin la compresión de Telegram (igual que /mode)
prefs-file_mode-on = Activado
prefs-file_mode-off = Desactivado
prefs-changed = ✅ { $name } ahora es: { $value }
prefs-stale = Este menú estaba desactualizado; ahora muestra las preferencias actuales.
prefs-invalid = Este botón ya no funciona. Envía /settings para abrir un menú nuevo.
prefs-usage =
    Uso: /settings &lt;clave&gt; &lt;valor&gt;, por ejemplo <code>/settings quality saver</code>. Claves y valores:
    { $keys }
prefs-error-unknown = ❌ No existe la preferencia «{ $key }». Claves válidas: { $known }
prefs-error-choice = ❌ { $key } admite uno de estos valores: { $valid }

stats-user =
    <b>Tus estadísticas</b>
    Miembro desde: { DATETIME($since, dateStyle: "medium") }
    Vídeos: { $videos }
    Carruseles: { $slideshows }
    Sonidos: { $music }

hint-send-link = Envíame un enlace a un vídeo o carrusel de TikTok, o a un reel o publicación de Instagram, por ejemplo <code>https://vm.tiktok.com/ZM6abcdef/</code>.
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
media-invalid-link = ❌ No pude abrir este enlace: no es un enlace de { $platform } válido o la publicación se eliminó.
media-unavailable = 🔒 Esta publicación es privada, se eliminó o no está disponible.
media-slideshow-unsupported = 🖼 Ahora mismo no puedo descargar carruseles de fotos, solo vídeos.
media-timeout = ⌛ { $platform } está respondiendo muy despacio. Inténtalo de nuevo en un minuto.
media-resolver-down = 🛠 Ahora mismo no puedo conectar con { $platform }. Inténtalo más tarde.
media-media-unavailable = ❌ { $platform } no me dio el contenido de esta publicación. Inténtalo más tarde.
media-host-refused = 🚫 El contenido de esta publicación está en un servidor del que no puedo descargar.
media-unsupported = ⚙️ Con la configuración actual de mi servicio de descargas no puedo obtener esta publicación. Inténtalo más tarde.
media-caption-platform = 🔗 <a href="{ $link }">{ $platform }</a>
media-private = 🔒 Esta publicación de { $platform } es privada: solo la ven los seguidores de su autor.
media-login-required = 🔑 { $platform } solo muestra esta publicación a usuarios con sesión iniciada (puede tener restricción de edad), así que no puedo descargarla.
media-items-capped = 🖼 Las primeras { $sent } de { $total } fotos y vídeos.
media-unsupported-profile = 👤 Eso es un perfil de { $platform }. Descargo publicaciones sueltas: envíame un enlace a un vídeo, reel, publicación de fotos o carrusel.
media-unsupported-story = ⏳ No puedo descargar historias de { $platform }. Envíame un enlace a un reel o a una publicación.
media-unsupported-highlight = ⏳ No puedo descargar historias destacadas de { $platform }. Envíame un enlace a un reel o a una publicación.
media-unsupported-link = No puedo descargar este tipo de enlace de { $platform }. Envíame un enlace a una sola publicación.
media-images-capped = 🖼 Las primeras { $sent } de { $total } fotos.
media-too-large = 📦 Este vídeo es demasiado grande para Telegram ({ $size_mb } MB). <a href="{ $url }">Descárgalo directamente</a>.
media-no-sound = Esta publicación no tiene un sonido aparte.
media-music-sent = 🎵 ¡Enviado!
media-start-first = Abre un chat conmigo y pulsa Iniciar primero; luego podré enviarte el sonido.
media-rendering = 🎞 Haciendo un vídeo de la presentación…
media-render-failed = 🖼 No pude hacer un vídeo de esta presentación, así que aquí tienes sus fotos.
media-render-failed-after-photos = 🎞 Esta vez no pude hacer un vídeo de esta presentación; sus fotos están arriba.
media-quality-lowered = ⬇️ Enviado en una calidad menor: la que elegiste supera el límite de subida de Telegram.
ad-button = Abrir
inline-title-video = Vídeo de { $author }
inline-title-photo = Foto { $number } de { $author }
inline-title-video-number = Vídeo { $number } de { $author }
inline-title-slideshow-video = Vídeo de la presentación de { $author }
inline-needs-storage = El modo inline no está configurado
inline-needs-storage-text = El operador de este bot debe configurar un chat de almacenamiento (STORAGE_CHAT_ID) para el modo inline. Mientras tanto, envíame el enlace por privado.
inline-error-title = No pude obtener la publicación
inline-slow-down-title = 🐢 Más despacio
inline-busy-title = ⏳ Todavía con tus enlaces anteriores
inline-hint-title = Pega un enlace de TikTok o Instagram
inline-hint-text = Escribe @{ $bot } seguido de un enlace de TikTok o Instagram para compartir el vídeo aquí.

maintenance-message = 🛠 El bot está en mantenimiento. Inténtalo de nuevo un poco más tarde.
settings-title = <b>Ajustes</b> (cambia con /set &lt;clave&gt; &lt;valor&gt;; «-» vacía un texto)
settings-changed = ✅ { $key } ahora es: { $value }
settings-usage = Uso: /set &lt;clave&gt; &lt;valor&gt;. Envía /config para ver las claves.
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

# Estadísticas, gráficos y exportaciones para operadores (solo administradores)
admin-period-24h = 24 h
admin-period-7d = 7 días
admin-period-30d = 30 días
admin-period-all = Todo
admin-audience-all = Todos los chats
admin-audience-users = Usuarios
admin-audience-groups = Grupos
admin-stats-title = <b>📊 Estadísticas del bot</b> · { $audience } · { DATETIME($at, dateStyle: "short", timeStyle: "short") } UTC
admin-stats-chats = 👤 Usuarios: { $users } · 👥 Grupos: { $groups }
admin-stats-blocked = ⛔ Bloquearon el bot: { $blocked }
admin-stats-subscriptions = 🔔 Suscripciones activas: { $subscriptions } · creadores seguidos: { $creators }
admin-stats-windows = <b>24 h · 7 días · 30 días</b>
admin-stats-new = Chats nuevos: { $day } · { $week } · { $month }
admin-stats-downloads = Descargas: { $day } · { $week } · { $month }
admin-stats-slideshows = Carruseles: { $day } · { $week } · { $month }
admin-stats-music = Sonidos: { $day } · { $week } · { $month }
admin-stats-period = <b>{ $period }</b>
admin-stats-period-new = Chats nuevos: { $count }
admin-stats-period-downloads = Descargas: { $downloads } (vídeos: { $videos }, carruseles: { $slideshows })
admin-stats-period-platform = De { $platform }: { $count }
admin-platform-tiktok = TikTok
admin-platform-instagram = Instagram
admin-stats-period-inline = En línea: { $inline } ({ NUMBER($share, style: "percent", maximumFractionDigits: 1) } de las descargas)
admin-stats-period-subscriptions = Por suscripciones: { $count }
admin-stats-period-music = Sonidos: { $count }
admin-graph-button = 📈 Gráfico
admin-graph-drawing = Dibujando el gráfico…
admin-graph-title = Descargas y chats nuevos · { $period } · { $audience }
admin-graph-downloads = Descargas
admin-graph-new-chats = Chats nuevos
admin-graph-axis-hours = Hora (UTC)
admin-graph-axis-days = Día (UTC)
admin-graph-empty = No hay datos para este período
admin-graph-caption = 📈 { $period } · { $audience } — descargas: { $downloads }, chats nuevos: { $new }
admin-referrals-title = <b>🔗 Enlaces de referido</b> (los { $count } primeros)
admin-referrals-row = { $rank }. <code>{ $link }</code> — registros: { $users }, descargaron: { $downloaded } ({ NUMBER($share, style: "percent") })
admin-referrals-empty = Todavía nadie se ha registrado con un enlace de referido.
admin-top-languages = <b>🌐 Idiomas</b>
admin-top-language-row = { $lang }: { $chats }
admin-top-none = —
admin-top-file-mode = 📁 Con el modo archivo activado: { $count }
admin-top-users = <b>🏆 Los { $count } con más descargas</b>
admin-top-user-row = { $rank }. <code>{ $id }</code> — { $downloads }
admin-user-usage = Uso: <code>/user &lt;id del chat&gt;</code>, por ejemplo <code>/user 123456789</code> (los id de los grupos son negativos).
admin-user-unknown = ❓ Ningún chat con id <code>{ $id }</code> ha usado el bot.
admin-user-title = <b>👤 Chat <code>{ $id }</code></b> · { $kind ->
        [group] grupo
       *[private] chat privado
    }
admin-user-registered = Registro: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-last-seen = Última actividad: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-settings = Idioma: { $lang } · Modo archivo: { $mode ->
        [on] activado
       *[off] desactivado
    }
admin-user-referral = Enlace de referido: <code>{ $link }</code>
admin-user-no-referral = Enlace de referido: ninguno
admin-user-blocked = ⛔ Bloqueó el bot: { DATETIME($at, dateStyle: "medium", timeStyle: "short") } UTC
admin-user-not-blocked = Bloqueó el bot: no
admin-user-counts = Descargas: { $downloads } (carruseles: { $slideshows }) · Sonidos: { $music }
admin-user-subscriptions = Suscripciones ({ $count }): { $creators }
admin-user-no-subscriptions = Suscripciones: ninguna
admin-user-more = y { $count } más
admin-user-downloads-title = <b>Últimas descargas</b> (hasta { $count })
admin-user-no-downloads = Todavía no hay descargas.
admin-user-download-row = { DATETIME($at, dateStyle: "short", timeStyle: "short") } · { $kind ->
        [slideshow] carrusel
       *[video] vídeo
    } · { $via ->
        [inline] en línea
        [subscription] suscripción
       *[chat] chat
    } · <a href="{ $url }">{ $video }</a>
admin-export-usage =
    Uso:
    <code>/export users</code> — todos los chats
    <code>/export downloads</code> — todas las descargas
    <code>/export downloads 30</code> — las descargas de los últimos 30 días (de 1 a { $max_days })
admin-export-busy = ⏳ Tu exportación anterior sigue en curso. Espera a que termine.
admin-export-started = ⏳ Exportando { $kind ->
        [users] chats
       *[downloads] descargas
    }, filas: unas { $total }…
admin-export-progress = ⏳ Exportando { $kind ->
        [users] chats
       *[downloads] descargas
    }, filas: { $rows } de unas { $total }…
admin-export-done = ✅ Exportación terminada, filas: { $rows }.
admin-export-caption = { $kind ->
        [users] Chats
       *[downloads] Descargas
    } — filas: { $rows }, horas en UTC.
admin-export-too-large = 📦 El archivo es demasiado grande incluso comprimido ({ $size_mb } MB). Exporta menos días, por ejemplo <code>/export downloads 30</code>.
admin-export-failed = ❌ La exportación ha fallado; los detalles están en el registro.

## Difusiones (solo administradores)
broadcast-usage =
    📣 <b>Difusión</b>: responde al mensaje que quieres enviar (de cualquier tipo: texto, foto, vídeo…) con
    <code>/broadcast</code> — a todos los chats que no me han bloqueado
    <code>/broadcast users</code> — solo chats privados
    <code>/broadcast groups</code> — solo grupos
    <code>/broadcast lang=es</code> — solo chats con ese idioma (se combina con lo anterior)
    /broadcast_cancel detiene la difusión en curso, /broadcasts muestra las últimas.
broadcast-audience-all = todos los chats
broadcast-audience-users = chats privados
broadcast-audience-groups = grupos
broadcast-audience-lang = { $audience }, idioma { $lang }
broadcast-nobody = No hay a quién enviarlo: ningún chat coincide ({ $audience }).
broadcast-confirm = 📣 ¿Enviar este mensaje a <b>{ $count }</b> { $count ->
        [one] chat
       *[other] chats
    } ({ $audience })?
broadcast-button-send = ✅ Enviar a { $count }
broadcast-button-cancel = ✖️ Cancelar
broadcast-dismissed = Difusión cancelada: no se envió nada.
broadcast-already = Esta difusión ya se ha iniciado.
broadcast-was-cancelled = Esta difusión fue cancelada.
broadcast-queued = 📣 <b>Difusión #{ $id }</b> en cola para { $total } { $total ->
        [one] chat
       *[other] chats
    }…
broadcast-progress =
    📣 <b>Difusión #{ $id }</b> en curso
    { $bar } { $percent }%
    Procesados: { $processed } de { $total }
    ✅ Enviados: { $sent } · 🚫 Bloqueados: { $blocked } · ⚠️ Fallidos: { $failed }
    Velocidad: { NUMBER($rate, maximumFractionDigits: 1) } mens./s · Tiempo restante: { $eta }
broadcast-eta-unknown = calculando…
broadcast-done =
    ✅ <b>Difusión #{ $id } terminada</b> en { $duration }
    Enviados: { $sent } · Bloqueados: { $blocked } · Fallidos: { $failed } (de { $total })
broadcast-cancelled =
    ⏹ <b>Difusión #{ $id } cancelada</b>
    Enviados: { $sent } · Bloqueados: { $blocked } · Fallidos: { $failed } · Sin enviar: { $unsent } (de { $total })
broadcast-cancel-none = No hay ninguna difusión en curso.
broadcast-list-empty = Todavía no hay difusiones.
broadcast-list-title = <b>📣 Últimas difusiones</b>
broadcast-list-item = #{ $id } · { DATETIME($created, dateStyle: "short", timeStyle: "short") } UTC · { $status } · { $audience }: enviados { $sent } de { $total }, bloqueados { $blocked }, fallidos { $failed }
broadcast-status-queued = en cola
broadcast-status-running = en curso
broadcast-status-done = terminada
broadcast-status-cancelled = cancelada

## Subscriptions
cmd-subscribe = Seguir a un creador de TikTok
cmd-unsubscribe = Dejar de seguir a un creador
cmd-subscriptions = Creadores que sigues
sub-usage =
    Envía <code>/subscribe @nombre</code> (o el enlace al perfil del creador, como <code>tiktok.com/@name</code>) y publicaré aquí sus vídeos nuevos en cuanto aparezcan.
unsub-usage = Envía <code>/unsubscribe @nombre</code> para dejar de seguir a un creador. /subscriptions muestra los que sigues.
sub-added = 🔔 Ahora sigues a <b>@{ $creator }</b>: sus publicaciones nuevas llegarán aquí.
sub-already = Ya sigues a <b>@{ $creator }</b>.
sub-unknown-creator = No encontré a ningún creador de TikTok llamado <b>@{ $creator }</b>. Revisa el nombre y vuelve a intentarlo.
sub-check-failed = No pude conectar con TikTok para comprobar ese creador. Inténtalo de nuevo en un minuto.
sub-limit = Ya sigues a { $limit } { $limit ->
        [one] creador
       *[other] creadores
    }, el máximo permitido. Deja de seguir a alguno primero (/subscriptions).
sub-disabled = Las suscripciones están desactivadas ahora mismo.
sub-removed = 🔕 Ya no sigues a <b>@{ $creator }</b>.
sub-not-following = No sigues a <b>@{ $creator }</b>.
sub-removed-short = Dejaste de seguir a @{ $creator }
sub-not-following-short = Ya no sigues a @{ $creator }
sub-list-title = <b>🔔 Creadores que sigues</b> ({ $count } de { $limit }):
sub-list-item = • @{ $creator }
sub-list-empty = Todavía no sigues a ningún creador. Envía <code>/subscribe @nombre</code> para empezar.
sub-button-unsubscribe = ✖️ Dejar de seguir a @{ $creator }
sub-admins-only = Solo los administradores del grupo pueden cambiar sus suscripciones.
sub-creator-gone = ⚠️ Ya no se encuentra al creador de TikTok <b>@{ $creator }</b>, así que he dejado de seguirlo en este chat. Si vuelve, envía <code>/subscribe { $creator }</code>.
