"""A bank as loaded from disk: the validated model plus what checks and generation need beside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainer.bank.models import Bank, Fact, Source


@dataclass(frozen=True)
class LoadedBank:
    bank: Bank
    path: Path
    """The bank file."""
    source_texts: dict[str, str] = field(default_factory=dict)
    """Source id -> full text, for sources with a `text_file` that could be read."""

    def __post_init__(self) -> None:
        # Indexes built once: generation looks facts up thousands of times on large banks.
        object.__setattr__(self, "_facts", {f.id: f for f in self.bank.facts})
        object.__setattr__(self, "_sources", {s.id: s for s in self.bank.sources})

    @property
    def id(self) -> str:
        return self.bank.id

    def fact(self, fact_id: str) -> Fact | None:
        return self._facts.get(fact_id)  # type: ignore[attr-defined]

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)  # type: ignore[attr-defined]
