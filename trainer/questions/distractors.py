"""Wrong options that are plausible and never also right.

Candidates, in order of preference: the teacher's own distractors; answers of the same kind nearest in
value (for numbers, dates, times of day); answers of facts sharing the rarest tag first; any answer of the
kind. A candidate is refused if a learner could defend it (see `Answer.refuses`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from trainer.bank.text import fold, fold_passage, meaning, occurs, same_meaning
from trainer.questions.draws import Draws
from trainer.questions.model import OptionNote
from trainer.questions.pools import Entry, Pool, nearest, scalar, walk

_CATCH_ALL = frozenset(
    {"all of the above", "none of the above", "all of these", "none of these", "both", "neither"}
)
_MAX_EXAMINED = 200
"""Candidates looked at before giving up: keeps a 10,000-fact bank fast when a pool is mostly refused."""


class Answer:
    """What a question accepts: its answer, the values also right, and the passage that states them."""

    __slots__ = ("_meanings", "_quote", "_rights", "fact_id", "kind", "tags", "text", "value")

    def __init__(
        self,
        text: str,
        kind: str,
        fact_id: str,
        quote: str,
        also_right: Sequence[str] = (),
        tags: Sequence[str] = (),
        value: tuple[str, float] | None = None,
    ) -> None:
        self.text, self.kind, self.fact_id, self.tags, self.value = text, kind, fact_id, tags, value
        self._rights = [f for f in map(fold, (text, *also_right)) if f]
        self._meanings = [m for m in map(meaning, self._rights) if m is not None]
        self._quote = fold_passage(quote)

    def refuses(self, folded: str, value: tuple[str, float] | None, means: tuple | None) -> bool:
        """Could a learner defend the candidate (folded; `means` is its `text.meaning`) as right? The same
        answer written differently, a value the bank marks as also right, one containing the other ("T-72" /
        "T-72 tanks"), or a value the fact's own quote states (the six aircraft one passage lists)."""
        if not folded or folded in _CATCH_ALL:
            return True
        if value is not None and value == self.value:
            return True
        # `in` before `occurs`: most candidates share no text with the answer or its quote, and this is
        # asked of tens of thousands of candidates on a large bank.
        for right in self._rights:
            if folded == right:
                return True
            if (right in folded and occurs(folded, right)) or (folded in right and occurs(right, folded)):
                return True
        if means is not None:
            for m in self._meanings:
                if same_meaning(means, m):
                    return True
        return folded in self._quote and occurs(self._quote, folded)


@dataclass(slots=True)
class Distractor:
    text: str
    note: OptionNote | None
    """Why it is wrong, where the bank knows (it is another fact's answer)."""
    value: tuple[str, float] | None = None
    folded: str = ""
    means: tuple | None = None


def _candidates(
    answer: Answer, teacher: Sequence[str], pool: Pool | None, rng: Draws
) -> Iterator[Entry | str]:
    """Pool entries, or teacher's distractors that are no other fact's answer (plain text)."""
    for text in teacher:
        yield (pool.find(text) if pool else None) or text
    if pool is None or not pool.entries:
        return
    if answer.value is not None:
        yield from nearest(pool, answer.value, answer.fact_id)
    by_tag = pool.by_tag
    for _, tag in sorted((len(by_tag[t]), t) for t in answer.tags if t in by_tag):
        entries = by_tag[tag]
        yield from walk(entries, rng.randrange(len(entries)))
    yield from walk(pool.entries, rng.randrange(len(pool.entries)))


def pick(
    answer: Answer, teacher: Sequence[str], pool: Pool | None, count: int, rng: Draws
) -> list[Distractor] | None:
    """`count` distractors for `answer`, or None if the bank has too few valid ones."""
    chosen: list[Distractor] = []
    seen: set[str] = set()
    budget = _MAX_EXAMINED + len(teacher)
    own, refuses = answer.fact_id, answer.refuses
    for candidate in _candidates(answer, teacher, pool, rng):
        if isinstance(candidate, str):
            text, folded, entry = candidate, fold(candidate), None
        elif candidate.fact_id == own:
            continue
        else:
            text, folded, entry = candidate.text, candidate.folded, candidate
        if folded in seen:
            continue
        seen.add(folded)
        budget -= 1
        if budget < 0:
            break
        value = entry.scalar if entry is not None else scalar(text, answer.kind, None)
        means = meaning(folded)
        if refuses(folded, value, means):
            continue
        # Most candidates are no value: only the same folded text, seen already, could repeat a chosen one.
        if (value is not None or means is not None) and _repeats(value, means, chosen):
            continue
        chosen.append(Distractor(text, entry.note if entry is not None else None, value, folded, means))
        if len(chosen) == count:
            return chosen
    return None


def _repeats(value: tuple[str, float] | None, means: tuple | None, chosen: list[Distractor]) -> bool:
    """Is a candidate not seen before one of the chosen distractors again, written differently?"""
    return any(same_meaning(means, d.means) or (value is not None and value == d.value) for d in chosen)
