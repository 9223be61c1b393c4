"""The per-delivery temporary folder: made on first use, removed with its files on every exit."""

from __future__ import annotations

import asyncio

import pytest

from bot.media.scratch import PREFIX, ScratchFolder


def test_nothing_is_made_until_the_path_is_used(tmp_path):
    with ScratchFolder(tmp_path):
        assert list(tmp_path.iterdir()) == []


def test_the_folder_and_its_files_go_at_the_end(tmp_path):
    with ScratchFolder(tmp_path) as scratch:
        (scratch.path / "video.mp4").write_bytes(b"x" * 1000)
        assert scratch.path.parent == tmp_path and scratch.path.name.startswith(PREFIX)
        assert scratch.path == scratch.path  # one folder per delivery, not one per use
    assert list(tmp_path.iterdir()) == []


def test_the_folder_goes_on_an_error(tmp_path):
    with pytest.raises(RuntimeError), ScratchFolder(tmp_path) as scratch:
        (scratch.path / "part").write_bytes(b"x")
        raise RuntimeError("upload failed")
    assert list(tmp_path.iterdir()) == []


async def test_the_folder_goes_on_cancellation(tmp_path):
    started = asyncio.Event()

    async def delivery() -> None:
        with ScratchFolder(tmp_path) as scratch:
            (scratch.path / "part").write_bytes(b"x")
            started.set()
            await asyncio.Event().wait()

    task = asyncio.create_task(delivery())
    await asyncio.wait_for(started.wait(), 5)
    assert len(list(tmp_path.iterdir())) == 1
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert list(tmp_path.iterdir()) == []
