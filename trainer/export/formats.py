"""The formats the export commands write, and the dispatch to the question formats: `trainer questions
--format` (a bank's questions), `trainer export --format` (one learner's progress) and `trainer report
--format` (a class report). Each command dispatches on these exhaustively, so a format added here without a
renderer fails mypy. The question formats live in modules of their own, imported only when used (genanki and
lxml load only then)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, assert_never

if TYPE_CHECKING:
    from trainer.export.questiontext import BankQuestions


class ExportFormat(StrEnum):
    """`trainer export --format`: one learner's progress."""

    CSV = "csv"
    JSON = "json"
    MARKDOWN = "markdown"
    FSRS = "fsrs"
    """The review log in the columns FSRS tools read (`trainer.export.fsrs_log`)."""


class ReportFormat(StrEnum):
    """`trainer report --format`: a class report from learners' JSON exports."""

    CSV = "csv"
    MARKDOWN = "markdown"


class QuestionFormat(StrEnum):
    ANKI = "anki"
    """An Anki package (.apkg): a deck per bank, a note per question."""
    MOODLE = "moodle"
    """Moodle XML: multichoice and ordering (qtype_ordering) questions, a category per bank."""
    GIFT = "gift"
    """GIFT, Moodle's text format: multiple choice only."""

    @property
    def binary(self) -> bool:
        """True where the output cannot go to a terminal or a pipe of text."""
        return self is QuestionFormat.ANKI


@dataclass(frozen=True)
class Exported:
    data: bytes
    questions: int
    """Questions written."""
    skipped: int = 0
    """Questions the format cannot hold."""
    skipped_why: str = ""


def render(fmt: QuestionFormat, banks: Sequence[BankQuestions]) -> Exported:
    match fmt:
        case QuestionFormat.ANKI:
            from trainer.export import anki

            return anki.render(banks)
        case QuestionFormat.MOODLE:
            from trainer.export import moodle

            return moodle.render(banks)
        case QuestionFormat.GIFT:
            from trainer.export import gift

            return gift.render(banks)
        case _:
            assert_never(fmt)
