"""The date and time phrases found in a text: the lookahead that speeds the search up finds exactly what
the phrase pattern alone finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.questions import masking

ROOT = Path(__file__).resolve().parents[2]
PLAIN = re.compile(rf"\b{masking._PHRASE}(?:\s*,?\s*{masking._PHRASE})*")
TOKENS = [
    "on", "in", "at", "by", "since", "until", "around", "shortly after", "the night of", "morning of", "early",
    "mid-", "late", "12", "7th", "2018", "2018-02-07", "February", "feb.", "Sept", "May", "10 p.m.", "22:00",
    "local time", "and", "to", ",", "-", "\u2013", "The", "Grigory", "called", "Khasham", "\u0663", "\u00c9t\u00e9",
    "x", "Q3", "1,400", "3.40",
]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text.lower())]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=14), st.lists(st.sampled_from([" ", "", "  "]), min_size=14, max_size=14))
def test_lookahead_finds_what_the_plain_pattern_finds(tokens, gaps):
    text = "".join(t + g for t, g in zip(tokens, gaps))
    assert spans(masking._TEMPORAL, text) == spans(PLAIN, text)


# A phrase of every way one can begin: each lead word, each part of a day, each month, digits.
PHRASES = [
    "on 12 February 2018", "in 2018", "at 10 p.m.", "by 2018", "for 12 February", "from 7 Feb", "since 2017",
    "until 2018", "till 22:00", "during February 2018", "around 10 p.m.", "about 22:00", "approximately 5 a.m.",
    "shortly after 10 p.m.", "the night of 7 February", "night of 7 February", "morning of 7 Feb",
    "evening of 7 Feb", "afternoon of 7 Feb", "early February 2018", "mid-February 2018", "late Feb 2018",
    "January 2018", "Feb 7", "March 3", "April 2018", "May 2018", "June 5", "Jul 4", "Aug 2018", "Sept 2018",
    "Oct 3", "Nov 2018", "Dec 25", "2018-02-07", "7 February", "\u0663 February", "12:30",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_every_way_a_phrase_begins(phrase):
    text = f"Xx {phrase} yy"
    assert spans(masking._TEMPORAL, text) == spans(PLAIN, text) == [(3, 3 + len(phrase))]


def test_bundled_bank_texts():
    for path in (ROOT / "question_bank").rglob("*"):
        if path.suffix in (".toml", ".txt"):
            for line in path.read_text(encoding="utf-8").splitlines():
                assert spans(masking._TEMPORAL, line) == spans(PLAIN, line), line
