"""aiogram's response models are built once and kept, not rebuilt per API call."""

from aiogram.methods import SendMessage, SendVideo
from aiogram.methods.base import Response

from bot.response_types import keep_response_types


def test_every_method_response_model_is_held():
    assert keep_response_types() >= 150
    held = keep_response_types.__globals__["_kept"]
    assert any(model is Response[SendMessage.__returning__] for model in held)
    assert any(model is Response[SendVideo.__returning__] for model in held)
    assert keep_response_types() == len(held)  # idempotent
