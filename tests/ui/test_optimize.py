"""The app offers to fit FSRS to the learner's answers once there are enough, and keeps a better fit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from uikit import SIZE, bank, make_app, screen_text, settle

from trainer.progress.store import ProgressStore

sys.path.insert(0, str(Path(__file__).parents[1] / "unit"))
import review_log

pytestmark = pytest.mark.skipif(
    not review_log.LOG.exists(), reason=f"no shared review log at {review_log.LOG}"
)


async def test_home_offers_a_fit_and_keeps_it(tmp_path: Path) -> None:
    progress = tmp_path / "progress.toml"
    review_log.write_progress(progress, review_log.reviews())
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await settle(pilot)
        assert "12,580 answers so far" in screen_text(app) and "Press o" in screen_text(app)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert app.store is not None and app.store.fsrs is not None
        assert app.refit_hint() is None  # nothing new since the fit
    assert ProgressStore.open(progress).fsrs is not None


async def test_no_offer_with_a_short_history(tmp_path: Path) -> None:
    app = make_app(tmp_path / "progress.toml", bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")
        await settle(pilot)
        assert "Press o" not in screen_text(app)
        await pilot.press("o")  # not offered: does nothing
        await app.workers.wait_for_complete()
        assert app.store is not None and app.store.fsrs is None
