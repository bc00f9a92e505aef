"""Answer comparison: folding, whole-word containment, the same answer written differently."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.folding import _fold_in_place, _unify, as_number, contains, find_spans, fold, same_answer


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Khasham", "khasham"),
        ("  T\u201372   tanks ", "t-72 tanks"),
        ("80\u2014100", "80-100"),
        ("\u201ccoordinated attack\u201d", "coordinated attack"),
        ("Wagner\u2019s men.", "wagner's men"),
        ("(U.S.)", "u.s"),
        ("STRASSE", "strasse"),
        ("a\u00a0b\tc\nd", "a b c d"),
        ("[13]", "13"),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("haystack", "needle", "found"),
    [
        ("a force of 500 pro-government fighters", "500", True),
        ("no more than 400 fighters", "40", False),
        ("no more than 400 fighters", "400", True),
        ("about 1,400 men", "400", False),
        ("about 3.40 km", "40", False),
        ("ends with 40.", "40", True),
        ("F-15E Strike Eagle fighter jets", "f\u201315e strike eagle", True),
        ("F-15E Strike Eagle", "Strike", True),
        ("Strikes", "strike", False),
        ("the Su-57s had done", "Su-57", False),
        ("anything", "", False),
        ("the \u201cfirst deadly clash\u201d between", '"first deadly clash"', True),
        ("Tillerson, who said", "Tillerson", True),
    ],
)
def test_contains(haystack, needle, found):
    assert contains(haystack, needle) is found


def test_find_spans_point_into_the_original_text():
    quote = "Supported by T\u201372 and  T-55 tanks, T-72s"
    spans = find_spans(quote, "t-72")
    assert [quote[a:b] for a, b in spans] == ["T\u201372"]
    assert [quote[a:b] for a, b in find_spans(quote, "and T-55")] == ["and  T-55"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Khasham", " khasham. ", True),
        ("7 Feb", "7 February 2018", True),
        ("7 February 2018", "February 7, 2018", True),
        ("Feb. 7th", "2018-02-07", True),
        ("the 7th of February", "7 Feb 2018", True),
        ("7 February 2018", "7 February 2017", False),
        ("7 February", "8 February", False),
        ("February 2018", "Feb 2018", True),
        ("February 2018", "7 February 2018", False),
        ("10 p.m.", "22:00", True),
        ("10pm", "22.00", True),
        ("10 a.m.", "22:00", False),
        ("12 a.m.", "00:00", True),
        ("500", "five hundred", True),
        ("1,500", "one thousand five hundred", True),
        ("twenty-one", "21", True),
        ("500", "400", False),
        ("T-72", "T-55", False),
        ("", "", True),
        ("", "x", False),
    ],
)
def test_same_answer(a, b, same):
    assert same_answer(a, b) is same
    assert same_answer(b, a) is same


@pytest.mark.parametrize(
    ("text", "value"), [("500", 500), ("1,000", 1000), ("2.5", 2.5), ("ten", 10), ("t-72", None)]
)
def test_as_number(text, value):
    assert as_number(text) == value


@pytest.mark.parametrize(
    ("quote", "needle", "found"),
    [
        ("Die Stra\u00dfe von Khasham", "strasse", ["Stra\u00dfe"]),  # folding lengthens: the slow path
        ("the \ufb01ghters crossed", "fighters", ["\ufb01ghters"]),  # a ligature
        ("around 10\u00a0p.m. local time", "10 p.m", ["10\u00a0p.m"]),
        ("\u201cexcellent\u201d work", "\u201cexcellent\u201d", ["excellent"]),
        ("no 400 here", "40", []),
    ],
)
def test_find_spans_in_awkward_text(quote, needle, found):
    assert [quote[a:b] for a, b in find_spans(quote, needle)] == found


@pytest.mark.parametrize(
    ("quote", "needle", "found"),
    [
        ("[13] [ru] text", "[13]", ["[13]"]),
        ("marker 13 alone", "[13]", ["13"]),
        ('he said "excellent" work', '"excellent"', ['"excellent"']),
        ("the U.S. military", "U.S.", ["U.S."]),
    ],
)
def test_find_spans_keeps_the_needles_framing(quote, needle, found):
    assert [quote[a:b] for a, b in find_spans(quote, needle)] == found


_TEXT = st.text(
    alphabet=st.sampled_from(list("aZ09 -\u2013\u2014.,'\u2019\"[]\u00a0\t\u00dfFeb")), max_size=20
)


@given(_TEXT)
def test_fold_is_idempotent_and_same_answer_reflexive(s):
    assert fold(fold(s)) == fold(s)
    assert same_answer(s, s)
    if fold(s):
        assert contains(s, s)


@given(_TEXT, _TEXT)
def test_same_answer_is_symmetric(a, b):
    assert same_answer(a, b) == same_answer(b, a)


@given(_TEXT, _TEXT)
def test_spans_are_what_contains_finds(haystack, needle):
    spans = find_spans(haystack, needle)
    assert bool(spans) == contains(haystack, needle)
    for start, end in spans:
        assert same_answer(haystack[start:end], needle) or fold(haystack[start:end]) == fold(needle)


@given(st.text(alphabet=st.sampled_from("ab .\t\n\r\x0b\x0c\x1c\x85\xa0\u2009\u3000\ufb01\u00df")))
def test_folding_in_place_turns_every_kind_of_whitespace_into_one_space(text):
    folded = _fold_in_place(text)
    expected = re.sub(r"\s", " ", _unify(text))
    assert folded == (expected if len(expected) == len(text) and "  " not in expected else None)
