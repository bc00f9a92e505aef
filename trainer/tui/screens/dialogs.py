"""Small dialogs over the current screen: a note for a flag, a typed answer, a tag to study. Each is a `ModalScreen[T]`
that gives its answer to the callback `push_screen` was given (None when dismissed with escape)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from trainer.tui.safe_text import plain


class FlagDialog(ModalScreen[str | None]):
    """What is wrong with the question, in the learner's words (optional): Enter flags, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Flag this question as wrong. What is wrong with it? (optional; Enter flags it)")
            yield Input(placeholder="e.g. the date is wrong", id="note")
        yield Footer()

    @on(Input.Submitted, "#note")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TypeAnswerDialog(ModalScreen[str | None]):
    """The answer, typed instead of picked: Enter gives it, escape goes back to the options."""

    BINDINGS = [Binding("escape", "cancel", "Back to the options")]

    def __init__(self, prompt: str) -> None:
        super().__init__()
        self.prompt = prompt

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(plain(self.prompt))
            yield Input(placeholder="type the answer, then Enter", id="typed")
        yield Footer()

    @on(Input.Submitted, "#typed")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagDialog(ModalScreen[str | None]):
    """One of the banks' tags to study: Enter picks it, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__()
        self.tags = list(tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static("Study the questions on one tag:")
            yield OptionList(*(Option(plain(tag), id=str(i)) for i, tag in enumerate(self.tags)), id="tags")
        yield Footer()

    @on(OptionList.OptionSelected, "#tags")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.tags[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
