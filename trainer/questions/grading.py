"""Grading one answer: right or wrong for a choice, partial credit and a verdict per item for an ordering.

The ordering rules follow Moodle's ordering question type (qtype_ordering):
- `absolute_position`: the share of items in their right position;
- `longest_ordered_subset`: the length of the longest subsequence of items in their right relative order
  (not necessarily adjacent) over the number of items; as in Moodle a "subset" of one item earns nothing;
- `relative_next`: the share of the n-1 items (all but the right last) directly followed by their right
  successor (Moodle's "relative to the next item, excluding last").

An item's verdict says whether it counted for the score under the bank's rule (for `relative_next`, the
right last item counts as right where it is placed last), where it was put and where it belongs, with its
date or value and citation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

from trainer.questions.model import Grade, ItemVerdict, Kind, Question

RULES = ("absolute_position", "longest_ordered_subset", "relative_next")


def _check_choice(question: Question, response: object) -> int:
    if isinstance(response, bool) or not isinstance(response, int):
        raise ValueError(f"a choice answer is one option number, not {response!r}")
    if not 0 <= response < len(question.options):
        raise ValueError(f"option {response} does not exist: choose 0 to {len(question.options) - 1}")
    return response


def _check_order(question: Question, response: object) -> tuple[int, ...]:
    n = len(question.options)
    if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise ValueError(f"an ordering answer lists the {n} option numbers in order, not {response!r}")
    if any(isinstance(i, bool) or not isinstance(i, int) for i in response):
        raise ValueError(f"an ordering answer lists option numbers (whole numbers), not {list(response)!r}")
    order = tuple(response)
    if len(order) != n:
        raise ValueError(f"put all {n} items in order (got {len(order)})")
    if bad := [i for i in order if not 0 <= i < n]:
        raise ValueError(f"option {bad[0]} does not exist: use 0 to {n - 1}")
    if len(set(order)) != n:
        twice = next(i for i in order if order.count(i) > 1)
        raise ValueError(f"option {twice} is placed twice; each item goes in exactly once")
    return order


def _longest_ordered(ranks: Sequence[int]) -> set[int]:
    """Positions (in `ranks`) of a longest strictly increasing subsequence, the leftmost such one."""
    n = len(ranks)
    length = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if ranks[j] < ranks[i] and length[j] + 1 > length[i]:
                length[i], prev[i] = length[j] + 1, j
    if not n:
        return set()
    best = max(range(n), key=lambda i: (length[i], -i))
    chosen: set[int] = set()
    while best != -1:
        chosen.add(best)
        best = prev[best]
    return chosen


def score_order(rule: str, response: Sequence[int], answer: Sequence[int]) -> tuple[float, list[bool]]:
    """The score of an ordering under `rule`, and for each response position whether its item counted."""
    n = len(answer)
    belongs = {option: position for position, option in enumerate(answer)}
    ranks = [belongs[option] for option in response]
    if rule == "absolute_position":
        counted = [rank == position for position, rank in enumerate(ranks)]
        return sum(counted) / n, counted
    if rule == "longest_ordered_subset":
        subset = _longest_ordered(ranks)
        if len(subset) < 2:
            subset = set()
        return len(subset) / n, [p in subset for p in range(n)]
    if rule == "relative_next":
        counted = [
            (p + 1 < n and ranks[p + 1] == rank + 1) if rank < n - 1 else p == n - 1
            for p, rank in enumerate(ranks)
        ]
        followed = sum(c for c, rank in zip(counted, ranks, strict=True) if rank < n - 1)
        return followed / (n - 1), counted
    raise ValueError(f"unknown ordering rule {rule!r}: use one of {', '.join(RULES)}")


def grade(question: Question, response: int | Sequence[int]) -> Grade:
    """Grade `response`: an option index for a choice, the option indices in the learner's order for an
    ordering. Raises ValueError, with a message a front end can show, for a response that does not fit."""
    match question.kind:
        case Kind.CHOICE:
            choice = _check_choice(question, response)
            right = choice == question.answer
            return Grade(correct=right, score=1.0 if right else 0.0, response=choice)
        case Kind.ORDER:
            return _grade_order(question, _check_order(question, response))
        case _:
            assert_never(question.kind)


def _grade_order(question: Question, order: tuple[int, ...]) -> Grade:
    answer = question.answer
    assert isinstance(answer, tuple)
    score, counted = score_order(question.ordering_rule, order, answer)
    belongs = {option: position for position, option in enumerate(answer)}
    items = tuple(
        ItemVerdict(
            option=option,
            placed_at=position,
            belongs_at=belongs[option],
            correct=counted[position],
            note=question.notes[option] if option < len(question.notes) else None,
        )
        for position, option in enumerate(order)
    )
    right = order == answer
    return Grade(correct=right, score=1.0 if right else score, response=order, items=items)
