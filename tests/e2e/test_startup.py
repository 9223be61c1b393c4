"""Start-up against a Bot API that misbehaves: a revoked token, 5xx answers, a server that is
not there, answers that are not the Bot API's. Each ends in one clear line (no traceback, no
token) with every HTTP session closed; a command menu that cannot be published is retried in
the background and never stops the bot."""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web

from bot.app import run_bot
from bot.background import Backoff
from bot.commands import keep_publishing_commands
from bot.i18n import Locales
from bot.startup import StartupError
from data.backups import backups_of
from data.database import sqlite_file_path
from devservers.bot_processes import free_port
from tests.e2e.harness import TOKEN, BorrowedSession, settings_for

ROOT = Path(__file__).resolve().parents[2]
REVOKED = "999999:AAH-revoked-token-secret-part-0123456"
SECRETS = (TOKEN.split(":", 1)[1], REVOKED.split(":", 1)[1])


@pytest.fixture
async def unclosed_sessions() -> AsyncIterator[list[str]]:
    """What asyncio reports about aiohttp sessions garbage-collected while still open (read
    it after ``gc.collect()``)."""
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    found: list[str] = []

    def handler(loop, context):
        if "nclosed" in str(context.get("message", "")):
            found.append(context["message"])
        elif previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)
    yield found
    loop.set_exception_handler(previous)


@pytest.fixture
async def garbage_api() -> AsyncIterator[str]:
    """A server that answers every request with a web page instead of the Bot API's JSON."""

    async def page(_request: web.Request) -> web.Response:
        return web.Response(text="<html><body>502 Bad Gateway</body></html>", status=502)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def _start_fails(settings, unclosed: list[str]) -> str:
    with pytest.raises(StartupError) as caught:
        await asyncio.wait_for(run_bot(settings), 60)
    message = str(caught.value)
    del caught
    gc.unfreeze()  # run_bot froze what start-up built (its bot among it)
    gc.collect()
    await asyncio.sleep(0)  # let the loop deliver what the finalisers reported
    assert unclosed == []
    assert "\n" not in message and not any(secret in message for secret in SECRETS), message
    return message


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_bot_api_failures_at_start_up_are_one_line(
    emulator, garbage_api, db_url, tmp_path, unclosed_sessions
):
    emulator.fail_next("getMe", 500, "Internal Server Error")
    message = await _start_fails(settings_for(emulator, db_url, tmp_path), unclosed_sessions)
    assert "failed (server error: Internal Server Error)" in message

    nowhere = f"http://127.0.0.1:{free_port()}"
    message = await _start_fails(
        settings_for(emulator, db_url, tmp_path, TG_SERVER=nowhere), unclosed_sessions
    )
    assert message.startswith(f"cannot reach the Bot API at {nowhere}: "), message

    message = await _start_fails(
        settings_for(emulator, db_url, tmp_path, TG_SERVER=garbage_api), unclosed_sessions
    )
    assert "answered something that is not a Bot API response" in message

    emulator.fail_next("deleteWebhook", 500, "Internal Server Error")
    message = await _start_fails(settings_for(emulator, db_url, tmp_path), unclosed_sessions)
    assert "server error" in message


@pytest.fixture
def bot_session(emulator, e2e_session) -> BorrowedSession:
    """A Bot API session to the emulator over the suite's shared HTTP client."""
    return BorrowedSession(e2e_session, TelegramAPIServer.from_base(emulator.base_url))


async def test_the_command_menu_is_retried_until_it_is_published(emulator, bot_session):
    emulator.fail_next("setMyCommands", 500, "Internal Server Error", count=3)
    bot = Bot(TOKEN, session=bot_session)
    failures = await asyncio.wait_for(
        keep_publishing_commands(bot, Locales(), backoff=Backoff(0.01, 0.05, 3)), 30
    )
    assert failures == 3
    assert emulator.commands() and emulator.commands(language_code="uk")


@pytest.mark.slow
async def test_revoked_token_as_a_real_process_is_one_line_and_exit_1(emulator, tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "BOT_TOKEN": REVOKED,  # the emulator answers 401 to a token it does not know
        "TG_SERVER": emulator.base_url,
        "DB_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "PYTHONWARNINGS": "always::ResourceWarning",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "main.py"),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await asyncio.wait_for(process.communicate(), 60)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = (out + err).decode()
    assert process.returncode == 1, log
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "cannot start: the Bot API at" in errors[0], log
    assert "refused the token (401 Unauthorized)" in errors[0]
    assert errors[0] == log.rstrip().splitlines()[-1], log  # the last word
    assert "Traceback" not in log and "nclosed" not in log, log
    assert not any(secret in log for secret in SECRETS), log
    assert emulator.calls_to("getMe") and not emulator.calls_to("getUpdates")


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_the_running_bot_runs_the_scheduled_backups(start_bot, db_url):
    app = await start_bot(BACKUP_INTERVAL_HOURS="1", BACKUP_KEEP="2")
    jobs = app.dp.workflow_data["background_jobs"]
    assert "backups" in jobs.jobs  # started by the leader with the other jobs
    path = sqlite_file_path(db_url)
    job = jobs.jobs["backups"]
    # the file appears in the job's thread, before the job resumes and counts it: wait for both
    async with asyncio.timeout(20):
        while not (backups_of(path, scheduled=True) and job.made):
            await asyncio.sleep(0.02)
    assert job.made == 1 and len(backups_of(path, scheduled=True)) == 1
