"""Explanations: the fact, its verbatim quote with the answer picked out, its markers and its source, and
for each wrong option, where the bank knows, what that option really is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from trainer.bank.folding import find_spans, fold
from trainer.bank.forms import words
from trainer.bank.loaded import LoadedBank
from trainer.questions.model import OptionNote

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact


def cite(text: str, citations: Iterable[str]) -> str:
    """`text` followed by its markers as the source prints them: "... salient [2]"."""
    markers = "".join(citations)
    return f"{text} {markers}" if markers else text


def source_title(loaded: LoadedBank, source_id: str | None) -> str:
    source = loaded.source(source_id) if source_id else None
    return source.title if source is not None else (source_id or "")


def fact_note(fact: Fact, prefix: str | None = None) -> OptionNote:
    """The fact itself as a note, e.g. "500: <statement> [38][39]"."""
    text = cite(fact.statement, fact.citations)
    return OptionNote(
        text=f"{prefix}: {text}" if prefix else text, fact=fact.id, citations=tuple(fact.citations)
    )


def highlights(quote: str, answers: Iterable[str]) -> tuple[str, ...]:
    """The answers as they stand in the quote (its own spelling, dashes and case), first found first."""
    found: list[str] = []
    for answer in answers:
        for start, end in find_spans(quote, answer):
            if quote[start:end] not in found:
                found.append(quote[start:end])
        if found:
            break
    return tuple(found)


_TOKEN = re.compile(r"[^\W_][\w'-]*")


def paraphrase_span(quote: str, answer: str) -> tuple[str, ...]:
    """The stretch of the quote that an answer not written in it paraphrases: the shortest run of the
    quote's words holding the most of the answer's own words, if that is at least half of them ("Counter
    Iranian influence" in "... to counter Iranian influence and ensure ..."). Nothing when the quote does
    not say it in the answer's words: a wrong mark is worse than none."""
    wanted = words(fold(answer))
    if not wanted:
        return ()
    tokens = [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(quote)]
    hits = [k for k, (_, _, word) in enumerate(tokens) if word in wanted]
    best: tuple[int, int, int] | None = None  # (-words matched, length, start hit)
    for a, first in enumerate(hits):
        found: set[str] = set()
        for last in hits[a:]:
            found.add(tokens[last][2])
            score = (-len(found), last - first, first)
            if best is None or score < best:
                best = score
                span = (tokens[first][0], tokens[last][1])
    if best is None or -best[0] * 2 < len(wanted):
        return ()
    return (quote[span[0] : span[1]],)


def merge_citations(facts: Iterable[Fact]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for fact in facts:
        seen.update(dict.fromkeys(fact.citations))
    return tuple(seen)


def merge_quotes(quotes: Iterable[str]) -> str:
    return "\n\n".join(dict.fromkeys(q for q in quotes if q))


def choice_explanation(lead: str, answer: int, notes: Sequence[OptionNote | None]) -> str:
    """The right answer's fact, then why each wrong option is wrong where the bank knows."""
    wrong = [f"- {note.text}" for i, note in enumerate(notes) if i != answer and note is not None]
    return "\n".join([lead, "", "The other options:", *wrong]) if wrong else lead


def order_explanation(
    lead: str, items_in_order: Sequence[str], notes_in_order: Sequence[OptionNote | None]
) -> str:
    """The right order, each item with its date or value and its markers."""
    lines = [lead, ""]
    for n, (item, note) in enumerate(zip(items_in_order, notes_in_order, strict=True), start=1):
        lines.append(f"{n}. {note.text if note is not None else item}")
    return "\n".join(lines)
