"""The hand-written TOML formatting of progress records: exact round trips through both TOML parsers."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import toml_rs
from hypothesis import given
from hypothesis import strategies as st

from trainer.progress import toml_tables, tomlfmt
from trainer.progress.model import CardState, ItemProgress, Review
from trainer.questions.model import ItemKey
from trainer.sanitize import is_clean

HOSTILE = [
    "",
    'say "hi"',
    "back\\slash \\n not a newline",
    "line\nbreak",
    "\r\n\t\b\f",
    "\x00\x01\x1f\x7f",
    "[13]",
    "[ru]",
    "[/]",
    "[B]x",
    "[bold]x",
    "[@click=app.quit]x",
    "\n# end\n[[review]]\ntime = 1979-05-27T07:32:00Z\n",
    "'''\"\"\"",
    "Ünïcödé ☃ 日本語 🙂 \u200b\u00a0",
    "\x85 next line, \u2028 line sep, \u2029 para sep",
    'key = "value" # comment',
    "\\u0041 \\U0001F600",
    "\x1b]52;c;cm0gLXJmIH4K\x1b\\ \x9b2J \u202e reversed \u2066",
]


def parsers():
    return [tomllib.loads, lambda text: toml_rs.loads(text, toml_version="1.0.0")]


@pytest.mark.parametrize("parse", parsers())
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_round_trip_on_one_line(parse, text):
    formatted = tomlfmt.string(text)
    assert "\n" not in formatted and "\r" not in formatted
    assert parse(f"v = {formatted}\n")["v"] == text


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"])))
def test_any_string_round_trips(text):
    formatted = tomlfmt.string(text)
    assert "\n" not in formatted
    assert is_clean(formatted)  # a control character or bidi control is an escape, never raw in the file
    for parse in parsers():
        assert parse(f"v = {formatted}")["v"] == text


def test_lone_surrogates_become_replacement_characters():
    formatted = tomlfmt.string("a\ud800b")
    assert tomllib.loads(f"v = {formatted}")["v"] == "a\ufffdb"


@given(st.floats(allow_nan=False))
def test_floats_round_trip_exactly(value):
    for parse in parsers():
        assert parse(f"v = {tomlfmt.number(value)}")["v"] == value


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 3, 31, 1, 59, 59, tzinfo=UTC),
        datetime(2024, 3, 31, 3, 0, 0, 123456, tzinfo=ZoneInfo("Europe/Paris")),
        datetime(1999, 12, 31, 23, 59, 59, 1, tzinfo=timezone(timedelta(hours=-11))),
    ],
)
def test_times_are_written_in_utc_and_read_back_as_the_same_instant(moment):
    text = tomlfmt.instant(moment)
    assert text.endswith("Z")
    for parse in parsers():
        value = parse(f"v = {text}")["v"]
        assert value == moment and value.utcoffset() == timedelta(0)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        tomlfmt.instant(datetime(2024, 1, 1))


T = datetime(2024, 5, 1, 10, 0, 0, 250000, tzinfo=UTC)


def card(**changes) -> CardState:
    base = dict(
        state=2,
        step=None,
        stability=3.0000000000000004,
        difficulty=5.5,
        due=T + timedelta(days=3),
        last_review=T,
    )
    return CardState(**{**base, **changes})


@pytest.mark.parametrize(
    "after",
    [card(), card(state=1, step=0, stability=None, difficulty=None, last_review=None), card(state=3, step=1)],
)
@pytest.mark.parametrize("response", HOSTILE[:8])
def test_review_entries_round_trip(after, response):
    review = Review(T, ItemKey("b[/]", 'f"1', "choice\n"), 1, False, 0.25, response, 4321, after)
    entry = toml_tables.format_review(review)
    assert entry.startswith(toml_tables.REVIEW_HEADER) and entry.endswith("\n" + toml_tables.ENTRY_END)
    assert entry.count("\n# end\n") == 1
    for parse in parsers():
        assert toml_tables.parse_review(parse(entry)["review"][0]) == review


def test_item_tables_round_trip():
    item = ItemProgress(
        ItemKey("bank", "fact", "reverse"), card(), reviews=7, lapses=2, correct=4, last_review=T
    )
    for parse in parsers():
        assert toml_tables.parse_item(parse(toml_tables.format_item(item))["item"][0]) == item


@pytest.mark.parametrize(
    "change, message",
    [
        ({"rating": 9}, "`rating` should be from 1 to 4, not 9"),
        ({"rating": True}, "`rating` should be an integer"),
        ({"time": None}, "`time` is missing"),
        ({"time": datetime(2024, 1, 1)}, "`time` should be a UTC time"),
        ({"correct": "yes"}, "`correct` should be true or false"),
        ({"after": {"state": 2}}, "in `after`: `due` is missing"),
        ({"after": {"state": 7, "due": T}}, "in `after`: `state` should be from 1 to 3"),
        ({"response": 12}, "`response` should be a string"),
    ],
)
def test_bad_review_fields_are_named(change, message):
    table = tomllib.loads(
        toml_tables.format_review(Review(T, ItemKey("b", "f", "c"), 3, True, 1.0, "x", 9, card()))
    )
    entry = {**table["review"][0], **change}
    entry = {k: v for k, v in entry.items() if v is not None}
    with pytest.raises(toml_tables.BadRecord, match=message.replace("[", r"\[")):
        toml_tables.parse_review(entry)


def test_near_types_are_accepted_from_hand_edits():
    tokyo = datetime(2024, 1, 1, 12, tzinfo=ZoneInfo("Asia/Tokyo"))
    table = {"state": 2, "stability": 3, "difficulty": 5, "due": tokyo}
    state = toml_tables._CARD.values(table)
    assert state[2:4] == [3.0, 5.0] and all(type(v) is float for v in state[2:4])
    assert state[4] == datetime(2024, 1, 1, 3, tzinfo=UTC) and state[4].tzinfo is UTC


@pytest.mark.parametrize(
    "before_state, rating, lapses",
    [(None, 1, 0), (1, 1, 0), (2, 1, 1), (3, 1, 0), (2, 3, 0)],
)
def test_apply_counts_reviews_correct_answers_and_lapses(before_state, rating, lapses):
    key = ItemKey("b", "f", "c")
    items = {}
    if before_state is not None:
        items[key] = ItemProgress(
            key, card(state=before_state), reviews=4, lapses=0, correct=2, last_review=T
        )
    review = Review(T + timedelta(days=1), key, rating, rating > 1, float(rating > 1), "x", 10, card(state=3))
    previous = toml_tables.apply(items, review)
    assert previous is (None if before_state is None else previous)
    after = items[key]
    assert after.card == review.after and after.last_review == review.time
    assert after.reviews == (5 if before_state else 1)
    assert after.correct == (2 if before_state else 0) + (rating > 1)
    assert after.lapses == lapses
