"""A question's draws: the same for the same name on any Python, in range, fair enough to shuffle with."""

from __future__ import annotations

from collections import Counter
from hashlib import blake2b
from itertools import permutations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.questions.draws import Draws


def test_pinned_draws_do_not_change():
    """The same seed must give the same questions byte for byte, whatever the Python version: a change of
    these numbers reshuffles every learner's questions and every teacher's preview."""
    draws = Draws("0:khasham/f-peskov-admits/choice")
    assert [draws.randrange(1000) for _ in range(10)] == [229, 176, 515, 209, 76, 849, 133, 935, 971, 595]


def test_draws_are_the_documented_words_of_blake2b():
    name = "3:bank/fact/choice"
    digests = [
        blake2b(name.encode(), digest_size=64, salt=block.to_bytes(16, "little")).digest() for block in (0, 1)
    ]
    words = [int.from_bytes(d[i : i + 8], "little") for d in digests for i in range(0, 64, 8)]
    draws = Draws(name)
    assert [draws.randrange(10**9 + 7) for _ in range(16)] == [w % (10**9 + 7) for w in words]


@given(st.text(max_size=40), st.lists(st.integers(1, 10**6), min_size=1, max_size=30))
def test_the_same_name_draws_the_same_and_in_range(name, ranges):
    a, b = Draws(name), Draws(name)
    drawn = [a.randrange(n) for n in ranges]
    assert drawn == [b.randrange(n) for n in ranges]
    assert all(0 <= x < n for x, n in zip(drawn, ranges, strict=True))


@pytest.mark.parametrize("size", [0, 1, 2, 5, 9, 30])  # 30 items take more than one digest's words
def test_shuffle_is_a_permutation(size):
    items = list(range(size))
    Draws(f"shuffle {size}").shuffle(items)
    assert sorted(items) == list(range(size))


def test_names_that_differ_draw_differently():
    firsts = {tuple(Draws(f"0:bank/f{i}/choice").randrange(2**32) for _ in range(2)) for i in range(1000)}
    assert len(firsts) == 1000


def test_shuffles_of_four_are_close_to_uniform():
    """Over 24,000 question names each of the 24 orders of four options comes up about 1,000 times: a
    chi-squared statistic above 49 (23 degrees of freedom, p < 0.001) would mean a biased shuffle."""
    seen: Counter[tuple[int, ...]] = Counter()
    for i in range(24_000):
        items = [0, 1, 2, 3]
        Draws(f"7:bank/fact-{i}/choice").shuffle(items)
        seen[tuple(items)] += 1
    assert set(seen) == set(permutations(range(4)))
    chi2 = sum((n - 1000) ** 2 / 1000 for n in seen.values())
    assert chi2 < 49, (chi2, seen)
