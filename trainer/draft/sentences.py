"""An article as passages (its paragraphs, as the validator reads them) and each passage's sentences, each
with its verbatim quote and the citation markers that stand with it.

Sentence boundaries come from pysbd, run on the passage with its markers taken out (a marker after a full
stop, `BC.[2] Its`, would otherwise hide the boundary); the spans are mapped back onto the passage, so a
quote is a verbatim slice of it and markers inside a sentence stay in its quote."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

import pysbd

from trainer.bank.passages import Paragraph, SourceText

_END = re.compile(r"[.!?:;\"'”’)\]]$")
_HEADING_WORDS = 8
# After a space: "°C." ends a sentence, "c." does not.
_ABBREVIATION = re.compile(r"(?:^|\s)(?:c|ca|fl|r|b|d|approx|cf|vs|no|No|vol|pp?)\.$")
_RUNS_ON = re.compile(r"[a-z0-9]")


class Sentence(NamedTuple):
    quote: str
    """A verbatim slice of its passage: no leading or trailing markers."""
    text: str
    """The quote with its markers taken out: the fact's statement."""
    citations: tuple[str, ...]
    """The markers that stand with the quote, as the validator finds them."""


class Passage(NamedTuple):
    paragraph: Paragraph
    heading: str | None
    """The heading the passage stands under, if any."""
    sentences: tuple[Sentence, ...]


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def is_heading(paragraph: Paragraph) -> bool:
    """A short line without a marker or closing punctuation: a title or a section heading."""
    text = paragraph.text
    return not paragraph.markers and len(text.split()) <= _HEADING_WORDS and not _END.search(text)


def split(paragraph: Paragraph, source: SourceText) -> tuple[Sentence, ...]:
    """The sentences of a passage after its leading markers."""
    text = paragraph.text
    body = 0
    for start, end, _ in paragraph.markers:
        if start != body:
            break
        body = end + (end < len(text) and text[end] == " ")
    keep = [True] * len(text)
    for start, end, _ in paragraph.markers:
        keep[start:end] = [False] * (end - start)
    places = [i for i in range(body, len(text)) if keep[i]]  # plain text index -> passage index
    plain = "".join(text[i] for i in places)
    sentences = []
    for first, last in _spans(plain):
        words = plain[first : last + 1]
        quote = text[places[first] : places[last] + 1]
        sentences.append(
            Sentence(quote, " ".join(words.split()), _standing(source, paragraph, quote, places[first]))
        )
    return tuple(sentences)


def _spans(plain: str) -> list[tuple[int, int]]:
    """(first, last) character of each sentence. pysbd ends a sentence at "c." in "c. 550 BC": a break
    after such an abbreviation, or before a word in lower case or a digit, is undone."""
    spans: list[tuple[int, int]] = []
    for span in _segmenter().segment(plain):
        words = span.sent.strip()
        if not words:
            continue
        first = span.start + (len(span.sent) - len(span.sent.lstrip()))
        last = first + len(words) - 1
        if spans and (_ABBREVIATION.search(plain, 0, spans[-1][1] + 1) or _RUNS_ON.match(words)):
            spans[-1] = (spans[-1][0], last)
        else:
            spans.append((first, last))
    return spans


def _standing(source: SourceText, paragraph: Paragraph, quote: str, start: int) -> tuple[str, ...]:
    for match in source.find_all(quote):
        if match.paragraph.number == paragraph.number and match.start == start:
            return match.standing
    return paragraph.leading


def passages(source: SourceText) -> list[Passage]:
    """Every paragraph that is not a heading, with the heading it stands under; the first paragraph (the
    title) is never a passage."""
    found, heading = [], None
    for paragraph in source.paragraphs[1:]:
        if is_heading(paragraph):
            heading = paragraph.text
            continue
        found.append(Passage(paragraph, heading, split(paragraph, source)))
    return found
