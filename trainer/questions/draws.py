"""The chance in one question (its options' order, where a walk for wrong options starts), drawn from a
hash of the run's seed and the question's key.

Not `random.Random`: only its `random()` is promised to stay the same across Python versions, while
`shuffle` and `randrange` have changed before, and the same seed must give the same questions byte for byte
on any Python. And a Mersenne Twister seeded per question (2.5 KB of state) costs more to seed than all a
question draws.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from hashlib import blake2b
from itertools import count

_WORDS = struct.Struct("<8Q")  # a 64-byte digest as eight 64-bit words


def _words(name: bytes) -> Iterator[int]:
    """The 64-bit little-endian words of blake2b(name, salt=block number) for blocks 0, 1, 2, ..."""
    for block in count():
        yield from _WORDS.unpack(blake2b(name, digest_size=64, salt=block.to_bytes(16, "little")).digest())


class Draws:
    """Draws for one question: each a word of the stream taken modulo the range (a bias below 2**-50 for
    the handful of options a question has)."""

    __slots__ = ("_words",)

    def __init__(self, name: str) -> None:
        self._words = _words(name.encode())

    def randrange(self, n: int) -> int:
        """A number from 0 to n - 1."""
        return next(self._words) % n

    def shuffle(self, items: list) -> None:
        """Fisher-Yates, in place."""
        words = self._words
        for i in range(len(items) - 1, 0, -1):
            j = next(words) % (i + 1)
            items[i], items[j] = items[j], items[i]
