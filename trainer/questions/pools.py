"""Every answer of a bank, grouped by kind, as candidates for other questions' wrong options.

A pool holds the answers of one kind (forward and reverse answers alike), each with the note that says why
it is wrong when offered elsewhere, indexed by tag and, where the answers are numbers, dates or times of
day, sorted by value so the nearest are found without scanning. Each pool is built when a question of its
kind first needs it, once per loaded bank.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING

from trainer.bank import calendar, timeline
from trainer.bank.folding import as_number, fold, parse_date, parse_time
from trainer.bank.forms import DATED, Form, form_of
from trainer.bank.vocabulary import NUMERAL
from trainer.gc_pause import without_cycle_collection
from trainer.questions.categories import Knowledge
from trainer.questions.explain import cite
from trainer.questions.model import OptionNote

if TYPE_CHECKING:
    from trainer.bank.shapes import Bank, Fact

_NUMERAL = re.compile(NUMERAL)


class Entry:
    """One fact's answer, as a candidate wrong option elsewhere. Its folded form, note and value are worked
    out when first needed: a study session looks at a handful of a 10,000-fact bank's answers."""

    __slots__ = (
        "_fact",
        "_folded",
        "_form",
        "_note",
        "_scalar",
        "_why",
        "fact_id",
        "forward",
        "group",
        "kind",
        "quantity",
        "text",
        "years",
    )

    def __init__(self, text: str, kind: str, fact: Fact, why: str, group: str | None, forward: bool) -> None:
        self.text, self.kind, self.fact_id, self.group = text, kind, fact.id, group
        self._fact, self._why, self.forward = fact, why, forward
        self.quantity = fact.value if forward else None
        """The fact's `value` where this is its forward answer: its unit and amount, for likeness."""
        self._folded: str | None = None
        self._note: OptionNote | None = None
        self._scalar: tuple[str, float] | bool | None = False
        self._form: Form | None = None
        self.years: frozenset[int] | None = None
        """The years of the facts that name this answer (`categories.Knowledge.years`), once worked out."""

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = fold(self.text)
        return self._folded

    @property
    def form(self) -> Form:
        """How the answer looks as an option (`forms.form_of`)."""
        if self._form is None:
            self._form = form_of(self.text, self.kind in DATED)
        return self._form

    @property
    def note(self) -> OptionNote:
        """Why this answer is wrong elsewhere: its fact's `why_wrong` (or statement) and citations."""
        if self._note is None:
            citations = self._fact.citations
            self._note = OptionNote(
                f"{self.text}: {cite(self._why, citations)}", self._fact.id, tuple(citations)
            )
        return self._note

    @property
    def fact(self) -> Fact:
        return self._fact

    @property
    def scalar(self) -> tuple[str, float] | None:
        """("number" | "date" | "time", value) when the answer is one, for nearness."""
        if self._scalar is False:
            self._scalar = scalar(self.text, self.kind, self._fact)
        return self._scalar  # type: ignore[return-value]  # False (not worked out yet) is gone by now


class Pool:
    """The answers of one kind, in bank order; the same answer of several facts is one candidate (the first
    fact's), as `pick` sees each folded answer once."""

    def __init__(self, kind: str, answers: list[tuple[Fact, str, str, str | None, bool]]) -> None:
        self.entries = [
            Entry(text, kind, fact, why, group, forward) for fact, text, why, group, forward in answers
        ]
        self._answers = answers
        self._by_folded: dict[str, Entry] | None = None
        self._own: dict[tuple[str, str], Entry] | None = None
        self._sorted: dict[tuple[str, str | None], tuple[list[float], list[list[Entry]]]] | None = None

    @cached_property
    def by_tag(self) -> dict[str, list[Entry]]:
        """The entries by their facts' tags: built on first use (numbers and dates seldom need it)."""
        by_tag: dict[str, list[Entry]] = {}
        for entry, (fact, *_) in zip(self.entries, self._answers, strict=True):
            for tag in fact.tags:
                by_tag.setdefault(tag, []).append(entry)
        return by_tag

    def own(self, fact_id: str, text: str) -> Entry:
        """The entry of fact `fact_id`'s answer `text`: a question's own answer, whose value its
        distractors are measured against, is worked out once for both uses."""
        if self._own is None:
            self._own = {(entry.fact_id, entry.text): entry for entry in self.entries}
        return self._own[fact_id, text]

    def find(self, text: str) -> Entry | None:
        """The entry whose answer folds like `text` (a teacher's distractor that is another fact's answer)."""
        if self._by_folded is None:
            self._by_folded = {}
            for entry in self.entries:
                self._by_folded.setdefault(entry.folded, entry)
        return self._by_folded.get(fold(text))

    @property
    def sorted_scalars(self) -> dict[tuple[str, str | None], tuple[list[float], list[list[Entry]]]]:
        """Per scalar kind, and per scalar kind and unit (None: of every unit), the entries sorted by value, in runs of those next to each other that say the
        same (equal value, folded alike), and each run's value: built on first use. A bank repeats some
        answers often, and `pick` takes only one of each."""
        if self._sorted is None:
            with without_cycle_collection():
                self._sorted = self._sort_scalars()
        return self._sorted

    def _sort_scalars(self) -> dict[tuple[str, str | None], tuple[list[float], list[list[Entry]]]]:
        by_kind: dict[tuple[str, str | None], list[tuple[float, str, Entry]]] = {}
        for entry in self.entries:
            if (scalar := entry.scalar) is not None:
                row = (scalar[1], entry.text, entry)
                by_kind.setdefault((scalar[0], None), []).append(row)
                if entry.quantity is not None:  # and apart, by unit: a measured key takes only its own
                    by_kind.setdefault((scalar[0], entry.quantity.unit), []).append(row)
        sorted_scalars = {}
        for kind, rows in by_kind.items():
            rows.sort(key=lambda row: (row[0], row[1]))
            values: list[float] = []
            runs: list[list[Entry]] = []
            for number, _, entry in rows:
                if runs and number == values[-1] and entry.folded == runs[-1][0].folded:
                    runs[-1].append(entry)
                else:
                    values.append(number)
                    runs.append([entry])
            sorted_scalars[kind] = (values, runs)
        return sorted_scalars


