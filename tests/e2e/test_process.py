"""``python main.py`` as operators run it: a real process polling the emulator, stopped by
SIGTERM."""

import asyncio
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

import main
from data import db_service as db
from devservers.bot_processes import free_port
from tests.e2e.harness import TOKEN

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
async def test_bot_process_answers_and_stops_cleanly_without_leaking_the_token(
    store, db_url, emulator, tmp_path
):
    # The command menu is cosmetic: its first publication fails, the bot serves all the same.
    emulator.fail_next("setMyCommands", 500, "Internal Server Error")
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "BOT_TOKEN": TOKEN,
        "TG_SERVER": emulator.base_url,
        "DB_URL": db_url,
        "LOG_LEVEL": "DEBUG",
        "WEB_PORT": str(port),  # polling, plus /healthz and /metrics
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
        await emulator.wait_until(lambda: emulator.waiting_polls() > 0, timeout=60)
        emulator.send_message(4242, "/start", language_code="uk", first_name="Оля")
        reply = await emulator.wait_for_call("sendMessage", lambda c: c.chat_id == 4242, timeout=30)
        assert reply.params["text"].startswith("Привіт, Оля!")
        assert (await db.get_chat(4242)).lang == "uk"
        await emulator.wait_for_call("setMyCommands", lambda c: c.ok, timeout=30)  # retried
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                health = await answer.json()
                assert answer.status == 200, health
                assert set(health["checks"]) == {
                    "database",
                    "bot_api",
                    "polling",
                    "background",
                    "tiktok_backends",
                    "instagram_backends",
                }
                assert health["checks"]["tiktok_backends"] == {"ok": True, "detail": "tikwm up"}
                # no COBALT_URL: Instagram goes to yt-dlp
                assert health["checks"]["instagram_backends"] == {"ok": True, "detail": "ytdlp up"}
            async with http.get(f"http://127.0.0.1:{port}/metrics") as answer:
                assert (
                    'tokdrop_updates_total{kind="message",outcome="ok"} 1.0' in await answer.text()
                )
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = err.decode()
    assert process.returncode == 0, log[-3000:]
    secret = TOKEN.split(":", 1)[1]
    assert secret not in log and secret not in out.decode()
    assert "kind=message chat=4242 handler=start.start ms=" in log
    assert any(line.endswith("bot.app: stopped") for line in log.splitlines())
    assert "command menu not published (TelegramServerError" in log


def _main_with(monkeypatch, tmp_path, capsys, **env):
    monkeypatch.chdir(tmp_path)
    for key in ("BOT_TOKEN", "DB_URL", "TG_SERVER", "TOKDROP_CONFIG", "LOG_LEVEL", "ADMIN_IDS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    code = main.main([])
    return code, capsys.readouterr().err


def test_missing_token_is_one_clear_line(monkeypatch, tmp_path, capsys):
    code, err = _main_with(monkeypatch, tmp_path, capsys)
    assert (
        code == 2 and err.count("\n") == 1 and "BOT_TOKEN is not set" in err and "@BotFather" in err
    )


def test_malformed_token_is_rejected_before_any_network_call(monkeypatch, tmp_path, capsys):
    code, err = _main_with(
        monkeypatch,
        tmp_path,
        capsys,
        BOT_TOKEN="12345:short-and-secret",
        TG_SERVER="http://127.0.0.1:9",
    )
    assert code == 2 and "BOT_TOKEN" in err and "short-and-secret" not in err
