"""The question: its prompt, and options to pick (choice) or a list to put in order (ordering)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, assert_never

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from trainer.questions.model import Kind
from trainer.questions.typed import can_type
from trainer.study.session import StudySession
from trainer.tui.host import host
from trainer.tui.safe_text import join, plain
from trainer.tui.widgets.progress import SessionProgress

if TYPE_CHECKING:
    from trainer.tui.widgets.reorder_list import ReorderList

ANSWER_KEYS = Binding.Group("Answer", compact=True)


class QuestionScreen(Screen):
    BINDINGS = [
        *(Binding(str(n), f"pick({n - 1})", f"Answer {n}", group=ANSWER_KEYS) for n in range(1, 10)),
        Binding("u,ctrl+z", "undo", "Undo last", key_display="u"),
        Binding("t", "type_answer", "Type answer"),
        Binding("f", "flag", "Flag"),
    ]

    def __init__(self, session: StudySession, timer: Callable[[], float]) -> None:
        super().__init__()
        self.session = session
        question = session.current
        assert question is not None
        self.question = question
        self._timer = timer
        self._shown_at = timer()
        self._answered = False  # a key pressed twice must not answer the next question too

    def compose(self) -> ComposeResult:
        q = self.question
        title = host(self).bank_title(q.key.bank)
        with Vertical(id="question"):
            yield SessionProgress(title, *self.session.position)
            yield Static(plain(q.prompt), id="prompt")
            match q.kind:
                case Kind.CHOICE:
                    yield OptionList(
                        *(Option(join(f"{n}. ", plain(text))) for n, text in enumerate(q.options, 1)),
                        id="options",
                    )
                case Kind.ORDER:
                    # Imported here: most questions are choices, and the first one should show soon.
                    from trainer.tui.widgets.reorder_list import ReorderList

                    yield Static(
                        "First at the top: move the selected item with ⇧↑ ⇧↓ or K J, or drag it; Enter submits.",
                        id="hint",
                    )
                    yield ReorderList(q.options, id="order")
                case _:
                    assert_never(q.kind)
        yield Footer()

    def on_screen_resume(self) -> None:
        self._shown_at = self._timer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            (index,) = parameters
            return (
                self.question.kind is Kind.CHOICE
                and isinstance(index, int)
                and index < len(self.question.options)
            )
        if action == "type_answer":
            return can_type(self.question)
        return True

    def action_pick(self, index: int) -> None:
        self._answer(index)

    @on(OptionList.OptionSelected, "#options")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        self._answer(event.option_index)

    def on_reorder_list_submitted(self, event: ReorderList.Submitted) -> None:
        self._answer(event.response)

    def _answer(self, response: int | tuple[int, ...]) -> None:
        if self._answered:
            return
        self._answered = True
        duration_ms = round((self._timer() - self._shown_at) * 1000)
        host(self).answer(response, duration_ms)

    def action_type_answer(self) -> None:
        """Type the answer instead of picking it: recalling it teaches more than recognising it."""
        if self._answered:
            return
        from trainer.tui.screens.dialogs import TypeAnswerDialog

        def typed(text: str | None) -> None:
            if text is not None and not self._answered:
                self._answered = True
                duration_ms = round((self._timer() - self._shown_at) * 1000)
                host(self).answer_typed(text, duration_ms)

        self.app.push_screen(TypeAnswerDialog(self.question.prompt), typed)

    def action_undo(self) -> None:
        host(self).undo()

    def action_flag(self) -> None:
        """Ask for an optional note, then flag the question: it leaves the session (`u` takes it back)."""
        if self._answered:
            return
        from trainer.tui.screens.dialogs import FlagDialog

        def flag(note: str | None) -> None:
            if note is not None and not self._answered:
                self._answered = True
                host(self).flag(self.question, note)

        self.app.push_screen(FlagDialog(), flag)
