"""The date and time phrases found in a text: the search sped up (a lookahead of the words a phrase can
begin with, the non-word character before it taken instead of a word boundary) finds exactly what the
phrase pattern alone finds; and the amounts and the tidying, sped up too, are what the plain patterns give."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.questions import masking

ROOT = Path(__file__).resolve().parents[2]
PLAIN = re.compile(rf"\b{masking._PHRASE}(?:\s*,?\s*{masking._PHRASE})*")
TOKENS = [
    "on",
    "in",
    "at",
    "by",
    "since",
    "until",
    "around",
    "shortly after",
    "the night of",
    "morning of",
    "early",
    "mid-",
    "late",
    "12",
    "7th",
    "2018",
    "2018-02-07",
    "February",
    "feb.",
    "Sept",
    "May",
    "10 p.m.",
    "22:00",
    "local time",
    "and",
    "to",
    ",",
    "-",
    "\u2013",
    "The",
    "Grigory",
    "called",
    "Khasham",
    "\u0663",
    "\u00c9t\u00e9",
    "x",
    "Q3",
    "1,400",
    "3.40",
    "Marco",
    "event",
    "6276",
    "10pm",
    "1st",
    "Sept.",
    "September",
    "junior",
    "the",
    "evening",
    "shortly before",
    "p.m.",
    "(",
    "_",
    "\x1c",
    "may",
    "1900-",
    "\u0130",
]


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text.lower())]


def found(text: str) -> list[tuple[int, int]]:
    return list(masking._temporal_spans(text))


@given(
    st.lists(st.sampled_from(TOKENS), max_size=14),
    st.lists(st.sampled_from([" ", "", "  "]), min_size=14, max_size=14),
)
def test_lookahead_finds_what_the_plain_pattern_finds(tokens, gaps):
    text = "".join(t + g for t, g in zip(tokens, gaps, strict=False))
    assert found(text) == (spans(PLAIN, text) if len(text.lower()) == len(text) else [])


# A phrase of every way one can begin: each lead word, each part of a day, each month, digits.
PHRASES = [
    "on 12 February 2018",
    "in 2018",
    "at 10 p.m.",
    "by 2018",
    "for 12 February",
    "from 7 Feb",
    "since 2017",
    "until 2018",
    "till 22:00",
    "during February 2018",
    "around 10 p.m.",
    "about 22:00",
    "approximately 5 a.m.",
    "shortly after 10 p.m.",
    "the night of 7 February",
    "night of 7 February",
    "morning of 7 Feb",
    "evening of 7 Feb",
    "afternoon of 7 Feb",
    "early February 2018",
    "mid-February 2018",
    "late Feb 2018",
    "January 2018",
    "Feb 7",
    "March 3",
    "April 2018",
    "May 2018",
    "June 5",
    "Jul 4",
    "Aug 2018",
    "Sept 2018",
    "Oct 3",
    "Nov 2018",
    "Dec 25",
    "2018-02-07",
    "7 February",
    "\u0663 February",
    "12:30",
]


@pytest.mark.parametrize("phrase", PHRASES)
def test_every_way_a_phrase_begins(phrase):
    text = f"Xx {phrase} yy"
    assert found(text) == spans(PLAIN, text) == [(3, 3 + len(phrase))]


def test_bundled_bank_texts():
    for path in (ROOT / "question_bank").rglob("*"):
        if path.suffix in (".toml", ".txt"):
            for line in path.read_text(encoding="utf-8").splitlines():
                assert found(line) == spans(PLAIN, line), line


# The amount pattern as first written, its look-behind before the numeral: the one that begins with a digit
# must find the same numerals.
AMOUNT_PLAIN = re.compile(
    rf"(?<![\w.,]){masking._NUMERAL}(?:\s*[-\u2013\u2014]\s*{masking._NUMERAL})?(?![\w])"
)
AMOUNT_TOKENS = [
    "400",
    "1,400",
    "3.40",
    "80",
    "\u2013",
    "-",
    "100",
    "x400",
    "4.",
    ",5",
    "about",
    "fighters",
    " ",
    "  ",
    "(",
    ")",
    ".",
    ",",
    "\u0663",
    "_",
    "\u00e9",
    "\n",
    "\u2014",
    "250",
    "0.5",
]


@given(
    st.lists(st.sampled_from(AMOUNT_TOKENS), max_size=12).map("".join),
    st.sampled_from([(400.0,), (80.0, 100.0)]),
)
def test_amounts_masked_and_found_as_by_the_plain_pattern(text, amounts):
    assert [m.span() for m in masking._AMOUNT.finditer(text)] == [
        m.span() for m in AMOUNT_PLAIN.finditer(text)
    ]
    plain = AMOUNT_PLAIN.sub(lambda m: "\u2026" if masking._is_amount(m, amounts) else m.group(), text)
    assert masking.mask_amounts(text, amounts) == (plain, masking.amounts_in(text, amounts))


TIDY_PLAIN = [
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"^[\s,;:]+"), ""),
    (re.compile(r"\s{2,}"), " "),
    (re.compile(r"\(\s*\)"), ""),
]


TIDY_TOKENS = [" ", "  ", "\t", "\n", ",", ";", ":", ".", "!", "?", "(", ")", "a", "Bc"]


@given(st.lists(st.sampled_from(TIDY_TOKENS), max_size=16).map("".join))
def test_tidying_is_the_plain_substitutions(text):
    plain = text
    for pattern, repl in TIDY_PLAIN:
        plain = pattern.sub(repl, plain)
    plain = plain.strip()
    assert masking._tidy(text) == plain[:1].upper() + plain[1:]
