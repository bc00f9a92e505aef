"""What a screen asks of the app, as a typed interface: screens reach the app only through `host(screen)`,
so mypy checks every call and a screen can be shown by any app that provides these (a test's, say)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.screen import Screen

if TYPE_CHECKING:
    from trainer.bank.loaded import LoadedBank
    from trainer.study.session import StudySession
    from trainer.study.stats import Stats


@runtime_checkable
class StudyHost(Protocol):
    @property
    def session(self) -> StudySession | None: ...

    @property
    def banks(self) -> Sequence[LoadedBank]: ...

    def now(self) -> datetime:
        """The session's clock, else the real one."""
        ...

    def bank_title(self, bank_id: str) -> str: ...

    def stats(self) -> Stats:
        """What the home and statistics screens show; slow over a long history, so called in a thread."""
        ...

    def start_session(self, banks: list[LoadedBank]) -> None: ...

    def show_current(self) -> None:
        """Show the session's current question, or what stands in its place."""
        ...

    def answer(self, response: int | tuple[int, ...], duration_ms: int) -> None:
        """Record the answer to the current question, then show its feedback."""
        ...

    def undo(self) -> None: ...


def host(screen: Screen) -> StudyHost:
    app = screen.app
    assert isinstance(app, StudyHost), f"{type(app).__name__} does not provide what screens need"
    return app


if TYPE_CHECKING:
    from trainer.tui.app import TrainerApp

    _APP_IS_A_HOST: type[StudyHost] = TrainerApp  # mypy checks that the app provides all of it
