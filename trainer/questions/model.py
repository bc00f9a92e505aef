"""What a generated question is, and what grading one answer says. Plain data, shared by every front end."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Kind(StrEnum):
    """How a question is answered; every front end, the grader and `trainer questions` render each kind
    (tests/unit/test_kinds.py checks that none is missing)."""

    CHOICE = "choice"
    """Pick the one right option."""
    ORDER = "order"
    """Put every option in the right order."""


class Form(StrEnum):
    """What a question asks, from which part of a bank: `ItemKey.form`. Each form has one builder, in
    `trainer.questions.index`."""

    CHOICE = "choice"
    """A fact's own question."""
    REVERSE = "reverse"
    """A fact's question asked the other way round."""
    TIMELINE = "timeline"
    """Facts put in the order they happened."""
    MAGNITUDE = "magnitude"
    """Facts put in the order of their amounts."""
    SEQUENCE = "sequence"
    """A teacher's sequence put in order."""
    HAND = "hand"
    """A hand-written multiple-choice question."""


class ItemKey(NamedTuple):
    """What progress is keyed by: stable ids, never a hash of text, so rewording keeps history.

    A named tuple rather than a frozen dataclass: opening a progress file makes a key for every review in
    its history before the first question shows, and a tuple is made and hashed faster."""

    bank: str
    fact: str
    """The fact id; for a multi-fact question, the sequence id or a generated group id."""
    form: str
    """The question form: a `Form` for the keys this version makes; a progress file may hold others."""

    def __str__(self) -> str:
        return f"{self.bank}/{self.fact}/{self.form}"


class OptionNote(NamedTuple):
    """Why one option is right or wrong, where the bank knows."""

    text: str
    """E.g. "400 was the agreed cap on pro-government fighters in the salient"."""
    fact: str | None = None
    citations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """One question as a learner sees it, with its grading and explanation."""

    id: str
    """Stable across runs and seeds for the same fact(s) and form: `bank/fact/form`."""
    key: ItemKey
    kind: Kind
    prompt: str
    options: tuple[str, ...]
    """As shown to the learner; for `order`, the items in shuffled order."""
    answer: int | tuple[int, ...]
    """`choice`: index of the right option. `order`: option indices in the right order."""
    facts: tuple[str, ...]
    explanation: str
    citations: tuple[str, ...]
    quote: str
    """The verbatim source passage(s); several are joined with a blank line."""
    source: str
    """The source's title."""
    highlight: tuple[str, ...] = ()
    """Substrings of `quote` to pick out (the answer), for front ends that can emphasise."""
    notes: tuple[OptionNote | None, ...] = ()
    """One per option: why it is wrong (choice) or its date/value and citation (order); None if unknown."""
    ordering_rule: str = "longest_ordered_subset"

    def to_json(self) -> dict:
        """The documented `trainer questions --json` element: exactly these keys."""
        return {
            "id": self.id,
            "kind": self.kind.value,
            "prompt": self.prompt,
            "options": list(self.options),
            "answer": self.answer if isinstance(self.answer, int) else list(self.answer),
            "facts": list(self.facts),
            "explanation": self.explanation,
            "citations": list(self.citations),
            "quote": self.quote,
            "source": self.source,
        }


@dataclass(frozen=True)
class ItemVerdict:
    """For an ordering: one option's fate in the learner's order."""

    option: int
    placed_at: int
    """Where the learner put it (0-based)."""
    belongs_at: int
    """Where it belongs (0-based)."""
    correct: bool
    note: OptionNote | None = None


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    correct: bool
    """Fully right."""
    score: float
    """0.0 to 1.0; partial credit for orderings."""
    response: int | tuple[int, ...]
    """What the learner answered: the option index, or the option indices in the learner's order."""
    items: tuple[ItemVerdict, ...] = field(default_factory=tuple)
    """Per-item verdicts, for orderings."""
    close: bool = False
    """A typed answer that missed by a slip of the right one: wrong, but recalled (rated Hard)."""
