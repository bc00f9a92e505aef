"""`trainer draft`'s parts, each on its own: marker styles, sentences with their markers, dates at their
precision, amounts with units, attribution, distractors made from an answer."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.passages import SourceText
from trainer.draft.amounts import find_amounts
from trainer.draft.attribution import find_claim
from trainer.draft.dates import Precision, find_dates
from trainer.draft.distractors import distractors
from trainer.draft.markers import MarkerStyle, detect, parse_style
from trainer.draft.sentences import passages, split


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Title\n\n[12] A sentence.[13]", MarkerStyle.NUMBERED),
        ("Title\n\n[12][13] A sentence.", MarkerStyle.NUMBERED),
        ("Title\n\nA sentence.[a] Another.[b]", MarkerStyle.LETTERED),
        ("Title\n\n[1] A sentence.[a]", MarkerStyle.BOTH),
        ("Title\n\nLe Verrier [fr] had predicted it.", MarkerStyle.NUMBERED),  # a language tag is no marker
        ("Title\n\nNo markers at all.", MarkerStyle.NUMBERED),
    ],
)
def test_marker_style_is_detected(text: str, style: MarkerStyle) -> None:
    assert detect(text) is style


def test_marker_style_given_by_name() -> None:
    assert parse_style("lettered") is MarkerStyle.LETTERED
    with pytest.raises(ValueError, match="numbered, lettered, both"):
        parse_style("roman")


def _sentences(body: str, style: MarkerStyle = MarkerStyle.NUMBERED) -> list[tuple[str, tuple[str, ...]]]:
    source = SourceText("Title\n\n" + body, style.pattern)
    return [(s.quote, s.citations) for s in split(source.paragraphs[1], source)]


def test_sentences_keep_the_markers_that_stand_with_them() -> None:
    found = _sentences("[1] It began c. 550 BC. It grew.[2] Then it fell.[3][4] It was gone.")
    assert found == [
        ("It began c. 550 BC.", ("[1]",)),
        ("It grew.", ("[1]", "[2]")),
        ("Then it fell.", ("[1]", "[3]", "[4]")),
        ("It was gone.", ("[1]",)),
    ]


def test_a_marker_after_a_full_stop_does_not_hide_the_boundary() -> None:
    # pysbd on the raw text keeps "BC.[2] Its" together: the markers are taken out before splitting.
    found = _sentences("The empire was founded c. 550 BC.[2] Its population was large.[3]")
    assert [quote for quote, _ in found] == ["The empire was founded c. 550 BC.", "Its population was large."]


def test_a_marker_inside_a_sentence_stays_in_its_quote_not_its_statement() -> None:
    source = SourceText("Title\n\n[4] Mercury takes 88 days,[8] Earth 365 days. Mars is red.")
    first = split(source.paragraphs[1], source)[0]
    assert first.quote == "Mercury takes 88 days,[8] Earth 365 days."
    assert first.text == "Mercury takes 88 days, Earth 365 days."
    assert first.citations == ("[4]", "[8]")


def test_lettered_notes_stand_with_their_sentence() -> None:
    found = _sentences("It was built in 1889.[a] It is tall.[b]", MarkerStyle.LETTERED)
    assert found == [("It was built in 1889.", ("[a]",)), ("It is tall.", ("[b]",))]


def test_a_unit_ending_in_c_ends_its_sentence() -> None:
    found = _sentences("It is about −108 °C.[8] Deeper in, it is hotter. It ends c. 2030 there.")
    assert [quote for quote, _ in found] == [
        "It is about −108 °C.",
        "Deeper in, it is hotter.",
        "It ends c. 2030 there.",
    ]


def test_abbreviations_do_not_end_a_sentence() -> None:
    found = _sentences("The U.S. military said so at 10 p.m. on Monday. Dr. Smith agreed.")
    assert [quote for quote, _ in found] == [
        "The U.S. military said so at 10 p.m. on Monday.",
        "Dr. Smith agreed.",
    ]


def test_headings_are_no_passages_but_tag_the_ones_below() -> None:
    source = SourceText("Title\n\nFirst words here.\n\nEarly life\n\nShe was born in 1797.")
    found = passages(source)
    assert [(p.heading, p.paragraph.text) for p in found] == [
        (None, "First words here."),
        ("Early life", "She was born in 1797."),
    ]


@pytest.mark.parametrize(
    ("sentence", "text", "when", "precision"),
    [
        (
            "It was signed on 3 March 1921 in Riga.",
            "3 March 1921",
            {"date": "1921-03-03", "label": "3 March 1921"},
            Precision.DAY,
        ),
        (
            "It was signed on March 3, 1921, in Riga.",
            "March 3, 1921",
            {"date": "1921-03-03", "label": "March 3, 1921"},
            Precision.DAY,
        ),
        (
            "It is catalogued as 1921-03-03 there.",
            "1921-03-03",
            {"date": "1921-03-03", "label": "1921-03-03"},
            Precision.DAY,
        ),
        ("It was the arch of the 1889 World's Fair.", "1889", {"date": "1889"}, Precision.YEAR),
        ("It was printed in 1476 at Westminster.", "1476", {"date": "1476"}, Precision.YEAR),
        (
            "He built it in Mainz c. 1450.",
            "c. 1450",
            {"date": "1450", "approximate": True, "label": "c. 1450"},
            Precision.YEAR,
        ),
        (
            "It was patented in January 1799.",
            "January 1799",
            {"date": "1799-01", "label": "January 1799"},
            Precision.MONTH,
        ),
        (
            "It was said in mid-January 2018.",
            "mid-January 2018",
            {"date": "2018-01", "part": "mid", "label": "mid-January 2018"},
            Precision.MONTH,
        ),
    ],
)
def test_dates_at_the_precision_the_text_gives(
    sentence: str, text: str, when: dict[str, object], precision: Precision
) -> None:
    [date] = find_dates(sentence)
    assert (date.text, date.when, date.precision) == (text, when, precision)
    assert sentence[date.start : date.end] == text


def test_a_time_of_day_goes_with_the_day() -> None:
    [date] = find_dates("The assault began around 10 p.m. local time on the night of 7 February 2018.")
    assert date.when == {
        "date": "2018-02-07",
        "time": "22:00",
        "approximate": True,
        "label": "around 10 p.m. on 7 February 2018",
    }


@pytest.mark.parametrize(
    ("sentence", "what"),
    [
        ("In the 1760s the printer published a Bible.", "a decade"),
        ("It was founded c. 550 BC by Cyrus.", "a BC year"),
        ("Cambyses reigned 530–522 BC.", "a range of years BC"),
        ("It fell in 547 or 546 BC.", "a range of years BC"),
        ("Astronomers watched it in the 7th century BC.", "a century BC"),
    ],
)
def test_dates_the_format_cannot_hold_get_a_note_not_a_when(sentence: str, what: str) -> None:
    [date] = find_dates(sentence)
    assert date.when is None
    assert date.note is not None and date.note.startswith(what)


def test_no_date_in_numbers_that_are_not_years() -> None:
    assert find_dates("The road ran some 2,700 kilometres; 1600 km of it was paved; 31 February 1999.") == []


@given(st.dates(min_value=datetime.date(100, 1, 1)))
def test_every_real_day_is_read_back(day: datetime.date) -> None:
    for text in (f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}, {day.year}", day.isoformat()):
        dates = find_dates(f"It happened on {text} there.")
        assert [(d.text, d.when and d.when["date"]) for d in dates] == [(text, day.isoformat())]


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("Mercury takes 88 days to orbit the Sun.", "88 days", {"amount": 88, "unit": "days"}),
        ("Its probe transmitted data for 58 minutes.", "58 minutes", {"amount": 58, "unit": "minutes"}),
        ("A force of 500 pro-government fighters attacked.", "500", {"amount": 500, "unit": "fighters"}),
        (
            "The temperature is about −108 °C there.",
            "−108 °C",
            {"amount": -108, "unit": "°C", "approximate": True},
        ),
        (
            "The road ran some 2,700 kilometres.",
            "2,700 kilometres",
            {"amount": 2700, "unit": "kilometres", "approximate": True},
        ),
        ("About 300 workers took part.", "300", {"amount": 300, "unit": "workers", "approximate": True}),
        (
            "It was joined by some 2.5 million rivets.",
            "2.5 million",
            {"amount": 2500000, "unit": "rivets", "approximate": True},
        ),
        (
            "It lies 2.2–3.2 astronomical units out.",
            "2.2–3.2 astronomical units",
            {"amount": 2.2, "upper": 3.2, "unit": "astronomical units"},
        ),
    ],
)
def test_amounts_with_their_units(sentence: str, text: str, value: dict[str, object]) -> None:
    [amount] = find_amounts(sentence, [])
    assert (amount.text, amount.value) == (text, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "It landed at 20:17 UTC.",
        "It began around 10 p.m. local time.",
        "The Voyager 1 probe found it.",
        "Eight planets orbit the Sun.",
    ],
)
def test_no_amount_in_times_names_and_number_words(sentence: str) -> None:
    assert find_amounts(sentence, []) == []


@pytest.mark.parametrize(
    ("sentence", "bound"),
    [
        ("It holds more than 15,000 clay tablets.", "more than"),
        ("It can extend up to 7 million km.", "up to"),
    ],
)
def test_a_bound_is_a_format_note_not_a_value_but_still_an_answer(sentence: str, bound: str) -> None:
    [amount] = find_amounts(sentence, [])
    assert amount.value is None and amount.unit is not None
    assert amount.note is not None and amount.note.startswith(f"FORMAT: value: a bound ('{bound}'")


def test_amounts_skip_the_dates() -> None:
    sentence = "On 7 February 2018 some 250 fighters crossed."
    skip = [(d.start, d.end) for d in find_dates(sentence)]
    assert [a.text for a in find_amounts(sentence, skip)] == ["250"]


@pytest.mark.parametrize(
    ("sentence", "attribution", "word"),
    [
        (
            "According to the U.S. military, 500 fighters attacked.",
            "according to the U.S. military",
            "according to",
        ),
        ("Royal messengers, Herodotus said, covered it in seven days.", "according to Herodotus", None),
        ("Godwin later wrote that she was bold.", "according to Godwin", None),
        (
            "Some scientists have claimed that a ninth planet exists.",
            "according to some scientists",
            "claimed",
        ),
        (
            "It was broadcast by Rex Tillerson, who said the presence would stay.",
            "according to Rex Tillerson",
            None,
        ),
        ("Cyrus took Babylon, reportedly without a battle.", None, "reportedly"),
        ("Mercury takes 88 days to orbit the Sun.", None, None),
    ],
)
def test_attribution_of_reported_claims(sentence: str, attribution: str | None, word: str | None) -> None:
    claim = find_claim(sentence)
    assert (claim.attribution, claim.word) == (attribution, word)


@pytest.mark.parametrize(
    ("answer", "kind", "expected"),
    [
        ("7 February 2018", "date", ["7 February 2017", "7 February 2019", "7 February 2016"]),
        ("c. 1450", "year", ["c. 1440", "c. 1460", "c. 1430"]),
        ("c. 550 BC", "year-bc", ["c. 600 BC", "c. 500 BC", "c. 650 BC"]),
        ("the 1760s", "decade", ["the 1750s", "the 1770s", "the 1740s"]),
        (
            "2,700 kilometres",
            "amount-kilometre",
            ["5,400 kilometres", "1,350 kilometres", "8,100 kilometres"],
        ),
        ("99.8 per cent", "amount-per-cent", ["49.9 per cent", "74.8 per cent", "24.9 per cent"]),
    ],
)
def test_distractors_keep_the_answers_form(answer: str, kind: str, expected: list[str]) -> None:
    assert distractors(answer, kind, "", 3) == expected


def test_distractors_never_stand_in_the_quote() -> None:
    quote = "In 1476 he began; in 1466 nothing happened."
    assert "1466" not in distractors("1476", "year", quote, 3)


@given(st.integers(1, 10**7), st.sampled_from(["km", "days", "per cent"]))
def test_distractors_differ_from_the_answer_and_keep_its_unit(number: int, unit: str) -> None:
    answer = f"{number:,} {unit}"
    found = distractors(answer, f"amount-{unit}", answer, 3)
    assert answer not in found and len(set(found)) == len(found)
    assert all(d.endswith(" " + unit) and re.match(r"\d", d) for d in found)


def test_a_statement_that_refers_back_asks_to_be_rewritten() -> None:
    from trainer.draft.facts import draft_fact

    source = SourceText("Title\n\n[1] Jupiter is large. It is a gas giant with many moons.")
    first, second = split(source.paragraphs[1], source)
    assert draft_fact(second, [], "b") is not None
    assert "TODO: the statement begins with 'It': name what it is about" in draft_fact(second, [], "b").notes  # type: ignore[union-attr]
    assert draft_fact(first, [], "a") is None  # too short to state a fact
