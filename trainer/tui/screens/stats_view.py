"""Screens drawn from `Stats`, computed in a thread: over a long history (100,000 reviews) that takes
seconds, and the screen shows a loading indicator meanwhile instead of freezing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator

if TYPE_CHECKING:
    from trainer.study.stats import Stats


class StatsView(Screen):
    def __init__(self) -> None:
        super().__init__()
        self.stats: Stats | None = None

    def compose(self) -> ComposeResult:
        if self.stats is None:
            yield LoadingIndicator()
            yield Footer()
        else:
            yield from self.compose_stats(self.stats)

    def compose_stats(self, stats: Stats) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        self._compute()

    @work(thread=True, exclusive=True)
    def _compute(self) -> None:
        stats = self.app.stats()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show, stats)

    async def _show(self, stats: Stats) -> None:
        self.stats = stats
        await self.recompose()
        if self.AUTO_FOCUS:
            self.query(self.AUTO_FOCUS).first().focus()
