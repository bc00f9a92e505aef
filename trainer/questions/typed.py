"""Typed answers (cued recall): the learner types a multiple-choice question's answer instead of picking it.

Producing an answer teaches more than recognising it (Kang, McDermott & Roediger 2007), and reading options
can plant wrong answers (Roediger & Marsh 2005), so a learner may choose to type. A question can be typed when
its answer is short enough to type (`MAX_WORDS` words, `MAX_CHARS` characters). Grading is generous about
form and strict about content:
- right: the answer or one of the bank's `also_right` forms, compared case-, accent- and
  punctuation-blind, and as the same date, time or number written another way ("7 Feb 2018", "seven");
- close (counts as Hard): a small typing slip of a worded answer (rapidfuzz's normalised Indel similarity of
  at least `CLOSE`), never of a number or a date, whose every digit matters, and never nearer a wrong option than the answer;
- wrong: anything else.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from trainer.bank.folding import fold, same_answer
from trainer.questions.model import Grade, Question

MAX_WORDS = 6
MAX_CHARS = 40
CLOSE = 85.0
"""rapidfuzz `fuzz.ratio` (0-100) from which a miss is a slip: one wrong letter in a seven-letter name."""


@dataclass(frozen=True)
class TypedGrade:
    grade: Grade
    typed: str
    close: bool
    """Wrong, but a slip of the right answer: "close: you typed X"."""


def can_type(question: Question) -> bool:
    """Is `question` a choice whose answer is short enough to type?"""
    if question.kind != "choice" or not isinstance(question.answer, int):
        return False
    key = question.options[question.answer]
    return len(key) <= MAX_CHARS and len(key.split()) <= MAX_WORDS


def _loose(text: str) -> str:
    """Folded, without accents and without punctuation inside: "Ségur-Lamoignon" ~ "segur lamoignon"."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def grade_typed(question: Question, typed: str, also_right: tuple[str, ...] = ()) -> TypedGrade:
    """Grade `typed` against the question's answer and `also_right`; the grade's response is the right
    option's index when right (so history and feedback read as for a pick), else -1 (no option chosen)."""
    if not can_type(question):
        raise ValueError("this question is answered by choosing an option")
    assert isinstance(question.answer, int)
    rights = (question.options[question.answer], *also_right)
    wrongs = tuple(o for i, o in enumerate(question.options) if i != question.answer)
    loose = _loose(typed)
    if loose and any(same_answer(typed, r) or loose == _loose(r) for r in rights):
        return TypedGrade(Grade(correct=True, score=1.0, response=question.answer), typed, close=False)
    from rapidfuzz import fuzz  # here: only a typed miss needs it, and the app starts before any is typed

    close = bool(loose) and not any(c.isdigit() for c in loose)
    close = close and not any(same_answer(typed, w) or loose == _loose(w) for w in wrongs)
    nearest_right = max(fuzz.ratio(loose, _loose(r)) for r in rights)
    nearest_wrong = max((fuzz.ratio(loose, _loose(w)) for w in wrongs), default=0.0)
    close = close and nearest_right >= CLOSE and nearest_right > nearest_wrong
    return TypedGrade(Grade(correct=False, score=0.0, response=-1, close=close), typed, close=close)


def typed_verdict(q: Question, g: Grade, typed: str) -> str:
    """The verdict on a typed answer, in words both front ends use."""
    assert isinstance(q.answer, int)
    if g.correct:
        return f"Right: {q.options[q.answer]} (you typed {typed})"
    if g.close:
        return (
            f"Close: you typed {typed}. The answer is {q.options[q.answer]} (counted as hard, not as known)"
        )
    return f"Wrong. You typed {typed}. The answer is {q.options[q.answer]}"
