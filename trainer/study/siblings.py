"""Keeping a study day's questions from giving each other away.

Within one study day a learner gets at most one question on a fact, on facts that share a quote, and never a
question whose answer was already shown that day: in another question's stem, its feedback (explanation,
right answer, ordering items), its quote or its notes on wrong options. Anki buries siblings for the same
reason. A question held back stays due (or new) and comes back on a later day, when the day's record starts
empty. The re-ask of a missed question is exempt: being asked again is its point.

Text is compared folded and at word boundaries (`trainer.bank.folding`), so "40" is not found in "400" and
"Khasham." matches "khasham".
"""

from __future__ import annotations

from collections import defaultdict

from trainer.bank.folding import fold, fold_passage, occurs
from trainer.questions.model import ItemKey, Question


def answer_text(question: Question) -> str | None:
    """What a choice question asks the learner to recall; None for an ordering (its answer is an order)."""
    if isinstance(question.answer, int):
        return question.options[question.answer]
    return None


def shown_texts(question: Question) -> list[str]:
    """Everything a learner reads while answering `question` and in its feedback."""
    texts = [question.prompt, question.explanation, question.quote]
    if isinstance(question.answer, int):
        texts.append(question.options[question.answer])  # the feedback names the right answer
    else:
        texts.extend(question.options)  # every item is shown, each with its date or value
    texts.extend(note.text for note in question.notes if note is not None)
    return texts


def _quotes(question: Question) -> list[str]:
    # Several passages (an ordering's) are joined with a blank line.
    return [fold_passage(part) for part in question.quote.split("\n\n") if part.strip()]


class DayRecord:
    """What the learner has met so far today, and whether a further question would repeat or reveal it.
    A question never clashes with itself: an item asked again today (a missed one, in its learning steps)
    is the same question, not a sibling."""

    def __init__(self) -> None:
        self.facts: dict[tuple[str, str], set[ItemKey]] = defaultdict(set)
        self.quotes: dict[str, set[ItemKey]] = defaultdict(set)
        self.shown: list[tuple[ItemKey, str]] = []
        """Folded texts shown today, each with the question that showed it."""

    @staticmethod
    def _facts(question: Question) -> set[tuple[str, str]]:
        bank = question.key.bank
        return {(bank, question.key.fact), *((bank, fact) for fact in question.facts)}

    def add(self, question: Question) -> None:
        key = question.key
        for fact in self._facts(question):
            self.facts[fact].add(key)
        for quote in _quotes(question):
            self.quotes[quote].add(key)
        self.shown.extend((key, fold_passage(text)) for text in shown_texts(question) if text)

    def clash(self, question: Question) -> str | None:
        """Why `question` should wait for another day, or None when it may be asked."""
        key = question.key
        if any(self.facts.get(fact, {key}) - {key} for fact in self._facts(question)):
            return "same fact"
        if any(self.quotes.get(quote, {key}) - {key} for quote in _quotes(question)):
            return "same quote"
        answer = answer_text(question)
        # A question met earlier today (a learning step, a re-ask) has shown its own answer already.
        if answer is not None and all(other != key for other, _ in self.shown):
            needle = fold(answer)
            if any(other != key and occurs(text, needle) for other, text in self.shown):
                return "answer shown"
        return None
