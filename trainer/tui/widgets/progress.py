"""Where the learner is in the session: a label and a progress bar."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from trainer.tui.safe_text import plain


class SessionProgress(Horizontal):
    def __init__(self, title: str, answered: int, planned: int) -> None:
        super().__init__()
        self.label = title
        self.answered = answered
        self.planned = planned

    def compose(self) -> ComposeResult:
        yield Label(plain(self.label), id="bank")
        yield ProgressBar(total=max(self.planned, 1), show_eta=False, show_percentage=False)
        yield Label(f"{self.answered} of {self.planned} answered", id="count")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).progress = self.answered
