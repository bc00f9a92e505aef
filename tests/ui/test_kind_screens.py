"""Every question kind is shown by the app: asked on the question screen and explained on the feedback
screen, through the typed interface screens reach the app by (`trainer.tui.host.StudyHost`). A kind added
to `Kind` without its part in either screen fails here (both dispatches end in `assert_never`)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from textual.app import App
from uikit import SIZE, screen_text

from trainer.bank.loaded import LoadedBank
from trainer.bank.loading import load_banks
from trainer.questions.generate import generate
from trainer.questions.grading import grade
from trainer.questions.model import Kind, Question
from trainer.study.session import Feedback
from trainer.tui.host import StudyHost
from trainer.tui.screens.feedback import FeedbackScreen
from trainer.tui.screens.question import QuestionScreen

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)


class Host(App[None]):
    """The least an app must provide for the screens: what `StudyHost` says."""

    def __init__(self, question: Question) -> None:
        super().__init__()
        self.session = SimpleNamespace(current=question, position=(0, 1), now=lambda: NOW)
        self.banks: list[LoadedBank] = []
        self.answered: list[int | tuple[int, ...]] = []

    def now(self) -> datetime:
        return NOW

    def bank_title(self, bank_id: str) -> str:
        return f"Bank {bank_id}"

    def stats(self):
        raise AssertionError("not shown here")

    def start_session(self, banks: list[LoadedBank]) -> None:
        raise AssertionError("not shown here")

    def show_current(self) -> None:
        pass

    def answer(self, response: int | tuple[int, ...], duration_ms: int) -> None:
        self.answered.append(response)

    def undo(self) -> None:
        pass


@pytest.mark.parametrize("kind", list(Kind))
async def test_every_kind_is_asked_and_explained(kind):
    (loaded,) = load_banks(["khasham"])
    q = next((q for q in generate(loaded) if q.kind is kind), None)
    assert q is not None, f"the bundled bank asks no {kind} question"
    app = Host(q)
    assert isinstance(app, StudyHost)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(QuestionScreen(app.session, lambda: 0.0))  # type: ignore[arg-type]
        await pilot.pause()
        assert q.prompt[:30] in screen_text(app)
        await pilot.press("enter")  # the first option, or the order as shown
        await pilot.pause()
        assert len(app.answered) == 1
        await app.push_screen(FeedbackScreen(Feedback(q, grade(q, app.answered[0]), 1, NOW), (1, 1)))
        await pilot.pause()
        assert "1 of 1 answered" in screen_text(app)
