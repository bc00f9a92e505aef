"""Reading a bank's files: the bank file and its source texts, each refused with a reason a teacher can act
on (too large, not UTF-8, a path out of the bank's folder, ...) rather than raising whatever the OS says."""

from __future__ import annotations

from pathlib import Path

from trainer.bank.problems import BankError, Problem
from trainer.readfile import Unusable, read_regular

MAX_BYTES = 32 * 1024 * 1024
"""Larger files are refused unread: a bank of 50,000 facts takes about 18 MB, and a stray file must not
exhaust memory."""

_BOM = b"\xef\xbb\xbf"


class Refused(Exception):
    """A file that cannot be used, with the reason a teacher can act on; `line`/`column` when known."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def _read_bytes(path: Path) -> bytes:
    try:
        return read_regular(path, MAX_BYTES)[0]
    except FileNotFoundError:
        raise Refused("no such file") from None
    except Unusable as unusable:
        raise Refused(str(unusable)) from None


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
