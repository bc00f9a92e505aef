"""Ordering items cut where a date or amount was, read whole: a date's "of" goes with it, a season is a date
only with its year, and "most" or "least" as a quantifier or a bound places nothing. Found on a bank
written from the authoring guide alone."""

from __future__ import annotations

import pytest

from trainer.questions.masking import placing_word, timeline_item_text


@pytest.mark.parametrize(
    ("statement", "year", "item"),
    [
        (
            "The Treaty of Zaragoza of 22 April 1529 fixed a line in the east.",
            1529,
            "The Treaty of Zaragoza fixed a line in the east.",
        ),
        (
            "The eruption of 1815 caused the Year Without a Summer in 1816.",
            1815,
            "The eruption caused the Year Without a Summer.",
        ),
        (
            "After the fall of Constantinople in 1453, trade routes shifted.",
            1453,
            "After the fall of Constantinople, trade routes shifted.",
        ),
        ("In the spring of 1498 da Gama reached Calicut.", 1498, "Da Gama reached Calicut."),
        ("In the summer 1816, they stayed near Geneva.", 1816, "They stayed near Geneva."),
    ],
)
def test_a_date_and_its_preposition_go_together_and_a_season_needs_its_year(
    statement: str, year: int, item: str
) -> None:
    assert timeline_item_text(statement, frozenset({year})) == (item, "")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("the most powerful earthquake ever recorded", "the most"),
        ("its least dense layer", "its least"),
        ("a most destructive eruption", "most destructive"),
        ("At least … people died, most of them from famine.", None),
        ("Most victims were killed by tsunamis.", None),
        ("at most … km", None),
    ],
)
def test_most_and_least_place_an_item_only_as_superlatives(text: str, word: str | None) -> None:
    assert placing_word(text) == word


@pytest.mark.parametrize(
    "statement",
    [
        'The aerosols cooled the north, and 1816 became known as the "Year Without a Summer".',
        "1492 saw Columbus sail west.",
    ],
)
def test_a_bare_year_a_clause_is_about_leaves_the_item_out(statement: str) -> None:
    # Cut out, "became known" would be said of the aerosols.
    assert timeline_item_text(statement, frozenset({1816, 1492}))[0] is None
