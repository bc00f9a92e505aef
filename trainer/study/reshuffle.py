"""A missed question asked again with its options (or ordering items) in a new order, so that it cannot be
answered by remembering a position: a choice's right answer moves, an ordering's items are never shown as
they were, nor (where there is a choice) already in the right order."""

from __future__ import annotations

from dataclasses import replace

from trainer.questions.draws import Draws
from trainer.questions.model import Question

_TRIES = 64


def _acceptable(question: Question, order: list[int]) -> tuple[bool, bool]:
    """(moved, not already solved) for showing option `order[j]` at position j."""
    n = len(order)
    if isinstance(question.answer, int):
        return order[question.answer] != question.answer, True
    moved = order != list(range(n))
    where = {old: new for new, old in enumerate(order)}
    solved = tuple(where[a] for a in question.answer) == tuple(range(n))
    return moved, not solved


def reshuffled(question: Question, name: str) -> Question:
    """`question` with its options permuted by draws from `name` (deterministic), answer and notes following."""
    n = len(question.options)
    if n < 2:
        return question
    draws = Draws(name)
    best: list[int] | None = None
    for _ in range(_TRIES):
        order = list(range(n))
        draws.shuffle(order)
        moved, unsolved = _acceptable(question, order)
        if moved and unsolved:
            best = order
            break
        if moved and best is None:
            best = order
    if best is None:  # two items only, drawn unmoved every time: swap them
        best = list(reversed(range(n)))
    where = {old: new for new, old in enumerate(best)}
    answer: int | tuple[int, ...]
    if isinstance(question.answer, int):
        answer = where[question.answer]
    else:
        answer = tuple(where[a] for a in question.answer)
    notes = tuple(question.notes[old] for old in best) if len(question.notes) == n else question.notes
    return replace(question, options=tuple(question.options[old] for old in best), answer=answer, notes=notes)
