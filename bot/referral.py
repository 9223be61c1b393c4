"""Deep-link (``/start <payload>``) referral codes."""

import re

_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def referral_from_start(text: str | None) -> str | None:
    """The payload of a ``/start <payload>`` message if Telegram would allow it, else None."""
    if not text:
        return None
    parts = text.split(maxsplit=1)
    if len(parts) != 2 or parts[0].split("@", 1)[0] != "/start":
        return None
    payload = parts[1].strip()
    return payload if _PAYLOAD.fullmatch(payload) else None
