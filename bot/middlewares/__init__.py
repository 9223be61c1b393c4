"""aiogram middlewares: per-update chat context and per-update logging."""
