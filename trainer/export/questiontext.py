"""What every question export (Anki, Moodle XML, GIFT) says about a question, worded once.

Bank text is data: each piece goes through `trainer.sanitize.visible` here, and where the format is HTML
(Anki fields, Moodle's and GIFT's `[html]` text) it is escaped too, so `<script>` in a bank shows as text."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from trainer.bank.loaded import LoadedBank
from trainer.questions.model import Question
from trainer.sanitize import visible

NAME_LENGTH = 255
"""Moodle's limit on a question's name; Anki and GIFT take the same clipped name."""


def text(value: str) -> str:
    """Bank text as plain text: nothing a terminal or a reader would obey, line breaks kept."""
    return visible(value, multiline=True)


def as_html(value: str) -> str:
    """Bank text as HTML that shows it literally, line breaks as `<br>`."""
    return html.escape(text(value), quote=False).replace("\n", "<br>")  # never put in an attribute


def name(q: Question) -> str:
    """A question's name in an LMS or deck: its prompt on one line, never an internal id."""
    one_line = " ".join(visible(q.prompt).split())
    return one_line if len(one_line) <= NAME_LENGTH else one_line[: NAME_LENGTH - 1] + "…"


def right_order(q: Question) -> list[str]:
    """The options in their right order (an ordering), or the right option alone (a choice)."""
    answer = q.answer if isinstance(q.answer, tuple) else (q.answer,)
    return [q.options[i] for i in answer]


def note(q: Question, option: int) -> str:
    """Why option `option` is wrong (a choice) or its date or value (an ordering), with its markers; "" if
    the bank does not say."""
    found = q.notes[option] if option < len(q.notes) else None
    return found.text if found is not None else ""


def lead(q: Question) -> str:
    """The first paragraph of the explanation: the fact the right answer rests on."""
    return q.explanation.split("\n\n", 1)[0]


def quote_html(q: Question) -> str:
    """The verbatim quote followed by its citation markers, as HTML ("" without a quote)."""
    if not q.quote:
        return ""
    markers = " ".join(q.citations)
    return as_html(q.quote) + (f" {as_html(markers)}" if markers else "")


def sourced_html(q: Question) -> str:
    """The explanation, the verbatim quote with its citation markers, and the source, as HTML."""
    parts = [f"<p>{as_html(q.explanation)}</p>"]
    if q.quote:
        parts.append(f"<blockquote>{quote_html(q)}</blockquote>")
    if q.source:
        parts.append(f"<p>Source: {as_html(q.source)}</p>")
    return "".join(parts)


def tags(loaded: LoadedBank, q: Question) -> list[str]:
    """The bank's id, the question's form and its facts' tags, each one word (Anki splits tags at spaces)."""
    found: dict[str, None] = dict.fromkeys([loaded.id, q.key.form])
    for fact_id in q.facts:
        fact = loaded.fact(fact_id)
        if fact is not None:
            found.update(dict.fromkeys(fact.tags))
    return ["_".join(visible(tag).split()) for tag in found]


@dataclass(frozen=True)
class BankQuestions:
    """One bank and the questions to export from it."""

    loaded: LoadedBank
    questions: Sequence[Question]

    @property
    def title(self) -> str:
        return " ".join(visible(self.loaded.bank.title).split())
