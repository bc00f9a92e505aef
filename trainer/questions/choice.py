"""Multiple-choice questions: a fact asked forward and in reverse, and the teacher's hand-written ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from operator import itemgetter
from typing import TYPE_CHECKING

from trainer.bank import timeline
from trainer.bank.folding import contains, fold, same_answer
from trainer.bank.loaded import LoadedBank
from trainer.bank.vocabulary import QUESTION_OPENERS
from trainer.questions import categories, distractors
from trainer.questions.draws import Draws
from trainer.questions.explain import (
    choice_explanation,
    cite,
    fact_note,
    highlights,
    paraphrase_span,
    source_title,
)
from trainer.questions.model import Form, ItemKey, Kind, OptionNote, Question
from trainer.questions.pools import Pools

if TYPE_CHECKING:
    from trainer.bank.shapes import Fact, HandQuestion

_ACCORDING = "according to "


def with_attribution(question: str, attribution: str | None) -> str:
    """The question as the source allows it to be asked: a reported claim keeps whose claim it is
    ("According to the U.S. military, how many ...?") unless the teacher's wording already says so."""
    if not attribution or not fold(attribution):
        return question
    who = fold(attribution)
    who = who[len(_ACCORDING) :] if who.startswith(_ACCORDING) else who
    if contains(question, who):
        return question
    lead = attribution.strip().rstrip(".,:;")
    if not fold(lead).startswith(_ACCORDING):
        lead = "According to " + lead
    # One sentence, as a writer puts it ("According to reports, in what year ...?"), not a label glued on
    # ("According to reports: In what year ...?"); a name that opens the question keeps its capital.
    first = question.lstrip().split(" ", 1)[0]
    if first.lower() in QUESTION_OPENERS:
        question = question.lstrip()
        question = question[0].lower() + question[1:]
    return f"{lead[0].upper()}{lead[1:]}, {question}"


def _assemble(
    key: ItemKey,
    prompt: str,
    right: str,
    right_note: OptionNote | None,
    wrong: Sequence[distractors.Distractor],
    lead: str,
    facts: tuple[str, ...],
    quote: str,
    citations: tuple[str, ...],
    source: str,
    highlight: tuple[str, ...],
    rng: Draws,
) -> Question:
    order = list(range(len(wrong) + 1))
    rng.shuffle(order)
    shown = itemgetter(*order)  # a tuple, as there are always two options or more
    texts: tuple[str, ...] = shown([right, *[d.text for d in wrong]])
    notes: tuple[OptionNote | None, ...] = shown([right_note, *[d.note for d in wrong]])
    answer = order.index(0)
    return Question(
        id=str(key),
        key=key,
        kind=Kind.CHOICE,
        prompt=prompt,
        options=texts,
        answer=answer,
        facts=facts,
        explanation=choice_explanation(lead, answer, notes),
        citations=citations,
        quote=quote,
        source=source,
        highlight=highlight,
        notes=notes,
    )


def fact_question(
    loaded: LoadedBank,
    pools: Pools,
    key: ItemKey,
    fact: Fact,
    rng: Draws,
    refused: Counter[distractors.Refusal] | None = None,
) -> Question | None:
    """`key.form` "choice" asks `fact.question`; "reverse" asks `fact.reverse.question`. None when the fact
    does not say that question, or the bank has too few valid wrong answers for it (`refused` then counts
    the candidates that were left out, by reason)."""
    if key.form == Form.REVERSE:
        if fact.reverse is None:
            return None
        question, right, kind = fact.reverse.question, fact.reverse.answer, fact.reverse.answer_kind
        also_right: tuple[str, ...] = ()
        teacher, group = fact.reverse.distractors, fact.reverse.group
        quantity = None
    else:
        if not (fact.question and fact.answer and fact.answer_kind):
            return None
        question, right, kind = fact.question, fact.answer, fact.answer_kind
        teacher, also_right, group = fact.distractors, tuple(fact.also_right), fact.group
        quantity = fact.value
    if not fold(right):
        return None  # an answer of punctuation alone cannot be told from a wrong one
    pool = pools.get(kind)
    assert pool is not None, "every fact's answers are in the pool of their kind"
    value = pool.own(fact.id, right).scalar
    prompt = with_attribution(question, fact.attribution)
    # The attribution counts as the stem even where the question leaves it out: no option may be in it.
    stem = f"{prompt} {fact.attribution}" if fact.attribution else prompt
    answer = distractors.Answer(
        right,
        kind,
        fact.id,
        fact.quote,
        also_right,
        fact.tags,
        value,
        stem,
        group,
        quantity,
        category=categories.asked(question),
        year=timeline.year(fact.when) if fact.when is not None else None,
        knowledge=pools.knowledge,
    )
    wrong = distractors.pick(answer, teacher, pool, loaded.bank.settings.distractors, rng, refused)
    if wrong is None:
        return None
    return _assemble(
        key,
        prompt=prompt,
        right=right,
        right_note=fact_note(fact, prefix=right),
        wrong=wrong,
        lead=cite(fact.statement, fact.citations),
        facts=(fact.id,),
        quote=fact.quote,
        citations=tuple(fact.citations),
        source=source_title(loaded, fact.source),
        # A reverse question's key is its own answer, never the cue (the forward answer) it is asked from.
        highlight=highlights(fact.quote, (right,)) or paraphrase_span(fact.quote, right),
        rng=rng,
    )


def hand_question(loaded: LoadedBank, pools: Pools, hand: HandQuestion, rng: Draws) -> Question | None:
    """The teacher's question as written, options shuffled; its fact (if any) gives quote and citations.
    None if two of its options are the same answer (validation reports that)."""
    options = [hand.answer, *hand.distractors]
    if any(same_answer(a, b) for i, a in enumerate(options) for b in options[i + 1 :]):
        return None
    fact = loaded.fact(hand.fact) if hand.fact else None
    citations = tuple(fact.citations) if fact else ()
    if fact is not None:
        lead = cite(hand.explanation or fact.statement, citations)
        source = source_title(loaded, fact.source)
    else:
        lead = hand.explanation or ""
        # Without a fact, a bank of one source can still name it; several sources leave it unknown.
        source = loaded.bank.sources[0].title if len(loaded.bank.sources) == 1 else ""
    wrong = [distractors.Distractor(text, _known_wrong(pools, text, fact)) for text in hand.distractors]
    return _assemble(
        ItemKey(loaded.id, hand.id, Form.HAND),
        prompt=hand.prompt,
        right=hand.answer,
        right_note=fact_note(fact, prefix=hand.answer) if fact else None,
        wrong=wrong,
        lead=lead,
        facts=(fact.id,) if fact else (),
        quote=fact.quote if fact else "",
        citations=citations,
        source=source,
        highlight=highlights(fact.quote, [hand.answer]) if fact else (),
        rng=rng,
    )


def _known_wrong(pools: Pools, text: str, own: Fact | None) -> OptionNote | None:
    """A hand-written wrong option that is another fact's answer gets that fact as its note."""
    for pool in pools.all():
        entry = pool.find(text)
        if entry is not None and (own is None or own.id != entry.fact_id):
            return entry.note
    return None
