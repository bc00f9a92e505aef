"""The date and time phrases found in a text: the search sped up (a lookahead of the words a phrase can
begin with, the non-word character before it taken instead of a word boundary) finds exactly what the
phrase pattern alone finds; and the amounts and the tidying, sped up too, are what the plain patterns give."""

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
    # A minus sign standing before a numeral is the amount's ("-400" is not 400).
    pieces, last = [], 0
    for m in AMOUNT_PLAIN.finditer(text):
        start = m.start() - (
            m.start() > 0 and text[m.start() - 1] == "-" and not text[: m.start() - 1][-1:].isalnum()
        )
        value = float(m.group().split("\u2013")[0].split("\u2014")[0].replace(",", "").split("-")[0].strip())
        numbers = [float(n.replace(",", "")) for n in masking._NUMERALS.findall(m.group())]
        if start < m.start():
            numbers[0] = -value
        if any(n in amounts for n in numbers):
            pieces += (text[last:start], "\u2026")
            last = m.end()
    plain = "".join(pieces) + text[last:]
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


# ---- timeline items: every form of a date taken out, or the item left out ----

DATE_FORMS = [
    "in {y}",
    "in {y} BC",
    "in {y} BCE",
    "in AD {y}",
    "in {y} CE",
    "c. {y}",
    "around {y}",
    "by about {y}",
    "circa {y} BC",
    "in the {d}0s",
    "in the late {d}0s",
    "in the {c}th century",
    "in the early {c}th century BC",
    "on {day} March {y}",
    "in March {y}",
    "between {y} and {y2}",
    "from {y} to {y2} BC",
    "in {y}\u2013{y2}",
]
SENTENCES = [
    ("{date}, the king built a temple.", ""),
    ("The king built a temple {date}.", ""),
    ("The king, who ruled the city, built a temple {date}.", ""),
    ("The temple was built for the city, completed {date}.", ""),
    ("A record gives a date equivalent to {date}.", ""),
]


@settings(deadline=None)
@given(
    st.sampled_from(SENTENCES),
    st.sampled_from(DATE_FORMS),
    st.integers(100, 2099),
    st.integers(1, 20),
    st.integers(1, 28),
)
def test_a_timeline_item_never_keeps_its_date(sentence, form, year, century, day):
    """The item is None (left out) or has no year of the fact, no era and no "c." left: nothing that carries
    the key."""
    y2 = year + 7
    date_text = form.format(y=year, y2=y2, d=year // 10, c=century, day=day)
    statement = sentence[0].format(date=date_text)
    statement = statement[0].upper() + statement[1:]
    item = masking.timeline_text(statement, frozenset({year, y2, year // 10 * 10}))
    if item is None:
        return
    assert not re.search(r"\b(?:BC|BCE|AD|CE)\b|\bc\.\s*\d", item), (statement, item)
    assert not re.search(rf"\b(?:{year}|{y2}|{year // 10}0s?)\b", item), (statement, item)
    assert not re.search(r"\b\d+(?:st|nd|rd|th)\b|centur", item), (statement, item)
    assert not re.search(r"\b(?:to|of|than|equivalent|between|and)\s*[.,]", item), (statement, item)


@pytest.mark.parametrize(
    ("statement", "years", "item"),
    [
        ("Bi Sheng invented movable type around 1040.", {1040}, "Bi Sheng invented movable type."),
        ("C. 1450, Gutenberg built his press.", {1450}, "Gutenberg built his press."),
        ("By about 1455, the Bible was printed.", {1455}, "The Bible was printed."),
        ("In the 1760s, Watt improved the engine.", {1760}, "Watt improved the engine."),
        ("Cai Lun reported paper to the emperor in AD 105.", {105}, "Cai Lun reported paper to the emperor."),
        ("Writing appeared in Sumer around 3200 BC.", {3200}, "Writing appeared in Sumer."),
        ("In the late 18th century, mills spread.", {1760}, "Mills spread."),
        ("Later that same day, twice as many crossed.", {2018}, "Twice as many crossed."),
        ("In the summer of 1816 they stayed near Geneva.", {1816}, "They stayed near Geneva."),
        (
            "Cyrus conquered Lydia, ruled by Croesus, in 547 or 546 BC.",
            {547, 546},
            "Cyrus conquered Lydia, ruled by Croesus.",
        ),
        # Read broken once the date is gone: left out.
        ("The chapel was built for the University of Cambridge, completed in 1515.", {1515}, None),
        ("The Diamond Sutra gives a date equivalent to 868.", {868}, None),
        # Words that place the item: left out.
        ("The first great engagement of the war was fought in 1642.", {1642}, None),
        ("The last battle of the war was fought in 1651.", {1651}, None),
        ("The siege was relieved in 1683.", {1683}, None),
        ("It was the most powerful earthquake ever recorded, in 1960.", {1960}, None),
        ("Four years after Mary's birth, Godwin married again.", {1801}, None),
        # Not a superlative, not a place: kept.
        ("The treaty settled the western border in 1648.", {1648}, "The treaty settled the western border."),
        (
            "Putin cancelled most of his engagements on 12 February 2018.",
            {2018},
            "Putin cancelled most of his engagements.",
        ),
    ],
)
def test_timeline_items(statement, years, item):
    assert masking.timeline_text(statement, frozenset(years)) == item
