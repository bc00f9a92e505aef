"""Where each key and value stands in a bank file, for FILE:LINE:COLUMN.

Positions come from toml-rs's metadata, which costs far more than the parse itself, so they are computed
only when a problem needs one (a clean 10,000-fact bank never pays for them).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

import toml_rs

from trainer.bank.files import MAX_NESTING


def _first(value: Any) -> int:
    """toml-rs gives a line or column as an int or a (start, end) pair."""
    first = value[0] if isinstance(value, tuple) else value
    assert isinstance(first, int), f"toml-rs gave {value!r} for a line or column"
    return first


class TomlPositions:
    """Where each key and value stands in a TOML text, from toml-rs's metadata, parsed on first use."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _root(self) -> dict:
        try:
            if _depth(toml_rs.loads(self.text)) > MAX_NESTING:
                return {}  # the metadata parser crashes on keys dotted thousands deep
            return toml_rs.load_with_metadata(self.text).meta["nodes"]
        except toml_rs.TOMLDecodeError:
            return {}

    def find(self, path: Iterable[str | int], *, key: bool = False) -> tuple[int, int]:
        """(line, column) of the value at `path` (of its key with `key=True`); where a path goes further
        than the file (a missing key), the place of the table that lacks it."""
        best = (1, 1)
        node: Any = self._root
        path = list(path)
        for depth, part in enumerate(path):
            inner = node.get("value") if _has_position(node) else node
            if isinstance(part, int):
                if not isinstance(inner, list) or not 0 <= part < len(inner):
                    break
                node = inner[part]
            else:
                if not isinstance(inner, dict) or part not in inner:
                    break
                node = inner[part]
            best = _position(node, key=key and depth == len(path) - 1) or best
        return best


def _depth(data: Any) -> int:
    """How deep tables and arrays nest (iteratively: the data may nest deeper than Python recurses)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def _has_position(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    line = node.get("value_line", node.get("key_line"))
    return isinstance(line[0] if isinstance(line, tuple) else line, int)


def _position(node: Any, *, key: bool) -> tuple[int, int] | None:
    if not isinstance(node, dict):
        return None
    if _has_position(node):
        if key and "key_line" in node:
            return _first(node["key_line"]), _first(node["key_col"])
        if "value_line" in node:
            return _first(node["value_line"]), _first(node["value_col"])
        return _first(node["key_line"]), _first(node["key_col"])
    # A table opened by a `[header]` has no place of its own in the metadata: use its first key's.
    places = [p for child in node.values() if (p := _position(child, key=True))]
    return min(places) if places else None
