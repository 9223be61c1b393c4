"""Every handler parameter names an entry of the handler data, annotated with its declared type:
a typo'd or re-typed parameter fails here, not on a production update."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator

from aiogram import Bot, Dispatcher, Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.dispatcher.middlewares.user_context import EventContext
from aiogram.filters import CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import Chat, Message, Update, User

from bot.handler_data import HandlerData
from bot.links import Link, UnsupportedLink
from handlers import routers

# aiogram's data types are imported for type checkers only; resolving its annotations needs them.
AIOGRAM_NAMES = {
    cls.__name__: cls
    for cls in (
        Bot,
        Dispatcher,
        Router,
        HandlerObject,
        EventContext,
        FSMContext,
        BaseStorage,
        Chat,
        Update,
        User,
    )
}
# What the routes' filters hand over: Command, CallbackData.filter(), F.message.as_("shown")
# and handlers.media.HasPostLinks.
FILTER_NAMES: dict[str, Callable[[object], bool]] = {
    "command": lambda hint: hint is CommandObject,
    "callback_data": lambda hint: isinstance(hint, type) and issubclass(hint, CallbackData),
    "shown": lambda hint: hint is Message,
    "links": lambda hint: hint == list[Link],
    "unsupported": lambda hint: hint == list[UnsupportedLink],
}


def declared() -> dict[str, object]:
    return typing.get_type_hints(HandlerData, localns=AIOGRAM_NAMES)


def handlers() -> Iterator[tuple[str, Callable[..., object]]]:
    for router in routers():
        for observer in router.observers.values():
            for handler in observer.handlers:
                yield f"{router.name}.{handler.callback.__name__}", handler.callback


def test_handler_data_declares_what_the_middlewares_and_the_dispatcher_put_there():
    assert {
        "t",
        "chat_info",
        "locales",
        "settings",
        "media",
        "gate",
        "inflight",
        "metrics",
        "trace",
        "background_jobs",
        "bot",
        "event_chat",
        "event_from_user",
    } <= set(declared())


def test_every_handler_parameter_is_declared_with_its_type():
    types = declared()
    found, wrong = 0, []
    for name, callback in handlers():
        hints = typing.get_type_hints(callback)
        parameters = list(inspect.signature(callback).parameters.values())[1:]  # after the event
        for parameter in parameters:
            hint = hints.get(parameter.name)
            if parameter.name in types:
                expected = types[parameter.name]
                optional = parameter.default is None and hint == expected | None
                ok = hint == expected or optional
            else:
                ok = FILTER_NAMES.get(parameter.name, lambda _hint: False)(hint)
            if not ok:
                wrong.append(f"{name}({parameter.name}: {hint})")
        found += 1
    assert found >= 30  # every router's handlers were looked at
    assert wrong == []
