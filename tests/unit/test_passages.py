"""Source texts as paragraphs, and the markers that stand with a quote: the seed's quirks on purpose."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.bank.passages import _BLANK_LINE, SourceText, normalize
from trainer.paths import BUNDLED_DIR

SEED = (BUNDLED_DIR / "khasham" / "khasham.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    return SourceText(SEED)


def standing(source, quote):
    match = source.find(quote)
    assert match is not None, quote
    return match.standing


def test_paragraphs_are_blank_line_blocks_with_their_lines(seed):
    assert len(seed.paragraphs) == SEED.count("\n\n") + 1
    assert [p.number for p in seed.paragraphs] == list(range(1, len(seed.paragraphs) + 1))
    lines = SEED.splitlines()
    for p in seed.paragraphs:
        assert normalize(lines[p.line - 1]).startswith(p.text[:20])


def test_lead_paragraph_starts_with_infobox_debris_and_has_no_marker(seed):
    lead = seed.paragraphs[1]
    assert lead.text.startswith("US aircraft and artillery")
    assert lead.leading == () and lead.markers == ()
    match = seed.find("The Battle of Khasham, also known as the Battle of Conoco Fields")
    assert match.paragraph is lead and match.standing == ()


@pytest.mark.parametrize(
    ("quote", "markers"),
    [
        (
            "According to the U.S. military's official statement, around 10 p.m. local time",
            ("[38]", "[39]", "[40]"),
        ),
        ("a force of 500 pro-government fighters", ("[38]", "[39]", "[40]")),
        ("[21][13] Supported by T-72 and T-55 tanks", ("[21]", "[13]")),  # given order, repeats kept apart
        ("Later that same day, under the cover of darkness", ("[2]",)),
        ("On 10 February 2018, a U.S. MQ-9 Reaper drone destroyed a T-72 tank", ("[104]",)),
    ],
)
def test_leading_markers_stand_with_the_whole_paragraph(seed, quote, markers):
    match = seed.find(quote)
    assert match.paragraph.leading == markers
    assert match.standing == markers


def test_some_paragraphs_have_no_marker(seed):
    match = seed.find("At around 5 a.m. on 7 February 2018, around 250 of these fighters")
    assert match.standing == ()


@pytest.mark.parametrize(
    ("quote", "with_78_79"),
    [
        ("had a secret conference with his top military chiefs", True),  # ends just before them
        ("had a secret conference with his top military chiefs;", True),
        ("his top military chiefs;[78][79] he also had a telephone conversation", True),  # spans them
        ("he also had a telephone conversation with U.S. president Donald Trump on 12 February", False),
        ("Vladimir Putin abruptly cancelled most of his previously announced engagements", False),
    ],
)
def test_mid_paragraph_markers_stand_with_the_text_before_them(seed, quote, with_78_79):
    found = standing(seed, quote)
    assert found[:2] == ("[76]", "[77]")
    assert (("[78]" in found) and ("[79]" in found)) is with_78_79


def test_language_tag_is_no_marker_by_default(seed):
    quote = "Viktor Baranets [ru] was cited as saying"  # the source has a no-break space before [ru]
    assert standing(seed, quote) == ("[100]", "[101]")
    tagged = SourceText(SEED, r"\[(?:\d+|ru)\]")
    assert tagged.find(quote).standing == ("[100]", "[101]", "[ru]")


def test_whitespace_differences_are_ignored_but_not_other_characters(seed):
    assert seed.find("a force of\n   500  pro-government\tfighters") is not None
    assert seed.find("a force of 500 pro government fighters") is None
    assert seed.find("claimed 80-100 PMCs") is None  # the source has an en dash
    assert seed.find("claimed 80\u2013100 PMCs") is not None


def test_a_quote_never_spans_two_paragraphs(seed):
    assert seed.find("Conoco Fields") is not None
    across = "Deir ez-Zor Governorate, Syria. [13] As unconfirmed accounts"
    assert seed.find(across) is None
    assert seed.across_paragraphs(across) and not seed.across_paragraphs("Syria. [14] As")


def test_a_repeated_quote_is_placed_where_its_citations_stand(seed):
    quote = "According to the U.S. military"
    assert seed.find(quote).standing == ("[38]", "[39]", "[40]")  # the first place by default
    assert seed.find(quote, ["[6]", "[14]"]).standing == ("[6]", "[14]", "[7]")
    assert len(seed.find_all(quote)) == 2


def test_a_whole_paragraph_is_placed_where_it_stands_whole():
    source = SourceText("[1] Alpha beta gamma delta epsilon.\n\n[2] Alpha beta gamma delta.")
    assert source.find("Alpha beta gamma delta.").standing == ("[2]",)
    assert source.find("Alpha beta gamma delta.", ["[1]"]).standing == ("[2]",)  # its only place
    assert source.find("Alpha beta gamma delta", ["[1]"]).standing == ("[1]",)  # the first of two


def test_quote_not_starting_at_a_word_is_still_found(seed):
    # The prefix index only holds word starts; the fallback search finds the rest.
    match = seed.find("the first deadly clash between citizens of Russia")
    assert match is not None and match.standing == ("[13]",)
    assert seed.find("ilitary engagement of the Syrian civil war") is not None


def test_markers_right_after_a_quote_only_across_spacing_and_punctuation():
    source = SourceText("[1] Alpha beta.[2] Gamma [3] delta, [4][5] epsilon [6].")
    assert source.find("Alpha beta").standing == ("[1]", "[2]")
    assert source.find("Gamma").standing == ("[1]", "[3]")
    assert source.find("delta").standing == ("[1]", "[4]", "[5]")
    assert source.find("beta.[2] Gamma").standing == ("[1]", "[2]", "[3]")
    assert source.find("epsilon").standing == ("[1]", "[6]")
    assert source.find("Alph").standing == ("[1]",)  # a word cut short has no marker after it


def test_crlf_and_lone_blank_lines_with_spaces_split_paragraphs():
    source = SourceText("[1] One.\r\n \r\n[2] Two\r\nlines.\n\n\n[3] Three.")
    assert [p.text for p in source.paragraphs] == ["[1] One.", "[2] Two lines.", "[3] Three."]
    assert [p.line for p in source.paragraphs] == [1, 3, 7]
    assert [p.leading for p in source.paragraphs] == [("[1]",), ("[2]",), ("[3]",)]


def test_lines_count_blank_lines_before_the_first_paragraph():
    source = SourceText(" \n\t\n  \n[1] One.\n\n[2] Two.")
    assert [(p.line, p.text) for p in source.paragraphs] == [(4, "[1] One."), (6, "[2] Two.")]


def _plain_reading(text, pattern):
    """Each paragraph as (number, line, text, markers, leading) and its body, every marker found by `finditer`:
    what `SourceText`, which spares most paragraphs that work, must agree with."""
    pattern, found, line = re.compile(pattern), [], 1
    pieces = _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    for block, gap in zip(pieces[::2], [*pieces[1::2], ""], strict=True):
        if block.strip():
            para = normalize(block)
            markers = tuple((m.start(), m.end(), m.group()) for m in pattern.finditer(para) if m.group())
            leading, i = [], 0
            for start, end, marker in markers:
                if start != i:
                    break
                leading.append(marker)
                i = len(para) - len(para[end:].lstrip(" "))
            first_line = line + block.count("\n", 0, len(block) - len(block.lstrip()))
            found.append(((len(found) + 1, first_line, para, markers, tuple(leading)), para[i:]))
        line += block.count("\n") + gap.count("\n")
    return found


# Markers that lead, follow or touch each other, spacing of every kind, and patterns that can match a space
# or match empty text next to a word.
_PIECES = [
    "[1]",
    "[2]",
    "[12]",
    "[ru]",
    " ",
    "  ",
    "\u00a0",
    "\t",
    "x",
    "yz",
    ".",
    ";",
    "\n",
    "\n\n",
    "\n \n",
    "\r\n",
]
_PATTERNS = [
    r"\[\d+\]",
    r"\[(?:\d+|ru)\]",
    r" ?\[\d+\]",
    r"\[\d+\] ?",
    r"x|\[\d\]",
    r"(?<=\.)\[\d+\]",
    r"^\[\d+\]",
    r"\b|\[\d+\]",
]


@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=40), pattern=st.sampled_from(_PATTERNS))
def test_paragraphs_and_whole_paragraph_quotes_agree_with_a_plain_reading(pieces, pattern):
    text = "".join(pieces)
    plain = _plain_reading(text, pattern)
    source = SourceText(text, pattern)
    assert [tuple(p) for p in source.paragraphs] == [p for p, _ in plain]
    for _, body in plain:
        first = next(p for p, b in plain if b == body)  # a body that repeats is placed at its first paragraph
        assert source.find(body).paragraph.number == first[0]


def test_the_markers_closing_a_sentence_stand_with_a_quote_of_part_of_it() -> None:
    text = SourceText(
        "Intro.\n\nSailing far out, Cabral sighted Brazil on 22 April 1500 and claimed it for Portugal before "
        "continuing to India. [19] Then he left, c. 1501. [20]\n"
    )
    assert text.find("Cabral sighted Brazil on 22 April 1500").standing == ("[19]",)  # type: ignore[union-attr]
    assert text.find("Sailing far out").standing == ("[19]",)  # type: ignore[union-attr]
    assert text.find("Then he left").standing == ("[20]",)  # type: ignore[union-attr]
    # Never the next sentence's marker.
    assert text.find("Intro").standing == ()  # type: ignore[union-attr]
