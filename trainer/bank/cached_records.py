"""A validated bank as plain, read-only records: what the cache of validated banks gives back.

A record has its model's fields as attributes (`fact.when.date`, `bank.settings.distractors`), every default
filled in, so generation and study read it exactly as they read the pydantic model; only pydantic's own
methods are missing. Code that takes a bank therefore reads attributes only: no `model_*` methods and no
`isinstance` against the model classes (tests/unit/test_bank_cache.py checks that both forms ask the same
questions).
"""

from __future__ import annotations

from typing import Any


class Record:
    """One table of a bank (a fact, its `when`, a source, ...)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a bank is read-only (setting {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a bank is read-only (deleting {name!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        # As a frozen model: hashable when its fields are (a `when`), not when they hold lists (a fact).
        return hash(tuple(self.__dict__.values()))

    def __repr__(self) -> str:
        return f"Record({self.__dict__!r})"


class NotPlain(ValueError):
    """A value `model_dump()` does not make: a key that is not text, or a leaf of another type."""


_PLAIN = frozenset((str, int, float, bool, type(None)))
_TABLES = frozenset((dict, list))


def to_records(value: Any) -> Any:
    """A model's `model_dump()` (tables as dicts) with every table a `Record`; `NotPlain` if it holds
    anything but dicts with text keys, lists, text, numbers, booleans and None.

    The dump is taken over, not copied: each dict becomes its record's `__dict__` and each list is
    converted in place, in one pass that also checks the leaves (the start-up reads a large bank this way)."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlain(f"a key {key!r}")
            if type(item) in _TABLES:
                value[key] = to_records(item)
            elif type(item) not in _PLAIN:
                raise NotPlain(f"a {type(item).__name__}")
        record = object.__new__(Record)
        object.__setattr__(record, "__dict__", value)
        return record
    if kind is list:
        for index, item in enumerate(value):
            if type(item) in _TABLES:
                value[index] = to_records(item)
            elif type(item) not in _PLAIN:
                raise NotPlain(f"a {type(item).__name__}")
        return value
    if kind in _PLAIN:
        return value
    raise NotPlain(f"a {kind.__name__}")
