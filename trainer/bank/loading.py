"""Reading a bank file: bytes -> text -> TOML -> the pydantic model, with every failure a `Problem` at its
FILE:LINE:COLUMN. Nothing here raises anything but `BankError` for bad input.

Positions come from toml-rs's metadata, which costs far more than the parse itself, so they are computed
only when a problem needs one (a clean 10,000-fact bank never pays for them).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import tomllib
import types
import typing
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

import toml_rs
from pydantic import BaseModel, ValidationError

from trainer import paths
from trainer.bank.bulk import without_cycle_collection
from trainer.bank.loaded import LoadedBank
from trainer.bank import models
from trainer.bank.models import Bank
from trainer.bank.problems import BankError, KeyPath, Problem, display_path, format_key_path


MAX_BYTES = 10 * 1024 * 1024
"""Larger files are refused unread: no teacher writes 10 MB of facts, and a stray file must not exhaust
memory."""

MAX_NESTING = 100
"""A bank nests 4 deep at most; toml-rs crashes the interpreter (no exception) on arrays nested some
thousands deep, so such a file is refused before it is parsed."""

_BOM = b"\xef\xbb\xbf"
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_ONLY_BRACKETS = {c: None for c in range(0x80) if chr(c) not in _DEPTH_STEP}


@without_cycle_collection()
def load_bank(path: str | os.PathLike[str]) -> LoadedBank:
    """Read, parse and schema-check one bank file and read its source texts. Raises `BankError`."""
    path = Path(path)
    file = display_path(path)
    text = _read_text(path, file, refuse_bom=True)
    if _nested_too_deep(text):
        message = f"arrays or tables nested more than {MAX_NESTING} deep"
        raise BankError([Problem(file, 1, 1, "error", message)])
    positions = TomlPositions(text)
    try:
        data = toml_rs.loads(text)
    except toml_rs.TOMLDecodeError as exc:
        # The message repeats the line with a caret; its last line says what is wrong.
        reason = exc.msg.strip().splitlines()[-1]
        raise BankError([Problem(file, exc.lineno, exc.colno, "error", f"TOML syntax: {reason}")]) from None
    try:
        bank = Bank.model_validate(data)
    except ValidationError as exc:
        raise BankError(_schema_problems(exc, data, positions, file)) from None
    problems: list[Problem] = []
    source_texts = {}
    for i, source in enumerate(bank.sources):
        if source.text_file is None:
            continue
        try:
            source_texts[source.id] = _read_source(path.parent, source.text_file)
        except _Refused as refused:
            where = ("sources", i, "text_file")
            line, col = positions.find(where)
            problems.append(Problem(file, line, col, "error", str(refused), format_key_path(where)))
    if problems:
        raise BankError(problems)
    return LoadedBank(bank, path, source_texts, positions)


def locate(name: str) -> Path:
    """A bundled bank's name or a bank path, as a bank file; a bare word that names neither is a
    `BankError` that lists the bundled banks."""
    path = paths.resolve_bank(name)
    bare_word = not any(c in name for c in ("/", os.sep, "."))
    if bare_word and not path.exists() and not path.is_symlink():
        bundled = ", ".join(paths.bundled_banks()) or "none"
        message = f"no bundled bank or file named {name!r} (bundled banks: {bundled})"
        raise BankError([Problem(name, 1, 1, "error", message)])
    return path


def load_banks(names: Sequence[str]) -> list[LoadedBank]:
    """Bundled bank names or bank paths (none: every bundled bank), each file once; one `BankError` for
    all their problems."""
    banks, problems, seen = [], [], set()
    for name in names or list(paths.bundled_banks()):
        try:
            path = locate(name)
            if path.resolve() in seen:
                continue
            banks.append(load_bank(path))
            seen.add(path.resolve())
        except BankError as exc:
            problems.extend(exc.problems)
    problems.extend(shared_ids(banks))
    if problems:
        raise BankError(problems)
    return banks


def shared_ids(banks: Sequence[LoadedBank]) -> list[Problem]:
    """Banks studied together need ids of their own: progress is kept by bank id."""
    first: dict[str, LoadedBank] = {}
    problems = []
    for loaded in banks:
        other = first.setdefault(loaded.id, loaded)
        if other is not loaded:
            line, col = loaded.position("id")
            message = (f"bank id `{loaded.id}` is also the id of '{display_path(other.path)}'; "
                       "progress is kept by bank id")
            problems.append(Problem(display_path(loaded.path), line, col, "error", message, "id"))
    return problems


# --- reading files --------------------------------------------------------------------------------------


class _Refused(Exception):
    """A file that cannot be used, with the reason a teacher can act on; `line`/`column` when known."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.line, self.column = line, column


