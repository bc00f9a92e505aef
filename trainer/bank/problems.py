"""A problem found in a bank, reported as `FILE:LINE:COLUMN: error|warning: message (key path)`."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """`("facts", 3, "quote")` -> `facts[3].quote`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def display_path(path: Path) -> str:
    """The file as a person would type it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    severity: Severity
    message: str
    key_path: str = ""

    def __str__(self) -> str:
        where = f" ({self.key_path})" if self.key_path else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{where}"

    def to_json(self) -> dict:
        return asdict(self)

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.severity, self.message)


class BankError(Exception):
    """A bank that could not be loaded; `problems` says why, each with its place in the file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.sort_key)
        super().__init__("\n".join(map(str, self.problems)))
