"""What a bank can be asked, worked out once per loaded bank: answer pools, the timeline, the ordering
groups, and every question's key. Building one question then costs only that question."""

from __future__ import annotations

import gc
import random
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cached_property

from trainer.bank.loaded import LoadedBank
from trainer.bank.timeline import Timeline
from trainer.questions.choice import fact_question, hand_question
from trainer.questions.model import ItemKey, Question
from trainer.questions.ordering import Group, group_question, magnitude_groups, sequence_question, timeline_groups
from trainer.questions.pools import Pools

FORMS = ("choice", "reverse", "timeline", "magnitude", "sequence", "hand")


class BankIndex:
    def __init__(self, loaded: LoadedBank) -> None:
        self.loaded = loaded
        self.facts_by_id = {f.id: f for f in loaded.bank.facts}
        self.sequences = {s.id: s for s in loaded.bank.sequences}
        self.hand = {q.id: q for q in loaded.bank.questions}

    @cached_property
    def pools(self) -> Pools:
        return Pools(self.loaded.bank)

    @cached_property
    def timeline(self) -> Timeline:
        return Timeline(self.facts_by_id)

    @cached_property
    def groups(self) -> dict[str, Group]:
        with without_cycle_collection():
            found = timeline_groups(self.loaded.bank, self.timeline) + magnitude_groups(self.loaded.bank)
        return {g.id: g for g in found}

    @cached_property
    def keys(self) -> list[ItemKey]:
        """Each fact's choice and reverse keys in bank order; each ordering, sequence and hand-written
        question right after the last of its facts, so a learner meets it once its facts are known rather
        than after the whole bank; those without facts at the end."""
        bank, bid = self.loaded.bank, self.loaded.id
        position = {f.id: i for i, f in enumerate(bank.facts)}
        after: dict[int, list[ItemKey]] = {}
        tail: list[ItemKey] = []

        def place(key: ItemKey, fact_ids: Iterable[str | None]) -> None:
            found = [position[f] for f in fact_ids if f in position]
            (after.setdefault(max(found), []) if found else tail).append(key)

        for group in self.groups.values():
            place(ItemKey(bid, group.id, group.form), group.members)
        for seq in bank.sequences:
            place(ItemKey(bid, seq.id, "sequence"), [None if isinstance(i, str) else i.fact for i in seq.items])
        for hand in bank.questions:
            place(ItemKey(bid, hand.id, "hand"), [hand.fact])
        keys: list[ItemKey] = []
        for i, fact in enumerate(bank.facts):
            if fact.question and fact.answer and fact.answer_kind:
                keys.append(ItemKey(bid, fact.id, "choice"))
            if fact.reverse is not None:
                keys.append(ItemKey(bid, fact.id, "reverse"))
            keys.extend(after.get(i, ()))
        keys.extend(tail)
        return list(dict.fromkeys(keys))  # a bank with duplicate ids (validation reports them) asks once

    def build(self, key: ItemKey, seed: int) -> Question | None:
        """The question for `key`, shuffled by a generator of its own (seed and key), so one question's
        options do not depend on which other questions exist or were built first."""
        if key.bank != self.loaded.id:
            return None
        rng = random.Random(f"{seed}:{key}")
        if key.form in ("choice", "reverse"):
            fact = self.facts_by_id.get(key.fact)
            return fact_question(self.loaded, self.pools, fact, key.form, rng) if fact else None
        if key.form in ("timeline", "magnitude"):
            group = self.groups.get(key.fact)
            return group_question(self.loaded, group, rng) if group and group.form == key.form else None
        if key.form == "sequence":
            seq = self.sequences.get(key.fact)
            return sequence_question(self.loaded, seq, rng) if seq else None
        if key.form == "hand":
            hand = self.hand.get(key.fact)
            return hand_question(self.loaded, self.pools, hand, rng) if hand else None
        return None


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """For batch work that makes many long-lived objects and no reference cycles: left on, the cycle
    collector walks the whole bank again and again (a third of generation's time on 10,000 facts)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


_CACHE: dict[int, tuple[weakref.ref, BankIndex]] = {}


def index_of(loaded: LoadedBank) -> BankIndex:
    """The index of `loaded`, built on first use and kept while the bank object lives."""
    cached = _CACHE.get(id(loaded))
    if cached is not None and cached[0]() is loaded:
        return cached[1]
    index = BankIndex(loaded)
    _CACHE[id(loaded)] = (weakref.ref(loaded), index)
    weakref.finalize(loaded, _CACHE.pop, id(loaded), None)
    return index
