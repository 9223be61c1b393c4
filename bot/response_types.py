"""Keeps aiogram's per-method ``Response[...]`` types alive for the life of the process.

aiogram validates every API answer with ``Response[<method's result type>]``. Pydantic caches such
parametrized models only weakly, so once garbage-collected each answer may rebuild its model,
which costs milliseconds of CPU per call. Building them once and holding them avoids that.
"""

import inspect

from aiogram import methods
from aiogram.methods.base import Response, TelegramMethod

_kept: list[type] = []


def keep_response_types() -> int:
    """Build and hold the response model of every Bot API method (once); returns how many."""
    if not _kept:
        for name in methods.__all__:
            method = getattr(methods, name)
            if (
                inspect.isclass(method)
                and issubclass(method, TelegramMethod)
                and method is not TelegramMethod
            ):
                _kept.append(Response[method.__returning__])
    return len(_kept)
