"""A bank as loaded from disk: the validated model plus what checks and generation need beside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.bank.cache import Derived
    from trainer.bank.positions import TomlPositions
    from trainer.bank.shapes import Bank, Fact, Source


@dataclass(frozen=True)
class LoadedBank:
    bank: Bank
    """The validated bank: the pydantic model, or its plain records from the cache (`trainer.bank.shapes`)."""
    path: Path
    """The bank file."""
    source_texts: dict[str, str] = field(default_factory=dict)
    """Source id -> full text, for sources with a `text_file` that could be read."""
    positions: TomlPositions | None = None
    """Where each key stands in the bank file, for FILE:LINE:COLUMN; None for a bank built in memory."""
    derived: Derived | None = field(default=None, repr=False, compare=False)
    """Where data worked out from the bank is kept between runs (the bank cache); None: worked out afresh."""
    # Indexes built once: generation looks facts up thousands of times on large banks.
    _facts: dict[str, Fact] = field(init=False, repr=False, compare=False)
    _sources: dict[str, Source] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_facts", {f.id: f for f in self.bank.facts})
        object.__setattr__(self, "_sources", {s.id: s for s in self.bank.sources})

    @property
    def id(self) -> str:
        return self.bank.id

    @property
    def facts_by_id(self) -> Mapping[str, Fact]:
        """Fact id -> fact (the last, should an id repeat), as `trainer.bank.timeline` takes them."""
        return self._facts

    def fact(self, fact_id: str) -> Fact | None:
        return self._facts.get(fact_id)

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)

    def position(self, *path: str | int, key: bool = False) -> tuple[int, int]:
        """(line, column) of the value at a key path such as `("facts", 3, "quote")`, or of the key
        itself with `key=True`; the nearest enclosing place that exists, and (1, 1) without positions."""
        return self.positions.find(path, key=key) if self.positions else (1, 1)
