"""A source text as paragraphs, and which citation markers stand with a quoted passage.

A paragraph is a blank-line separated block. Whitespace inside a paragraph is collapsed to single spaces,
so a quote matches whatever the line breaks and spacing ("ignoring whitespace differences"); a quote never
spans two paragraphs.

The markers that stand with a quote (a marker is what the source's `marker_pattern` matches, so a language
tag like `[ru]` is no marker by default):
- the markers its paragraph begins with (`[38][39][40] According to ...`): they stand with the whole
  paragraph; these are the ones a fact must list;
- markers inside the quoted span;
- markers right after the quote's end, with only spaces or punctuation between (`chiefs;[78][79]`): on
  Wikipedia a marker stands with the text before it;
- the markers closing the sentence the quote ends in (after its full stop): they stand with all of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import cached_property
from itertools import accumulate, count, pairwise
from operator import add
from typing import NamedTuple

_BLANK_LINE = re.compile(r"(\n[ \t\r\f\v]*\n\s*)")
# Between a quote's end and the markers that follow it: spacing and closing punctuation, never a word.
_TRAILING = set(" .,;:!?\"')]}\u201d\u2019\u00bb\u2026-\u2013\u2014")
# Where a sentence ends and another begins, between a quote's end and a marker: that marker is the next one's.
_NEW_SENTENCE = re.compile(r"[.!?][\"')\u201d\u2019]*\s+[\"'(\u201c\u2018]?[A-Z]")


def normalize(text: str) -> str:
    """Whitespace collapsed to single spaces, trimmed: the form quotes are compared in."""
    return " ".join(text.split())


class Paragraph(NamedTuple):  # a tuple: a source text of 10,000 paragraphs builds them fast
    number: int
    """1-based, in the order of the source."""
    line: int
    """The line of the source file it starts on."""
    text: str
    """Normalized (see `normalize`)."""
    markers: tuple[tuple[int, int, str], ...]
    """Every marker in `text`: (start, end, marker)."""
    leading: tuple[str, ...]
    """The markers the paragraph begins with: they stand with all of it."""


class Match(NamedTuple):
    """Where a quote stands in its source."""

    paragraph: Paragraph
    start: int
    end: int
    """The quote is `paragraph.text[start:end]`."""
    standing: tuple[str, ...]
    """Every marker that stands with the quote, in source order, without repeats."""


def _match(paragraph: Paragraph, start: int, end: int) -> Match:
    text = paragraph.text
    found = list(paragraph.leading)
    following = end  # where markers right after the quote begin: past spacing and punctuation
    while following < len(text) and text[following] in _TRAILING:
        following += 1
    closing = -1
    if all(m_start != following for m_start, _, _ in paragraph.markers):  # else those close the sentence
        closing = _sentence_markers_start(paragraph, end, following)
    for m_start, m_end, marker in paragraph.markers:
        if m_start < end and m_end > start:  # inside (or cut by) the quote
            found.append(marker)
        elif m_start in (following, closing):
            found.append(marker)
            if m_start == following:
                following = _skip_space(text, m_end)
            else:
                closing = _skip_space(text, m_end)
    return Match(paragraph, start, end, tuple(dict.fromkeys(found)))


def _sentence_markers_start(paragraph: Paragraph, end: int, following: int) -> int:
    """Where the markers closing the sentence a quote ends in begin (-1 if none): a marker after a
    sentence's full stop stands with all of it, so a quote of part of the sentence has it too ("...
    claimed it for Portugal before continuing to India.[19]")."""
    text = paragraph.text
    if 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        return -1  # a word cut short is no quote of the sentence
    for m_start, _, _ in paragraph.markers:
        if m_start <= following:
            continue
        between = text[end - 1 : m_start]  # from the quote's last character: it may end its sentence
        if _NEW_SENTENCE.search(between) or between.rstrip(" \"')\u201d\u2019")[-1:] not in ".!?":
            return -1
        return m_start
    return -1


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def _find_markers(
    text: str, pattern: re.Pattern[str]
) -> tuple[tuple[tuple[int, int, str], ...], tuple[str, ...], int]:
    """Every marker of a paragraph, those it begins with, and where its text after them (its body) starts."""
    markers = tuple([(m.start(), m.end(), m.group()) for m in pattern.finditer(text) if m.group()])
    leading = []
    i = 0
    for start, end, marker in markers:
        if start != i:
            break
        leading.append(marker)
        i = _skip_space(text, end)
    return markers, tuple(leading), i