def scalar(text: str, kind: str, fact: Fact | None) -> tuple[str, float] | None:
    """The value an answer stands for, so near values can be preferred as distractors: a date as a day
    number (the year, if the answer leaves it out, from the fact's `when`), a time of day in minutes, a
    number (for kind `number`, or a fact with a `value`, the first numeral: "around 250" is 250)."""
    folded = fold(text)
    if d := parse_date(folded):
        year, month, day = d
        if year is None and fact is not None and fact.when is not None:
            year = timeline.year(fact.when)
        if year is not None:
            try:
                return "date", float(calendar.minute(year, month, day or 1) // calendar.MINUTES_PER_DAY)
            except calendar.DateError:
                return None
        return None
    if t := parse_time(folded):
        return "time", float(t[0] * 60 + t[1])
    number = as_number(folded)
    if (
        number is None
        and (kind == "number" or (fact is not None and fact.value is not None))
        and (m := _NUMERAL.search(folded))
    ):
        number = float(m.group().replace(",", ""))
    return None if number is None else ("number", number)


def distance(kind: str, a: float, b: float) -> float:
    """How far apart two values feel: numbers by ratio (400 is nearer 500 than 3 is), days and minutes by
    difference."""
    if kind == "number" and a >= 0 and b >= 0:
        return abs(math.log((a + 1) / (b + 1)))
    return abs(a - b)


class Pools:
    """A bank's pools by answer kind, each built when a question of that kind first needs it."""

    def __init__(self, bank: Bank, source_texts: Mapping[str, str] | None = None) -> None:
        self.knowledge = Knowledge(bank.facts, source_texts or {})
        """What the bank tells of its answers' categories and years (`categories`)."""
        self._answers: dict[str, list[tuple[Fact, str, str, str | None, bool]]] = {}
        for fact in bank.facts:
            if fact.answer and fact.answer_kind:
                why = fact.why_wrong or fact.statement
                self._answers.setdefault(fact.answer_kind, []).append(
                    (fact, fact.answer, why, fact.group, True)
                )
            if fact.reverse is not None:
                reverse = fact.reverse
                self._answers.setdefault(reverse.answer_kind, []).append(
                    (fact, reverse.answer, fact.statement, reverse.group, False)
                )
        self._pools: dict[str, Pool] = {}

    def get(self, kind: str) -> Pool | None:
        pool = self._pools.get(kind)
        if pool is None and kind in self._answers:
            with without_cycle_collection():
                pool = self._pools[kind] = Pool(kind, self._answers[kind])
        return pool

    def all(self) -> list[Pool]:
        return [pool for kind in sorted(self._answers) if (pool := self.get(kind)) is not None]


def nearest(pool: Pool, value: tuple[str, float], own: str, unit: str | None = None) -> Iterator[Entry]:
    """The pool's entries of the same scalar kind (and of `unit`, if given), nearest to `value` first, but
    none of fact `own` and
    only one of each run that says the same: the first that walking outwards meets, the one `pick` would
    take (it passes over its own fact's answer and over an answer it has seen)."""
    kind, v = value
    by_kind = pool.sorted_scalars
    if (kind, unit) not in by_kind:
        return
    values, runs = by_kind[kind, unit]
    far = math.inf
    right = bisect_left(values, v)
    left = right - 1
    left_d = distance(kind, values[left], v) if left >= 0 else far
    right_d = distance(kind, values[right], v) if right < len(values) else far
    while left_d < far or right_d < far:
        if left_d <= right_d:
            run: Iterable[Entry] = reversed(runs[left])
            left -= 1
            left_d = distance(kind, values[left], v) if left >= 0 else far
        else:
            run = runs[right]
            right += 1
            right_d = distance(kind, values[right], v) if right < len(values) else far
        for entry in run:
            if entry.fact_id != own:
                yield entry
                break


def walk(entries: list[Entry], start: int) -> Iterator[Entry]:
    """All of `entries`, beginning at `start` and wrapping round: a seeded, O(1) "random order". Iterated
    in C: distractor picking walks tens of thousands of entries on a large bank."""
    return map(entries.__getitem__, chain(range(start, len(entries)), range(start)))
