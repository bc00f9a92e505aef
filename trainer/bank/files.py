"""Reading a bank's files: the bank file and its source texts, each refused with a reason a teacher can act
on (too large, not UTF-8, a path out of the bank's folder, ...) rather than raising whatever the OS says."""

from __future__ import annotations

import os
import stat
import tomllib
from itertools import accumulate, repeat
from pathlib import Path

from trainer.bank.problems import BankError, Problem

MAX_BYTES = 32 * 1024 * 1024
"""Larger files are refused unread: a bank of 50,000 facts takes about 18 MB, and a stray file must not
exhaust memory."""

MAX_NESTING = 100
"""A bank nests 4 deep at most; toml-rs crashes the interpreter (no exception) on arrays nested some
thousands deep, so such a file is refused before it is parsed."""

_BOM = b"\xef\xbb\xbf"
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_ONLY_BRACKETS = {c: None for c in range(0x80) if chr(c) not in _DEPTH_STEP}


class Refused(Exception):
    """A file that cannot be used, with the reason a teacher can act on; `line`/`column` when known."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def _read_bytes(path: Path) -> bytes:
    # Checked before opening: opening a FIFO would block, and a huge file is refused unread.
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise Refused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > MAX_BYTES:
            raise Refused(
                f"file too large ({_megabytes(info.st_size)}; the limit is {_megabytes(MAX_BYTES)})"
            )
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)  # a file that grew since is still cut off
    except FileNotFoundError:
        raise Refused("no such file") from None
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise Refused(f"file too large (the limit is {_megabytes(MAX_BYTES)})")
    return data


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def _decode(data: bytes, *, say_where: bool = False) -> str:
    """UTF-8 text; the place of a bad byte is the problem's position, or in the message with `say_where`."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        where = f" at line {line}, column {column}" if say_where else ""
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x}{where}); save the file as UTF-8"
        raise Refused(message, line, column) from None


def read_bank_text(path: Path, file: str) -> str:
    """The bank file's text; `file` is how problems name it. Raises `BankError`."""
    try:
        data = _read_bytes(path)
        if data.startswith(_BOM):
            raise Refused('the file starts with a byte order mark (BOM); save it as "UTF-8" without BOM')
        text = _decode(data)
    except Refused as refused:
        raise BankError([Problem(file, refused.line, refused.column, "error", str(refused))]) from None
    if not text.strip():
        raise BankError([Problem(file, 1, 1, "error", "the file is empty")])
    return text


def read_source(bank_dir: Path, text_file: str) -> str:
    """A source text inside the bank's folder. Absolute paths, `..` and symlinks that lead out are refused
    before the file is touched, so a bank cannot make us read (or reveal) anything else."""
    if Path(text_file).is_absolute() or Path(text_file).drive or text_file.startswith("~"):
        raise Refused(
            f"text_file {text_file!r} must be a path inside the bank's folder, not an absolute path"
        )
    try:
        folder = bank_dir.resolve()
        target = (folder / text_file).resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # a NUL in the name, a symlink loop
        raise Refused(f"text_file {text_file!r} is not a usable path ({exc})") from None
    if not target.is_relative_to(folder):
        raise Refused(
            f"text_file {text_file!r} leads out of the bank's folder; keep source texts beside bank.toml"
        )
    try:
        text = _decode(_read_bytes(target), say_where=True)
    except Refused as refused:
        raise Refused(f"text_file {text_file!r}: {refused}") from None
    # A BOM is harmless in a plain text file, unlike in TOML: drop it.
    return text.removeprefix("\ufeff")


def nested_too_deep(text: str) -> bool:
    # Counting every bracket (at C speed) over-counts those inside strings, so a
    # high count is confirmed by the standard library's parser, which fails cleanly on deep nesting.
    steps = map(_DEPTH_STEP.get, text.translate(_ONLY_BRACKETS), repeat(0))
    if max(accumulate(steps), default=0) <= MAX_NESTING:
        return False
    try:
        tomllib.loads(text)
    except (RecursionError, tomllib.TOMLDecodeError):
        return True
    return False
