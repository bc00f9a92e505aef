"""A sentence as a draft fact: statement, quote, citations, attribution, tags, and where the sentence
decides them, `when`, `value` and a gap-fill question whose answer is the one date or amount it states.
What the draft cannot decide is a note for the teacher, never a guess."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from trainer.draft.amounts import find_amounts
from trainer.draft.attribution import find_claim
from trainer.draft.dates import find_dates
from trainer.draft.sentences import Passage, Sentence

MIN_WORDS = 5
"""A shorter sentence states too little to ask about."""
GAP = "___"
_REFERS_BACK = frozenset(
    ("It", "Its", "He", "His", "She", "Her", "They", "Their", "This", "These", "That", "Those")
)
_SAME_DAY = re.compile(r"(?:later )?(?:that|the) same day|later that day|that (?:evening|night)", re.I)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "in",
        "on",
        "at",
        "by",
        "to",
        "for",
        "from",
        "with",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "its",
        "it",
        "his",
        "her",
        "their",
        "this",
        "that",
        "these",
        "those",
        "as",
        "also",
        "which",
        "who",
        "whom",
        "than",
        "then",
        "there",
        "after",
        "before",
    ]
)


@dataclass
class DraftFact:
    id: str
    statement: str
    quote: str
    citations: list[str]
    tags: list[str]
    attribution: str | None = None
    question: str | None = None
    answer: str | None = None
    answer_kind: str | None = None
    distractors: list[str] = field(default_factory=list)
    when: dict[str, object] | None = None
    value: dict[str, object] | None = None
    notes: list[str] = field(default_factory=list)
    """Comment lines written inside the fact (`TODO: ...`, `FORMAT: ...`)."""

    def drop_question(self, why: str) -> None:
        self.question = self.answer = self.answer_kind = None
        self.distractors = []
        self.notes.append(f"TODO: which span is the answer? ({why})")


def slug(text: str, words: int = 4, fallback: str = "fact") -> str:
    tokens = [t for t in re.findall(r"[a-z0-9]+", text.lower()) if t not in _STOP]
    return "-".join(tokens[:words])[:60].strip("-") or fallback


def tag_of(passage: Passage) -> list[str]:
    return [slug(passage.heading, words=3)] if passage.heading else ["introduction"]


def draft_fact(
    sentence: Sentence, tags: list[str], fact_id: str, previous: DraftFact | None = None
) -> DraftFact | None:
    """The draft fact of a sentence; None for one too short to state a fact. `previous` is the fact drafted
    just before, which "later that same day" follows."""
    if len(sentence.text.split()) < MIN_WORDS:
        return None
    quote = sentence.quote
    fact = DraftFact(fact_id, sentence.text, quote, list(sentence.citations), list(tags))
    if (first := sentence.text.split()[0].strip(",")) in _REFERS_BACK:
        fact.notes.append(f"TODO: the statement begins with '{first}': name what it is about")
    claim = find_claim(sentence.text)
    fact.attribution = claim.attribution
    if claim.word and not claim.attribution:
        fact.notes.append(f"TODO: whose claim is it ('{claim.word}')? say so in `attribution`")
    dates = find_dates(quote)
    amounts = find_amounts(quote, [(d.start, d.end) for d in dates])
    timed = [d for d in dates if d.when is not None]
    fact.notes += [f"FORMAT: when: {d.note}" for d in dates if d.note]
    fact.notes += [a.note for a in amounts if a.note]
    if len(timed) == 1:
        fact.when = timed[0].when
    elif len(timed) > 1:
        fact.notes.append("TODO: which date is the fact's `when`? " + ", ".join(d.text for d in timed))
    same_day = _SAME_DAY.match(sentence.text)
    if same_day and not timed and previous and previous.when and len(str(previous.when["date"])) == 10:
        fact.when = {"date": previous.when["date"], "after": previous.id, "label": same_day.group().lower()}
    valued = [a for a in amounts if a.value is not None]
    if len(valued) == 1:
        fact.value = valued[0].value
    elif len(valued) > 1:
        fact.notes.append("TODO: which amount is the fact's `value`? " + ", ".join(a.text for a in valued))
    # A gap-fill asks for one span: the sentence's one date, else (with no date at all) its one amount.
    spans = [(d.text, d.precision.value) for d in dates if d.precision]
    if not dates and all(a.unit for a in amounts):
        spans = [(a.text, _kind_of_unit(a.unit)) for a in amounts if a.unit]
    if len(spans) == 1 and spans[0][0] in fact.statement:
        answer, kind = spans[0]
        fact.answer, fact.answer_kind = answer, kind
        fact.question = "Fill the gap: " + fact.statement.replace(answer, GAP, 1)
    else:
        found = [d.text for d in dates] + [a.text for a in amounts]
        fact.notes.append(
            "TODO: which span is the answer?" + (f" (candidates: {', '.join(found)})" if found else "")
        )
    return fact


def _kind_of_unit(unit: str) -> str:
    # Prefixed, so that "4.6 billion years" is never a wrong option for a question asking a year.
    return "amount-" + slug(unit, words=3, fallback="number")
