"""Parsing TOML from files the program did not write alone (banks, progress files, history parts) safely.

`toml_rs` recurses once per nested array or inline table and crashes the interpreter (no exception) some
thousands deep, and it recovers from syntax errors and keeps parsing, so nesting after a broken string still
reaches it. Before it sees a text, `loads` measures the nesting with a scan that knows TOML's strings and
comments (brackets inside them do not count, and no `]` in a comment hides a `[`). A text the scan cannot
read as TOML does (an unterminated string, a control character, a lone carriage return) is parsed instead by
the standard library's pure-Python `tomllib`, which fails cleanly however deep the nesting, and gives the
error; `toml_rs` only ever sees texts whose strings and comments both read alike. (Keys dotted thousands
deep do not crash `toml_rs`; its metadata parser is another matter: `trainer.bank.positions`.)
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Any, Literal

import toml_rs

MAX_NESTING = 100
"""A bank nests 4 deep, a progress file 3; deeper is refused before `toml_rs` parses it."""

# The scan reads a skeleton of the text: its UTF-8 bytes with each escape a string may hold blanked out
# (`\\`, `\n`, ...; `\"` stays, as it does not end a string), every byte that cannot begin or end a
# string, a comment or a nesting made a space, runs of spaces one space (so that what was apart stays apart),
# a newline `N` and a control character `C`. About a tenth of the text, read by `re` in a tenth of the time.
_ESCAPES = [b"\\" + bytes([c]) for c in b"btnfruUex"]
_SKELETON = bytearray(b" " * 256)
for _byte in b"[]{}\"'#\\":
    _SKELETON[_byte] = _byte
_SKELETON[ord("\n")] = ord("N")
for _byte in [*range(0x09), *range(0x0B, 0x0D), *range(0x0E, 0x20), 0x7F]:
    _SKELETON[_byte] = ord("C")
_STRINGS_AND_COMMENTS = [
    rb'"(?!"")[^"\\N]*(?:\\"[^"\\N]*)*"',
    rb'"""[^"\\]*(?:(?:\\"|""?(?!"))[^"\\]*)*"{3,5}(?!")',  # up to two quotes may end the text
    rb"'(?!'')[^'N]*'",
    rb"'''[^']*(?:''?(?!')[^']*)*'{3,5}(?!')",
    rb"#[^N]*",
]
# Strings and comments are dropped; a quote or backslash in no well-formed string is left, to be noticed:
# the text then does not read as TOML, and `tomllib` says why.
_STRIP = re.compile(b"|".join(_STRINGS_AND_COMMENTS))
_TOKEN = re.compile(b"|".join([rb"[\[\]{}]", *_STRINGS_AND_COMMENTS]))
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_NOT_BRACKETS = bytes(c for c in range(256) if c not in _DEPTH_STEP)


class TomlError(ValueError):
    """Text that is not TOML, or nested too deep: `message` at `line` (and `column`), 1-based."""

    def __init__(self, message: str, line: int, column: int = 1) -> None:
        super().__init__(f"line {line}, column {column}: {message}")
        self.message, self.line, self.column = message, line, column


class TooDeep(TomlError):
    def __init__(self, line: int) -> None:
        super().__init__(f"arrays or tables nested more than {MAX_NESTING} deep", line)


def loads(text: str, toml_version: Literal["1.0.0", "1.1.0"] = "1.1.0") -> dict[str, Any]:
    """`toml_rs.loads`, but a `TomlError` for any bad text, nesting too deep included, and never a crash."""
    skeleton = _skeleton(text)
    bare = None if skeleton is None else _STRIP.sub(b"", skeleton)
    if bare is None or b'"' in bare or b"'" in bare or b"\\" in bare or b"C" in bare:
        return _with_tomllib(text, toml_version)
    brackets = bare.translate(None, _NOT_BRACKETS)
    if max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > MAX_NESTING:
        raise TooDeep(_deep_line(skeleton))  # type: ignore[arg-type]
    try:
        return toml_rs.loads(text, toml_version=toml_version)
    except toml_rs.TOMLDecodeError as error:
        # The message repeats the line with a caret; its last line says what is wrong.
        lines = error.msg.strip().splitlines() if error.msg else []
        raise TomlError(lines[-1] if lines else "not valid TOML", error.lineno, error.colno) from None


def _skeleton(text: str) -> bytes | None:
    """The text as the scan reads it (see `_SKELETON`); None if it holds a carriage return alone."""
    data = text.encode("utf-8", "surrogatepass")
    if data.count(b"\r") != data.count(b"\r\n"):
        return None  # a line break to some parsers, none to others
    if b"\\" in data:
        data = data.replace(b"\\\\", b"  ")
        for escape in _ESCAPES:
            data = data.replace(escape, b"  ")
    skeleton = b" ".join(data.translate(_SKELETON).split())
    # Most strings hold nothing the scan looks at: `" "`. Two quotes of a kind with nothing but a space
    # between are one string's ends, or two strings' with only a space between them; taking them out leaves
    # what is in a string in one (unless three quotes in a row start a multi-line string somewhere).
    for quote in (b'"', b"'"):
        if quote * 3 not in skeleton:
            skeleton = skeleton.replace(quote + b" " + quote, b"")
    return skeleton


def _deep_line(skeleton: bytes) -> int:
    """The line where the nesting first goes deeper than allowed."""
    level = 0
    for match in _TOKEN.finditer(skeleton):
        level += _DEPTH_STEP.get(match.group()[0], 0) if match.end() - match.start() == 1 else 0
        if level > MAX_NESTING:
            return skeleton.count(b"N", 0, match.start()) + 1
    return 1


def _with_tomllib(text: str, toml_version: Literal["1.0.0", "1.1.0"]) -> dict[str, Any]:
    """A text the scan cannot vouch for: `TomlError` for the first problem `tomllib` finds, or, should it
    read the text as well-formed after all, its data (then both parsers read it alike)."""
    import tomllib  # here: a text the scan vouches for, as every file trainer wrote, never needs it

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise TooDeep(1) from None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        if where := re.search(r"\(at line (\d+), column (\d+)\)$", message):
            raise TomlError(message[: where.start()].strip(), int(where[1]), int(where[2])) from None
        line = text.count("\n") + 1 if message.endswith("(at end of document)") else 1
        raise TomlError(message.removesuffix("(at end of document)").strip(), line) from None
    if depth(data) > MAX_NESTING:
        raise TooDeep(1)
    return data


def depth(data: Any) -> int:
    """How deep tables and arrays nest (iteratively: the data may nest deeper than Python recurses)."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            stack.extend((child, level + 1) for child in node.values() if isinstance(child, (dict, list)))
        elif isinstance(node, list):
            stack.extend((child, level + 1) for child in node if isinstance(child, (dict, list)))
        else:
            continue
        deepest = max(deepest, level + 1)
    return deepest
