"""Every question a bank yields, or just the ones a study session needs.

`generate` builds them all, in a stable order: each fact's choice and reverse questions in bank order, each
ordering (timeline, magnitude, the teacher's sequences) and hand-written question right after the last of
its facts.
`candidate_keys` lists the keys without building a question; `build_question` builds one. Both share a
per-bank index (answer pools, timeline, ordering groups) built on first use. Each question is shuffled by draws of
its own (`draws.Draws(f"{seed}:{key}")`), so adding a fact reshuffles no other question.
"""

from __future__ import annotations

from trainer.bank.loaded import LoadedBank
from trainer.gc_pause import without_cycle_collection
from trainer.questions.index import index_of
from trainer.questions.model import ItemKey, Question


def candidate_keys(loaded: LoadedBank) -> list[ItemKey]:
    """The key of every question the bank may yield, in `generate`'s order. A choice or reverse key can
    still build to None, when the bank has too few valid wrong answers for it."""
    return list(index_of(loaded).keys)


def build_question(loaded: LoadedBank, key: ItemKey, rng_seed: int = 0) -> Question | None:
    """The question for `key` as `generate(loaded, rng_seed)` makes it; None if the bank yields none."""
    return index_of(loaded).build(key, rng_seed)


def generate(loaded: LoadedBank, seed: int = 0) -> list[Question]:
    index = index_of(loaded)
    with without_cycle_collection():
        return [q for key in index.keys if (q := index.build(key, seed)) is not None]
