"""Right after an answer: right or wrong at a glance, then why, from the source."""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.questions.model import Grade, Kind, OptionNote, Question
from trainer.questions.typed import typed_verdict
from trainer.study.session import Feedback
from trainer.tui.host import host
from trainer.tui.safe_text import highlight, join, plain
from trainer.wording import until

RIGHT, WRONG = "✔", "✘"


def _note(note: OptionNote) -> Content:
    # The note's text already ends with its citation markers.
    return join("    ", plain(note.text, "italic $text-muted"))


def lead(question: Question) -> str:
    """The explanation without its list of option notes, which this screen shows beside each option
    (the generator puts that list after the explanation's first paragraph); empty when what is left is
    only the list's heading ("The right order:")."""
    if not any(question.notes):
        return question.explanation
    first = question.explanation.split("\n\n", 1)[0]
    return "" if first.endswith(":") else first


def choice_lines(question: Question, grade: Grade) -> list[Content]:
    """Every option, the right one and the learner's marked, each wrong one with why it is wrong."""
    lines = []
    for i, text in enumerate(question.options):
        if i == question.answer:
            mark, style = RIGHT, "bold $success"
        elif i == grade.response:
            mark, style = WRONG, "bold $error"
        else:
            mark, style = "·", "dim"
        line = join(Content(f"{mark} ").stylize(style), plain(text, style if i == question.answer else ""))
        if i == grade.response and not grade.correct:
            line = join(line, Content("  (your answer)").stylize("dim"))
        lines.append(line)
        note = question.notes[i] if i < len(question.notes) else None
        if i != question.answer and note is not None:
            lines.append(_note(note))
    return lines


def order_lines(question: Question, grade: Grade) -> list[Content]:
    """The learner's order, each item marked in place or misplaced (with where it belongs), told with its
    date or value and citation where the bank knows them (the note restates the item with those)."""
    lines = []
    for v in sorted(grade.items, key=lambda v: v.placed_at):
        style = "bold $success" if v.correct else "bold $error"
        head = Content(f"{RIGHT if v.correct else WRONG} {v.placed_at + 1}. ").stylize(style)
        note = v.note or (question.notes[v.option] if v.option < len(question.notes) else None)
        line = join(head, plain(note.text if note is not None else question.options[v.option]))
        if not v.correct:
            # The ordering rule may fault an item standing in its own place but out of order with the rest.
            where = f"belongs at {v.belongs_at + 1}" if v.belongs_at != v.placed_at else "out of order"
            line = join(line, Content(f"  → {where}").stylize("bold $warning"))
        lines.append(line)
    return lines


def verdict(feedback: Feedback, now: datetime, position: tuple[int, int]) -> Content:
    grade = feedback.grade
    if grade.correct:
        head = Content(f" {RIGHT} Right ").stylize("bold $text-success on $success-muted")
    elif grade.score > 0:
        head = Content(f" {WRONG} Partly right, {grade.score:.0%} ").stylize(
            "bold $text-warning on $warning-muted"
        )
    else:
        head = Content(f" {WRONG} Wrong ").stylize("bold $text-error on $error-muted")
    answered, planned = position
    return join(
        head,
        Content(f"   next review {until(feedback.due, now)} · {answered} of {planned} answered").stylize(
            "dim"
        ),
    )


def body(feedback: Feedback, now: datetime, position: tuple[int, int]) -> Content:
    """Everything down to the explanation, as one text: one widget draws faster than many, and this
    screen shows right after every answer."""
    q, grade = feedback.question, feedback.grade
    parts = [verdict(feedback, now, position), plain(q.prompt, "$text-muted")]
    match q.kind:
        case Kind.CHOICE if feedback.typed is not None:
            lines = [plain(typed_verdict(q, grade, feedback.typed)), *choice_lines(q, grade)]
        case Kind.CHOICE:
            lines = choice_lines(q, grade)
        case Kind.ORDER:
            lines = order_lines(q, grade)
        case _:
            assert_never(q.kind)
    parts.append(Content("\n").join(lines))
    if explanation := lead(q):
        parts.append(plain(explanation))
    return Content("\n\n").join(parts)


class FeedbackScreen(Screen):
    AUTO_FOCUS = "#feedback"  # the scrolling body, so the keys scroll a long text
    BINDINGS = [
        Binding("enter", "next", "Continue"),
        Binding("u,ctrl+z", "undo", "Undo", key_display="u"),
    ]

    def __init__(self, feedback: Feedback, position: tuple[int, int]) -> None:
        super().__init__()
        self.feedback = feedback
        self.position = position

    def compose(self) -> ComposeResult:
        q = self.feedback.question
        with VerticalScroll(id="feedback"):
            yield Static(body(self.feedback, host(self).now(), self.position), id="body")
            if q.quote:
                yield Static(highlight(q.quote, q.highlight), id="quote")
            yield Static(
                join(
                    plain(" ".join(q.citations), "bold"),
                    " — " if q.citations else "",
                    plain(q.source, "italic"),
                ),
                id="source",
            )
        yield Footer()

    def action_next(self) -> None:
        host(self).show_current()

    def action_undo(self) -> None:
        host(self).undo()
