"""Control characters in a bank's text, as errors at their FILE:LINE:COLUMN.

Every front end shows them as visible stand-ins (`trainer.sanitize`), so a bank cannot reach the learner's
terminal; but a prompt holding `ESC ] 52` is a bank built to attack, or text pasted with its formatting,
and its teacher should hear of it. A TOML string cannot hold most of them raw, so they come as escapes
(`\\u001b`, `\\e`, `\\x9b`): the column is that of the escape where one spells the character, else of the
value. Newlines and tabs are text; in a source text a carriage return is a line break too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from trainer.bank.loaded import LoadedBank
from trainer.bank.problems import KeyPath, Problem, display_path, format_key_path
from trainer.sanitize import describe, first_unsafe

_SHORT_ESCAPES = {0x08: "b", 0x09: "t", 0x0A: "n", 0x0C: "f", 0x0D: "r", 0x1B: "e"}
_ANY_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|x[0-9a-fA-F]{2}|[bfre])")
"""An escape that may spell a control character: without one, and without one raw in the file, the
bank's strings hold none, and a 10,000-fact bank is not walked string by string."""


def control_problems(loaded: LoadedBank) -> list[Problem]:
    """One error for the first control character of each string in the bank and of each source text."""
    problems = []
    file = display_path(loaded.path)
    for path, value in _strings(loaded.bank) if _may_hold_controls(loaded) else ():
        index = first_unsafe(value, multiline=True)
        if index is not None:
            char = value[index]
            line, column = _escape_position(loaded, path, char)
            message = f"control character {describe(char)} in the text; remove it (it is shown, never obeyed)"
            problems.append(Problem(file, line, column, "error", message, format_key_path(path)))
    for source in loaded.bank.sources:
        text = loaded.source_texts.get(source.id)
        if text is None or source.text_file is None:
            continue
        index = first_unsafe(text.replace("\r", "\n"), multiline=True)
        if index is not None:
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            message = f"control character {describe(text[index])} in the source text; remove it"
            where = display_path(Path(loaded.path).parent / source.text_file)
            problems.append(Problem(where, line, column, "error", message))
    return problems


def _may_hold_controls(loaded: LoadedBank) -> bool:
    if loaded.positions is None:
        return True
    text = loaded.positions.text
    return first_unsafe(text.replace("\r", "\n"), multiline=True) is not None or bool(
        _ANY_ESCAPE.search(text)
    )


def _strings(bank: Any) -> Iterator[tuple[KeyPath, str]]:
    """Every string in a bank (pydantic model or cached records, whose fields are both their `__dict__`)."""
    stack: list[tuple[KeyPath, Any]] = [((), bank)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, list | tuple):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in value.items())
        elif hasattr(value, "__dict__"):
            stack.extend(((*path, key), item) for key, item in vars(value).items())


def _escape_position(loaded: LoadedBank, path: KeyPath, char: str) -> tuple[int, int]:
    """Where `char` is spelt in the value at `path` (raw, or as a TOML escape), else where the value is."""
    line, column = loaded.position(*path)
    if loaded.positions is None:
        return line, column
    text = loaded.positions.text
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
    start += column - 1
    code = ord(char)
    spellings = [re.escape(char), f"\\\\u(?i:{code:04x})", f"\\\\U(?i:{code:08x})"]
    if code < 0x100:
        spellings.append(f"\\\\x(?i:{code:02x})")
    if code in _SHORT_ESCAPES:
        spellings.append(f"\\\\{_SHORT_ESCAPES[code]}")
    found = re.compile("|".join(spellings)).search(text, start)
    if found is None:
        return line, column
    at = found.start()
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