def _read_bytes(path: Path) -> bytes:
    # Checked before opening: opening a FIFO would block, and a huge file is refused unread.
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _Refused("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise _Refused("not a regular file")
        if info.st_size > MAX_BYTES:
            raise _Refused(f"file too large ({_megabytes(info.st_size)}; the limit is {_megabytes(MAX_BYTES)})")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)  # a file that grew since is still cut off
    except FileNotFoundError:
        raise _Refused("no such file") from None
    except OSError as exc:
        raise _Refused(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise _Refused(f"file too large (the limit is {_megabytes(MAX_BYTES)})")
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
        raise _Refused(message, line, column) from None


def _read_text(path: Path, file: str, *, refuse_bom: bool) -> str:
    try:
        data = _read_bytes(path)
        if data.startswith(_BOM) and refuse_bom:
            raise _Refused('the file starts with a byte order mark (BOM); save it as "UTF-8" without BOM')
        text = _decode(data)
    except _Refused as refused:
        raise BankError([Problem(file, refused.line, refused.column, "error", str(refused))]) from None
    if not text.strip():
        raise BankError([Problem(file, 1, 1, "error", "the file is empty")])
    return text


def _read_source(bank_dir: Path, text_file: str) -> str:
    """A source text inside the bank's folder. Absolute paths, `..` and symlinks that lead out are refused
    before the file is touched, so a bank cannot make us read (or reveal) anything else."""
    if Path(text_file).is_absolute() or Path(text_file).drive or text_file.startswith("~"):
        raise _Refused(f"text_file {text_file!r} must be a path inside the bank's folder, not an absolute path")
    try:
        folder = bank_dir.resolve()
        target = (folder / text_file).resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # a NUL in the name, a symlink loop
        raise _Refused(f"text_file {text_file!r} is not a usable path ({exc})") from None
    if not target.is_relative_to(folder):
        raise _Refused(
            f"text_file {text_file!r} leads out of the bank's folder; keep source texts beside bank.toml"
        )
    try:
        text = _decode(_read_bytes(target), say_where=True)
    except _Refused as refused:
        raise _Refused(f"text_file {text_file!r}: {refused}") from None
    # A BOM is harmless in a plain text file, unlike in TOML: drop it.
    return text.removeprefix("\ufeff")


def _nested_too_deep(text: str) -> bool:
    # Counting every bracket (C-speed: ~25 ms on a 4 MB bank) over-counts those inside strings, so a
    # high count is confirmed by the standard library's parser, which fails cleanly on deep nesting.
    steps = map(_DEPTH_STEP.get, text.translate(_ONLY_BRACKETS), repeat(0))
    if max(accumulate(steps), default=0) <= MAX_NESTING:
        return False
    try:
        tomllib.loads(text)
    except (RecursionError, tomllib.TOMLDecodeError):
        return True
    return False


# --- positions ------------------------------------------------------------------------------------------


def _first(value: Any) -> int | None:
    """toml-rs gives a line or column as an int or a (start, end) pair."""
    return value[0] if isinstance(value, tuple) else value


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
    return isinstance(node, dict) and isinstance(_first(node.get("value_line", node.get("key_line"))), int)


def _position(node: Any, *, key: bool) -> tuple[int, int] | None:
    if not isinstance(node, dict):
        return None
    if _has_position(node):
        if key and "key_line" in node:
            return node["key_line"], _first(node["key_col"])
        if "value_line" in node:
            return _first(node["value_line"]), _first(node["value_col"])
        return node["key_line"], _first(node["key_col"])
    # A table opened by a `[header]` has no place of its own in the metadata: use its first key's.
    places = [p for child in node.values() if (p := _position(child, key=True))]
    return min(places) if places else None


# --- schema errors --------------------------------------------------------------------------------------

def _pattern(constraints: Iterable[Any]) -> str:
    return next(c.pattern for c in constraints if getattr(c, "pattern", None))


# Patterns as the models define them, each with what a teacher should read instead of the regex.
_PATTERN_HINTS = {
    _pattern(typing.get_args(models.Id)[1:]):
        "not a valid id: use lower-case letters, digits, '-', '_' and '.'",
    _pattern(typing.get_args(models.Marker)[1:]):
        'not a citation marker: write it as the source prints it, e.g. "[38]"',
    _pattern(Bank.model_fields["language"].metadata):
        "not a language tag: use e.g. en, de or pt-BR",
}


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _union_members(annotation: Any) -> list[Any]:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [_unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _follow(
    loc: tuple[str | int, ...],
) -> tuple[KeyPath, type[BaseModel] | None, tuple[KeyPath, bool] | None]:
    """A pydantic error location as a key path, without the branch tags pydantic adds inside a union
    (`items[1].SequenceItem.text` -> `items[1].text`); also the model that owns the last key, and for an
    error inside a union, the union value's path and whether the error is from its table branch."""
    path: list[str | int] = []
    owner: type[BaseModel] | None = None
    branch: tuple[KeyPath, bool] | None = None
    current: Any = Bank
    for part in loc:
        members = _union_members(current)
        if isinstance(part, int):
            path.append(part)
            current = typing.get_args(members[0])[0] if typing.get_args(members[0]) else None
            continue
        if len(members) > 1:  # a union branch tag, not a key
            chosen = next((m for m in members if _is_model(m) and m.__name__ == part), None)
            branch = (tuple(path), chosen is not None)
            current = chosen
            continue
        model = members[0] if _is_model(members[0]) else None
        owner = model
        path.append(part)
        field = model.model_fields.get(part) if model else None
        current = field.annotation if field else None
    return tuple(path), owner, branch


def _lookup(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _schema_problems(exc: ValidationError, data: dict, positions: TomlPositions, file: str) -> list[Problem]:
    errors = []
    for error in exc.errors():
        path, owner, branch = _follow(error["loc"])
        if branch is not None:
            # A value that may be text or a table: report only the errors of the form the teacher wrote.
            union_path, from_table = branch
            if from_table != isinstance(_lookup(data, union_path), dict):
                continue
        errors.append((error, path, owner, _suggest(error, path, owner)))
    # `qoute = ...` makes `quote` missing too: the "did you mean" line says both.
    suggested = {(*path[:-1], hint) for _, path, _, hint in errors if hint}
    problems = {}
    for error, path, owner, hint in errors:
        if error["type"] == "missing" and path in suggested:
            continue
        message, where, key = _describe(error, path, owner, hint)
        line, col = positions.find(where, key=key)
        problem = Problem(file, line, col, "error", message, format_key_path(path))
        problems[(problem.line, problem.column, problem.message)] = problem
    return list(problems.values())


def _suggest(error: dict, path: KeyPath, owner: type[BaseModel] | None) -> str | None:
    """For an unknown key, the known key of that table it most likely misspells."""
    if error["type"] != "extra_forbidden" or owner is None or not path:
        return None
    import difflib  # only a bank with a typo pays for it

    close = difflib.get_close_matches(str(path[-1]), list(owner.model_fields), n=1, cutoff=0.6)
    return close[0] if close else None


def _describe(
    error: dict, path: KeyPath, owner: type[BaseModel] | None, suggestion: str | None
) -> tuple[str, KeyPath, bool]:
    """The message for one schema error, the key path to point at, and whether at the key (not value)."""
    kind, given = error["type"], error.get("input")
    name = path[-1] if path else ""
    if kind == "missing":
        return f"missing required key `{name}`", path[:-1], False
    if kind == "extra_forbidden":
        if suggestion:
            return f"unknown key `{name}` (did you mean `{suggestion}`?)", path, True
        known = ", ".join(owner.model_fields) if owner else ""
        return f"unknown key `{name}`" + (f"; known keys: {known}" if known else ""), path, True
    if kind == "string_pattern_mismatch":
        hint = _PATTERN_HINTS.get(error.get("ctx", {}).get("pattern", ""))
        if hint:
            return f"{hint} (got {given!r})", path, False
    if kind == "literal_error" and path == ("format",):
        return f"unknown bank format {given!r}: this version of trainer reads format 1", path, False
    if kind == "string_type" and isinstance(given, (int, float, dt.date, dt.time)):
        # As the teacher wrote it: TOML's `true` and `2018-02-07T10:00:00`, not Python's.
        shown = given.isoformat() if isinstance(given, (dt.date, dt.time)) else given
        shown = str(shown).lower() if isinstance(given, bool) else shown
        return f"expected text: write it in quotes, \"{shown}\"", path, False
    message = error["msg"].removeprefix("Value error, ").replace(" after validation", "")
    message = message[:1].lower() + message[1:]
    if isinstance(given, (str, int, float, bool)):
        shown = repr(given) if len(repr(given)) <= 60 else repr(given)[:57] + "..."
        message += f" (got {shown})"
    return message, path, False
