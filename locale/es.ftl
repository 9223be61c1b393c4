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
