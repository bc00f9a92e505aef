"""The order new items are introduced in: spread across question kinds, forms and the bank, deterministic
for a seed.

Bank order introduces a passage's facts back to back and puts every ordering question after the facts it
orders, so a new learner's first sessions were all multiple choice. Here each form's keys are shuffled (by a
hash of seed and key) and spread evenly over the sequence, each form in proportion to its share of its kind;
the two kinds (multiple choice, ordering) are spread the same way, except that ordering, a few questions in
most banks, comes at least once in every `ORDER_EVERY` new items while any is left."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable

from trainer.gc_pause import without_cycle_collection
from trainer.questions.model import ItemKey

ORDER_FORMS = frozenset({"timeline", "magnitude", "sequence"})
ORDER_EVERY = 5


def _draw(seed: int, text: str) -> int:
    """A 32-bit draw for `text` (CRC-32: the same on every Python, and cheap enough for every key of a
    large bank; a shuffle needs no more)."""
    return zlib.crc32(f"{seed}:{text}".encode())


def _spread(
    groups: Iterable[tuple[str, list[tuple[int, ItemKey]], float]], seed: int, starts: dict[str, float]
) -> list[ItemKey]:
    """Merge groups of (draw, key), each given as (name, members, rate): a group with rate r has one member
    in every 1/r places, starting at a place its draw picks in the first stretch, or at `starts[name]`."""
    placed: list[tuple[float, int, ItemKey]] = []
    for name, members, rate in groups:
        offset = starts[name] * rate if name in starts else _draw(seed, name) / 2**32
        step = 1 / rate
        placed += zip(
            [(i + offset) * step for i in range(len(members))], *zip(*members, strict=True), strict=True
        )
    placed.sort()
    return [key for _, _, key in placed]


@without_cycle_collection()  # tens of thousands of short-lived tuples
def interleaved(keys: Iterable[ItemKey], seed: int) -> list[ItemKey]:
    by_kind: dict[bool, dict[str, list[tuple[int, ItemKey]]]] = defaultdict(lambda: defaultdict(list))
    bases: dict[str, int] = {}
    for key in keys:
        base = bases.get(key.form)
        if base is None:
            base = bases[key.form] = _draw(seed, f"{key.bank}/{key.form}")
        by_kind[key.form in ORDER_FORMS][key.form].append((zlib.crc32(key.fact.encode(), base), key))
    total = sum(len(members) for forms in by_kind.values() for members in forms.values())
    kinds = []
    for ordering, forms in by_kind.items():
        size = sum(map(len, forms.values()))
        for members in forms.values():
            members.sort()
        merged = _spread(((form, members, len(members) / size) for form, members in forms.items()), seed, {})
        rate = max(size / total, 1 / ORDER_EVERY) if ordering else size / total
        kinds.append(("ordering" if ordering else "choice", [(0, key) for key in merged], rate))
    # An ordering's facts are often among those just asked, which holds it back for the day: the first
    # comes first (a session then opens with a choice question before it: `StudySession`).
    return _spread(kinds, seed, {"ordering": 0.0, "choice": 0.5})
