"""A bank or progress file that failed to load: its validator's message, one problem a line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.tui.safe_text import plain


class ErrorScreen(Screen):
    def __init__(self, title: str, problems: list[str], hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.problems = problems
        self.hint = hint

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="error"):
            yield Static(Content(self.title_text).stylize("bold $text-error"), id="error-title")
            # File names and messages quote the bank's own text: plain, never markup.
            yield Static(Content("\n").join(plain(p) for p in self.problems), id="problems")
            yield Static(f"{self.hint} q quits.", id="error-hint")
        yield Footer()
