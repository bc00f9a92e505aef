"""The end of a session: the score, what was missed (with its citation), when reviews are next due."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from trainer.study.session import Summary
from trainer.tui.host import host
from trainer.tui.safe_text import join, plain
from trainer.wording import until

SHOWN_DUE = 5


class SummaryScreen(Screen):
    AUTO_FOCUS = "#summary"  # the scrolling body, so the keys scroll a long text
    BINDINGS = [Binding("enter", "app.home", "Home")]

    def __init__(self, summary: Summary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        s = self.summary
        now = host(self).now()
        share = s.score / s.answered if s.answered else 0
        with VerticalScroll(id="summary"):
            yield Static(
                Content(f"Session done: {s.correct} of {s.answered} right, score {share:.0%}").stylize(
                    "bold"
                ),
                id="score",
            )
            if s.missed:
                yield Static(Content("Missed").stylize("bold $error"), classes="section")
                for m in s.missed:
                    q = m.question
                    right = (
                        q.options[q.answer]
                        if isinstance(q.answer, int)
                        else " → ".join(q.options[i] for i in q.answer)
                    )
                    yield Static(
                        join(
                            plain(q.prompt),
                            "\n  ",
                            plain(right, "bold $success"),
                            "  ",
                            plain(" ".join(q.citations), "dim"),
                            " ",
                            plain(q.source, "dim italic"),
                        ),
                        classes="missed",
                    )
            else:
                yield Static(Content("Nothing missed.").stylize("$success"), classes="section")
            if s.next_due:
                yield Static(Content("Next reviews").stylize("bold"), classes="section")
                lines = [
                    join(Content(f"{until(n.due, now):>16}  ").stylize("$accent"), plain(n.question.prompt))
                    for n in s.next_due[:SHOWN_DUE]
                ]
                if len(s.next_due) > SHOWN_DUE:
                    lines.append(Content(f"… and {len(s.next_due) - SHOWN_DUE} more").stylize("dim"))
                yield Static(Content("\n").join(lines), id="next-due")
        yield Footer()
