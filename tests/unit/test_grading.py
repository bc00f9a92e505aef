"""Grading: right or wrong for a choice; Moodle's ordering rules with hand-computed scores and verdicts."""

from __future__ import annotations

import pytest

from trainer.questions.grading import grade, score_order
from trainer.questions.model import ItemKey, OptionNote, Question


def question(kind="order", options=("a", "b", "c", "d"), answer=(0, 1, 2, 3), rule="longest_ordered_subset"):
    key = ItemKey("bank", "fact", "timeline" if kind == "order" else "choice")
    notes = tuple(
        OptionNote(f"note {o}", fact=f"fact-{o}", citations=(f"[{i}]",)) for i, o in enumerate(options)
    )
    return Question(
        id=str(key),
        key=key,
        kind=kind,
        prompt="?",
        options=options,
        answer=answer,
        facts=(),
        explanation="",
        citations=(),
        quote="",
        source="",
        notes=notes,
        ordering_rule=rule,
    )


@pytest.mark.parametrize(
    ("response", "answer", "absolute", "subset", "following"),
    [
        ((0, 1, 2, 3), (0, 1, 2, 3), 1, 1, 1),
        ((1, 0, 2, 3), (0, 1, 2, 3), 2 / 4, 3 / 4, 1 / 3),
        ((3, 2, 1, 0), (0, 1, 2, 3), 0, 0, 0),  # no two items in order: a one-item "subset" earns nothing
        ((3, 0, 1, 2), (0, 1, 2, 3), 0, 3 / 4, 2 / 3),
        ((0, 2, 1, 3), (0, 1, 2, 3), 2 / 4, 3 / 4, 0),
        ((2, 0, 1, 3), (2, 0, 3, 1), 2 / 4, 3 / 4, 1 / 3),
        ((1, 0, 2), (0, 1, 2), 1 / 3, 2 / 3, 0),
        ((2, 1, 0), (0, 1, 2), 1 / 3, 0, 0),
        ((1, 2, 3, 4, 5, 0), (0, 1, 2, 3, 4, 5), 0, 5 / 6, 4 / 5),
    ],
)
def test_rules(response, answer, absolute, subset, following):
    assert score_order("absolute_position", response, answer)[0] == pytest.approx(absolute)
    assert score_order("longest_ordered_subset", response, answer)[0] == pytest.approx(subset)
    assert score_order("relative_next", response, answer)[0] == pytest.approx(following)


def test_unknown_rule():
    with pytest.raises(ValueError, match="unknown ordering rule"):
        score_order("alphabetical", (0, 1, 2), (0, 1, 2))


@pytest.mark.parametrize(
    ("rule", "counted"),
    [
        ("absolute_position", [False, False, True, True]),
        ("longest_ordered_subset", [True, False, True, True]),  # the leftmost longest: b, c, d
        ("relative_next", [False, False, True, True]),  # c is followed by d; d, the last, is placed last
    ],
)
def test_verdicts(rule, counted):
    q = question(rule=rule)
    g = grade(q, [1, 0, 2, 3])
    assert not g.correct and g.response == (1, 0, 2, 3)
    assert [v.correct for v in g.items] == counted
    assert [(v.option, v.placed_at, v.belongs_at) for v in g.items] == [
        (1, 0, 1),
        (0, 1, 0),
        (2, 2, 2),
        (3, 3, 3),
    ]
    assert g.items[0].note == OptionNote("note b", fact="fact-b", citations=("[1]",))


def test_shuffled_options():
    q = question(options=("late", "early", "mid"), answer=(1, 2, 0), rule="absolute_position")
    right = grade(q, (1, 2, 0))
    assert right.correct and right.score == 1.0 and all(v.correct for v in right.items)
    wrong = grade(q, (0, 1, 2))
    assert not wrong.correct and wrong.score == 0.0
    assert [(v.option, v.belongs_at) for v in wrong.items] == [(0, 2), (1, 0), (2, 1)]


def test_choice():
    q = question(kind="choice", answer=2)
    assert grade(q, 2).correct and grade(q, 2).score == 1.0 and grade(q, 2).response == 2
    g = grade(q, 0)
    assert not g.correct and g.score == 0.0 and g.items == ()


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (4, "option 4 does not exist: choose 0 to 3"),
        (-1, "option -1 does not exist"),
        (True, "one option number"),
        ("2", "one option number"),
        ([2], "one option number"),
        (None, "one option number"),
    ],
)
def test_bad_choice_responses(response, message):
    with pytest.raises(ValueError, match=message):
        grade(question(kind="choice", answer=2), response)


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ((0, 1, 2), "put all 4 items in order \\(got 3\\)"),
        ((0, 1, 2, 3, 3), "put all 4 items in order \\(got 5\\)"),
        ((0, 1, 1, 3), "option 1 is placed twice"),
        ((0, 1, 2, 4), "option 4 does not exist: use 0 to 3"),
        ((0, 1, 2, "3"), "whole numbers"),
        ((0, 1, 2, True), "whole numbers"),
        ("0123", "lists the 4 option numbers"),
        (2, "lists the 4 option numbers"),
        (None, "lists the 4 option numbers"),
    ],
)
def test_bad_order_responses(response, message):
    with pytest.raises(ValueError, match=message):
        grade(question(), response)
