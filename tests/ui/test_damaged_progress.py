"""The app over a damaged progress file: refused with what is there and how to recover, nothing written."""

from __future__ import annotations

import errno
from pathlib import Path

from uikit import answer, bank, make_app, screen_text

from trainer.progress.errors import backup_path
from trainer.progress.store import ProgressStore


async def test_a_missing_file_beside_its_backup_is_refused(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=(200, 40)) as pilot:
        await answer(pilot, "1")
        await pilot.press("q")
    backup = backup_path(progress)
    assert backup.exists()
    progress.unlink()
    before = {p.name: p.read_bytes() for p in progress.parent.iterdir() if p.is_file()}
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=(200, 40)) as pilot:
        text = screen_text(app)
        assert "The progress file could not be loaded" in text
        assert "the progress file is missing" in text and "trainer.progress.restore" in text
        assert "Traceback" not in text
        await pilot.press("1", "q")
    assert app.return_code == 1
    assert not progress.exists()
    assert {p.name: p.read_bytes() for p in progress.parent.iterdir() if p.is_file()} == before


async def test_a_full_disk_at_close_is_said_after_the_app_ends(progress: Path, monkeypatch) -> None:
    from trainer.progress import history

    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=(200, 40)) as pilot:
        await answer(pilot, "1")
        assert app.store is not None
        app.store._close_compact = 1

        def full(*args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(history, "atomic_write", full)
        await pilot.press("q")
    assert app.close_error is not None
    assert "every answer is saved in it" in str(app.close_error) and "No space left" in str(app.close_error)
    monkeypatch.undo()
    assert len(ProgressStore.open(progress).reviews()) == 1
