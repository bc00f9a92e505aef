"""What a bank can be asked, worked out once per loaded bank: answer pools, the timeline, the ordering
groups, and every question's key. Building one question then costs only that question."""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable
from functools import cache, cached_property
from pathlib import Path
from typing import assert_never

import trainer
from trainer.bank.loaded import LoadedBank
from trainer.bank.timeline import Timeline
from trainer.gc_pause import without_cycle_collection
from trainer.questions.choice import fact_question, hand_question
from trainer.questions.draws import Draws
from trainer.questions.model import Form, ItemKey, Question
from trainer.questions.ordering import (
    Group,
    GroupForm,
    group_question,
    magnitude_groups,
    sequence_question,
    timeline_groups,
)
from trainer.questions.pools import Pools


class BankIndex:
    def __init__(self, loaded: LoadedBank) -> None:
        # Weakly: the module-level cache must not keep a bank alive that every caller has let go.
        self._loaded = weakref.ref(loaded)
        self.facts_by_id = loaded.facts_by_id
        self.sequences = {s.id: s for s in loaded.bank.sequences}
        self.hand = {q.id: q for q in loaded.bank.questions}

    @property
    def loaded(self) -> LoadedBank:
        loaded = self._loaded()
        assert loaded is not None, "an index is only reached through its live bank"
        return loaded

    @cached_property
    @without_cycle_collection()
    def pools(self) -> Pools:
        return Pools(self.loaded.bank, self.loaded.source_texts)

    @cached_property
    def timeline(self) -> Timeline:
        return Timeline(self.facts_by_id)

    @cached_property
    @without_cycle_collection()
    def groups(self) -> dict[str, Group]:
        """The ordering groups: read back from the bank cache where they were kept, as working them out
        reads every fact's statement (most of a large bank's start-up); else worked out, and kept."""
        derived = self.loaded.derived
        if derived is not None and (found := _groups_from(derived.get("groups", _code()))) is not None:
            return found
        groups = timeline_groups(self.loaded.bank, self.timeline) + magnitude_groups(self.loaded.bank)
        if derived is not None:
            derived.put("groups", _code(), [[g.id, g.form.value, list(g.members)] for g in groups])
        return {g.id: g for g in groups}

    @cached_property
    @without_cycle_collection()
    def keys(self) -> list[ItemKey]:
        """Each fact's choice and reverse keys in bank order; each ordering, sequence and hand-written
        question right after the last of its facts, so a learner meets it once its facts are known rather
        than after the whole bank; those without facts at the end."""
        bank, bid = self.loaded.bank, self.loaded.id
        own: list[ItemKey] = []  # the facts' choice and reverse keys
        ends: list[int] = []  # ends[i]: how many of `own` fact i and those before it have
        position: dict[str, int] = {}  # fact id -> where it last stands
        for i, fact in enumerate(bank.facts):
            if fact.id not in position:  # a fact id given twice (validation reports it) is asked once
                if fact.question and fact.answer and fact.answer_kind:
                    own.append(ItemKey(bid, fact.id, Form.CHOICE))
                if fact.reverse is not None:
                    own.append(ItemKey(bid, fact.id, Form.REVERSE))
            position[fact.id] = i
            ends.append(len(own))
        after: dict[int, list[ItemKey]] = {}
        tail: list[ItemKey] = []

        def place(key: ItemKey, fact_ids: Iterable[str | None]) -> None:
            found = [position[f] for f in fact_ids if f in position]
            (after.setdefault(max(found), []) if found else tail).append(key)

        for group in self.groups.values():
            place(ItemKey(bid, group.id, group.form), group.members)
        for seq in self.sequences.values():  # by id: an id given twice is asked once
            place(
                ItemKey(bid, seq.id, Form.SEQUENCE),
                [None if isinstance(i, str) else i.fact for i in seq.items],
            )
        for hand in self.hand.values():
            place(ItemKey(bid, hand.id, Form.HAND), [hand.fact])
        keys: list[ItemKey] = []
        done = 0
        for i in sorted(after):
            keys += own[done : ends[i]]
            keys += after[i]
            done = ends[i]
        keys += own[done:]
        keys += tail
        return keys

    def build(self, key: ItemKey, seed: int) -> Question | None:
        """The question for `key`, shuffled by draws of its own (seed and key), so one question's options do
        not depend on which other questions exist or were built first."""
        loaded = self.loaded
        if key.bank != loaded.id:
            return None
        try:
            form = Form(key.form)
        except ValueError:
            return None  # a form this version does not make (a progress file may name one)
        rng = Draws(f"{seed}:{key}")
        match form:
            case Form.CHOICE | Form.REVERSE:
                fact = self.facts_by_id.get(key.fact)
                return fact_question(loaded, self.pools, key, fact, rng) if fact else None
            case Form.TIMELINE | Form.MAGNITUDE:
                group = self.groups.get(key.fact)
                return group_question(loaded, group, rng) if group and group.form == form else None
            case Form.SEQUENCE:
                seq = self.sequences.get(key.fact)
                return sequence_question(loaded, seq, rng) if seq else None
            case Form.HAND:
                hand = self.hand.get(key.fact)
                return hand_question(loaded, self.pools, hand, rng) if hand else None
            case _:
                assert_never(form)


@cache
def _code() -> bytes:
    """A digest of the code that works out what `BankIndex` keeps in the bank cache: the bank and question
    packages (and the sanitiser they call), so that a new version of any of it works everything out anew."""
    root = Path(trainer.__file__).parent
    files = sorted([*root.glob("bank/**/*.py"), *root.glob("questions/**/*.py"), root / "sanitize.py"])
    digest = hashlib.blake2b(digest_size=20)
    for path in files:
        digest.update(f"{path.relative_to(root)}\0".encode() + path.read_bytes() + b"\0")
    return digest.digest()


_GROUP_FORMS: dict[str, GroupForm] = {
    Form.TIMELINE.value: Form.TIMELINE,
    Form.MAGNITUDE.value: Form.MAGNITUDE,
}


def _groups_from(kept: object) -> dict[str, Group] | None:
    """Groups as `BankIndex.groups` keeps them (`[id, form, [member, ...]]` each); None if `kept` is not that."""
    if not isinstance(kept, list):
        return None
    groups = {}
    for entry in kept:
        match entry:
            case [str(group_id), str(form), list(members)] if form in _GROUP_FORMS and all(
                type(m) is str for m in members
            ):
                groups[group_id] = Group(group_id, _GROUP_FORMS[form], tuple(members))
            case _:
                return None
    return groups


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
