"""The order a learner is building for an ordering question: pure, so every front end and test can share it.

The app's reorderable list shows `order`; moving items only ever permutes it, so the response it submits is
always a permutation of the question's option indices.
"""

from __future__ import annotations

from collections.abc import Iterable


class Reorder:
    """Option indices in the order the learner has put them, with one selected position."""

    def __init__(self, options: Iterable[int] | int) -> None:
        self.order: list[int] = list(range(options)) if isinstance(options, int) else list(options)
        if sorted(self.order) != list(range(len(self.order))):
            raise ValueError(f"not a permutation of option indices: {self.order}")
        self.selected = 0

    def __len__(self) -> int:
        return len(self.order)

    def select(self, position: int) -> int:
        self.selected = max(0, min(position, len(self.order) - 1))
        return self.selected

    def move_to(self, source: int, target: int) -> int:
        """Take the item at `source` out and put it back at `target` (clamped); it stays selected.
        Returns where it landed."""
        if not 0 <= source < len(self.order):
            raise IndexError(source)
        target = max(0, min(target, len(self.order) - 1))
        item = self.order.pop(source)
        self.order.insert(target, item)
        self.selected = target
        return target

    def move(self, delta: int) -> int:
        """Move the selected item `delta` places (negative is up); returns its new position."""
        return self.move_to(self.selected, self.selected + delta)

    @property
    def response(self) -> tuple[int, ...]:
        """The answer as `StudySession.answer` takes it: option indices in the learner's order."""
        return tuple(self.order)
