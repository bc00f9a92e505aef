"""The pure model behind the app's reorderable list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.study.reorder import Reorder


@pytest.mark.parametrize(
    ("selected", "delta", "order", "landed"),
    [
        (0, 1, [1, 0, 2, 3], 1),
        (1, -1, [1, 0, 2, 3], 0),
        (0, -1, [0, 1, 2, 3], 0),  # already first: stays
        (3, 1, [0, 1, 2, 3], 3),  # already last: stays
        (0, 3, [1, 2, 3, 0], 3),
        (3, -10, [3, 0, 1, 2], 0),  # clamped
    ],
)
def test_move_selected(selected: int, delta: int, order: list[int], landed: int) -> None:
    model = Reorder(4)
    model.select(selected)
    assert model.move(delta) == landed
    assert model.order == order
    assert model.selected == landed


def test_move_to_and_response() -> None:
    model = Reorder([2, 0, 1])
    assert model.move_to(0, 2) == 2
    assert model.response == (0, 1, 2)


def test_select_is_clamped() -> None:
    model = Reorder(3)
    assert model.select(9) == 2
    assert model.select(-1) == 0


@pytest.mark.parametrize("bad", [[0, 0, 1], [1, 2, 3], [0, 2]])
def test_rejects_what_is_not_a_permutation(bad: list[int]) -> None:
    with pytest.raises(ValueError, match="not a permutation"):
        Reorder(bad)


def test_move_to_rejects_a_position_outside() -> None:
    with pytest.raises(IndexError):
        Reorder(3).move_to(3, 0)


@given(
    st.integers(2, 6).flatmap(
        lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(-1, n), st.integers(-7, 7))))
    )
)
def test_any_moves_keep_a_permutation(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, moves = case
    model = Reorder(n)
    for position, delta in moves:
        model.select(position)
        model.move(delta)
    assert sorted(model.response) == list(range(n))
    assert 0 <= model.selected < n
