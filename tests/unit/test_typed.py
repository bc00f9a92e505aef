"""Typed answers: generous about form, strict about content."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.questions.model import ItemKey, Question
from trainer.questions.typed import can_type, grade_typed
from trainer.study.scheduling import rating_for


def choice(options: tuple[str, ...], answer: int = 0) -> Question:
    key = ItemKey("b", "f", "choice")
    return Question(str(key), key, "choice", "Which?", options, answer, ("f",), "", (), "", "")


def test_right_whatever_the_case_accents_and_punctuation() -> None:
    q = choice(("Ségur-Lamoignon", "Marie Curie", "Ada Lovelace"))
    for typed in ("Ségur-Lamoignon", "segur lamoignon", "  SEGUR-LAMOIGNON. ", "Ségur Lamoignon!"):
        result = grade_typed(q, typed)
        assert result.grade.correct and result.grade.response == 0, typed


def test_also_right_forms_and_numbers_written_in_words() -> None:
    q = choice(("500", "50", "5,000"))
    assert grade_typed(q, "five hundred").grade.correct
    assert grade_typed(q, "500").grade.correct
    q = choice(("Rex Tillerson", "Mike Pompeo"))
    assert grade_typed(q, "Tillerson", also_right=("Tillerson",)).grade.correct


def test_a_slip_is_close_and_rated_hard() -> None:
    q = choice(("Deir ez-Zor", "Raqqa", "Homs"))
    result = grade_typed(q, "Deir ez-Zur")
    assert not result.grade.correct and result.close
    assert rating_for(result.grade) == 2  # Hard


def test_numbers_and_dates_are_never_close() -> None:
    assert not grade_typed(choice(("1914", "1918", "1939")), "1915").close
    assert not grade_typed(choice(("7 February 2018", "8 February 2018")), "7 February 2017").close


def test_nearer_a_wrong_option_is_wrong_not_close() -> None:
    q = choice(("Austria", "Australia", "Germany"))
    assert not grade_typed(q, "Australa").close
    assert not grade_typed(q, "Australia").close
    assert rating_for(grade_typed(q, "Australia").grade) == 1  # Again


def test_empty_is_wrong() -> None:
    result = grade_typed(choice(("Paris", "Rome")), "  ... ")
    assert not result.grade.correct and not result.close


def test_only_short_choice_answers_can_be_typed() -> None:
    assert can_type(choice(("Paris", "Rome")))
    assert not can_type(choice(("a clause far too long to type as an answer in a quiz", "b")))
    order = choice(("a", "b"))._replace(kind="order", answer=(0, 1))
    assert not can_type(order)
    with pytest.raises(ValueError):
        grade_typed(order, "a")


names = st.text(alphabet=st.characters(categories=("L",)), min_size=3, max_size=12)


@given(names, names, names)
def test_typing_the_key_is_right_and_a_wrong_option_is_wrong(key: str, a: str, b: str) -> None:
    q = choice((key, a, b))
    assert grade_typed(q, key).grade.correct
    for wrong in (a, b):
        result = grade_typed(q, wrong)
        if not grade_typed(q, wrong).grade.correct:  # unless it folds to the key itself
            assert not result.close
