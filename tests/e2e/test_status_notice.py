"""The slow-fetch status message shows the newest text even when it was updated in flight; the
chat action is shown before the work, renewed, switched, and never stops the work."""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import SendMessage

from bot.media.status import ChatAction, StatusNotice
from tests.e2e.harness import TOKEN

CHAT = 3131


async def test_an_update_while_the_message_is_on_its_way_is_applied_after(emulator):
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
    release, sending = asyncio.Event(), asyncio.Event()

    async def hold_send(make_request, bot, method):  # the status message is slow to go out
        if isinstance(method, SendMessage):
            sending.set()
            await release.wait()
        return await make_request(bot, method)

    bot.session.middleware(hold_send)
    emulator.send_message(CHAT, "hi")  # the emulator knows the chat
    try:
        async with StatusNotice(bot, CHAT, "⏳ Downloading…", after=0) as status:
            await asyncio.wait_for(sending.wait(), 5)
            await status.update("⏳ Uploading…")  # the message is not there yet
            release.set()
            await emulator.wait_for_call("editMessageText", lambda c: c.chat_id == CHAT)
        [sent] = emulator.calls_to("sendMessage", CHAT)
        [edit] = emulator.calls_to("editMessageText", CHAT)
        assert (sent.params["text"], edit.params["text"]) == ("⏳ Downloading…", "⏳ Uploading…")
        assert [c.params["message_id"] for c in emulator.calls_to("deleteMessage", CHAT)] == [
            sent.result["message_id"]
        ]
    finally:
        await bot.session.close()


async def test_chat_action_is_shown_first_renewed_switched_and_never_fatal(emulator):
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
    emulator.send_message(CHAT, "hi")
    try:
        async with ChatAction(bot, CHAT, "upload_video", every=0.05) as shown:
            assert [c.params["action"] for c in emulator.calls_to("sendChatAction", CHAT)] == [
                "upload_video"
            ]  # already on the chat when the block starts
            await emulator.wait_until(lambda: len(emulator.calls_to("sendChatAction", CHAT)) >= 3)
            await shown.switch("upload_photo")
            assert emulator.calls_to("sendChatAction", CHAT)[-1].params["action"] == "upload_photo"
        assert shown._task.done()  # no renewal outlives the block
        emulator.block_chat(CHAT)
        async with ChatAction(bot, CHAT, "upload_document"):  # 403 blocked: logged only
            pass
        assert emulator.calls_to("sendChatAction", CHAT)[-1].error["error_code"] == 403
    finally:
        await bot.session.close()
