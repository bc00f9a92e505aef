"""In the app, `t` types the answer to a multiple-choice question instead of picking it."""

from __future__ import annotations

from pathlib import Path

from uikit import SIZE, bank, make_app, screen_text, settle

from trainer.progress.store import ProgressStore
from trainer.questions.model import Kind
from trainer.tui.screens.feedback import FeedbackScreen


async def test_typing_the_answer(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        assert app.session is not None
        question = app.session.current
        assert question is not None and question.kind is Kind.CHOICE and isinstance(question.answer, int)
        key = question.options[question.answer]
        await pilot.press("t")
        await settle(pilot)
        await pilot.press(*key.lower())
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)
        assert f"(you typed {key.lower()})" in screen_text(app)
    with ProgressStore.open(progress) as store:
        assert store.reviews()[-1].response == f"typed: {key.lower()}"
        assert store.reviews()[-1].correct


async def test_escape_goes_back_to_the_options(progress: Path) -> None:
    app = make_app(progress, bank("apollo"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert "1. " in screen_text(app)
    with ProgressStore.open(progress) as store:
        assert store.reviews() == []
