"""Screens drawn from `Stats`, computed in a thread: over a long history that takes seconds, and the screen
shows a loading indicator meanwhile instead of freezing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator

from trainer.tui.host import host

if TYPE_CHECKING:
    from trainer.study.stats import Stats


class StatsView(Screen):
    class Computed(Message):
        def __init__(self, stats: Stats) -> None:
            super().__init__()
            self.stats = stats

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
        stats = host(self).stats()
        self.post_message(self.Computed(stats))  # posting a message is thread-safe

    async def on_stats_view_computed(self, message: Computed) -> None:
        self.stats = message.stats
        await self.recompose()
        if self.AUTO_FOCUS:
            self.query(self.AUTO_FOCUS).first().focus()