class SourceText:
    """A source's full text, split once into paragraphs, with a quote finder.

    A paragraph that begins with a marker is worked out whole at once: finding its body needs its leading
    markers. One that does not (most of an article) waits for a quote in it: its body is all of it."""

    def __init__(self, text: str, marker_pattern: str | re.Pattern[str] = r"\[\d+\]") -> None:
        self.pattern = pattern = (
            re.compile(marker_pattern) if isinstance(marker_pattern, str) else marker_pattern
        )
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._lines: list[int] = []  # the line each paragraph starts on
        self._texts: list[str] = []
        texts = self._texts
        line = 1
        # Blocks, each followed by the blank lines after it. Only the first can begin with blank lines (a
        # gap takes the others'), and a blank block normalizes to "" and is no paragraph.
        for i, piece in enumerate(_BLANK_LINE.split(text)):
            if i % 2 == 0 and (paragraph := normalize(piece)):
                blank = piece.count("\n", 0, len(piece) - len(piece.lstrip())) if i == 0 else 0
                self._lines.append(line + blank)
                texts.append(paragraph)
            line += piece.count("\n")
        self._built: list[Paragraph | None] = [None] * len(texts)
        self._bodies: dict[str, int] = {}  # a paragraph's text after its leading markers -> its index
        match, search = pattern.match, pattern.search
        markers: tuple[tuple[int, int, str], ...]
        leading: tuple[str, ...]
        for k, paragraph in enumerate(texts):
            first = match(paragraph)
            if first is None:  # no leading marker: its body is all of it
                self._bodies.setdefault(paragraph, k)
                continue
            end = first.end()
            if end and search(paragraph, end) is None:  # its one marker leads it: no `finditer` needed
                marker = first.group()
                markers, leading, body = ((0, end, marker),), (marker,), _skip_space(paragraph, end)
            else:
                markers, leading, body = _find_markers(paragraph, pattern)
            self._built[k] = Paragraph(k + 1, self._lines[k], paragraph, markers, leading)
            self._bodies.setdefault(paragraph[body:], k)

    def _paragraph(self, k: int) -> Paragraph:
        """The k-th paragraph (0-based); one without a leading marker is built on first use."""
        paragraph = self._built[k]
        if paragraph is None:
            text = self._texts[k]
            markers, leading, _ = _find_markers(text, self.pattern)
            paragraph = self._built[k] = Paragraph(k + 1, self._lines[k], text, markers, leading)
        return paragraph

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph, in the order of the source."""
        return list(map(self._paragraph, range(len(self._texts))))

    @cached_property
    def _joined(self) -> str:
        """All paragraphs in one string, so one `find` searches them all; "\n" never matches a quote."""
        return "\n".join(self._texts)

    @cached_property
    def _offsets(self) -> list[int]:
        """Where each paragraph starts in `_joined`: i texts and i "\n"s before the i-th."""
        return list(map(add, accumulate(map(len, self._texts), initial=0), range(len(self._texts))))

    @cached_property
    def _pairs(self) -> tuple[list[str], list[int], Counter[str]]:
        """Each two adjacent words of the text ("word next"), where each pair starts, and how often each
        pair occurs: built at C speed, which a dict of every word's places is not."""
        words = self._joined.replace("\n", " ").split(" ")
        starts = list(map(add, accumulate(map(len, words), initial=0), count()))  # i words, i spaces before
        pairs = list(map(" ".join, pairwise(words)))
        return pairs, starts, Counter(pairs)

    @cached_property
    def _start_of_unique(self) -> dict[str, int]:
        """Where each pair starts, right for the pairs that occur once."""
        pairs, starts, _ = self._pairs
        return dict(zip(pairs, starts, strict=False))  # starts has one more: the end

    @cached_property
    def _starts_of(self) -> dict[str, list[int]]:
        """Where each pair starts: built only for a quote with no pair of its own in the text."""
        pairs, starts, _ = self._pairs
        index: defaultdict[str, list[int]] = defaultdict(list)
        for pair, start in zip(pairs, starts, strict=False):
            index[pair].append(start)
        return index

    def _occurrences(self, needle: str) -> list[int]:
        """Every start of `needle` in the text. Two adjacent words inside the quote (not its first or
        last word, which may be cut) are two whole words of the text too: the quote is looked up by its
        rarest such pair, most often one the text has once, so a lookup costs next to nothing however
        many quotes share words."""
        joined, tokens = self._joined, needle.split(" ")
        if len(tokens) < 4:
            hits, p = [], joined.find(needle)
            while p != -1:
                hits.append(p)
                p = joined.find(needle, p + 1)
            return hits
        counts = self._pairs[2]
        rarest, rarest_offset = "", 0
        offset = len(tokens[0]) + 1
        for first, second in pairwise(tokens[1:-1]):
            pair = f"{first} {second}"
            if not rarest or counts[pair] < counts[rarest]:
                rarest, rarest_offset = pair, offset
                if counts[pair] <= 1:
                    break
            offset += len(first) + 1
        if counts[rarest] == 0:
            return []
        starts = [self._start_of_unique[rarest]] if counts[rarest] == 1 else self._starts_of[rarest]
        candidates = (p - rarest_offset for p in starts if p >= rarest_offset)
        return [p for p in candidates if joined.startswith(needle, p)]

    def find_all(self, quote: str) -> list[Match]:
        """Every place the quote stands verbatim (whitespace aside), in source order."""
        return self._find_all(normalize(quote))

    def _find_all(self, needle: str) -> list[Match]:
        if not needle:
            return []
        matches = []
        for p in self._occurrences(needle):
            i = bisect_right(self._offsets, p) - 1
            start = p - self._offsets[i]
            matches.append(_match(self._paragraph(i), start, start + len(needle)))
        return matches

    def across_paragraphs(self, quote: str) -> bool:
        """Would the quote stand in the text if paragraphs ran on? (Why `find` did not find it.)"""
        return normalize(quote) in self._joined.replace("\n", " ")

    def find(self, quote: str, citations: tuple[str, ...] | list[str] = ()) -> Match | None:
        """Where the quote stands: a whole paragraph (but its leading markers) that it is, or else, if it
        stands in several places, the first whose markers include all of `citations`."""
        needle = normalize(quote)
        whole = self._bodies.get(needle)
        if whole is not None:
            paragraph = self._paragraph(whole)
            match = _match(paragraph, len(paragraph.text) - len(needle), len(paragraph.text))
            if set(citations) <= set(match.standing):
                return match
        matches = self._find_all(needle)
        if len(matches) == 1:
            return matches[0]
        for match in matches:
            if set(citations) <= set(match.standing):
                return match
        return matches[0] if matches else None
